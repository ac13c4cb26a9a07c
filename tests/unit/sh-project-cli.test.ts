/**
 * `capsule project-sh` as a user runs it, and the Node image readers behind it: PNG and Radiance .hdr
 * decode into the projection's image form; the bundled environments project to the SH their forge
 * recorded; bad files exit 1 naming the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { SH_FLOATS, projectEquirect, rotateSH, rotationFromYawPitch } from '../../engine/lighting/index.ts';
import { decodePng, readEnvironmentImage } from '../../tools/lighting/environment-image.ts';
import { projectShFile } from '../../tools/lighting/project-sh.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const ENV_DIR = join(ROOT, 'assets/environments');
const dir = mkdtempSync(join(tmpdir(), 'project-sh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capsule(...args: string[]) {
  return spawnSync(process.execPath, ['bin/capsule.js', ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('environment images in Node', () => {
  it('decodes a PNG into sRGB 8-bit RGBA, rows top to bottom', () => {
    const png = new PNG({ width: 4, height: 2 });
    png.data.fill(0);
    png.data.set([255, 10, 20, 255], 0); // top-left
    const img = decodePng(PNG.sync.write(png), 'tiny.png');
    expect(img).toMatchObject({ width: 4, height: 2, channels: 4, encoding: 'srgb8' });
    expect(Array.from(img.data as Uint8Array).slice(0, 4)).toEqual([255, 10, 20, 255]);
  });

  it('reads the bundled .hdr environments (three.js HDRLoader in Node) and projects them as recorded', () => {
    let index: { environments: { id: string; hdr: string; radiance_sh: number[] }[] };
    try {
      index = JSON.parse(readFileSync(join(ENV_DIR, 'environments.json'), 'utf8'));
    } catch {
      console.warn('skipped: assets/environments/environments.json is absent');
      return;
    }
    for (const env of index.environments) {
      const img = readEnvironmentImage(join(ENV_DIR, env.hdr));
      expect(img.encoding).toBe('linear');
      const sh = projectEquirect(img);
      // The forge projected its float image; the file holds it RGBE-quantised (≈ 1 % per texel).
      for (let i = 0; i < SH_FLOATS; i++)
        expect(Math.abs(sh[i]! - env.radiance_sh[i]!), `${env.id} coefficient ${i}`).toBeLessThan(
          0.01 * Math.abs(env.radiance_sh[0]!) + 1e-3,
        );
    }
  });
});

describe('capsule project-sh', () => {
  it('prints 27 radiance floats as JSON, and --rotate-yaw turns them', () => {
    const png = new PNG({ width: 32, height: 16 });
    for (let i = 0; i < 32 * 16; i++) png.data.set([i % 32 < 16 ? 240 : 30, 120, 60, 255], i * 4);
    const file = join(dir, 'half.png');
    writeFileSync(file, PNG.sync.write(png));
    const r = capsule('project-sh', file);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.radiance_sh).toHaveLength(27);
    const direct = projectEquirect(decodePng(readFileSync(file)));
    for (let i = 0; i < SH_FLOATS; i++) expect(json.radiance_sh[i]).toBeCloseTo(direct[i]!, 4);
    const out = join(dir, 'turned.json');
    const t = capsule('project-sh', file, '--rotate-yaw', '45', '--out', out);
    expect(t.status, t.stderr).toBe(0);
    const turned = JSON.parse(readFileSync(out, 'utf8'));
    const want = rotateSH(direct, rotationFromYawPitch(45, 0));
    for (let i = 0; i < SH_FLOATS; i++) expect(turned.radiance_sh[i]).toBeCloseTo(want[i]!, 4);
    expect(turned.rotate_yaw_deg).toBe(45);
  }, 60_000);

  it('exits 1 naming the file for missing, mistyped and corrupt images', () => {
    const bad = join(dir, 'broken.hdr');
    writeFileSync(bad, '#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 8 +X 8\n\x02\x02');
    const notPng = join(dir, 'fake.png');
    writeFileSync(notPng, 'hello');
    for (const [file, pattern] of [
      [join(dir, 'missing.hdr'), /EnvironmentImageError: .*missing\.hdr: cannot read: ENOENT/],
      [notPng, /EnvironmentImageError: .*fake\.png \(byte 0\): not a PNG/],
      [bad, /EnvironmentImageError: .*broken\.hdr: RGBE decode failed/],
    ] as const) {
      const r = capsule('project-sh', file);
      expect(r.status, file).toBe(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect(() => projectShFile(join(ROOT, 'package.json'))).toThrow(
      /package\.json: unsupported image type "\.json"/,
    );
    expect(() => projectShFile(notPng, NaN)).toThrow(/--rotate-yaw must be a number/);
  }, 90_000);
});
