/**
 * Turning a user's image into an environment, in the page: PNG/JPEG through the browser's decoder
 * (a canvas, scaled to at most 512×256 — plenty for L2 SH), Radiance `.hdr` through the project's
 * own RGBE reader (no three.js in the Babylon page), then `projectEquirect`. The preview shown as
 * the background is an 8-bit copy. Refusals are errors naming the file.
 */
import { linearToSrgb, projectEquirect } from '../../engine/lighting/index.ts';
import { decodeRgbe } from './rgbe-decode.ts';

/** An environment made from a file. */
export interface LoadedEnvironment {
  readonly name: string;
  /** Radiance SH, 27 floats. */
  readonly radiance: Float32Array;
  /** Data URL of the 8-bit equirect preview (background). */
  readonly previewUrl: string;
}

/** Largest size the projection reads (the image is scaled down to it). */
const MAX_WIDTH = 512;
/** An equirect panorama is 2:1; this much either way is accepted. */
const ASPECT_TOLERANCE = 0.25;

const isHdr = (bytes: Uint8Array, name: string): boolean =>
  /\.(hdr|pic|rgbe)$/i.test(name) || (bytes[0] === 0x23 && bytes[1] === 0x3f); // "#?"

function checkAspect(name: string, width: number, height: number): void {
  const aspect = width / height;
  if (Math.abs(aspect / 2 - 1) > ASPECT_TOLERANCE)
    throw new Error(
      `${name}: ${width}×${height} is not an equirect panorama (the width must be about twice the height)`,
    );
}

/** Linear → 8-bit sRGB with a soft shoulder, for the background preview of an HDR image. */
const previewByte = (x: number): number => {
  const t = Math.max(0, x) / (1 + Math.max(0, x));
  return Math.round(Math.min(1, linearToSrgb(t) * 1.6) * 255);
};

function hdrEnvironment(bytes: Uint8Array, name: string): LoadedEnvironment {
  const hdr = decodeRgbe(bytes, name);
  checkAspect(name, hdr.width, hdr.height);
  const radiance = projectEquirect({ ...hdr, channels: 3, encoding: 'linear' }, undefined, name);
  // Preview: nearest-sample down to ≤ 512 wide.
  const w = Math.min(MAX_WIDTH, hdr.width);
  const h = Math.max(1, Math.round((w * hdr.height) / hdr.width));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(w, h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = Math.floor(((x + 0.5) * hdr.width) / w);
      const sy = Math.floor(((y + 0.5) * hdr.height) / h);
      const i = (sy * hdr.width + sx) * 3;
      const o = (y * w + x) * 4;
      image.data[o] = previewByte(hdr.data[i]!);
      image.data[o + 1] = previewByte(hdr.data[i + 1]!);
      image.data[o + 2] = previewByte(hdr.data[i + 2]!);
      image.data[o + 3] = 255;
    }
  ctx.putImageData(image, 0, 0);
  return { name, radiance, previewUrl: canvas.toDataURL('image/png') };
}

async function ldrEnvironment(bytes: Uint8Array, name: string): Promise<LoadedEnvironment> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  } catch {
    throw new Error(`${name}: not an image this browser can decode (PNG, JPEG) nor a Radiance .hdr file`);
  }
  try {
    checkAspect(name, bitmap.width, bitmap.height);
    const w = Math.min(MAX_WIDTH, bitmap.width);
    const h = Math.max(1, Math.round((w * bitmap.height) / bitmap.width));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0, w, h);
    const pixels = ctx.getImageData(0, 0, w, h);
    const radiance = projectEquirect(
      { data: pixels.data, width: w, height: h, channels: 4, encoding: 'srgb8' },
      undefined,
      name,
    );
    return { name, radiance, previewUrl: canvas.toDataURL('image/png') };
  } finally {
    bitmap.close();
  }
}

/** Decodes and projects an environment image; throws an Error naming `name` when it cannot. */
export async function decodeEnvironmentFile(bytes: Uint8Array, name: string): Promise<LoadedEnvironment> {
  if (bytes.length === 0) throw new Error(`${name}: the file is empty`);
  return isHdr(bytes, name) ? hdrEnvironment(bytes, name) : ldrEnvironment(bytes, name);
}
