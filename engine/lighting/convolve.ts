/**
 * Radiance → irradiance: the cosine-lobe convolution (Ramamoorthi & Hanrahan 2001) divided by π,
 * c_lm = (A_l / π) · L_lm with A = (π, 2π/3, π/4), i.e. band factors (1, 2/3, 1/4). The ÷π makes the
 * result the diffuse light colour for a normal directly: a constant environment of radiance 1
 * evaluates to 1 everywhere, and a shader's diffuse is albedo × Σ c_i·Y_i(n).
 */
import { SH_BAND, SH_COEFFICIENTS, SH_FLOATS } from './sh-basis.ts';

/** Per-band factor A_l / π. */
export const IRRADIANCE_BAND_FACTOR: readonly number[] = [1, 2 / 3, 1 / 4];

/** Convolves a radiance SH into an irradiance SH (÷π included); `out` may be `radiance`. */
export function radianceToIrradiance(
  radiance: ArrayLike<number>,
  out: Float32Array = new Float32Array(SH_FLOATS),
): Float32Array {
  for (let i = 0; i < SH_COEFFICIENTS; i++) {
    const k = IRRADIANCE_BAND_FACTOR[SH_BAND[i]!]!;
    out[i * 3] = radiance[i * 3]! * k;
    out[i * 3 + 1] = radiance[i * 3 + 1]! * k;
    out[i * 3 + 2] = radiance[i * 3 + 2]! * k;
  }
  return out;
}
