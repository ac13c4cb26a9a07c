/**
 * The voice DSP rendered offline in Node (node-web-audio-api under Tone.js): measured pitch, rate,
 * intensity, vibrato, breath, tension and formant effects, latency trimming, determinism, errors,
 * and golden WAVs compared by band spectrum.
 */
import { describe, expect, it } from 'vitest';
import { audibleExtent, ratioDb, rms } from '../../engine/voice/analysis/levels.ts';
import { audioOnsets, matchOnsets } from '../../engine/voice/analysis/onsets.ts';
import { medianPitch, yinPitch } from '../../engine/voice/analysis/pitch.ts';
import { bandEdges, bandSpectrumDb } from '../../engine/voice/analysis/spectrum.ts';
import { renderOffline } from '../../engine/voice/dsp/render-offline.ts';
import { constantVoiceTrack, NEUTRAL_VOICE } from '../../engine/voice/dsp/voice-track.ts';
import { SHIFT_WINDOW_SEC } from '../../engine/voice/dsp/voice-targets.ts';
import type { VoiceParamTrack } from '../../engine/voice/dsp/voice-track.ts';
import { createEspeakSource } from '../../engine/voice/providers/espeak.ts';
import { HAS_ESPEAK, NO_ESPEAK } from './espeak-available.ts';
import { audioUtterance, SR, syllables, vowelTone } from './fixtures.ts';
import { compareWithGolden, MAX_BAND_DB, MEAN_BAND_DB } from './golden.ts';

const F0 = 150;
const tone = audioUtterance(vowelTone(F0, 2));
const semitones = (ratio: number) => 12 * Math.log2(ratio);
const T = 60_000;

/** Steady-state middle of a render (skips fades and the shifter's first window). */
const middle = (x: Float32Array) => [0.3, x.length / SR - 0.3] as const;

describe('pitch', () => {
  for (const st of [3, -4, 6, -6]) {
    it(
      `shifts a harmonic tone by ${st} semitones within ±3 % (duration kept)`,
      async () => {
        const out = await renderOffline(tone, constantVoiceTrack({ pitch_semitones: st }));
        const f = medianPitch(out, SR, ...middle(out));
        const want = F0 * 2 ** (st / 12);
        const error = f / want - 1;
        console.log(
          `pitch ${st > 0 ? '+' : ''}${st} st: ${f.toFixed(2)} Hz, wanted ${want.toFixed(2)} Hz, error ${(error * 100).toFixed(3)} %`,
        );
        expect(Math.abs(error)).toBeLessThan(0.03);
        const [a, b] = audibleExtent(out, SR);
        expect(Math.abs((b - a) / SR - 2)).toBeLessThan(0.03);
      },
      T,
    );
  }

  it.skipIf(!HAS_ESPEAK)(
    `shifts an eSpeak vowel by +3 and −4 semitones within ±3 % ${HAS_ESPEAK ? '' : NO_ESPEAK}`,
    async () => {
      const espeak = await createEspeakSource();
      const u = await espeak.synthesize('Ah.');
      const base = medianPitch(u.audio!, u.sampleRate, 0.05, u.durationMs / 1000 - 0.05);
      expect(base).toBeGreaterThan(60);
      for (const st of [3, -4]) {
        const out = await renderOffline(u, constantVoiceTrack({ pitch_semitones: st }));
        const f = medianPitch(out, u.sampleRate, 0.05, u.durationMs / 1000 - 0.05);
        const error = f / (base * 2 ** (st / 12)) - 1;
        console.log(
          `eSpeak "ah" ${st > 0 ? '+' : ''}${st} st: ${base.toFixed(1)} → ${f.toFixed(1)} Hz, error ${(error * 100).toFixed(2)} %`,
        );
        expect(Math.abs(error)).toBeLessThan(0.03);
      }
    },
    T,
  );

  it(
    'follows automation: a ramp from 0 to +4 st over the line',
    async () => {
      const track: VoiceParamTrack = {
        timesMs: [0, 2000],
        values: [...NEUTRAL_VOICE, ...NEUTRAL_VOICE.map((v, i) => (i === 0 ? 4 : v))],
      };
      const out = await renderOffline(tone, track);
      const at = (s: number) => yinPitch(out, SR, Math.round(s * SR), 882);
      expect(semitones(at(0.3) / F0)).toBeCloseTo(0.6, 0);
      expect(semitones(at(1.0) / F0)).toBeCloseTo(2, 0);
      expect(semitones(at(1.7) / F0)).toBeCloseTo(3.4, 0);
    },
    T,
  );
});

