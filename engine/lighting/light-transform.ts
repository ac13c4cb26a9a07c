/**
 * LD capsules' effect: the avatar's resolved light parameters (`pose.light`, LIGHT_PARAMS order)
 * turn a radiance SH into the irradiance SH shaders get. Each parameter, in the order applied:
 *
 * - key_yaw_deg / key_pitch_deg: rotate the whole environment, R = Ry(yaw) · Rx(−pitch)
 *   (see {@link rotationFromYawPitch}), so the key light drifts around the avatar;
 * - contrast: bands 1–2 × (1 + contrast) against DC (−1: flat ambient, +1: directional part doubled);
 * - softness: extra Hanning-window strength on top of the base window (softer, wider shadows);
 * - cosine convolution ÷ π (radiance → irradiance);
 * - exposure_ev: × 2^ev;
 * - temperature_k: × the kelvin multiplier (6500 K = identity, unit luminance).
 *
 * Every step is linear in the SH, so the order only matters for clarity. Non-finite parameters fall
 * back to their neutral value and all are clamped to their channel range, so NaN never reaches the
 * output. No allocation: module temporaries and an out-parameter.
 */
import { LIGHT_PARAMS } from '../rig/channels.ts';
import { IRRADIANCE_BAND_FACTOR } from './convolve.ts';
import { kelvinToRgb } from './kelvin.ts';
import { rotateSH, rotationFromYawPitch } from './rotate.ts';
import { SH_BAND, SH_COEFFICIENTS, SH_FLOATS } from './sh-basis.ts';
import { windowWeights } from './window.ts';

/** Index of each light parameter in `pose.light`. */
export const LIGHT_INDEX = {
  exposure: LIGHT_PARAMS.findIndex((p) => p.name === 'exposure_ev'),
  temperature: LIGHT_PARAMS.findIndex((p) => p.name === 'temperature_k'),
  contrast: LIGHT_PARAMS.findIndex((p) => p.name === 'contrast'),
  softness: LIGHT_PARAMS.findIndex((p) => p.name === 'softness'),
  yaw: LIGHT_PARAMS.findIndex((p) => p.name === 'key_yaw_deg'),
  pitch: LIGHT_PARAMS.findIndex((p) => p.name === 'key_pitch_deg'),
} as const;

/** The light parameter at `index`, neutral when non-finite, clamped to its channel range. */
export function lightParam(light: ArrayLike<number>, index: number): number {
  const spec = LIGHT_PARAMS[index]!;
  const v = light[index];
  if (typeof v !== 'number' || !Number.isFinite(v)) return spec.neutral;
  return v < spec.min ? spec.min : v > spec.max ? spec.max : v;
}

const NEUTRAL_KELVIN = LIGHT_PARAMS[LIGHT_INDEX.temperature]!.neutral;
const rot = new Float64Array(9);
const work = new Float32Array(SH_FLOATS);
const win = new Float64Array(3);
const tint = new Float64Array(3);
const band = new Float64Array(3);

/**
 * A rotated environment kept between calls, so a caller whose key direction holds still (most
 * ticks) skips the rotation. Valid for one (yaw, pitch, source) triple; `source` is the caller's
 * version number of the radiance it passes.
 */
export interface RotationCache {
  readonly sh: Float32Array;
  yaw: number;
  pitch: number;
  source: number;
}

/** An empty rotation cache (one per avatar). */
export function createRotationCache(): RotationCache {
  return { sh: new Float32Array(SH_FLOATS), yaw: NaN, pitch: NaN, source: NaN };
}

/**
 * Writes the irradiance SH for radiance SH `radiance` under light parameters `light` into `out`
 * (may alias `radiance`), with `baseWindow` as the window strength at softness 0. Returns `out`.
 * With a `cache` (and the radiance's version as `source`) the rotation is reused while yaw, pitch
 * and source stay the same.
 */
export function applyLightParams(
  radiance: ArrayLike<number>,
  light: ArrayLike<number>,
  out: Float32Array,
  baseWindow = 0,
  cache?: RotationCache,
  source = 0,
): Float32Array {
  const yaw = lightParam(light, LIGHT_INDEX.yaw);
  const pitch = lightParam(light, LIGHT_INDEX.pitch);
  let src: ArrayLike<number> = radiance;
  if (yaw !== 0 || pitch !== 0) {
    if (!cache) src = rotateSH(radiance, rotationFromYawPitch(yaw, pitch, rot), work);
    else {
      if (cache.yaw !== yaw || cache.pitch !== pitch || cache.source !== source) {
        rotateSH(radiance, rotationFromYawPitch(yaw, pitch, rot), cache.sh);
        cache.yaw = yaw;
        cache.pitch = pitch;
        cache.source = source;
      }
      src = cache.sh;
    }
  }
  const contrast = 1 + lightParam(light, LIGHT_INDEX.contrast);
  const softness = (Number.isFinite(baseWindow) ? baseWindow : 0) + lightParam(light, LIGHT_INDEX.softness);
  if (softness > 0) windowWeights(softness, win);
  else win.fill(1);
  const ev = lightParam(light, LIGHT_INDEX.exposure);
  const gain = ev === 0 ? 1 : Math.pow(2, ev);
  const kelvin = lightParam(light, LIGHT_INDEX.temperature);
  if (kelvin === NEUTRAL_KELVIN) tint.fill(1);
  else kelvinToRgb(kelvin, tint);
  // Cosine convolution ÷ π, exposure, contrast and window as one factor per band.
  band[0] = gain * IRRADIANCE_BAND_FACTOR[0]!;
  band[1] = gain * contrast * win[1]! * IRRADIANCE_BAND_FACTOR[1]!;
  band[2] = gain * contrast * win[2]! * IRRADIANCE_BAND_FACTOR[2]!;
  const tr = tint[0]!;
  const tg = tint[1]!;
  const tb = tint[2]!;
  for (let i = 0; i < SH_COEFFICIENTS; i++) {
    const k = band[SH_BAND[i]!]!;
    out[i * 3] = src[i * 3]! * k * tr;
    out[i * 3 + 1] = src[i * 3 + 1]! * k * tg;
    out[i * 3 + 2] = src[i * 3 + 2]! * k * tb;
  }
  return out;
}
