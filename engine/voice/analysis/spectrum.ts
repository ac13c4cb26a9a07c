/**
 * Log-magnitude band spectra: how audio tests compare a render with its golden WAV. Bit-exact
 * comparison would break on any harmless change of the Web Audio implementation; a spectrum in
 * third-octave-like bands, averaged over frames, captures what the DSP is for (pitch, timbre,
 * breath, loudness) and tolerates phase.
 */

/** In-place radix-2 FFT of (re, im); length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len)
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
  }
}

/** Band edges in Hz: `count` log-spaced bands between `lowHz` and `highHz`. */
export function bandEdges(lowHz = 80, highHz = 8000, count = 24): Float64Array {
  return Float64Array.from({ length: count + 1 }, (_, i) => lowHz * Math.pow(highHz / lowHz, i / count));
}

/**
 * Mean power per band in dB over Hann-windowed frames of `size` samples (hop size/2) of `signal`,
 * frames quieter than −60 dBFS skipped (so silence does not dilute the average).
 */
export function bandSpectrumDb(
  signal: Float32Array,
  sampleRate: number,
  edges = bandEdges(),
  size = 2048,
): Float64Array {
  const bands = edges.length - 1;
  const power = new Float64Array(bands);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const hann = Float64Array.from({ length: size }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size));
  const binHz = sampleRate / size;
  let frames = 0;
  for (let start = 0; start + size <= signal.length; start += size / 2) {
    let energy = 0;
    for (let i = 0; i < size; i++) {
      const x = signal[start + i]!;
      energy += x * x;
      re[i] = x * hann[i]!;
      im[i] = 0;
    }
    if (10 * Math.log10(energy / size + 1e-20) < -60) continue;
    fft(re, im);
    frames++;
    for (let b = 0; b < bands; b++) {
      const lo = Math.max(1, Math.ceil(edges[b]! / binHz));
      const hi = Math.min(size / 2, Math.floor(edges[b + 1]! / binHz));
      let sum = 0;
      for (let k = lo; k <= hi; k++) sum += re[k]! * re[k]! + im[k]! * im[k]!;
      power[b]! += sum / Math.max(1, hi - lo + 1);
    }
  }
  return power.map((p) => 10 * Math.log10(p / Math.max(1, frames) + 1e-20));
}

/** Largest and mean absolute band difference (dB) between two band spectra. */
export function spectrumDistance(a: Float64Array, b: Float64Array): { maxDb: number; meanDb: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    max = Math.max(max, d);
    sum += d;
  }
  return { maxDb: max, meanDb: sum / a.length };
}
