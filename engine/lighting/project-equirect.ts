/**
 * Radiance SH of an equirectangular environment, weighted by each texel's exact solid angle (rows
 * near the poles cover less of the sphere). The mapping is three.js's `equirectUv`, so an image shown
 * as a three.js equirect background (or environment) lights the avatar consistently:
 *
 *   u = atan2(z, x) / 2π + 0.5,  v = asin(y) / π + 0.5,  image row 0 = v 1 = straight up (+y).
 *
 * So the left edge (u = 0) looks along −x, u = 0.25 along −z, the centre (u = 0.5) along +x and
 * u = 0.75 along +z (the direction a VRM 1.0 avatar faces).
 */
import { SRGB8_TO_LINEAR } from './colour.ts';
import { accumulateSample, finishProjection } from './accumulate.ts';
import { checkImage } from './environment-image.ts';
import type { EnvironmentImage } from './environment-image.ts';
import { SH_FLOATS } from './sh-basis.ts';

/**
 * Projects an equirect image (sRGB 8-bit or linear float) onto the L2 basis; returns `out` (or a new
 * array) holding the radiance SH. Throws a RangeError naming `source` and the first bad texel when the
 * image is malformed or holds non-finite or negative radiance.
 */
export function projectEquirect(
  image: EnvironmentImage,
  out?: Float32Array,
  source = 'equirect',
): Float32Array {
  checkImage(image, source);
  const { data, width, height, channels, encoding } = image;
  const acc = new Float64Array(SH_FLOATS);
  const cosPhi = new Float64Array(width);
  const sinPhi = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    const phi = ((c + 0.5) / width - 0.5) * 2 * Math.PI;
    cosPhi[c] = Math.cos(phi);
    sinPhi[c] = Math.sin(phi);
  }
  const dPhi = (2 * Math.PI) / width;
  const srgb = encoding === 'srgb8';
  for (let row = 0; row < height; row++) {
    // Polar angle from +y; the row's exact band of solid angle, split over its texels.
    const t0 = (Math.PI * row) / height;
    const t1 = (Math.PI * (row + 1)) / height;
    const w = dPhi * (Math.cos(t0) - Math.cos(t1));
    const tc = 0.5 * (t0 + t1);
    const y = Math.cos(tc);
    const s = Math.sin(tc);
    let p = row * width * channels;
    for (let c = 0; c < width; c++, p += channels) {
      let r: number;
      let g: number;
      let b: number;
      if (srgb) {
        r = SRGB8_TO_LINEAR[data[p]! & 255]!;
        g = SRGB8_TO_LINEAR[data[p + 1]! & 255]!;
        b = SRGB8_TO_LINEAR[data[p + 2]! & 255]!;
      } else {
        r = data[p]!;
        g = data[p + 1]!;
        b = data[p + 2]!;
      }
      accumulateSample(acc, cosPhi[c]! * s, y, sinPhi[c]! * s, r, g, b, w);
    }
  }
  return finishProjection(acc, [image], out, source);
}
