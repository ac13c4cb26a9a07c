/**
 * The `capsule validate`, `pack` and `inspect` commands run as a user runs them (node bin/capsule.js):
 * a valid library prints its counts and exits 0; a malformed capsule exits non-zero with
 * `file: id: path: message` on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Capsule } from '../../engine/capsules/schema-types.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function validCapsule(id: string, domain: Capsule['domain'] = 'HK'): Capsule {
  return {
    format_version: 1,
    id,
    domain,
    subtype: 'finger_cluster',
    trigger: { relative_to: 'speech_onset', offset_ms: -200 },
    duration_ms: 100,
    envelope: { attack_ms: 20, hold_ms: 60, release_ms: 20, easing: 'linear' },
    tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 15] }],
    priority: 5,
    blend_mode: 'additive',
  };
}

function capsule(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/capsule.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function library(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'capsule-cli-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'capsule.schema.json'), '{}');
  for (const [name, json] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  }
  return dir;
}

const VALID = {
  'HK/HK_001.capsule.json': validCapsule('HK_001'),
  'HK/HK_002.capsule.json': validCapsule('HK_002'),
  'HF/HF_001.capsule.json': validCapsule('HF_001'),
  'FMM/FMM_001.capsule.json': {
    ...validCapsule('FMM_001', 'FMM'),
    tracks: [{ kind: 'expression', target: 'blink', value: 1 }],
  },
  'profiles/calm.profile.json': {
    format_version: 1,
    id: 'calm',
    capsules: [
      { id: 'HK_001', weight: 0.5 },
      { id: 'FMM_001', weight: 1 },
    ],
  },
};

describe('capsule validate', () => {
  it('a valid folder: counts by id prefix, exit 0', () => {
    const dir = library(VALID);
    const r = capsule('validate', dir);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('4 capsules valid (FMM 1, HF 1, HK 2), 1 profile valid');
    expect(r.status).toBe(0);
  });

  it('a malformed capsule: exit ≠ 0, stderr names file, id, path and the mistake', () => {
    const bad = {
      ...validCapsule('HK_003'),
      tracks: [{ kind: 'joint', target: 'leftHnd', value: [0, 0, 1] }],
    };
    const dir = library({ ...VALID, 'HK/HK_003.capsule.json': bad });
    const r = capsule('validate', dir);
    expect(r.status).not.toBe(0);
    const file = join(dir, 'HK/HK_003.capsule.json');
    expect(r.stderr).toContain(
      `${file}: HK_003: tracks[0].target: unknown bone "leftHnd" (expected a VRM 1.0 humanoid bone name; did you mean "leftHand"?)`,
    );
    expect(r.stderr).toContain(
      '1 error in 1 file; 4 capsules valid (FMM 1, HF 1, HK 2), 1 profile valid (the rest still load)',
    );
    expect(r.stdout).toBe('');
  });

  it('a single file is checked in its library, so references and profiles resolve', () => {
    const dir = library(VALID);
    const ok = capsule('validate', join(dir, 'profiles/calm.profile.json'));
    expect(ok.stdout.trim()).toBe('0 capsules valid, 1 profile valid');
    expect(ok.status).toBe(0);
    const broken = library({ ...VALID, 'HK/HK_009.capsule.json': '{\n  "id": "HK_009",\n  oops\n}' });
    const r = capsule('validate', join(broken, 'HK/HK_009.capsule.json'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      `${join(broken, 'HK/HK_009.capsule.json')}: ?: invalid JSON at line 3, column 3: expected double-quoted property name`,
    );
  });

  it('pack writes a .capk that validates and inspects like the folder', () => {
    const dir = library(VALID);
    const out = join(dir, 'out/lib.capk');
    const p = capsule('pack', dir, '--out', out);
    expect(p.stderr).toBe('');
    expect(p.stdout).toMatch(/^packed 4 capsules and 1 profile into .*lib\.capk: \d+ bytes/);
    expect(p.status).toBe(0);
    const v = capsule('validate', out);
    expect(v.stdout.trim()).toBe('4 capsules valid (FMM 1, HF 1, HK 2), 1 profile valid');
    expect(v.status).toBe(0);
    const i = capsule('inspect', 'HK_002', '--lib', out);
    expect(i.status).toBe(0);
    expect(i.stdout).toContain('HK_002 — hand kinematics (HK), finger_cluster');
    expect(i.stdout).toMatch(/joint\s+rightIndexProximal\s+value \(0, 0, 15\)°/);
  });

  it('inspect: an unknown id exits non-zero with a clear message', () => {
    const dir = library(VALID);
    const r = capsule('inspect', 'HK_004', '--lib', dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      `inspect: no capsule or profile "HK_004" in ${dir} (4 capsules, 1 profile); did you mean HK_001?`,
    );
  });
});
