/**
 * Spoken lines in the scenes' seekable performance (scenes/shared/performance.ts), in plain Node with
 * the viewer's lead-lag and lip-sync plugins: a line spoken live with uneven frames is replayed
 * bit-identically by a rebuild (pose, lanes), a barge-in replays too, seeking back past a line
 * forgets it, the script holds while a line performs (its capsules under way fade, its events in
 * the line are not given), and the audio is handed to the voice output once, live or after a
 * rebuild made while playing — only what is still to be heard, and never from a replaced engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';
import { parseScript } from '../../engine/script/script.ts';
import { leadLagPlugin } from '../../engine/timing/plugin.ts';
import { VOICE_OUTPUT_KEY } from '../../engine/timing/voice-ports.ts';
import { lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import { estimateTimeline } from '../../engine/voice/providers/estimate-timeline.ts';
import type { Utterance } from '../../engine/voice/voice-source.ts';
import { createPerformance } from '../../scenes/shared/performance.ts';
import type { Performance, SpokenLine } from '../../scenes/shared/performance.ts';
import { ROOT } from './harness.ts';

const { registry } = loadFolder(join(ROOT, 'capsules'));
const SCRIPT_FILE = 'capsules/scripts/demo.script.json';
const script = parseScript(readFileSync(join(ROOT, SCRIPT_FILE), 'utf8'), SCRIPT_FILE);

/** A voice output that records what it is asked to do (the viewer's is Tone.js on an AudioContext). */
interface Call {
  readonly engine: number;
  readonly kind: 'play' | 'stop' | 'dispose';
  readonly atMs?: number;
  readonly text?: string;
}
function fakeOutput(calls: Call[], engine: number): Plugin {
  return (e) => {
    e.provide(VOICE_OUTPUT_KEY, {
      ready: Promise.resolve(),
      latencyMs: 0,
      play: (_avatar: number, u: Utterance & { text?: string }, atMs: number) =>
        calls.push({ engine, kind: 'play', atMs, text: u.text }),
      stop: (_avatar: number, atMs: number) => calls.push({ engine, kind: 'stop', atMs }),
      dispose: () => calls.push({ engine, kind: 'dispose' }),
    });
  };
}

function make(calls?: Call[]): Performance {
  let builds = 0;
  return createPerformance({
    registry,
    script,
    seed: 7,
    plugins: () => [
      idlePlugin(),
      leadLagPlugin(),
      lipSyncPlugin(),
      ...(calls ? [fakeOutput(calls, builds++)] : []),
    ],
  });
}

/** A line with "audio" (a provider's: 22.05 kHz of zeros as long as the estimate), tagged with its text. */
function line(text: string, profile: string | null = 'friendly'): SpokenLine {
  const t = estimateTimeline(text);
  const utterance = {
    audio: new Float32Array(Math.ceil((t.durationMs / 1000) * 22050)),
    sampleRate: 22050,
    durationMs: t.durationMs,
    words: t.words,
    phonemes: t.phonemes,
    text,
  };
  return { text, profile, utterance, voice: 'provider' };
}

/** Plays to `until` with frame steps of 9–31 ms, like a browser under load. */
function playTo(p: Performance, until: number): void {
  for (let k = 0; p.time() < until; k++) p.tick(Math.min(until - p.time(), 9 + ((k * 7919) % 23)));
}

const channels = (p: Performance): number[] => [...p.runtime.pose(p.avatar).channels];
const mouth = (p: Performance): number =>
  ['aa', 'ih', 'ou', 'ee', 'oh'].reduce(
    (sum, name) => sum + p.runtime.pose(p.avatar).channels[registry.layout.expression(name)]!,
    0,
  );
const lanesOf = (p: Performance) => p.spoken().map((s) => structuredClone(s.lanes));

