/**
 * The voice DSP's arithmetic without an audio engine: voice parameters → audio-param targets, the
 * rate map's integral and inverse, the automator's event economy, tracks, and the WAV codec.
 */
import { describe, expect, it } from 'vitest';
import { ParamAutomator } from '../../engine/voice/dsp/automator.ts';
import type { AutomationTarget } from '../../engine/voice/dsp/voice-chain.ts';
import {
  computeTargets,
  shifterHz,
  SHIFT_WINDOW_SEC,
  Target,
  TARGET_COUNT,
  vibratoSwing,
} from '../../engine/voice/dsp/voice-targets.ts';
import {
  constantVoiceTrack,
  NEUTRAL_VOICE,
  sampleVoiceTrack,
  trackRateMap,
  validateVoiceTrack,
} from '../../engine/voice/dsp/voice-track.ts';
import { RateMap } from '../../engine/voice/rate-map.ts';
import { decodeWav, encodeWav } from '../../engine/voice/wav.ts';
import { createRequire } from 'node:module';
import type { WaveFile as WaveFileClass } from 'wavefile';

const targetsOf = (voice: ArrayLike<number>) => {
  const out = new Float64Array(TARGET_COUNT);
  computeTargets(voice, out);
  return out;
};
const voice = (patch: Record<number, number>) => Float64Array.from(NEUTRAL_VOICE, (v, i) => patch[i] ?? v);

describe('voice targets', () => {
  it('neutral voice: no shift (dry path), unity gain, nothing added', () => {
    const t = targetsOf(NEUTRAL_VOICE);
    expect(t[Target.Rate]).toBe(1);
    expect(t[Target.ShiftHz]).toBe(0);
    expect(t[Target.ShiftWet]).toBe(0);
    expect(t[Target.ShiftDry]).toBe(1);
    expect(t[Target.OutputGain]).toBe(1);
    expect(t[Target.BreathNoise]).toBe(0);
    expect(t[Target.VibratoSwing]).toBe(0);
    expect(t[Target.SaturationWet]).toBe(0);
  });

  it('the shifter reads at exactly 2^(st/12): 1 + window·F', () => {
    for (const st of [-10, -4, 3, 6])
      expect(1 + SHIFT_WINDOW_SEC * shifterHz(st)).toBeCloseTo(2 ** (st / 12), 12);
  });

  it('rate is resampling compensated by the shifter, so pitch stays', () => {
    const t = targetsOf(voice({ 2: 1.25 }));
    expect(t[Target.Rate]).toBe(1.25);
    expect(t[Target.ShiftDirection]).toBe(-1);
    expect(1.25 * (1 - SHIFT_WINDOW_SEC * t[Target.ShiftHz]!)).toBeCloseTo(1, 12);
  });

  it('clamps out-of-range and non-finite parameters as the resolver does', () => {
    const t = targetsOf(voice({ 0: 40, 2: NaN, 7: -100 }));
    expect(1 + SHIFT_WINDOW_SEC * t[Target.ShiftHz]!).toBeCloseTo(2 ** 0.5, 12);
    expect(t[Target.Rate]).toBe(1);
    expect(t[Target.OutputGain]).toBeCloseTo(10 ** (-12 / 20), 12);
  });

  it('vibrato swing gives the requested peak deviation', () => {
    const swing = vibratoSwing(0.5, 6);
    expect(1 + 2 * Math.PI * 6 * swing).toBeCloseTo(2 ** (0.5 / 12), 12);
    expect(vibratoSwing(0, 6)).toBe(0);
  });
});

