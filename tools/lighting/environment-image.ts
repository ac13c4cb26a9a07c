/**
 * Reads environment images for the tools (Node only): PNG through `pngjs` (8-bit sRGB; 16-bit is
 * reduced to 8) and Radiance `.hdr` (RGBE) through three.js's `HDRLoader` as linear float. Both come
 * out as the `EnvironmentImage` the SH projections take, rows top to bottom (row 0 = +y for equirects).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { PNG } from 'pngjs';
import { FloatType } from 'three';
import { HDRLoader } from 'three/examples/jsm/loaders/HDRLoader.js';
import type { EnvironmentImage } from '../../engine/lighting/index.ts';

/** A file that is not a readable environment image; names the file and, where known, the byte offset. */
export class EnvironmentImageError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly byteOffset?: number,
  ) {
    super(`${file}${byteOffset === undefined ? '' : ` (byte ${byteOffset})`}: ${reason}`);
    this.name = 'EnvironmentImageError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes PNG bytes (any colour type pngjs reads) into RGBA sRGB 8-bit. */
export function decodePng(bytes: Uint8Array, file = 'image.png'): EnvironmentImage {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new EnvironmentImageError(file, 'not a PNG (bad signature)', 0);
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new EnvironmentImageError(file, `PNG decode failed: ${(err as Error).message}`);
  }
  return { data: png.data, width: png.width, height: png.height, channels: 4, encoding: 'srgb8' };
}

/** Decodes Radiance RGBE (`.hdr`) bytes into linear float RGBA. */
export function decodeHdr(bytes: Uint8Array, file = 'image.hdr'): EnvironmentImage {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 16)));
  if (!head.startsWith('#?'))
    throw new EnvironmentImageError(file, 'not a Radiance .hdr (missing "#?" magic)', 0);
  const loader = new HDRLoader().setDataType(FloatType);
  let parsed: { width: number; height: number; data: ArrayLike<number> } | undefined;
  try {
    const copy = bytes.slice().buffer;
    parsed = loader.parse(copy) as { width: number; height: number; data: ArrayLike<number> };
  } catch (err) {
    throw new EnvironmentImageError(file, `RGBE decode failed: ${(err as Error).message}`);
  }
  if (
    !parsed ||
    !(parsed.width > 0) ||
    !(parsed.height > 0) ||
    parsed.data.length < parsed.width * parsed.height * 4
  )
    throw new EnvironmentImageError(file, 'RGBE decode produced no pixels');
  return { data: parsed.data, width: parsed.width, height: parsed.height, channels: 4, encoding: 'linear' };
}

/** Reads an environment image by extension (.png, .hdr); throws {@link EnvironmentImageError}. */
export function readEnvironmentImage(file: string): EnvironmentImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new EnvironmentImageError(
      file,
      `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.png') return decodePng(bytes, file);
  if (ext === '.hdr' || ext === '.rgbe' || ext === '.pic') return decodeHdr(bytes, file);
  throw new EnvironmentImageError(file, `unsupported image type "${ext || '(none)'}" (use .png or .hdr)`);
}