describe('rate', () => {
  for (const rate of [1.2, 0.8, 1.3]) {
    it(
      `changes duration by 1/${rate} within 3 % and keeps the pitch`,
      async () => {
        const out = await renderOffline(tone, constantVoiceTrack({ rate }));
        const [a, b] = audibleExtent(out, SR);
        const ratio = (b - a) / SR / 2;
        console.log(`rate ${rate}: duration ×${ratio.toFixed(4)} (wanted ×${(1 / rate).toFixed(4)})`);
        expect(Math.abs(ratio * rate - 1)).toBeLessThan(0.03);
        const f = medianPitch(out, SR, ...middle(out));
        expect(Math.abs(f / F0 - 1)).toBeLessThan(0.03);
      },
      T,
    );
  }

  it(
    'combines with pitch: rate 0.8 and +3 st',
    async () => {
      const out = await renderOffline(tone, constantVoiceTrack({ rate: 0.8, pitch_semitones: 3 }));
      expect(Math.abs(medianPitch(out, SR, ...middle(out)) / (F0 * 2 ** 0.25) - 1)).toBeLessThan(0.03);
      const [a, b] = audibleExtent(out, SR);
      expect(Math.abs((b - a) / SR / 2.5 - 1)).toBeLessThan(0.03);
    },
    T,
  );
});

