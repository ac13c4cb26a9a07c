/**
 * Windowing against ringing: truncating a hard-edged environment (a sun, a window) to L2 leaves
 * negative lobes opposite the light. A Hanning window over bands, w_l = ½(1 + cos(π·l / W)) for
 * l < W (0 beyond), trades sharpness for fewer negative lobes (Sloan, "Stupid Spherical Harmonics
 * Tricks", §4). `strength` sets the width W = 3 / strength: 0 leaves the SH untouched, 1 is the
 * classic window over all three bands (w = 1, 0.75, 0.25), above 1 narrows towards DC only.
 */
import { SH_BAND, SH_COEFFICIENTS } from './sh-basis.ts';

const weights = new Float64Array(3);

/** Writes the window's per-band weights for `strength` into `out` (3 floats). */
export function windowWeights(strength: number, out: Float64Array | number[] = weights): typeof out {
  const s = Number.isFinite(strength) && strength > 0 ? strength : 0;
  for (let l = 0; l < 3; l++) {
    const x = (l * s) / 3;
    out[l] = s === 0 ? 1 : x >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * x));
  }
  return out;
}

/** Applies the window of `strength` (≥ 0; non-finite counts as 0); `out` may be `sh`. Returns `out`. */
export function windowSH(
  sh: ArrayLike<number>,
  strength: number,
  out: Float32Array = new Float32Array(SH_COEFFICIENTS * 3),
): Float32Array {
  windowWeights(strength, weights);
  for (let i = 0; i < SH_COEFFICIENTS; i++) {
    const w = weights[SH_BAND[i]!]!;
    out[i * 3] = sh[i * 3]! * w;
    out[i * 3 + 1] = sh[i * 3 + 1]! * w;
    out[i * 3 + 2] = sh[i * 3 + 2]! * w;
  }
  return out;
}
