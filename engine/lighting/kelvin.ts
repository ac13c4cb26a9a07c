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

/** Writes the linear RGB multiplier of `kelvin` (6500 K → 1, 1, 1; unit luminance) into `out`. */
export function kelvinToRgb(kelvin: number, out: Float32Array | Float64Array | number[]): typeof out {
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
