/**
 * Radiance SH of an equirectangular environment. Each texel is a constant patch of the sphere, and
 * the basis functions are integrated over the patch exactly (closed forms in θ and φ), so the result
 * is the exact projection of the piecewise-constant image: solid angle (∝ sin θ) is accounted for,
 * and a constant image has exactly zero bands 1–2 at any resolution. The mapping is three.js's
 * `equirectUv`, so an image shown as a three.js equirect background (or environment) lights the
 * avatar consistently:
 *
 *   u = atan2(z, x) / 2π + 0.5,  v = asin(y) / π + 0.5,  image row 0 = v 1 = straight up (+y).
 *
 * So the left edge (u = 0) looks along −x, u = 0.25 along −z, the centre (u = 0.5) along +x and
 * u = 0.75 along +z (the direction a VRM 1.0 avatar faces).
 */
import { SRGB8_TO_LINEAR } from './colour.ts';
import { finishProjection } from './accumulate.ts';
import { checkImage } from './environment-image.ts';
import type { EnvironmentImage } from './environment-image.ts';
import { SH_C0, SH_C1, SH_C2, SH_C3, SH_C4, SH_FLOATS } from './sh-basis.ts';

/** Per-column integrals over [φ0, φ1] of 1, cos φ, sin φ, cos²φ, sin²φ, sin φ cos φ. */
function columnIntegrals(width: number): Float64Array {
  const col = new Float64Array(width * 6);
  for (let c = 0; c < width; c++) {
    const p0 = (c / width - 0.5) * 2 * Math.PI;
    const p1 = ((c + 1) / width - 0.5) * 2 * Math.PI;
    const s0 = Math.sin(p0);
    const s1 = Math.sin(p1);
    const c0 = Math.cos(p0);
    const c1 = Math.cos(p1);
    const d = p1 - p0;
    const s2 = Math.sin(2 * p1) - Math.sin(2 * p0);
    col[c * 6] = d;
    col[c * 6 + 1] = s1 - s0;
    col[c * 6 + 2] = c0 - c1;
    col[c * 6 + 3] = d / 2 + s2 / 4;
    col[c * 6 + 4] = d / 2 - s2 / 4;
    col[c * 6 + 5] = (s1 * s1 - s0 * s0) / 2;
  }
  return col;
}

/**
 * Projects an equirect image (sRGB 8-bit or linear float) onto the L2 basis; returns `out` (or a new
 * array) holding the radiance SH. Throws a RangeError naming `source` (and the first bad texel) when
 * the image is malformed or holds non-finite radiance.
 */
export function projectEquirect(
  image: EnvironmentImage,
  out?: Float32Array,
  source = 'equirect',
): Float32Array {
  checkImage(image, source);
  const { data, width, height, channels, encoding } = image;
  const acc = new Float64Array(SH_FLOATS);
  const col = columnIntegrals(width);
  const srgb = encoding === 'srgb8';
  for (let row = 0; row < height; row++) {
    // θ (polar angle from +y) runs over [t0, t1]; μ = cos θ.
    const t0 = (Math.PI * row) / height;
    const t1 = (Math.PI * (row + 1)) / height;
    const m0 = Math.cos(t0);
    const m1 = Math.cos(t1);
    const n0 = Math.sin(t0);
    const n1 = Math.sin(t1);
    const a0 = m0 - m1; // ∫ sin θ dθ
    const ay = (m0 * m0 - m1 * m1) / 2; // ∫ cos θ sin θ dθ
    const ayy = (m0 * m0 * m0 - m1 * m1 * m1) / 3; // ∫ cos²θ sin θ dθ
    const ah = (t1 - t0 - (n1 * m1 - n0 * m0)) / 2; // ∫ sin²θ dθ
    const ahy = (n1 * n1 * n1 - n0 * n0 * n0) / 3; // ∫ sin²θ cos θ dθ
    const ahh = a0 - ayy; // ∫ sin³θ dθ
    let p = row * width * channels;
    for (let c = 0; c < width; c++, p += channels) {
      const k = c * 6;
      const d = col[k]!;
      const cs = col[k + 1]!;
      const sn = col[k + 2]!;
      const i1 = a0 * d;
      const b0 = SH_C0 * i1;
      const b1 = SH_C1 * ay * d;
      const b2 = SH_C1 * ah * sn;
      const b3 = SH_C1 * ah * cs;
      const b4 = SH_C2 * ahy * cs;
      const b5 = SH_C2 * ahy * sn;
      const b6 = SH_C3 * (3 * ahh * col[k + 4]! - i1);
      const b7 = SH_C2 * ahh * col[k + 5]!;
      const b8 = SH_C4 * (ahh * col[k + 3]! - ayy * d);
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
      acc[0]! += r * b0;
      acc[1]! += g * b0;
      acc[2]! += b * b0;
      acc[3]! += r * b1;
      acc[4]! += g * b1;
      acc[5]! += b * b1;
      acc[6]! += r * b2;
      acc[7]! += g * b2;
      acc[8]! += b * b2;
      acc[9]! += r * b3;
      acc[10]! += g * b3;
      acc[11]! += b * b3;
      acc[12]! += r * b4;
      acc[13]! += g * b4;
      acc[14]! += b * b4;
      acc[15]! += r * b5;
      acc[16]! += g * b5;
      acc[17]! += b * b5;
      acc[18]! += r * b6;
      acc[19]! += g * b6;
      acc[20]! += b * b6;
      acc[21]! += r * b7;
      acc[22]! += g * b7;
      acc[23]! += b * b7;
      acc[24]! += r * b8;
      acc[25]! += g * b8;
      acc[26]! += b * b8;
    }
  }
  return finishProjection(acc, [image], out, source);
}