describe('intensity, vibrato, breath, tension, formant', () => {
  it(
    'intensity changes RMS by the dB requested',
    async () => {
      const neutral = await renderOffline(tone, constantVoiceTrack());
      for (const db of [-6, 4, -12]) {
        const out = await renderOffline(tone, constantVoiceTrack({ intensity_db: db }));
        const measured = ratioDb(rms(out, SR * 0.3, SR * 1.7), rms(neutral, SR * 0.3, SR * 1.7));
        console.log(`intensity ${db} dB: measured ${measured.toFixed(3)} dB`);
        expect(measured).toBeCloseTo(db, 1);
      }
    },
    T,
  );

  it(
    'vibrato swings the pitch at the requested rate and depth',
    async () => {
      const out = await renderOffline(
        tone,
        constantVoiceTrack({ vibrato_depth_semitones: 0.8, vibrato_rate_hz: 5 }),
      );
      const dev: number[] = [];
      for (let s = 0.3; s < 1.7; s += 0.005)
        dev.push(semitones(yinPitch(out, SR, Math.round(s * SR), 441) / F0));
      const peak = Math.max(...dev.map(Math.abs));
      const crossings = dev.filter((d, i) => i > 0 && Math.sign(d) !== Math.sign(dev[i - 1]!)).length;
      const hz = crossings / 2 / 1.4;
      console.log(`vibrato 0.8 st at 5 Hz: peak ${peak.toFixed(2)} st, ${hz.toFixed(2)} Hz`);
      expect(peak).toBeGreaterThan(0.6);
      expect(peak).toBeLessThan(1.0);
      expect(hz).toBeGreaterThan(4.5);
      expect(hz).toBeLessThan(5.5);
    },
    T,
  );

  it(
    'breathiness adds noise above 3 kHz, gated by the voice',
    async () => {
      const edges = Float64Array.from([300, 1000, 3000, 6000]);
      const neutral = await renderOffline(tone, constantVoiceTrack());
      const breathy = await renderOffline(tone, constantVoiceTrack({ breathiness: 0.8 }));
      const a = bandSpectrumDb(neutral, SR, edges);
      const b = bandSpectrumDb(breathy, SR, edges);
      expect(b[2]! - a[2]!).toBeGreaterThan(4);
      expect(Math.abs(b[0]! - a[0]!)).toBeLessThan(6);
      // Gated: after the voice stops, the breath stops too.
      expect(rms(breathy, Math.round(SR * 2.01), breathy.length)).toBeLessThan(0.01);
    },
    T,
  );

  it(
    'tension lifts the presence band',
    async () => {
      const edges = Float64Array.from([200, 1000, 2400, 4000]);
      const neutral = await renderOffline(tone, constantVoiceTrack());
      const tense = await renderOffline(tone, constantVoiceTrack({ tension: 1 }));
      const a = bandSpectrumDb(neutral, SR, edges);
      const b = bandSpectrumDb(tense, SR, edges);
      const lift = b[2]! - b[0]! - (a[2]! - a[0]!);
      console.log(`tension 1: presence band +${lift.toFixed(1)} dB relative to 200–1000 Hz`);
      expect(lift).toBeGreaterThan(3);
    },
    T,
  );

  it(
    'tension saturates: a pure 300 Hz sine gains odd harmonics',
    async () => {
      const n = SR;
      const sine = Float32Array.from({ length: n }, (_, i) => 0.6 * Math.sin((2 * Math.PI * 300 * i) / SR));
      const edges = Float64Array.from([250, 350, 850, 950]);
      const neutral = bandSpectrumDb(
        await renderOffline(audioUtterance(sine), constantVoiceTrack()),
        SR,
        edges,
      );
      const tense = bandSpectrumDb(
        await renderOffline(audioUtterance(sine), constantVoiceTrack({ tension: 1 })),
        SR,
        edges,
      );
      // Third harmonic (900 Hz) relative to the fundamental.
      const h3 = (s: Float64Array) => s[2]! - s[0]!;
      console.log(
        `tension 1: 3rd harmonic ${h3(neutral).toFixed(1)} → ${h3(tense).toFixed(1)} dB re fundamental`,
      );
      expect(h3(tense) - h3(neutral)).toBeGreaterThan(20);
    },
    T,
  );

  it(
    'formant shifts move the spectral balance up or down, pitch unchanged',
    async () => {
      const edges = Float64Array.from([100, 600, 2000, 6000]);
      const tilt = (x: Float32Array) => {
        const s = bandSpectrumDb(x, SR, edges);
        return s[2]! - s[0]!;
      };
      const up = await renderOffline(tone, constantVoiceTrack({ formant_semitones: 4 }));
      const down = await renderOffline(tone, constantVoiceTrack({ formant_semitones: -4 }));
      const neutral = await renderOffline(tone, constantVoiceTrack());
      expect(tilt(up) - tilt(neutral)).toBeGreaterThan(3);
      expect(tilt(neutral) - tilt(down)).toBeGreaterThan(3);
      expect(Math.abs(medianPitch(up, SR, ...middle(up)) / F0 - 1)).toBeLessThan(0.01);
    },
    T,
  );
});

