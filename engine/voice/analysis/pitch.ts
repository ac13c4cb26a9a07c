/**
 * Fundamental-frequency estimation (YIN: de Cheveigné & Kawahara 2002) — how the tests and benches
 * measure what the pitch shifter did, and a building block for text-free lip sync later.
 */

/** Options of {@link yinPitch}. */
export interface YinOptions {
  /** Lowest f0 searched, Hz. Default 60. */
  minHz: number;
  /** Highest f0 searched, Hz. Default 800. */
  maxHz: number;
  /** Absolute threshold on the cumulative-mean-normalised difference. Default 0.12. */
  threshold: number;
}

const DEFAULTS: YinOptions = { minHz: 60, maxHz: 800, threshold: 0.12 };

/**
 * f0 in Hz of the frame `signal[start, start + size)`, or 0 when the frame is unvoiced (no dip
 * under the threshold). Parabolic interpolation around the chosen lag gives sub-sample precision.
 */
export function yinPitch(
  signal: Float32Array,
  sampleRate: number,
  start: number,
  size: number,
  options: Partial<YinOptions> = {},
): number {
  const { minHz, maxHz, threshold } = { ...DEFAULTS, ...options };
  const maxLag = Math.min(Math.floor(sampleRate / minHz), Math.floor(size / 2));
  const minLag = Math.max(2, Math.floor(sampleRate / maxHz));
  if (start < 0 || start + size > signal.length || maxLag <= minLag) return 0;
  const w = size - maxLag;
  const d = new Float64Array(maxLag + 1);
  for (let tau = 1; tau <= maxLag; tau++) {
    let sum = 0;
    for (let i = 0; i < w; i++) {
      const diff = signal[start + i]! - signal[start + i + tau]!;
      sum += diff * diff;
    }
    d[tau] = sum;
  }
  // Cumulative mean normalisation.
  const cmnd = new Float64Array(maxLag + 1);
  cmnd[0] = 1;
  let running = 0;
  for (let tau = 1; tau <= maxLag; tau++) {
    running += d[tau]!;
    cmnd[tau] = running > 0 ? (d[tau]! * tau) / running : 1;
  }
  let lag = -1;
  for (let tau = minLag; tau <= maxLag; tau++) {
    if (cmnd[tau]! < threshold) {
      while (tau + 1 <= maxLag && cmnd[tau + 1]! < cmnd[tau]!) tau++;
      lag = tau;
      break;
    }
  }
  if (lag < 0) return 0;
  const a = cmnd[lag - 1] ?? cmnd[lag]!;
  const b = cmnd[lag]!;
  const c = cmnd[lag + 1] ?? cmnd[lag]!;
  const denom = a - 2 * b + c;
  const shift = denom !== 0 ? (0.5 * (a - c)) / denom : 0;
  return sampleRate / (lag + Math.max(-1, Math.min(1, shift)));
}

/** Median f0 over voiced frames of `signal` between `fromSec` and `toSec` (0 when none is voiced). */
export function medianPitch(
  signal: Float32Array,
  sampleRate: number,
  fromSec = 0,
  toSec = signal.length / sampleRate,
  options: Partial<YinOptions> = {},
): number {
  const size = Math.round(sampleRate * 0.04);
  const hop = Math.round(sampleRate * 0.01);
  const values: number[] = [];
  const end = Math.min(signal.length, Math.round(toSec * sampleRate)) - size;
  for (let s = Math.max(0, Math.round(fromSec * sampleRate)); s <= end; s += hop) {
    const f = yinPitch(signal, sampleRate, s, size, options);
    if (f > 0) values.push(f);
  }
  if (values.length === 0) return 0;
  values.sort((x, y) => x - y);
  return values[Math.floor(values.length / 2)]!;
}
