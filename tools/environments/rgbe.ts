/**
 * Radiance `.hdr` (RGBE) writing: the bundled environments keep real HDR (a sun two hundred times
 * brighter than the sky) in a format every HDR tool and three.js's `HDRLoader` read. Scanlines are
 * run-length encoded (new-style RLE), which also keeps a flat scanline from being misread as RLE.
 * Reading is `scenes/viewer/rgbe-decode.ts` (pure, used by the viewer and the tests).
 */

/** Float RGB → RGBE bytes (Ward's encoding: shared exponent, 8-bit mantissas). */
function toRgbe(r: number, g: number, b: number, out: Uint8Array, o: number): void {
  const v = Math.max(r, g, b);
  if (!(v > 1e-32)) {
    out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
    return;
  }
  // v = m · 2^e with m in [0.5, 1).
  let e = Math.ceil(Math.log2(v));
  while (v / 2 ** e >= 1) e++;
  while (v / 2 ** e < 0.5) e--;
  const scale = 256 / 2 ** e;
  out[o] = Math.min(255, Math.floor(r * scale));
  out[o + 1] = Math.min(255, Math.floor(g * scale));
  out[o + 2] = Math.min(255, Math.floor(b * scale));
  out[o + 3] = e + 128;
}

/** One channel of a scanline as RLE packets: runs of ≥ 3 equal bytes, literals between. */
function encodeChannel(bytes: Uint8Array, out: number[]): void {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    let run = 1;
    while (i + run < n && run < 127 && bytes[i + run] === bytes[i]) run++;
    if (run >= 3) {
      out.push(128 + run, bytes[i]!);
      i += run;
      continue;
    }
    // A literal until the next run of 3 (or 128 bytes).
    let end = i;
    while (
      end < n &&
      end - i < 128 &&
      !(end + 2 < n && bytes[end] === bytes[end + 1] && bytes[end] === bytes[end + 2])
    )
      end++;
    out.push(end - i);
    for (let k = i; k < end; k++) out.push(bytes[k]!);
    i = end;
  }
}

/** Encodes linear RGB floats (row 0 at the top) as a Radiance `.hdr` file. */
export function encodeRgbe(data: Float32Array, width: number, height: number): Uint8Array {
  if (width < 8 || width > 0x7fff) throw new Error(`RGBE RLE needs 8 ≤ width ≤ 32767, got ${width}`);
  const header = `#?RADIANCE\n# capsule forge-environments\nFORMAT=32-bit_rle_rgbe\n\n-Y ${height} +X ${width}\n`;
  const out: number[] = Array.from(header, (c) => c.charCodeAt(0));
  const pixel = new Uint8Array(4 * width);
  const channel = new Uint8Array(width);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const o = (j * width + i) * 3;
      toRgbe(data[o]!, data[o + 1]!, data[o + 2]!, pixel, i * 4);
    }
    out.push(2, 2, width >> 8, width & 255);
    for (let c = 0; c < 4; c++) {
      for (let i = 0; i < width; i++) channel[i] = pixel[i * 4 + c]!;
      encodeChannel(channel, out);
    }
  }
  return Uint8Array.from(out);
}
