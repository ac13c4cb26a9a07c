/**
 * Onsets after silence, in audio and in mouth motion, measured the same way so they can be compared:
 * an onset is where a signal that has rested for at least `restMs` rises through half of the peak
 * it reaches in the next `peakWindowMs` (half amplitude for audio, half weight for a viseme curve).
 * This is how the A/V test and bench measure visemes against heard audio.
 */
import { rms } from './levels.ts';

/** Options of {@link curveOnsets}. */
export interface OnsetOptions {
  /** Below this fraction of the curve's overall peak the signal counts as resting. Default 0.1. */
  restLevel: number;
  /** How long it must rest before an onset can follow, ms. Default 80. */
  restMs: number;
  /**
   * Window after leaving rest in which the rise's peak is taken (it ends early if the curve rests
   * again), ms. Default 300: a slow, anticipatory rise still reaches its peak.
   */
  peakWindowMs: number;
}

const DEFAULTS: OnsetOptions = { restLevel: 0.1, restMs: 80, peakWindowMs: 300 };

/** Onset times (ms) of a curve sampled every `stepMs` from time 0. */
export function curveOnsets(
  curve: ArrayLike<number>,
  stepMs: number,
  options: Partial<OnsetOptions> = {},
): number[] {
  const o = { ...DEFAULTS, ...options };
  let peak = 0;
  for (let i = 0; i < curve.length; i++) peak = Math.max(peak, curve[i]!);
  if (peak <= 0) return [];
  const rest = peak * o.restLevel;
  const restSteps = Math.round(o.restMs / stepMs);
  const window = Math.round(o.peakWindowMs / stepMs);
  const onsets: number[] = [];
  let quiet = 0;
  for (let i = 0; i < curve.length; i++) {
    if (curve[i]! < rest) {
      quiet++;
      continue;
    }
    if (quiet >= restSteps) {
      // The rise's peak: the highest point before the window ends or the curve rests again.
      let local = 0;
      let last = i;
      for (let j = i; j < Math.min(curve.length, i + window) && curve[j]! >= rest; j++) {
        local = Math.max(local, curve[j]!);
        last = j;
      }
      let k = i - 1;
      while (k + 1 < last && curve[k + 1]! < local / 2) k++;
      // Interpolate the half-peak crossing between samples k and k + 1.
      const a = curve[k] ?? 0;
      const b = curve[k + 1] ?? local;
      const frac = b > a ? (local / 2 - a) / (b - a) : 0;
      onsets.push((k + Math.min(1, Math.max(0, frac))) * stepMs);
    }
    quiet = 0;
  }
  return onsets;
}

/** An RMS amplitude envelope of audio, one value per `stepMs` (frames of `frameMs` centred on each step). */
export function amplitudeEnvelope(
  signal: Float32Array,
  sampleRate: number,
  stepMs = 1,
  frameMs = 5,
): Float64Array {
  const step = (stepMs / 1000) * sampleRate;
  const half = Math.max(1, Math.round((frameMs / 2000) * sampleRate));
  const n = Math.floor(signal.length / step);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.round(i * step);
    out[i] = rms(signal, c - half, c + half);
  }
  return out;
}

/** Onsets of audio after silence, ms. */
export function audioOnsets(
  signal: Float32Array,
  sampleRate: number,
  options: Partial<OnsetOptions> = {},
): number[] {
  return curveOnsets(amplitudeEnvelope(signal, sampleRate, 1, 10), 1, options);
}

/**
 * Pairs each reference onset with the nearest measured one within `maxMs` and returns the signed
 * errors (measured − reference), ms.
 */
export function matchOnsets(
  reference: readonly number[],
  measured: readonly number[],
  maxMs = 100,
): number[] {
  const errors: number[] = [];
  for (const r of reference) {
    let best = Infinity;
    for (const m of measured) if (Math.abs(m - r) < Math.abs(best)) best = m - r;
    if (Math.abs(best) <= maxMs) errors.push(best);
  }
  return errors;
}

/** Median of absolute values. */
export function medianAbs(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = values.map(Math.abs).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
