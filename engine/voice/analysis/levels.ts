/** Level measurements: RMS over a span and a frame-wise energy envelope. */

/** RMS of `signal[from, to)`. */
export function rms(signal: Float32Array, from = 0, to = signal.length): number {
  const a = Math.max(0, from);
  const b = Math.min(signal.length, to);
  if (b <= a) return 0;
  let sum = 0;
  for (let i = a; i < b; i++) sum += signal[i]! * signal[i]!;
  return Math.sqrt(sum / (b - a));
}

/** Decibels of a ratio of amplitudes. */
export function ratioDb(a: number, b: number): number {
  return 20 * Math.log10(a / b);
}

/** RMS per hop (frames of `frameSec` every `hopSec`), in dBFS (floor −120). */
export function energyEnvelopeDb(
  signal: Float32Array,
  sampleRate: number,
  hopSec = 0.005,
  frameSec = 0.01,
): Float64Array {
  const hop = Math.max(1, Math.round(hopSec * sampleRate));
  const frame = Math.max(1, Math.round(frameSec * sampleRate));
  const n = Math.max(0, Math.floor((signal.length - frame) / hop) + 1);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rms(signal, k * hop, k * hop + frame);
    out[k] = r > 1e-6 ? 20 * Math.log10(r) : -120;
  }
  return out;
}

/**
 * First and last sample index where the signal's envelope is within `belowPeakDb` of its peak —
 * the audible extent, for measuring durations.
 */
export function audibleExtent(signal: Float32Array, sampleRate: number, belowPeakDb = 30): [number, number] {
  const hop = Math.round(sampleRate * 0.005);
  const env = energyEnvelopeDb(signal, sampleRate, 0.005, 0.01);
  let peak = -120;
  for (const v of env) peak = Math.max(peak, v);
  const floor = peak - belowPeakDb;
  let first = -1;
  let last = -1;
  env.forEach((v, k) => {
    if (v >= floor) {
      if (first < 0) first = k;
      last = k;
    }
  });
  return first < 0 ? [0, 0] : [first * hop, last * hop + Math.round(sampleRate * 0.01)];
}
