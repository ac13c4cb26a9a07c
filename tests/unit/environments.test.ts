import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSH } from '../../engine/lighting/sh-basis.ts';
import { projectEquirect } from '../../engine/lighting/project-equirect.ts';
import { decodeRgbe } from '../../scenes/viewer/rgbe-decode.ts';
import { ENVIRONMENTS_DIR, forgeEnvironments } from '../../tools/environments/forge.ts';
import type { ForgedEnvironments } from '../../tools/environments/forge.ts';
import { equirectDirection } from '../../tools/environments/equirect.ts';
import { decodePngRgb } from '../../tools/environments/preview.ts';
import { encodeRgbe } from '../../tools/environments/rgbe.ts';

let forged: ForgedEnvironments;
const committed = (name: string): Uint8Array => new Uint8Array(readFileSync(join(ENVIRONMENTS_DIR, name)));
const sh = (id: string): Float32Array =>
  Float32Array.from(forged.index.environments.find((e) => e.id === id)!.radiance_sh);
const at = (s: Float32Array, d: [number, number, number]): number[] => {
  const l = Math.hypot(...d);
  return Array.from(evaluateSH(s, d[0] / l, d[1] / l, d[2] / l, [0, 0, 0]));
};
const luma = (c: number[]): number => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;

beforeAll(() => {
  forged = forgeEnvironments();
});

describe('environment forge (capsule forge-environments)', () => {
  it('bundles studio, sunset, night-neon and overcast, under 1 MB in all', () => {
    expect(forged.index.environments.map((e) => e.id)).toEqual([
      'studio',
      'sunset',
      'night-neon',
      'overcast',
    ]);
    const total = [...forged.files.values()].reduce((s, b) => s + b.byteLength, 0);
    expect(total).toBeLessThan(1024 * 1024);
  });

  it('gives the same bytes on every run', () => {
    const again = forgeEnvironments();
    for (const [name, bytes] of forged.files)
      expect(Buffer.from(again.files.get(name)!).equals(bytes)).toBe(true);
  });

  it('matches the committed assets/environments (run `capsule forge-environments` after changing tools/environments)', () => {
    for (const [name, bytes] of forged.files) {
      const file = committed(name);
      if (name.endsWith('.hdr')) expect(Buffer.from(file).equals(bytes), name).toBe(true);
      else if (name.endsWith('.png')) expect(decodePngRgb(file).rgb, name).toEqual(decodePngRgb(bytes).rgb);
    }
    const index = JSON.parse(new TextDecoder().decode(committed('environments.json'))) as typeof forged.index;
    expect({ ...index, environments: [] }).toEqual({ ...forged.index, environments: [] });
    for (const [k, e] of forged.index.environments.entries()) {
      const c = index.environments[k]!;
      expect({ ...c, radiance_sh: [] }).toEqual({ ...e, radiance_sh: [] });
      for (let i = 0; i < 27; i++)
        expect(Math.abs(c.radiance_sh[i]! - e.radiance_sh[i]!), `${e.id}[${i}]`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('the .hdr files decode (RGBE RLE) to the SH in environments.json, within the 8-bit mantissa', () => {
    for (const e of forged.index.environments) {
      const img = decodeRgbe(committed(e.hdr), e.hdr);
      expect([img.width, img.height]).toEqual([256, 128]);
      const fromFile = projectEquirect({ ...img, channels: 3, encoding: 'linear' });
      for (let i = 0; i < 27; i++) expect(fromFile[i]).toBeCloseTo(e.radiance_sh[i]!, 1);
      // DC within 1 %.
      for (let c = 0; c < 3; c++) expect(Math.abs(fromFile[c]! / e.radiance_sh[c]! - 1)).toBeLessThan(0.01);
    }
  });

  it('each environment lights the way its name says', () => {
    // Studio: brighter from the camera's upper left (−x, +y, +z) than from its upper right; neutral.
    const studio = sh('studio');
    expect(luma(at(studio, [-1, 1, 1]))).toBeGreaterThan(1.3 * luma(at(studio, [1, 1, 1])));
    const dc = studio.slice(0, 3);
    expect(Math.max(...dc) / Math.min(...dc)).toBeLessThan(1.05);
    // Sunset: warm (red > blue) towards the sun, blue above.
    const sunset = sh('sunset');
    const toSun = at(sunset, [0.85, 0.14, 0.55]);
    expect(toSun[0]! / toSun[2]!).toBeGreaterThan(2);
    // Overcast: cool and flat (front vs side within 15 %, blue ≥ red).
    const overcast = sh('overcast');
    const front = at(overcast, [0, 0.3, 1]);
    expect(Math.abs(luma(front) / luma(at(overcast, [1, 0.3, 0])) - 1)).toBeLessThan(0.15);
    expect(front[2]!).toBeGreaterThan(front[0]!);
    // Night neon: dark overall, magenta on the camera's left, cyan on its right.
    const neon = sh('night-neon');
    const left = at(neon, [-1, 0.2, 0.4]);
    const right = at(neon, [1, 0.1, 0.3]);
    expect(left[0]!).toBeGreaterThan(2 * left[1]!);
    expect(right[2]!).toBeGreaterThan(2 * right[0]!);
    expect(neon[0]!).toBeLessThan(studio[0]! / 2);
  });

  it('the pixel → direction mapping is three.js equirectUv (u 0.75 = +z, row 0 = up)', () => {
    const d = [0, 0, 0];
    equirectDirection(191.5, 63.5, 256, 128, d);
    expect(d[0]).toBeCloseTo(0, 6);
    expect(d[2]).toBeCloseTo(1, 6);
    equirectDirection(127.5, 0, 256, 128, d);
    expect(d[1]).toBeGreaterThan(0.99);
  });

  it('RGBE: flat scanlines decode too; a truncated file names the file and the byte offset', () => {
    const img = new Float32Array(16 * 2 * 3).map((_, i) => (i % 7) * 0.3);
    const rle = encodeRgbe(img, 16, 2);
    const decoded = decodeRgbe(rle, 'x.hdr');
    for (let i = 0; i < img.length; i++) expect(decoded.data[i]).toBeCloseTo(img[i]!, 1);
    expect(() => decodeRgbe(rle.subarray(0, rle.length - 5), 'cut.hdr')).toThrow(
      /cut\.hdr: byte \d+: file is truncated/,
    );
    expect(() => decodeRgbe(new TextEncoder().encode('PNG....'), 'nope.hdr')).toThrow(/nope\.hdr: byte 0/);
    // Flat (uncompressed) pixels: mantissa 64, exponent 129 → 64·2^-7 = 0.5.
    const header = new TextEncoder().encode('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 2\n');
    const flat = new Uint8Array([...header, 64, 64, 64, 129, 128, 0, 0, 129]);
    expect(Array.from(decodeRgbe(flat, 'flat.hdr').data)).toEqual([0.5, 0.5, 0.5, 1, 0, 0]);
  });
});