describe('timing, determinism, input', () => {
  it(
    'output time 0 is the utterance start: the chain latency is trimmed',
    async () => {
      const u = syllables([300, 900, 1500]);
      const reference = audioOnsets(u.audio!, SR);
      // Unshifted, onsets are exact; a shift smears them by where the grains are (within ±window/2).
      const cases: [Parameters<typeof constantVoiceTrack>[0], number][] = [
        [{}, 0.5],
        [{ pitch_semitones: 3 }, (SHIFT_WINDOW_SEC * 1000) / 2],
        [{ pitch_semitones: -4, vibrato_depth_semitones: 0.5 }, (SHIFT_WINDOW_SEC * 1000) / 2],
      ];
      for (const [params, tolerance] of cases) {
        const out = await renderOffline(u, constantVoiceTrack(params));
        const errors = matchOnsets(reference, audioOnsets(out, SR));
        console.log(
          `onsets ${JSON.stringify(params)}: errors ${errors.map((e) => e.toFixed(2)).join(', ')} ms`,
        );
        expect(errors).toHaveLength(3);
        for (const e of errors) expect(Math.abs(e)).toBeLessThan(tolerance);
      }
    },
    T,
  );

  it(
    'renders bit-identically twice (seeded breath noise, no wall time)',
    async () => {
      const track = constantVoiceTrack({
        breathiness: 0.5,
        vibrato_depth_semitones: 0.4,
        pitch_semitones: 2,
      });
      const a = await renderOffline(tone, track, { seed: 7 });
      const b = await renderOffline(tone, track, { seed: 7 });
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    },
    T,
  );

  it(
    'renders a silent utterance (no audio) as silence of its length',
    async () => {
      const out = await renderOffline(
        { audio: null, sampleRate: SR, durationMs: 500, words: [], phonemes: [] },
        constantVoiceTrack({ breathiness: 1 }),
        { tailMs: 0 },
      );
      expect(out.length).toBe(Math.ceil(0.5 * SR));
      expect(rms(out)).toBe(0);
    },
    T,
  );

  it(
    'rejects bad input with errors naming the field',
    async () => {
      const bad = new Float32Array(10);
      bad[3] = NaN;
      await expect(renderOffline(audioUtterance(bad), constantVoiceTrack())).rejects.toThrow(/audio\[3\]/);
      await expect(renderOffline(tone, { timesMs: [0, 10], values: [0] })).rejects.toThrow(
        /values has 1 numbers/,
      );
      await expect(renderOffline(tone, { timesMs: [10, 0], values: new Float32Array(16) })).rejects.toThrow(
        /timesMs\[1\]/,
      );
      const nan = Float32Array.from(constantVoiceTrack().values);
      nan[7] = Infinity;
      await expect(renderOffline(tone, { timesMs: [0], values: nan })).rejects.toThrow(/intensity_db/);
      await expect(renderOffline(tone, constantVoiceTrack(), { sampleRate: 10 })).rejects.toThrow(
        /sampleRate/,
      );
    },
    T,
  );
});

describe('golden WAVs (band spectra)', () => {
  const presets: Record<string, Parameters<typeof constantVoiceTrack>[0]> = {
    neutral: {},
    'pitch-plus3': { pitch_semitones: 3 },
    'pitch-minus4': { pitch_semitones: -4 },
    'formant-plus4': { formant_semitones: 4 },
    'breath-0.6': { breathiness: 0.6 },
    'tension-1': { tension: 1 },
    'rate-1.2': { rate: 1.2 },
    mixed: {
      pitch_semitones: 2,
      vibrato_depth_semitones: 0.4,
      breathiness: 0.3,
      tension: 0.4,
      intensity_db: -3,
    },
  };
  const short = audioUtterance(vowelTone(F0, 1));
  for (const [name, params] of Object.entries(presets)) {
    it(
      `${name} matches its golden within ${MAX_BAND_DB} dB per band, ${MEAN_BAND_DB} dB mean`,
      async () => {
        const out = await renderOffline(short, constantVoiceTrack(params));
        const d = compareWithGolden(`voice-${name}`, out, SR);
        if (d === null) return;
        expect(d.maxDb).toBeLessThan(MAX_BAND_DB);
        expect(d.meanDb).toBeLessThan(MEAN_BAND_DB);
      },
      T,
    );
  }

  it(
    'the presets really differ from neutral (the comparison can fail)',
    async () => {
      const neutral = bandSpectrumDb(await renderOffline(short, constantVoiceTrack()), SR, bandEdges());
      const shifted = bandSpectrumDb(
        await renderOffline(short, constantVoiceTrack({ pitch_semitones: 3 })),
        SR,
        bandEdges(),
      );
      expect(Math.max(...neutral.map((v, i) => Math.abs(v - shifted[i]!)))).toBeGreaterThan(MAX_BAND_DB * 3);
    },
    T,
  );
});
