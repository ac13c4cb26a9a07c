/**
 * The 8-bit preview of an HDR environment: what the scenes show as the background and the picker's
 * thumbnail (the light itself comes from the HDR data's SH). ACES-fitted tone curve (Narkowicz),
 * then sRGB encoding; deterministic arithmetic only.
 */
import { PNG } from 'pngjs';
import { linearToSrgb } from '../../engine/lighting/colour.ts';

/** Narkowicz's ACES fit: keeps highlights (the sun) from clipping flat. */
function aces(x: number): number {
  return Math.min(1, Math.max(0, (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14)));
}

/** Linear RGB floats → 8-bit sRGB RGB bytes (tone mapped at `exposure`). */
export function toneMap(data: Float32Array, exposure: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++)
    out[i] = Math.round(255 * linearToSrgb(aces(Math.max(0, data[i]!) * exposure)));
  return out;
}

/** RGB bytes → PNG file bytes (colour type 2, deterministic zlib settings). */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  return new Uint8Array(PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

/** PNG file bytes → RGB bytes (for the test that the committed previews are the forge's). */
export function decodePngRgb(bytes: Uint8Array): { rgb: Uint8Array; width: number; height: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    rgb[i * 3] = png.data[i * 4]!;
    rgb[i * 3 + 1] = png.data[i * 4 + 1]!;
    rgb[i * 3 + 2] = png.data[i * 4 + 2]!;
  }
  return { rgb, width: png.width, height: png.height };
}
