/**
 * An environment image as the projections take it: plain pixel data, so the math needs no DOM,
 * canvas or renderer (tools decode files into it; pages can pass `ImageData`).
 */

/** Pixels of an equirectangular map or one cube face, rows top to bottom. */
export interface EnvironmentImage {
  /** Row-major pixels, `channels` values each (alpha, if present, is ignored). */
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels: 3 | 4;
  /** `srgb8`: 0..255 sRGB-encoded (PNG, JPEG, canvas); `linear`: float linear radiance (HDR). */
  encoding: 'srgb8' | 'linear';
}

/** Throws a RangeError naming `source` when the image's shape does not add up. */
export function checkImage(image: EnvironmentImage, source: string): void {
  const { width, height, channels, encoding, data } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1)
    throw new RangeError(`${source}: width and height must be positive integers, got ${width}×${height}`);
  if (channels !== 3 && channels !== 4)
    throw new RangeError(`${source}: channels must be 3 or 4, got ${String(channels)}`);
  if (encoding !== 'srgb8' && encoding !== 'linear')
    throw new RangeError(`${source}: encoding must be "srgb8" or "linear", got ${String(encoding)}`);
  if (!data || data.length < width * height * channels)
    throw new RangeError(
      `${source}: ${width}×${height}×${channels} needs ${width * height * channels} values, got ${data ? data.length : 0}`,
    );
}
