/**
 * Test signals with known properties, so audio tests measure the DSP and nothing else: a vowel-like
 * harmonic tone (fixed f0, formant-shaped harmonics) and syllable bursts at known onsets.
 */
import type { PhonemeEvent, Utterance } from '../../engine/voice/voice-source.ts';

/** Sample rate of the fixtures (eSpeak's). */
export const SR = 22050;

/** Gain of harmonic frequency `f` under a vowel /a/-like envelope (formants near 700, 1200, 2600 Hz). */
function vowelEnvelope(f: number): number {
  const peak = (fc: number, bw: number) => 1 / (1 + ((f - fc) / bw) ** 2);
  return 0.15 + peak(700, 130) + 0.7 * peak(1220, 150) + 0.35 * peak(2600, 250);
}

/** A steady vowel-like tone: harmonics of `f0` to 8 kHz, 10 ms fades, peak about 0.5. */
export function vowelTone(f0: number, seconds: number, sampleRate = SR): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  const harmonics: [number, number][] = [];
  for (let h = 1; h * f0 < Math.min(8000, sampleRate / 2); h++)
    harmonics.push([h * f0, vowelEnvelope(h * f0) / h ** 0.5]);
  const norm = harmonics.reduce((s, [, g]) => s + g, 0);
  const fade = Math.round(0.01 * sampleRate);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (const [f, g] of harmonics) v += g * Math.sin((2 * Math.PI * f * i) / sampleRate);
    out[i] = ((0.5 * v * Math.min(1, i / fade, (n - 1 - i) / fade)) / norm) * 2;
  }
  return out;
}

/** An utterance of audio alone (no timeline). */
export function audioUtterance(audio: Float32Array, sampleRate = SR): Utterance {
  return { audio, sampleRate, durationMs: (audio.length / sampleRate) * 1000, words: [], phonemes: [] };
}

/**
 * Syllables at known onsets: each a vowel burst (5 ms attack) of `lengthMs`, silence between, with
 * the matching phoneme timeline (the vowel `a`, pauses as silence).
 */
export function syllables(onsetsMs: readonly number[], lengthMs = 160, f0 = 140, sampleRate = SR): Utterance {
  const end = Math.max(...onsetsMs) + lengthMs + 200;
  const audio = new Float32Array(Math.round((end / 1000) * sampleRate));
  const tone = vowelTone(f0, lengthMs / 1000, sampleRate);
  const attack = Math.round(0.005 * sampleRate);
  const phonemes: PhonemeEvent[] = [];
  for (const t of onsetsMs) {
    const at = Math.round((t / 1000) * sampleRate);
    for (let i = 0; i < tone.length && at + i < audio.length; i++)
      audio[at + i] = tone[i]! * Math.min(1, i / attack);
    phonemes.push({ phoneme: 'ˈa', startMs: t, endMs: t + lengthMs });
  }
  return { audio, sampleRate, durationMs: end, words: [], phonemes };
}
