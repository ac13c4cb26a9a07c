/**
 * The preview sphere: a grey ball (albedo 0.8) lit per pixel by the avatar's current irradiance SH,
 * seen from in front of the avatar (fixed glTF world axes: screen right +x, up +y, towards the
 * viewer +z; it does not follow the orbit camera), on a 2D canvas. Redrawn a few times a second, so LD capsules breathing the light show here even where
 * the avatar's own shading hides them.
 */
import { evaluateSH, linearToSrgb } from '../../engine/lighting/index.ts';

/** Draws an irradiance SH (27 floats) onto a canvas as a lit sphere. */
export interface ShPreview {
  draw(irradiance: ArrayLike<number> | null): void;
  /** Mean linear light of the last drawn sphere (for tests and the readout), [r, g, b]. */
  readonly mean: Float64Array;
}

const ALBEDO = 0.8;

const toByte = (linear: number): number => Math.round(255 * linearToSrgb(Math.min(1, Math.max(0, linear))));

/** Sets the preview up on `canvas` (its pixel size is the drawing size). */
export function createShPreview(canvas: HTMLCanvasElement): ShPreview {
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  const image = ctx.createImageData(w, h);
  const r = Math.min(w, h) / 2 - 1;
  // Normals of the visible hemisphere and each pixel's coverage (antialiased rim), once.
  const normals: number[] = [];
  const pixels: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const nx = (x + 0.5 - w / 2) / r;
      const ny = -(y + 0.5 - h / 2) / r;
      const d = Math.hypot(nx, ny);
      if (d > 1 + 1 / r) continue;
      const s = Math.min(1, d);
      const nz = Math.sqrt(Math.max(0, 1 - s * s));
      normals.push(nx / Math.max(1, d), ny / Math.max(1, d), nz);
      pixels.push((y * w + x) * 4, Math.min(1, (1 - d) * r + 0.5) * 255);
    }
  const colour = new Float64Array(3);
  const mean = new Float64Array(3);
  return {
    mean,
    draw(irradiance) {
      image.data.fill(0);
      mean.fill(0);
      if (irradiance) {
        const n = pixels.length / 2;
        for (let i = 0; i < n; i++) {
          evaluateSH(irradiance, normals[i * 3]!, normals[i * 3 + 1]!, normals[i * 3 + 2]!, colour);
          const o = pixels[i * 2]!;
          for (let c = 0; c < 3; c++) {
            const v = Math.max(0, colour[c]!) * ALBEDO;
            image.data[o + c] = toByte(v);
            mean[c]! += v / n;
          }
          image.data[o + 3] = pixels[i * 2 + 1]!;
        }
      }
      ctx.putImageData(image, 0, 0);
    },
  };
}
