/**
 * Say events in performance scripts: what parses, what is refused (naming the file and JSON path),
 * how a say becomes a `perform()` request, and that nothing queues one ahead of its time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PerformRequest } from '../../engine/avatar/index.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import {
  isSayEvent,
  parseScript,
  sayRequest,
  ScriptError,
  submitScript,
  submitScriptEvent,
} from '../../engine/script/script.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

const script = (events: unknown[]) =>
  JSON.stringify({ format_version: 1, duration_ms: 4000, avatars: ['ada', 'ben'], events });

/** The message parseScript throws for these events, from file `f.script.json`. */
function refusal(events: unknown[]): string {
  try {
    parseScript(script(events), 'f.script.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return (e as Error).message;
  }
  throw new Error('parsed');
}

describe('say events', () => {
  it('parse with their modifiers and become perform() requests', () => {
    const s = parseScript(
      script([
        { at_ms: 0, avatar: 'ada', profile: 'friendly', speech_onset_ms: 500 },
        {
          at_ms: 100,
          avatar: 'ada',
          say: 'Oh, hello there!',
          profile: 'friendly',
          voice: 'en-us+annie',
          audio_first: true,
          lead_lag: { hands_ms: 300, voice_ms: -20 },
          label: 'greeting',
        },
        { at_ms: 200, avatar: 'ben', say: 'Okay.' },
      ]),
      'f.script.json',
    );
    expect(s.events.map(isSayEvent)).toEqual([false, true, true]);
    const [profile, say, plain] = s.events;
    // The validator's defaults (weight, fade_ms) fill capsule commands, not lines.
    expect(profile!.weight).toBe(1);
    expect('weight' in say! || 'fade_ms' in say!).toBe(false);
    expect(sayRequest(say as typeof say & { say: string })).toEqual({
      text: 'Oh, hello there!',
      profile: 'friendly',
      voice: 'en-us+annie',
      audioFirst: true,
      leadLag: { handsMs: 300, voiceMs: -20 },
    });
    expect(sayRequest(plain as typeof plain & { say: string })).toEqual({ text: 'Okay.' });
    // A stand-in profile (the viewer's picker) replaces the line's own.
    expect(sayRequest(say as typeof say & { say: string }, 'thinking').profile).toBe('thinking');
  });

  it.each([
    [
      'say and another action',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', trigger: 'HK_001' }],
      'f.script.json: /events/0: an event needs exactly one of profile, trigger, capsule, cancel, say (found trigger, say; a say may also name a profile)',
    ],
    [
      'no action',
      [{ at_ms: 0, avatar: 'ada', voice: 'en-us' }],
      'f.script.json: /events/0: an event needs exactly one of profile, trigger, capsule, cancel, say (found none; a say may also name a profile)',
    ],
    [
      'a blank line',
      [{ at_ms: 0, avatar: 'ada', say: '   ' }],
      'f.script.json: /events/0/say: the line to say is blank',
    ],
    [
      'an empty line',
      [{ at_ms: 0, avatar: 'ada', say: '' }],
      'f.script.json: /events/0/say: must NOT have fewer than 1 characters',
    ],
    [
      'a say that is not text',
      [{ at_ms: 0, avatar: 'ada', say: 42 }],
      'f.script.json: /events/0/say: must be string',
    ],
    [
      'weight on a say',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', weight: 0.5 }],
      'f.script.json: /events/0/weight: not allowed on a say event (a say event plays its profile at full weight)',
    ],
    [
      'speech_onset_ms on a say',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', speech_onset_ms: 400 }],
      "f.script.json: /events/0/speech_onset_ms: not allowed on a say event (a say event's speech onset comes from its voice)",
    ],
    [
      'a voice on a profile event',
      [
        { at_ms: 0, avatar: 'ada', say: 'Hi.' },
        { at_ms: 0, avatar: 'ada', profile: 'friendly', voice: 'en-us' },
      ],
      'f.script.json: /events/1/voice: only a say event takes voice (this is a profile event)',
    ],
    [
      'lead_lag out of range',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', lead_lag: { hands_ms: 2500 } }],
      'f.script.json: /events/0/lead_lag/hands_ms: must be <= 2000',
    ],
    [
      'an unknown lead_lag field',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', lead_lag: { hand_ms: 100 } }],
      'f.script.json: /events/0/lead_lag: must NOT have additional properties "hand_ms"',
    ],
    [
      'a voice id with spaces',
      [{ at_ms: 0, avatar: 'ada', say: 'Hi.', voice: 'en us' }],
      'f.script.json: /events/0/voice: must match pattern "^[A-Za-z0-9_.+-]{1,64}$"',
    ],
    [
      'an unknown avatar',
      [{ at_ms: 0, avatar: 'cyd', say: 'Hi.' }],
      'f.script.json: /events/0/avatar: unknown avatar "cyd" (declared: ada, ben)',
    ],
  ])('refuses %s, naming the file and path', (_, events, message) => {
    expect(refusal(events)).toBe(message);
  });

  it('gives a say to options.say; refuses one without it, and refuses to queue one ahead', () => {
    const s = parseScript(
      script([
        { at_ms: 0, avatar: 'ada', capsule: 'HK_001' },
        { at_ms: 10, avatar: 'ada', say: 'Hi.', profile: 'friendly' },
      ]),
      'f.script.json',
    );
    const runtime = {} as CapsuleRuntime; // a say never reaches the capsule runtime
    const said: PerformRequest[] = [];
    submitScriptEvent(runtime, s.events[1]!, 1, 0, { say: (r) => said.push(r), profile: 'thinking' });
    expect(said).toEqual([{ text: 'Hi.', profile: 'thinking' }]);
    expect(() => submitScriptEvent(runtime, s.events[1]!, 1, 0)).toThrow(
      /a say event \("Hi\."\) needs a speaking avatar: pass options\.say/,
    );
    expect(() => submitScript(runtime, s, new Map([['ada', 1]]))).toThrow(
      /events\[1\] is a say event; submitScript queues capsule commands ahead only/,
    );
  });

  it('the sample scripts parse: the capsule-only ones unchanged, the spoken one with three lines', () => {
    const load = (name: string) =>
      parseScript(readFileSync(join(ROOT, 'capsules/scripts', name), 'utf8'), name);
    expect(load('sample.script.json').events.some(isSayEvent)).toBe(false);
    expect(load('demo.script.json').events.some(isSayEvent)).toBe(false);
    const spoken = load('spoken.script.json');
    const lines = spoken.events.filter(isSayEvent);
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.profile)).size).toBe(3);
  });
});

describe('capsule perform on a malformed say event', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perform-say-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with the file and JSON path on stderr, writing nothing', () => {
    const file = join(dir, 'bad.script.json');
    writeFileSync(
      file,
      script([
        { at_ms: 0, avatar: 'ada', say: 'Hello.' },
        { at_ms: 900, avatar: 'ben', say: 'Hi.', lead_lag: { face_ms: -5 } },
      ]),
    );
    const r = spawnSync(
      process.execPath,
      ['bin/capsule.js', 'perform', file, '--voice', 'silence', '--out', join(dir, 'out')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: /events/1/lead_lag/face_ms: must be >= 0`);
    expect(r.stdout).toBe('');
  });

  it('refuses an unknown --voice by name', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/capsule.js', 'perform', 'capsules/scripts/spoken.script.json', '--voice', 'cloud'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--voice must be one of espeak, silence, got "cloud"');
  });
});
