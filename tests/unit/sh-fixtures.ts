/** Analytic environments and sample directions shared by the SH tests. */
import type { EnvironmentImage } from '../../engine/lighting/index.ts';
import { cubeFaceDirection } from '../../engine/lighting/index.ts';

/** A radiance function of a unit direction, one value per channel (grey) or RGB. */
export type Radiance = (x: number, y: number, z: number) => number | [number, number, number];

/** `n` nearly uniform unit directions (Fibonacci sphere), deterministic. */
export function sphereDirections(n = 400): [number, number, number][] {
  const out: [number, number, number][] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const y = 1 - (2 * (i + 0.5)) / n;
    const r = Math.sqrt(1 - y * y);
    out.push([Math.cos(golden * i) * r, y, Math.sin(golden * i) * r]);
  }
  return out;
}

const rgb = (v: number | [number, number, number]): [number, number, number] =>
  typeof v === 'number' ? [v, v, v] : v;

/** Samples `f` into a linear equirect image with three.js's mapping (row 0 = +y, u = 0.5 = +x, u = 0.75 = +z). */
export function equirectOf(f: Radiance, width = 256, height = 128): EnvironmentImage {
  const data = new Float32Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const theta = (Math.PI * (row + 0.5)) / height;
    for (let c = 0; c < width; c++) {
      const phi = ((c + 0.5) / width - 0.5) * 2 * Math.PI;
      const v = rgb(f(Math.cos(phi) * Math.sin(theta), Math.cos(theta), Math.sin(phi) * Math.sin(theta)));
      data.set(v, (row * width + c) * 3);
    }
  }
  return { data, width, height, channels: 3, encoding: 'linear' };
}

/** Samples `f` into six linear cube faces as three.js shows them (x mirrored unless `mirrorX` is false). */
export function cubeOf(f: Radiance, n = 64, mirrorX = true): EnvironmentImage[] {
  const faces: EnvironmentImage[] = [];
  const d = [0, 0, 0];
  for (let face = 0; face < 6; face++) {
    const data = new Float32Array(n * n * 3);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        cubeFaceDirection(face, (2 * (i + 0.5)) / n - 1, (2 * (j + 0.5)) / n - 1, d);
        const len = Math.hypot(d[0]!, d[1]!, d[2]!);
        const v = rgb(f(((mirrorX ? -1 : 1) * d[0]!) / len, d[1]! / len, d[2]! / len));
        data.set(v, (j * n + i) * 3);
      }
    faces.push({ data, width: n, height: n, channels: 3, encoding: 'linear' });
  }
  return faces;
}

/** Sum of squared coefficients of band `l` in channel `c`. */
export function bandEnergy(sh: ArrayLike<number>, l: number, c = 0): number {
  const [from, to] = l === 0 ? [0, 1] : l === 1 ? [1, 4] : [4, 9];
  let e = 0;
  for (let i = from; i < to; i++) e += sh[i * 3 + c]! ** 2;
  return e;
}
