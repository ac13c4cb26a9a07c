/**
 * The bundled environments, as radiance functions of direction (linear RGB, glTF world: +y up, the
 * avatar faces +z, the viewer's camera stands at +z so the camera's left is −x). Each is a few
 * smooth lobes over a sky/ground gradient — what matters for L2 SH relighting is where the light
 * comes from and its colour, not detail. Radiance 1 everywhere lights a surface at its albedo.
 */
import type { RadianceFn } from './equirect.ts';

/** An environment the forge writes. */
export interface EnvironmentDef {
  readonly id: string;
  readonly label: string;
  /** What it is for, shown in the picker's tooltip. */
  readonly description: string;
  readonly radiance: RadianceFn;
  /** Exposure of the 8-bit preview (background, thumbnail) before tone mapping. */
  readonly previewExposure: number;
}

type RGB = readonly [number, number, number];

const normalise = (v: RGB): RGB => {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
};

/** A soft round light: full radiance inside `inner` (radians), smoothly to 0 at `outer`. */
function lobe(direction: RGB, colour: RGB, inner: number, outer: number) {
  const d = normalise(direction);
  const cosInner = Math.cos(inner);
  const cosOuter = Math.cos(outer);
  return (x: number, y: number, z: number, out: Float64Array): void => {
    const c = x * d[0] + y * d[1] + z * d[2];
    if (c <= cosOuter) return;
    const t = c >= cosInner ? 1 : (c - cosOuter) / (cosInner - cosOuter);
    const s = t * t * (3 - 2 * t);
    out[0]! += colour[0] * s;
    out[1]! += colour[1] * s;
    out[2]! += colour[2] * s;
  };
}

/** Sky above the horizon (zenith → horizon by elevation), ground below (horizon → nadir). */
function gradient(zenith: RGB, horizon: RGB, ground: RGB, nadir: RGB, skyCurve = 0.5) {
  return (_x: number, y: number, _z: number, out: Float64Array): void => {
    if (y >= 0) {
      const t = Math.pow(y, skyCurve);
      for (let k = 0; k < 3; k++) out[k]! += horizon[k]! + (zenith[k]! - horizon[k]!) * t;
    } else {
      const t = Math.min(1, -y * 4);
      for (let k = 0; k < 3; k++) out[k]! += ground[k]! + (nadir[k]! - ground[k]!) * t;
    }
  };
}

/** A horizontal glow band around the horizon, brightest towards `azimuthDir` (x, z). */
function horizonGlow(colour: RGB, azimuthDir: [number, number], width: number, spread: number) {
  const l = Math.hypot(azimuthDir[0], azimuthDir[1]);
  const ax = azimuthDir[0] / l;
  const az = azimuthDir[1] / l;
  return (x: number, y: number, z: number, out: Float64Array): void => {
    const h = Math.hypot(x, z);
    const facing = h > 1e-9 ? (x * ax + z * az) / h : 0;
    const around = Math.pow(Math.max(0, (1 + facing) / 2), spread);
    const band = Math.exp(-((y / width) ** 2));
    const s = around * band;
    out[0]! += colour[0] * s;
    out[1]! += colour[1] * s;
    out[2]! += colour[2] * s;
  };
}

const sum =
  (...parts: RadianceFn[]): RadianceFn =>
  (x, y, z, out) => {
    for (const p of parts) p(x, y, z, out);
  };

const deg = Math.PI / 180;

/** Soft neutral studio: grey cyclorama, a large softbox key from the camera's upper left. */
const studio: EnvironmentDef = {
  id: 'studio',
  label: 'Studio',
  description: 'soft neutral studio, key light from the upper left',
  previewExposure: 1,
  radiance: sum(
    gradient([0.5, 0.5, 0.52], [0.36, 0.36, 0.37], [0.2, 0.19, 0.18], [0.12, 0.115, 0.11]),
    // Key: a big softbox up and to the camera's left, in front of the avatar.
    lobe([-0.75, 0.75, 0.8], [5.2, 5.0, 4.7], 12 * deg, 28 * deg),
    // Fill: a dimmer, larger panel to the camera's right.
    lobe([1, 0.15, 0.7], [0.9, 0.92, 0.95], 20 * deg, 45 * deg),
    // Rim: a strip behind the avatar, up high.
    lobe([0.3, 0.6, -1], [1.6, 1.6, 1.7], 8 * deg, 22 * deg),
  ),
};

/** Warm low sun from the camera's right, a blue sky above and an orange horizon. */
const sunset: EnvironmentDef = {
  id: 'sunset',
  label: 'Sunset',
  description: 'warm low sun, blue sky, dark warm ground',
  previewExposure: 1.1,
  radiance: sum(
    gradient([0.09, 0.2, 0.55], [0.55, 0.36, 0.3], [0.13, 0.08, 0.05], [0.05, 0.035, 0.025], 0.45),
    horizonGlow([1.3, 0.48, 0.16], [0.85, 0.55], 0.18, 2.5),
    // The sun: a small, very bright disc 8° above the horizon, with a warm halo.
    lobe([0.85, 0.14, 0.55], [230, 120, 45], 2.2 * deg, 3.4 * deg),
    lobe([0.85, 0.14, 0.55], [2.4, 1.1, 0.35], 6 * deg, 26 * deg),
  ),
};

/** A dark street at night: magenta and cyan neon signs either side, a faint blue sky. */
const nightNeon: EnvironmentDef = {
  id: 'night-neon',
  label: 'Night neon',
  description: 'dark, with saturated magenta and cyan neon accents',
  previewExposure: 1.4,
  radiance: sum(
    gradient([0.012, 0.016, 0.04], [0.03, 0.03, 0.06], [0.02, 0.018, 0.025], [0.008, 0.008, 0.01]),
    // Magenta sign to the camera's left, cyan to its right, both a little in front of the avatar.
    lobe([-1, 0.25, 0.45], [3.6, 0.25, 2.6], 10 * deg, 30 * deg),
    lobe([1, 0.05, 0.3], [0.15, 2.6, 3.4], 10 * deg, 30 * deg),
    // A small amber street lamp high behind.
    lobe([-0.2, 0.8, -1], [1.8, 0.9, 0.25], 3 * deg, 10 * deg),
  ),
};

/** Flat, cool overcast daylight: bright even sky, grey ground, no direction to speak of. */
const overcast: EnvironmentDef = {
  id: 'overcast',
  label: 'Overcast',
  description: 'flat, cool overcast daylight',
  previewExposure: 0.75,
  radiance: sum(gradient([1.22, 1.29, 1.42], [0.96, 1.02, 1.13], [0.3, 0.31, 0.33], [0.2, 0.21, 0.22], 0.7)),
};

/** Every bundled environment, the viewer's default first. */
export const ENVIRONMENTS: readonly EnvironmentDef[] = [studio, sunset, nightNeon, overcast];
