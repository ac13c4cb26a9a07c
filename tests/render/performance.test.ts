/**
 * The scenes' looping, seekable performance (scenes/shared/performance.ts) in plain Node, no browser:
 * a frame reached by playing with uneven frame steps equals the frame rebuilt by seeking, with the
 * idle running beneath; page commands are replayed on seek and forgotten when seeking back past them;
 * the profile pick applies from the next phrase; the script loops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';
import { parseScript } from '../../engine/script/script.ts';
import { createPerformance } from '../../scenes/shared/performance.ts';
import type { Performance } from '../../scenes/shared/performance.ts';
import { ROOT } from './harness.ts';

const { registry } = loadFolder(join(ROOT, 'capsules'));
const SCRIPT_FILE = 'capsules/scripts/demo.script.json';
const script = parseScript(readFileSync(join(ROOT, SCRIPT_FILE), 'utf8'), SCRIPT_FILE);
const make = (startMs = 0): Performance =>
  createPerformance({ registry, script, seed: 7, startMs, plugins: () => [idlePlugin()] });

/** Plays to `until` with frame steps of 9–31 ms, like a browser under load. */
function playTo(p: Performance, until: number): void {
  for (let k = 0; p.time() < until; k++) p.tick(Math.min(until - p.time(), 9 + ((k * 7919) % 23)));
}

const channels = (p: Performance): number[] => [...p.runtime.pose(p.avatar).channels];

describe('scenes/shared/performance', () => {
  it('a frame reached by playing equals the frame rebuilt by seeking there', () => {
    const live = make();
    live.play('HK_009', { atMs: 1000 });
    playTo(live, 2000);
    live.chooseProfile('hands_restless');
    playTo(live, 4100.5);
    const rebuilt = make();
    // The same page commands, given at the same engine times…
    rebuilt.play('HK_009', { atMs: 1000 });
    rebuilt.seek(2000);
    rebuilt.chooseProfile('hands_restless');
    rebuilt.seek(4100.5);
    expect(channels(rebuilt)).toEqual(channels(live));
    // …and seeking the live one back (not past its commands) and forth leaves it where it was.
    live.seek(2500);
    live.seek(4100.5);
    expect(channels(live)).toEqual(channels(rebuilt));
  });

  it('seeking back past a page command forgets it', () => {
    const p = make();
    const quiet = channels(p);
    p.seek(3000);
    expect(p.play('HK_009', { atMs: 2950 })).toBe(true);
    p.tick(0);
    const curled = channels(p);
    expect(curled).not.toEqual(channels(make(3000)));
    p.seek(2000);
    p.seek(3000);
    expect(channels(p)).toEqual(channels(make(3000)));
    expect(quiet).toEqual(channels(make()));
  });

  it('refuses commands it could not replay', () => {
    const p = make();
    expect(p.play('XX_999')).toBe(false);
    expect(p.play('HK_009', { weight: 2 })).toBe(false);
    expect(p.play('HK_009', { atMs: Number.NaN })).toBe(false);
    expect(p.chooseProfile('no_such_profile')).toBe(false);
    expect(p.revision).toBe(0);
  });

  it('plays the chosen profile from the next phrase, in place of the script’s', () => {
    const p = make(100);
    expect(p.nextPhraseAt()).toBe(3200);
    p.chooseProfile('hands_restless');
    p.seek(6000);
    const ids = p.runtime.timeline.filter((r) => r.start >= 3000 && r.start < 6000).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['HK_033', 'HK_023']));
    for (const id of ['HK_003', 'HK_036', 'TC_020', 'FMM_060']) expect(ids).not.toContain(id);
    // The first phrase, given before the pick, kept the script's profile (friendly: FMM_023).
    expect(p.runtime.timeline.some((r) => r.id === 'FMM_023' && r.start < 3000)).toBe(true);
  });

  it('loops the script: loop k gives the same events k × duration later', () => {
    const p = make();
    p.seek(script.duration_ms * 2 + 1000);
    const starts = (from: number): string[] =>
      p.runtime.timeline
        .filter((r) => r.start >= from && r.start < from + 1000 && r.id.startsWith('HK'))
        .map((r) => r.id)
        .sort();
    expect(starts(script.duration_ms * 2).length).toBeGreaterThan(0);
    expect(p.phrases(2)[0]!.speechOnsetMs).toBe(script.duration_ms * 2 + 700);
    expect(p.nextPhraseAt()).toBe(script.duration_ms * 2 + 3200);
  });
});
