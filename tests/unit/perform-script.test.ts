/**
 * The headless performer with spoken lines, on the silence provider (no audio stack needed): the
 * lips move in the track while voice.wav stays silent, the same seed gives the same bytes, lines are
 * planned exactly at their at_ms at any fps, and the instant offline loop waits for a slow voice
 * instead of timing it out.
 */
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { parseScript } from '../../engine/script/script.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import type { VoiceSource } from '../../engine/voice/voice-source.ts';
import { encodeWav } from '../../engine/voice/wav.ts';
import { performScript } from '../../tools/perform/perform-script.ts';
import type { ScriptPerformOptions } from '../../tools/perform/perform-script.ts';
import { trackLine } from '../../tools/perform/track-line.ts';
import { mixVoices } from '../../tools/perform/voice-mix.ts';

const { registry } = loadFolder('capsules');
const MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'];

const SCRIPT = parseScript(
  JSON.stringify({
    format_version: 1,
    duration_ms: 6000,
    avatars: ['ada', 'ben'],
    events: [
      { at_ms: 250, avatar: 'ada', say: 'Well, look at that.' }, // no profile: only the lips move the mouth
      { at_ms: 2510, avatar: 'ben', say: 'Okay, so where do the hands go first?', profile: 'thinking' },
      { at_ms: 2600, avatar: 'ada', profile: 'listening', speech_onset_ms: 3000 },
    ],
  }),
  'test.script.json',
);

/** Performs and returns the track lines, the result, and the mixed WAV bytes. */
async function perform(options: Partial<ScriptPerformOptions> = {}) {
  const lines: string[] = [];
  const frames: { t: number; ada: Record<string, number> }[] = [];
  const result = await performScript({
    script: SCRIPT,
    registry,
    seed: 5,
    fps: 60,
    voice: createSilenceSource(),
    ...options,
    onFrame: (t, avatars) => {
      lines.push(trackLine(t, avatars, registry.layout));
      const ada = JSON.parse(lines.at(-1)!).avatars.ada as { expressions?: Record<string, number> };
      frames.push({ t, ada: ada.expressions ?? {} });
    },
  });
  const mix = await mixVoices(result.lines, result.recorder, { durationMs: SCRIPT.duration_ms, seed: 5 });
  return { lines, frames, result, mix, wav: encodeWav(mix.samples, mix.sampleRate) };
}

const mouth = (e: Record<string, number>) => MOUTH.reduce((s, k) => s + (e[k] ?? 0), 0);

