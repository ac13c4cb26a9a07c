/**
 * Radiance SH of a cube map given as six square faces in three.js order (+x, −x, +y, −y, +z, −z,
 * i.e. px nx py ny pz nz), each texel weighted by its exact solid angle. Texel (i, j) (row j from
 * the top) maps to the OpenGL cube direction of its face; three.js samples image cube textures
 * (`CubeTextureLoader`, `isRenderTargetTexture === false`) mirrored in x, so by default the world
 * direction is that direction with x negated — what a three.js background made from these six images
 * shows. Pass `mirrorX: false` for render-target cubes (CubeCamera), which three.js does not mirror.
 */
import { SRGB8_TO_LINEAR } from './colour.ts';
import { accumulateSample, finishProjection } from './accumulate.ts';
import { checkImage } from './environment-image.ts';
import type { EnvironmentImage } from './environment-image.ts';
import { SH_FLOATS } from './sh-basis.ts';

/** Options of {@link projectCubeFaces}. */
export interface CubeProjectionOptions {
  /** Negate x as three.js does for image cube textures. Default true. */
  mirrorX?: boolean;
  /** Names the input in errors. */
  source?: string;
}

/** Solid angle subtended by the face rectangle from (0,0) to (x,y) on the plane at distance 1. */
function areaElement(x: number, y: number): number {
  return Math.atan2(x * y, Math.sqrt(x * x + y * y + 1));
}

/**
 * Writes the unnormalised OpenGL cube direction of face `f` at face coordinates a (s) and b (t),
 * both −1..1, into `out`.
 */
export function cubeFaceDirection(f: number, a: number, b: number, out: Float64Array | number[]): void {
  switch (f) {
    case 0:
      out[0] = 1;
      out[1] = -b;
      out[2] = -a;
      break;
    case 1:
      out[0] = -1;
      out[1] = -b;
      out[2] = a;
      break;
    case 2:
      out[0] = a;
      out[1] = 1;
      out[2] = b;
      break;
    case 3:
      out[0] = a;
      out[1] = -1;
      out[2] = -b;
      break;
    case 4:
      out[0] = a;
      out[1] = -b;
      out[2] = 1;
      break;
    default:
      out[0] = -a;
      out[1] = -b;
      out[2] = -1;
  }
}

/** Projects six cube faces onto the L2 basis; returns `out` (or a new array) holding the radiance SH. */
export function projectCubeFaces(
  faces: readonly EnvironmentImage[],
  out?: Float32Array,
  options: CubeProjectionOptions = {},
): Float32Array {
  const source = options.source ?? 'cube';
  const mirror = (options.mirrorX ?? true) ? -1 : 1;
  if (!faces || faces.length !== 6)
    throw new RangeError(
      `${source}: a cube needs 6 faces (+x, −x, +y, −y, +z, −z), got ${faces ? faces.length : 0}`,
    );
  const n = faces[0]!.width;
  faces.forEach((face, f) => {
    checkImage(face, `${source} face ${f}`);
    if (face.width !== n || face.height !== n)
      throw new RangeError(
        `${source} face ${f}: faces must be square and equal (${n}×${n}), got ${face.width}×${face.height}`,
      );
  });
  const acc = new Float64Array(SH_FLOATS);
  const d = new Float64Array(3);
  const inv = 2 / n;
  for (let f = 0; f < 6; f++) {
    const { data, channels, encoding } = faces[f]!;
    const srgb = encoding === 'srgb8';
    for (let j = 0; j < n; j++) {
      const b0 = j * inv - 1;
      const b1 = b0 + inv;
      const b = b0 + inv / 2;
      let p = j * n * channels;
      for (let i = 0; i < n; i++, p += channels) {
        const a0 = i * inv - 1;
        const a1 = a0 + inv;
        const a = a0 + inv / 2;
        const w = areaElement(a0, b0) - areaElement(a0, b1) - areaElement(a1, b0) + areaElement(a1, b1);
        cubeFaceDirection(f, a, b, d);
        const len = 1 / Math.sqrt(a * a + b * b + 1);
        let r: number;
        let g: number;
        let bl: number;
        if (srgb) {
          r = SRGB8_TO_LINEAR[data[p]! & 255]!;
          g = SRGB8_TO_LINEAR[data[p + 1]! & 255]!;
          bl = SRGB8_TO_LINEAR[data[p + 2]! & 255]!;
        } else {
          r = data[p]!;
          g = data[p + 1]!;
          bl = data[p + 2]!;
        }
        accumulateSample(acc, mirror * d[0]! * len, d[1]! * len, d[2]! * len, r, g, bl, w);
      }
    }
  }
  return finishProjection(acc, faces, out, source);
}
