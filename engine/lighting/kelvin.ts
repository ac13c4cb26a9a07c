/**
 * Colour temperature as an RGB multiplier for LD capsules' colour drift. Tanner Helland's fit of the
 * blackbody colour (sRGB 8-bit, 1000–40000 K) is linearised and divided by its 6500 K value, so 6500 K
 * is exactly (1, 1, 1) — "the environment as captured" — and then scaled to unit luminance, so drifting
 * the temperature shifts hue without changing brightness (exposure does that).
 */
import { LUMA_B, LUMA_G, LUMA_R, srgbToLinear } from './colour.ts';

/** Tanner Helland's approximation, sRGB 0..1 per component. */
function helland(kelvin: number, out: Float64Array): void {
  const t = Math.min(40000, Math.max(1000, kelvin)) / 100;
  const clamp = (v: number): number => Math.min(255, Math.max(0, v)) / 255;
  out[0] = t <= 66 ? 1 : clamp(329.698727446 * Math.pow(t - 60, -0.1332047592));
  out[1] =
    t <= 66
      ? clamp(99.4708025861 * Math.log(t) - 161.1195681661)
      : clamp(288.1221695283 * Math.pow(t - 60, -0.0755148492));
  out[2] = t >= 66 ? 1 : t <= 19 ? 0 : clamp(138.5177312231 * Math.log(t - 10) - 305.0447927307);
}

const raw = new Float64Array(3);
const NEUTRAL = (() => {
  helland(6500, raw);
  return [srgbToLinear(raw[0]!), srgbToLinear(raw[1]!), srgbToLinear(raw[2]!)] as const;
})();

/** The exact multiplier (pow and log per call); {@link kelvinToRgb} reads a table of it. */
export function kelvinToRgbExact(kelvin: number, out: Float32Array | Float64Array | number[]): typeof out {
  helland(Number.isFinite(kelvin) ? kelvin : 6500, raw);
  const r = srgbToLinear(raw[0]!) / NEUTRAL[0];
  const g = srgbToLinear(raw[1]!) / NEUTRAL[1];
  const b = srgbToLinear(raw[2]!) / NEUTRAL[2];
  const l = LUMA_R * r + LUMA_G * g + LUMA_B * b;
  out[0] = r / l;
  out[1] = g / l;
  out[2] = b / l;
  return out;
}

/** Table range and step, kelvin: the light channel's whole range (1800–12000 K) with margin. */
const TABLE_MIN = 1000;
const TABLE_MAX = 20000;
const TABLE_STEP = 10;
const TABLE = (() => {
  const n = (TABLE_MAX - TABLE_MIN) / TABLE_STEP + 1;
  const t = new Float64Array(n * 3);
  const o = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    kelvinToRgbExact(TABLE_MIN + i * TABLE_STEP, o);
    t[i * 3] = o[0]!;
    t[i * 3 + 1] = o[1]!;
    t[i * 3 + 2] = o[2]!;
  }
  return t;
})();

/**
 * Writes the linear RGB multiplier of `kelvin` (6500 K → 1, 1, 1; unit luminance) into `out`, from a
 * 10 K table with linear interpolation (exact at multiples of 10 K, so 6500 K is the identity; no
 * transcendental functions in the frame loop). Outside 1000–20000 K it clamps; non-finite → 6500 K.
 */
export function kelvinToRgb(kelvin: number, out: Float32Array | Float64Array | number[]): typeof out {
  let x = Number.isFinite(kelvin) ? (kelvin - TABLE_MIN) / TABLE_STEP : (6500 - TABLE_MIN) / TABLE_STEP;
  const last = (TABLE_MAX - TABLE_MIN) / TABLE_STEP;
  if (!(x > 0)) x = 0;
  if (x > last) x = last;
  const i = Math.min(Math.floor(x), last - 1);
  const f = x - i;
  const k = i * 3;
  out[0] = TABLE[k]! + (TABLE[k + 3]! - TABLE[k]!) * f;
  out[1] = TABLE[k + 1]! + (TABLE[k + 4]! - TABLE[k + 1]!) * f;
  out[2] = TABLE[k + 2]! + (TABLE[k + 5]! - TABLE[k + 2]!) * f;
  return out;
}