describe('spoken lines in the seekable performance', () => {
  it('a line spoken live is replayed bit-identically by a rebuild: pose, lips and lanes', () => {
    const live = make();
    playTo(live, 2633.3);
    const spoken = live.speak(line('Well, hello there! Nice to meet you.'))!;
    expect(spoken.at).toBe(2633.3);
    const l = spoken.lanes;
    // Planned in the frame it was given: the hands start now, the speech later by the leads.
    expect(l.plannedAt).toBe(2633.3);
    expect(l.speechOnsetAt).toBeGreaterThan(l.plannedAt + 50);
    const checkpoints = [l.speechOnsetAt - 100, l.voiceAt + 180, l.voiceAt + 900.25];
    const poses: number[][] = [];
    let maxMouth = 0;
    for (const t of checkpoints) {
      playTo(live, t);
      poses.push(channels(live));
      maxMouth = Math.max(maxMouth, mouth(live));
    }
    expect(maxMouth, 'the lips move').toBeGreaterThan(0.05);
    const rebuilt = make();
    rebuilt.seek(2633.3);
    rebuilt.speak(line('Well, hello there! Nice to meet you.'));
    checkpoints.forEach((t, i) => {
      rebuilt.seek(t);
      expect(channels(rebuilt), `at ${t}`).toEqual(poses[i]);
    });
    expect(lanesOf(rebuilt)).toEqual(lanesOf(live));
    // Seeking the live one back into its line and forth again leaves it where it was.
    live.seek(l.speechOnsetAt);
    live.seek(checkpoints.at(-1)!);
    expect(channels(live)).toEqual(poses.at(-1));
  });

  it('speaking while a line runs barges in; a rebuild replays the cut the same way', () => {
    const live = make();
    playTo(live, 1000);
    const first = live.speak(line('This first line will not get to finish at all.'))!;
    playTo(live, first.lanes.voiceAt + 400);
    const second = live.speak(line('Sorry — go on.'))!;
    expect(first.lanes.cancelledAt).toBe(second.at);
    // Everything of the first line under way fades within 120 ms; what was still to come is dropped.
    for (const item of first.lanes.items) {
      if (item.status === 'skipped') continue;
      if (item.start < second.at) expect(item.end).toBeLessThanOrEqual(second.at + 120);
      else expect([item.status, item.end]).toEqual(['cancelled', item.start]);
    }
    playTo(live, second.lanes.voiceAt + 600);
    const pose = channels(live);
    const lanes = lanesOf(live);
    live.seek(live.time());
    expect(lanesOf(live)).toEqual(lanes);
    expect(channels(live)).toEqual(pose);
  });

  it('seeking back past a line forgets it', () => {
    const p = make();
    playTo(p, 1500);
    const spoken = p.speak(line('Gone when you scrub back.'))!;
    playTo(p, spoken.lanes.voiceAt + 500);
    p.seek(spoken.at + 1);
    expect(p.spoken()).toHaveLength(1);
    p.seek(spoken.at - 1);
    expect(p.spoken()).toHaveLength(0);
    p.seek(spoken.lanes.voiceAt + 500);
    expect(p.spoken()).toHaveLength(0);
  });

  it('the script holds while a line performs: the phrase under way fades, phrases in the line are not given', () => {
    const p = make();
    // The demo's first phrase (friendly, 0–2.5 s) is under way; the second (thinking) is given at 3.2 s.
    playTo(p, 1200);
    const spoken = p.speak(line('Hold on, let me tell you something a little longer than that.'))!;
    const end = spoken.end();
    expect(end).toBeGreaterThan(3400);
    playTo(p, end + 50);
    const name = p.runtime.avatars.name[p.avatar];
    const records = p.runtime.timeline.filter((r) => r.avatar === name);
    // The demo phrase's capsules (one profile command: BK_005's) still playing at the line's start
    // were cancelled there with a 120 ms fade; those already over were not touched.
    const phrase = records.find((r) => r.id === 'BK_005' && r.start < spoken.at)!.seq;
    const demo = records.filter((r) => r.seq === phrase);
    const under = demo.filter((r) => r.plannedEnd > spoken.at && r.outcome !== 'skipped');
    expect(under.length).toBeGreaterThan(3);
    for (const r of under) {
      expect(r.outcome, r.id).toBe('cancelled');
      if (r.start < spoken.at) expect(r.end, r.id).toBeLessThanOrEqual(spoken.at + 120 + 1e-6);
    }
    for (const r of demo.filter((d) => d.plannedEnd <= spoken.at)) expect(r.outcome).not.toBe('cancelled');
    // No capsule of `thinking` (HK_003, TC_020, FMM_060, …) started: its phrase was held.
    const ids = records.filter((r) => r.start >= 3200 && r.start < end).map((r) => r.id);
    for (const id of ['HK_003', 'HK_036', 'TC_020', 'FMM_060']) expect(ids).not.toContain(id);
    expect(p.phrases(0).map((ph) => ph.held)).toEqual([false, true, false, false]);
  });

  it('hands audio to the voice output once: live at once; after a rebuild only what is still heard', async () => {
    const calls: Call[] = [];
    const p = make(calls);
    playTo(p, 800);
    const first = p.speak(line('One, two, three, four, five, six.'))!;
    expect(calls).toEqual([{ engine: 0, kind: 'play', atMs: first.lanes.audioAt, text: first.line.text }]);
    playTo(p, first.lanes.voiceAt + 300);
    const second = p.speak(line('Seven.'))!;
    expect(calls.slice(1)).toEqual([
      { engine: 0, kind: 'stop', atMs: second.at },
      { engine: 0, kind: 'play', atMs: second.lanes.audioAt, text: 'Seven.' },
    ]);
    calls.length = 0;

    // A rebuild in the middle of the second line: the old output fades out (from the engine time it
    // had) and goes; the new one gets the second line only (the first was cut before), at its planned
    // time (the output skips into it).
    p.seek(second.lanes.voiceAt + 100);
    await new Promise((r) => setTimeout(r, 120));
    expect(calls).toEqual([
      { engine: 0, kind: 'stop', atMs: second.at },
      { engine: 1, kind: 'play', atMs: second.lanes.audioAt, text: 'Seven.' },
      { engine: 0, kind: 'dispose' },
    ]);
    calls.length = 0;

    // Paused, a rebuild stays silent (scrubbing); the next rebuild made while playing hands it over.
    p.setPlaying(false);
    p.seek(second.lanes.voiceAt + 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(calls.filter((c) => c.kind === 'play')).toEqual([]);
    p.setPlaying(true);
    p.seek(second.lanes.voiceAt + 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(calls.filter((c) => c.kind === 'play')).toEqual([
      { engine: 3, kind: 'play', atMs: second.lanes.audioAt, text: 'Seven.' },
    ]);
    calls.length = 0;

    // Rebuilt after both lines: nothing to hear.
    p.seek(second.end() + 500);
    await new Promise((r) => setTimeout(r, 120));
    expect(calls.filter((c) => c.kind === 'play')).toEqual([]);
    // Paused: the voice fades.
    calls.length = 0;
    p.silence(40);
    expect(calls).toEqual([]);
  });
});
