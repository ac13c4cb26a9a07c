/**
 * The inner step every projection shares: add radiance (r, g, b) seen in direction (x, y, z) over
 * solid angle `w` to an SH accumulator (float64, so sums over a million texels do not drift).
 */
import type { EnvironmentImage } from './environment-image.ts';
import { SH_C0, SH_C1, SH_C2, SH_C3, SH_C4, SH_FLOATS, shTarget } from './sh-basis.ts';

/** Adds w·L(d)·Y_i(d) to each of the 27 accumulators. */
export function accumulateSample(
  acc: Float64Array,
  x: number,
  y: number,
  z: number,
  r: number,
  g: number,
  b: number,
  w: number,
): void {
  const wr = r * w;
  const wg = g * w;
  const wb = b * w;
  let k = SH_C0;
  acc[0]! += wr * k;
  acc[1]! += wg * k;
  acc[2]! += wb * k;
  k = SH_C1 * y;
  acc[3]! += wr * k;
  acc[4]! += wg * k;
  acc[5]! += wb * k;
  k = SH_C1 * z;
  acc[6]! += wr * k;
  acc[7]! += wg * k;
  acc[8]! += wb * k;
  k = SH_C1 * x;
  acc[9]! += wr * k;
  acc[10]! += wg * k;
  acc[11]! += wb * k;
  k = SH_C2 * x * y;
  acc[12]! += wr * k;
  acc[13]! += wg * k;
  acc[14]! += wb * k;
  k = SH_C2 * y * z;
  acc[15]! += wr * k;
  acc[16]! += wg * k;
  acc[17]! += wb * k;
  k = SH_C3 * (3 * z * z - 1);
  acc[18]! += wr * k;
  acc[19]! += wg * k;
  acc[20]! += wb * k;
  k = SH_C2 * x * z;
  acc[21]! += wr * k;
  acc[22]! += wg * k;
  acc[23]! += wb * k;
  k = SH_C4 * (x * x - y * y);
  acc[24]! += wr * k;
  acc[25]! += wg * k;
  acc[26]! += wb * k;
}

/**
 * Copies the accumulator into `out` (or a new SH). When the sum is not finite (a NaN or infinite
 * texel in an HDR image), names the first bad texel instead.
 */
export function finishProjection(
  acc: Float64Array,
  images: readonly EnvironmentImage[],
  out: Float32Array | undefined,
  source: string,
): Float32Array {
  let ok = true;
  for (let i = 0; i < SH_FLOATS; i++) if (!Number.isFinite(acc[i]!)) ok = false;
  images.forEach((image, n) => {
    if (ok) return;
    const { data, width, height, channels } = image;
    for (let i = 0; i < width * height * channels; i++) {
      if (i % channels === 3) continue;
      const v = data[i]!;
      if (!Number.isFinite(v)) {
        const texel = Math.floor(i / channels);
        const where = images.length > 1 ? ` face ${n}` : '';
        throw new RangeError(
          `${source}:${where} texel (${texel % width}, ${Math.floor(texel / width)}) channel ${'rgb'[i % channels]} is ${v}; radiance must be finite`,
        );
      }
    }
  });
  const sh = shTarget(out);
  for (let i = 0; i < SH_FLOATS; i++) sh[i] = acc[i]!;
  return sh;
}