describe('performScript: spoken lines on the silence provider', () => {
  it('moves the lips over each line while voice.wav is silent and covers the performance', async () => {
    const { frames, result, mix } = await perform();
    expect(result.lines).toHaveLength(2);
    const line = result.lines[0]!;
    const lanes = line.lanes!;
    expect(lanes.voice).toBe('provider'); // the silence provider's timeline, not a fallback
    expect(line.utterance!.audio).toBeNull();
    expect(result.voiceEvents).toEqual([]);
    const audio = lanes.items.find((i) => i.lane === 'voice' && i.kind === 'audio')!;
    const during = frames.filter((f) => f.t >= audio.start && f.t <= audio.end).map((f) => mouth(f.ada));
    const before = frames.filter((f) => f.t < lanes.plannedAt).map((f) => mouth(f.ada));
    const after = frames.filter((f) => f.t > audio.end + 300 && f.t < 2510).map((f) => mouth(f.ada));
    expect(Math.max(...before)).toBe(0);
    expect(Math.max(...during)).toBeGreaterThan(0.4); // open vowels
    expect(Math.max(...during) - Math.min(...during)).toBeGreaterThan(0.3); // opening and closing
    expect(Math.max(...after)).toBeLessThan(0.01);
    // Silent: every sample is 0, at 22.05 kHz, at least as long as the performance.
    expect(mix.sampleRate).toBe(22050);
    expect(mix.samples.length).toBeGreaterThanOrEqual((SCRIPT.duration_ms / 1000) * 22050);
    expect(mix.samples.every((x) => x === 0)).toBe(true);
    expect(mix.lines).toHaveLength(0);
  });

  it('gives byte-identical tracks and WAVs for one seed, a different track for another', async () => {
    const a = await perform();
    const b = await perform();
    expect(b.lines).toEqual(a.lines);
    expect(Buffer.from(b.wav).equals(Buffer.from(a.wav))).toBe(true);
    const c = await perform({ seed: 6 });
    expect(c.lines).toHaveLength(a.lines.length);
    expect(c.lines).not.toEqual(a.lines);
  });

  it('plans each line exactly at its at_ms at 60 and 30 fps; hands lead speech by 50–180 ms', async () => {
    for (const fps of [60, 30]) {
      const { result } = await perform({ fps });
      for (const line of result.lines) {
        const l = line.lanes!;
        expect(l.plannedAt).toBe(line.atMs); // 2510 is on neither frame grid
        const hands = l.items.filter(
          (i) => i.lane === 'hand' && i.status !== 'skipped' && i.start < l.speechOnsetAt,
        );
        if (hands.length === 0) continue;
        const lead = l.speechOnsetAt - Math.min(...hands.map((h) => h.start));
        expect(lead).toBeGreaterThanOrEqual(50);
        expect(lead).toBeLessThanOrEqual(180);
      }
      expect(result.lines[1]!.lanes!.items.some((i) => i.lane === 'hand')).toBe(true);
    }
  });

  it('waits for a slow provider instead of letting the instant loop time it out', async () => {
    const silence = createSilenceSource();
    // Half a second of wall time per line: the loop would run ~30 s of engine time meanwhile.
    const slow: VoiceSource = {
      id: 'slow',
      voices: () => silence.voices(),
      synthesize: (text, o) =>
        new Promise((resolve) => setTimeout(() => resolve(silence.synthesize(text, o)), 500)),
    };
    const waited = await perform({ voice: slow });
    expect(waited.result.voiceEvents).toEqual([]);
    expect(waited.result.lines.map((l) => l.lanes!.voice)).toEqual(['provider', 'provider']);
    expect(waited.lines).toEqual((await perform()).lines); // as if the voice were instant
  });

  it('steps on past a provider that never answers, and the line falls back to silence', async () => {
    const hung: VoiceSource = { id: 'hung', voices: () => [], synthesize: () => new Promise(() => {}) };
    const { result, frames } = await perform({ voice: hung, synthesisWaitMs: 20 });
    // The first line waits out the avatar's 5 s synthesis timeout in engine time, then speaks in
    // silence; the second (at 2.51 s) would only fall back after the performance has ended.
    expect(result.voiceEvents.map((e) => e.kind)).toEqual(['voice-fallback']);
    expect(result.voiceEvents[0]!.message).toContain('gave no utterance within 5000 ms');
    expect(result.lines[0]!.lanes!.voice).toBe('silence');
    expect(result.lines[0]!.lanes!.plannedAt).toBeCloseTo(5250, 6);
    expect(result.lines[1]!.lanes).toBeNull();
    expect(Math.max(...frames.map((f) => mouth(f.ada)))).toBeGreaterThan(0.4); // still lips
  });

  it('a barge-in on the same avatar cuts the first line; its lanes say so', async () => {
    const s = parseScript(
      JSON.stringify({
        format_version: 1,
        duration_ms: 3000,
        avatars: ['ada'],
        events: [
          { at_ms: 0, avatar: 'ada', say: 'This is a long line that will not be finished at all.' },
          { at_ms: 1000, avatar: 'ada', say: 'Sorry!' },
        ],
      }),
      'barge.script.json',
    );
    const result = await performScript({
      script: s,
      registry,
      seed: 1,
      fps: 60,
      voice: createSilenceSource(),
    });
    expect(result.voiceEvents.map((e) => e.kind)).toEqual(['barge-in']);
    expect(result.lines[0]!.lanes!.cancelledAt).toBe(1000);
    expect(result.lines[1]!.lanes!.plannedAt).toBe(1000);
  });
});
