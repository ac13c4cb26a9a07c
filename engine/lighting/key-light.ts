/**
 * The dominant directional light of an irradiance SH, for toon materials that want one key light plus
 * ambient (Sloan, "Stupid Spherical Harmonics Tricks", §3): the direction is the band-1 vector of the
 * luminance; the colour C is the least-squares fit, over bands 1–2, of a directional light whose
 * diffuse term is C·max(0, n·d) (SH: C·A_l·Y_lm(d)); the ambient is what remains. DC is left out of
 * the fit so the ambient keeps it; C is capped so the ambient's DC never goes negative.
 */
import { LUMA_B, LUMA_G, LUMA_R } from './colour.ts';
import { COSINE_LOBE } from './project-colours.ts';
import { SH_BAND, SH_C0, SH_COEFFICIENTS, shBasis } from './sh-basis.ts';

const basis = new Float64Array(SH_COEFFICIENTS);
const lobe = new Float64Array(SH_COEFFICIENTS);

/**
 * Writes the key light of irradiance SH `sh`: unit `direction` towards the light (+y when the SH has
 * no directional part), `colour` (linear, what a Lambert term multiplies), and, if given, `ambient`
 * = sh minus the key light's share (27 floats; may not alias `sh`).
 */
export function extractKeyLight(
  sh: ArrayLike<number>,
  direction: Float32Array | Float64Array,
  colour: Float32Array | Float64Array,
  ambient?: Float32Array,
): void {
  let x = LUMA_R * sh[9]! + LUMA_G * sh[10]! + LUMA_B * sh[11]!;
  let y = LUMA_R * sh[3]! + LUMA_G * sh[4]! + LUMA_B * sh[5]!;
  let z = LUMA_R * sh[6]! + LUMA_G * sh[7]! + LUMA_B * sh[8]!;
  const len = Math.sqrt(x * x + y * y + z * z);
  // Band 1 below a millionth of DC is rounding noise (a constant environment), not a light.
  const dc = Math.abs(LUMA_R * sh[0]! + LUMA_G * sh[1]! + LUMA_B * sh[2]!);
  const directional = len > 1e-6 * dc + 1e-12 && Number.isFinite(len);
  if (directional) {
    x /= len;
    y /= len;
    z /= len;
  } else {
    x = 0;
    y = 1;
    z = 0;
  }
  direction[0] = x;
  direction[1] = y;
  direction[2] = z;
  shBasis(x, y, z, basis);
  let norm = 0;
  for (let i = 0; i < SH_COEFFICIENTS; i++) {
    lobe[i] = COSINE_LOBE[SH_BAND[i]!]! * basis[i]!;
    if (i > 0) norm += lobe[i]! * lobe[i]!;
  }
  const dcLobe = COSINE_LOBE[0]! * SH_C0;
  for (let c = 0; c < 3; c++) {
    let dot = 0;
    for (let i = 1; i < SH_COEFFICIENTS; i++) dot += sh[i * 3 + c]! * lobe[i]!;
    let k = directional ? dot / norm : 0;
    const cap = sh[c]! / dcLobe;
    if (!(k > 0)) k = 0;
    if (k > cap) k = cap > 0 ? cap : 0;
    colour[c] = k;
  }
  if (ambient)
    for (let i = 0; i < SH_COEFFICIENTS; i++)
      for (let c = 0; c < 3; c++) ambient[i * 3 + c] = sh[i * 3 + c]! - colour[c]! * lobe[i]!;
}
