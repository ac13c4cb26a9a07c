/**
 * Live voice output driven by engine frames: the emit system automates each avatar's chain from
 * its resolved voice channels (VC capsules) on the audio clock, ahead by the look-ahead; utterances
 * are heard exactly at the requested engine time. An OfflineAudioContext stands in for the live
 * context, so the test needs no sound card and is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { ratioDb, rms } from '../../engine/voice/analysis/levels.ts';
import { audioOnsets, matchOnsets } from '../../engine/voice/analysis/onsets.ts';
import { medianPitch } from '../../engine/voice/analysis/pitch.ts';
import { loadTone } from '../../engine/voice/dsp/tone-loader.ts';
import { VOICE_OUTPUT, voiceOutputPlugin } from '../../engine/voice/dsp/voice-output.ts';
import type { VoiceOutput } from '../../engine/voice/dsp/voice-output.ts';
import { SPEECH_TIME } from '../../engine/voice/speech-time.ts';
import type { SpeechTime } from '../../engine/voice/speech-time.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';
import { SR, syllables } from './fixtures.ts';

const flat = (ms: number) => ({ attack_ms: 0, hold_ms: ms, release_ms: 0, easing: 'none' as const });
const caps = [
  capsule({
    id: 'VC_001',
    domain: 'VC',
    duration_ms: 5000,
    envelope: flat(5000),
    tracks: [{ kind: 'voice', target: 'intensity_db', value: -6 }],
  }),
  capsule({
    id: 'VC_002',
    domain: 'VC',
    duration_ms: 5000,
    envelope: flat(5000),
    tracks: [{ kind: 'voice', target: 'pitch_semitones', value: 3 }],
  }),
];

async function live(seconds: number) {
  await loadTone();
  const native = new globalThis.OfflineAudioContext(1, Math.round(seconds * SR), SR);
  const clock = createSimulatedClock();
  const registry = testRegistry(caps);
  const { engine, runtime } = testEngine(registry, clock);
  voiceOutputPlugin(native)(engine);
  const output = engine.resource<VoiceOutput>(VOICE_OUTPUT);
  await output.ready;
  const a = runtime.addAvatar('a');
  /** Runs 60 fps frames up to `toMs`. */
  const runTo = (toMs: number) => {
    for (let t = clock.now(); t <= toMs; t += 1000 / 60) {
      clock.set(t);
      engine.update();
    }
  };
  return { native, engine, runtime, output, a, runTo, clock };
}

describe('voice output (live path)', () => {
  it('plays an utterance heard at the requested engine time, automated by VC capsules', async () => {
    const { native, runtime, output, a, runTo } = await live(2.5);
    const u = syllables([100, 700, 1300]);
    output.play(a, u, 200); // heard onsets at 300, 900, 1500 ms
    runtime.play(a, 'VC_001', { atMs: 800 }); // −6 dB from 800 ms on
    runtime.play(a, 'VC_002', { atMs: 1400 }); // +3 st from 1400 ms on
    runTo(2400);
    const out = (await native.startRendering()).getChannelData(0);
    // Reference: the source's own onsets (same detector, so its bias cancels), 200 ms later.
    const reference = audioOnsets(u.audio!, SR).map((t) => t + 200);
    const errors = matchOnsets(reference, audioOnsets(out, SR));
    console.log(`live onsets: errors ${errors.map((e) => e.toFixed(2)).join(', ')} ms`);
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(20);
    expect(Math.abs(errors[0]!)).toBeLessThan(1);
    const level = (ms: number) =>
      rms(out, Math.round(((ms + 30) / 1000) * SR), Math.round(((ms + 130) / 1000) * SR));
    expect(ratioDb(level(900), level(300))).toBeCloseTo(-6, 0);
    const f0 = (ms: number) => medianPitch(out, SR, (ms + 30) / 1000, (ms + 140) / 1000);
    expect(12 * Math.log2(f0(1500) / f0(900))).toBeCloseTo(3, 0);
  }, 60_000);

  it('stop fades the voice out from the given time', async () => {
    const { native, output, a, runTo } = await live(1.5);
    output.play(a, syllables([100], 1000), 0);
    output.stop(a, 500, 50);
    runTo(1200);
    const out = (await native.startRendering()).getChannelData(0);
    expect(rms(out, Math.round(0.2 * SR), Math.round(0.45 * SR))).toBeGreaterThan(0.05);
    expect(rms(out, Math.round(0.6 * SR), Math.round(1.0 * SR))).toBeLessThan(1e-3);
  }, 60_000);

  it('provides speech time (engine time at rate 1) and rejects bad calls', async () => {
    const { engine, output, a } = await live(0.5);
    const speech = engine.resource<SpeechTime>(SPEECH_TIME);
    expect(speech.elapsed(a, 100, 350)).toBeCloseTo(250, 9);
    expect(output.latencyMs).toBeGreaterThan(0);
    expect(output.latencyMs).toBeLessThanOrEqual(30);
    expect(() => output.play(a, syllables([0]), NaN)).toThrow(/atMs/);
    expect(() => output.play(999, syllables([0]), 0)).toThrow(/not an avatar/);
    expect(() => output.stop(a, 0, -1)).toThrow(/fadeMs/);
    const { engine: e2 } = testEngine(testRegistry(caps), createSimulatedClock());
    expect(() =>
      voiceOutputPlugin(new globalThis.OfflineAudioContext(1, 128, SR), { lookAheadMs: 50 })(e2),
    ).toThrow(/lookAheadMs/);
  }, 60_000);
});