describe('rate map', () => {
  it('integrates piecewise-linear rates exactly and inverts', () => {
    const m = new RateMap();
    m.push(0, 1);
    m.push(1000, 1);
    m.push(2000, 1.5);
    m.push(3000, 1.5);
    expect(m.sourceAt(500)).toBeCloseTo(500, 9);
    expect(m.sourceAt(2000)).toBeCloseTo(1000 + 1250, 9);
    expect(m.sourceAt(4000)).toBeCloseTo(2250 + 1500 + 1500, 9);
    expect(m.elapsed(1000, 1500)).toBeCloseTo(500 * 1 + 0.5 * 0.25 * 500, 9);
    for (const s of [100, 1100, 1800, 2600, 5000]) expect(m.sourceAt(m.engineAt(s))).toBeCloseTo(s, 6);
    expect(m.sourceAt(-100)).toBeCloseTo(-100, 9);
  });

  it('merges holds and keeps a bounded ring', () => {
    const m = new RateMap(8);
    for (let t = 0; t < 1000; t += 16) m.push(t, 1.2);
    expect(m.size).toBe(2);
    for (let i = 0; i < 60; i++) m.push(1000 + i * 16, i % 2 ? 1.1 : 1.2);
    expect(m.size).toBe(8);
    expect(Number.isFinite(m.sourceAt(1990))).toBe(true);
  });

  it('reads a track’s rate column (clamped)', () => {
    const m = trackRateMap(constantVoiceTrack({ rate: 5 }));
    expect(m.rateAt(100)).toBe(1.3);
  });
});

describe('automator', () => {
  it('adds events only on change, re-stating a held value before a ramp', () => {
    const log: string[] = [];
    const target: AutomationTarget = {
      setValueAtTime: (v, t) => log.push(`set ${v}@${t}`),
      linearRampToValueAtTime: (v, t) => log.push(`ramp ${v}@${t}`),
    };
    const a = new ParamAutomator([target]);
    a.apply([1], 0);
    a.apply([1], 0.1);
    a.apply([1], 0.2);
    a.apply([2], 0.3);
    a.apply([3], 0.4);
    expect(log).toEqual(['set 1@0', 'set 1@0.2', 'ramp 2@0.3', 'ramp 3@0.4']);
  });
});

describe('voice tracks', () => {
  it('validate, sample and interpolate', () => {
    const track = {
      timesMs: [0, 100],
      values: [...NEUTRAL_VOICE, ...NEUTRAL_VOICE.map((v, i) => (i === 0 ? 4 : v))],
    };
    validateVoiceTrack(track);
    const out = new Float64Array(8);
    sampleVoiceTrack(track, 50, out);
    expect(out[0]).toBeCloseTo(2, 6);
    sampleVoiceTrack(track, 500, out);
    expect(out[0]).toBe(4);
    sampleVoiceTrack({ timesMs: [], values: [] }, 0, out);
    expect(out[2]).toBe(1);
  });
});

describe('WAV codec', () => {
  it('round-trips 16-bit PCM and float', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * 0.8);
    const pcm = decodeWav(encodeWav(x, 22050));
    expect(pcm.sampleRate).toBe(22050);
    expect(pcm.samples.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(pcm.samples[i]).toBeCloseTo(x[i]!, 4);
    const f = decodeWav(encodeWav(x, 48000, 'float32'));
    expect(Array.from(f.samples)).toEqual(Array.from(x));
  });

  it('mixes stereo to mono and names what it cannot read', () => {
    const { WaveFile } = createRequire(import.meta.url)('wavefile') as { WaveFile: typeof WaveFileClass };
    const stereo = new WaveFile();
    stereo.fromScratch(2, 8000, '32f', [
      [0.5, 0.25],
      [-0.5, 0.75],
    ]);
    const mixed = decodeWav(stereo.toBuffer());
    expect(mixed.channels).toBe(2);
    expect(Array.from(mixed.samples)).toEqual([0, 0.5]);
    expect(() => decodeWav(new Uint8Array(12))).toThrow(/not a RIFF\/WAVE/);
    const weird = encodeWav(new Float32Array(4), 8000);
    new DataView(weird.buffer).setUint16(20, 2, true);
    expect(() => decodeWav(weird)).toThrow(/format code 2/);
  });
});
