/**
 * The equirect convention every environment image in the project uses — three.js's own
 * (`equirectUv` in its shaders), so an image shown as a three.js background, drawn by the viewer's
 * dome, and projected to SH all agree on where the light comes from. World space is glTF's:
 * right-handed, +y up, a VRM 1.0 avatar faces +z.
 *
 * Pixel column i, row j (row 0 at the top) of a W×H image looks along
 *   u = (i + ½)/W, v = 1 − (j + ½)/H, azimuth φ = 2π(u − ½) = atan2(z, x), elevation = π(v − ½):
 * u = 0.5 is +x, u = 0.75 is +z (in front of the avatar, where the camera is), u = 0.25 is −z.
 */

/** Unit direction (glTF world) of pixel (i, j) of a `width`×`height` equirect image, into `out`. */
export function equirectDirection(
  i: number,
  j: number,
  width: number,
  height: number,
  out: Float64Array | number[],
): void {
  const u = (i + 0.5) / width;
  const v = 1 - (j + 0.5) / height;
  const azimuth = 2 * Math.PI * (u - 0.5);
  const elevation = Math.PI * (v - 0.5);
  const c = Math.cos(elevation);
  out[0] = c * Math.cos(azimuth);
  out[1] = Math.sin(elevation);
  out[2] = c * Math.sin(azimuth);
}

/** Radiance of the environment seen along a unit direction: linear RGB into `out`. */
export type RadianceFn = (x: number, y: number, z: number, out: Float64Array) => void;

/** Samples a radiance function over an equirect grid: linear RGB floats, row 0 at the top. */
export function renderEquirect(radiance: RadianceFn, width: number, height: number): Float32Array {
  const data = new Float32Array(width * height * 3);
  const d = new Float64Array(3);
  const c = new Float64Array(3);
  for (let j = 0; j < height; j++)
    for (let i = 0; i < width; i++) {
      equirectDirection(i, j, width, height, d);
      c[0] = c[1] = c[2] = 0;
      radiance(d[0]!, d[1]!, d[2]!, c);
      const o = (j * width + i) * 3;
      data[o] = c[0]!;
      data[o + 1] = c[1]!;
      data[o + 2] = c[2]!;
    }
  return data;
}
