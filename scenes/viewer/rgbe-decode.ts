/**
 * Reading Radiance `.hdr` (RGBE) files in the page, without three.js (the viewer is Babylon-only):
 * header, `-Y H +X W` resolution, flat or new-style RLE scanlines → linear float RGB, ready for
 * `projectEquirect`. Bad files throw an error naming the file and the byte offset. Pure (no DOM), so
 * the unit tests decode the forge's files with it.
 */

/** A decoded HDR image: linear RGB floats, row 0 at the top. */
export interface HdrImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** Largest image accepted (pixels), so a hostile header cannot make the page allocate gigabytes. */
export const MAX_HDR_PIXELS = 8192 * 4096;

/** Longest header line accepted, bytes. */
const MAX_HEADER_LINE = 4096;

/** Decodes RGBE bytes; `name` is used in error messages. */
export function decodeRgbe(bytes: Uint8Array, name: string): HdrImage {
  const fail = (offset: number, message: string): never => {
    throw new Error(`${name}: byte ${offset}: ${message}`);
  };
  let pos = 0;
  const line = (): string => {
    const start = pos;
    while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
    if (pos >= bytes.length) fail(start, 'header ends before the image size line');
    // Checked before the line becomes a string: spreading a huge line overflows the stack.
    if (pos - start > MAX_HEADER_LINE) fail(start, 'header line too long');
    const text = String.fromCharCode(...bytes.subarray(start, pos));
    pos++;
    return text;
  };
  const magic = line();
  if (!magic.startsWith('#?')) fail(0, 'not a Radiance .hdr file (no #? signature)');
  for (;;) {
    const start = pos;
    const text = line();
    if (text === '') break;
    if (text.startsWith('FORMAT=') && text !== 'FORMAT=32-bit_rle_rgbe')
      fail(start, `unsupported ${text} (only 32-bit_rle_rgbe)`);
  }
  const sizeAt = pos;
  const size = /^-Y (\d+) \+X (\d+)$/.exec(line());
  if (!size) fail(sizeAt, 'unsupported image orientation (expected “-Y <height> +X <width>”)');
  const height = Number(size![1]);
  const width = Number(size![2]);
  if (width < 1 || height < 1 || width * height > MAX_HDR_PIXELS)
    fail(sizeAt, `image size ${width}×${height} out of range`);

  const data = new Float32Array(width * height * 3);
  const scan = new Uint8Array(width * 4);
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail(pos, 'file is truncated');
  };
  for (let y = 0; y < height; y++) {
    need(4);
    const rle =
      width >= 8 && width < 0x8000 && bytes[pos] === 2 && bytes[pos + 1] === 2 && !(bytes[pos + 2]! & 0x80);
    if (rle) {
      if (((bytes[pos + 2]! << 8) | bytes[pos + 3]!) !== width) fail(pos, 'scanline width mismatch');
      pos += 4;
      for (let c = 0; c < 4; c++) {
        let x = 0;
        while (x < width) {
          need(2);
          let count = bytes[pos++]!;
          if (count > 128) {
            count -= 128;
            if (count === 0 || x + count > width) fail(pos - 1, 'bad run length');
            const value = bytes[pos++]!;
            for (let k = 0; k < count; k++) scan[x++ * 4 + c] = value;
          } else {
            if (count === 0 || x + count > width) fail(pos - 1, 'bad literal length');
            need(count);
            for (let k = 0; k < count; k++) scan[x++ * 4 + c] = bytes[pos++]!;
          }
        }
      }
    } else {
      need(width * 4);
      scan.set(bytes.subarray(pos, pos + width * 4));
      pos += width * 4;
    }
    for (let x = 0; x < width; x++) {
      const e = scan[x * 4 + 3]!;
      const o = (y * width + x) * 3;
      // three.js HDRLoader's scale: mantissa · 2^(e − 136).
      const f = e === 0 ? 0 : 2 ** (e - 136);
      data[o] = scan[x * 4]! * f;
      data[o + 1] = scan[x * 4 + 1]! * f;
      data[o + 2] = scan[x * 4 + 2]! * f;
    }
  }
  return { data, width, height };
}
