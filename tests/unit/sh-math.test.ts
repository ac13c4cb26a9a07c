import { describe, expect, it } from 'vitest';
import {
  COSINE_LOBE,
  SH_BAND,
  SH_FLOATS,
  evaluateSH,
  extractKeyLight,
  projectColours,
  projectCubeFaces,
  projectEquirect,
  radianceToIrradiance,
  rotateSH,
  rotationFromYawPitch,
  shBasis,
  windowSH,
} from '../../engine/lighting/index.ts';
import { bandEnergy, cubeOf, equirectOf, sphereDirections } from './sh-fixtures.ts';

const DIRS = sphereDirections(300);
const out3 = new Float64Array(3);
const at = (sh: ArrayLike<number>, d: readonly number[], c = 0): number =>
  evaluateSH(sh, d[0]!, d[1]!, d[2]!, out3)[c]!;
const norm = (v: readonly number[]): [number, number, number] => {
  const l = Math.hypot(v[0]!, v[1]!, v[2]!);
  return [v[0]! / l, v[1]! / l, v[2]! / l];
};
/** The clamped cosine max(0, d·a). */
const lobe =
  (a: readonly number[]) =>
  (x: number, y: number, z: number): number =>
    Math.max(0, x * a[0]! + y * a[1]! + z * a[2]!);
/** The exact SH of a clamped-cosine lobe around a: A_l · Y_lm(a). */
function lobeSH(a: readonly number[]): Float64Array {
  const y = new Float64Array(9);
  shBasis(a[0]!, a[1]!, a[2]!, y);
  const sh = new Float64Array(SH_FLOATS);
  for (let i = 0; i < 9; i++) sh.fill(COSINE_LOBE[SH_BAND[i]!]! * y[i]!, i * 3, i * 3 + 3);
  return sh;
}
/** A deterministic list of rotations (yaw/pitch grid plus tilted axes). */
function rotations(): Float64Array[] {
  const list: Float64Array[] = [];
  for (const yaw of [-170, -63, 0, 37, 90, 151])
    for (const pitch of [-55, -12, 0, 28, 60])
      list.push(rotationFromYawPitch(yaw, pitch, new Float64Array(9)));
  // A rotation about a skew axis (Rodrigues), so not every test matrix is yaw-then-pitch.
  const [kx, ky, kz] = norm([0.3, -0.8, 0.52]);
  const t = 1.234;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const v = 1 - c;
  list.push(
    Float64Array.from([
      c + kx * kx * v,
      kx * ky * v - kz * s,
      kx * kz * v + ky * s,
      ky * kx * v + kz * s,
      c + ky * ky * v,
      ky * kz * v - kx * s,
      kz * kx * v - ky * s,
      kz * ky * v + kx * s,
      c + kz * kz * v,
    ]),
  );
  return list;
}
const apply = (r: ArrayLike<number>, d: readonly number[]): [number, number, number] => [
  r[0]! * d[0]! + r[1]! * d[1]! + r[2]! * d[2]!,
  r[3]! * d[0]! + r[4]! * d[1]! + r[5]! * d[2]!,
  r[6]! * d[0]! + r[7]! * d[1]! + r[8]! * d[2]!,
];

describe('SH basis and projection', () => {
  it('a constant environment has only DC, and its irradiance evaluates to the constant everywhere', () => {
    const sh = projectEquirect(equirectOf(() => 0.7, 64, 32));
    expect(sh[0]).toBeCloseTo(0.7 * 0.282095 * 4 * Math.PI, 4);
    for (let i = 3; i < SH_FLOATS; i++) expect(Math.abs(sh[i]!)).toBeLessThan(1e-5);
    const irr = radianceToIrradiance(sh);
    for (const d of DIRS) expect(at(irr, d)).toBeCloseTo(0.7, 4);
  });

  it('an sRGB 8-bit equirect is linearised (mid grey 188 ≈ 0.5 linear)', () => {
    const w = 32;
    const h = 16;
    const data = new Uint8Array(w * h * 4).fill(188);
    const irr = radianceToIrradiance(
      projectEquirect({ data, width: w, height: h, channels: 4, encoding: 'srgb8' }),
    );
    expect(at(irr, [0, 1, 0])).toBeCloseTo(0.5029, 3);
  });

  it('a clamped-cosine lobe projects to A_l·Y_lm(axis) and the key light points at it', () => {
    for (const axis of [norm([0.2, 0.9, 0.4]), norm([-0.7, -0.1, 0.7]), [0, 0, -1]]) {
      const sh = projectEquirect(equirectOf(lobe(axis), 512, 256));
      const want = lobeSH(axis);
      for (let i = 0; i < SH_FLOATS; i++) expect(sh[i]!).toBeCloseTo(want[i]!, 3);
      const dir = new Float32Array(3);
      const colour = new Float32Array(3);
      const ambient = new Float32Array(SH_FLOATS);
      extractKeyLight(radianceToIrradiance(sh), dir, colour, ambient);
      expect(dir[0]! * axis[0]! + dir[1]! * axis[1]! + dir[2]! * axis[2]!).toBeGreaterThan(0.9999);
      // The irradiance of a cosine lobe of radiance 1 is itself a fit of C·max(0, n·d): C > 0, grey.
      expect(colour[0]).toBeGreaterThan(0.3);
      expect(colour[0]).toBeCloseTo(colour[2]!, 5);
    }
  });

  it('recovers an exact directional light: colour, direction and zero ambient', () => {
    const d = norm([0.3, 0.5, -0.8]);
    const colour = [0.9, 0.6, 0.3];
    const lob = lobeSH(d);
    const irr = new Float32Array(SH_FLOATS);
    for (let i = 0; i < SH_FLOATS; i++) irr[i] = lob[i]! * colour[i % 3]!;
    const dir = new Float32Array(3);
    const c = new Float32Array(3);
    const ambient = new Float32Array(SH_FLOATS);
    extractKeyLight(irr, dir, c, ambient);
    for (let k = 0; k < 3; k++) {
      expect(dir[k]).toBeCloseTo(d[k]!, 5);
      expect(c[k]).toBeCloseTo(colour[k]!, 5);
    }
    for (let i = 0; i < SH_FLOATS; i++) expect(Math.abs(ambient[i]!)).toBeLessThan(1e-5);
  });

  it('an environment with no directional part has no key light: +y, black, ambient = irradiance', () => {
    const irr = radianceToIrradiance(projectEquirect(equirectOf(() => 0.4, 32, 16)));
    const dir = new Float32Array(3);
    const c = new Float32Array(3);
    const ambient = new Float32Array(SH_FLOATS);
    extractKeyLight(irr, dir, c, ambient);
    expect(Array.from(dir)).toEqual([0, 1, 0]);
    expect(Array.from(c)).toEqual([0, 0, 0]);
    expect(Array.from(ambient)).toEqual(Array.from(irr));
  });

  it('projection then evaluation reproduces low-order functions (1 + x, y², x·z + ½y, products)', () => {
    const fs: [string, (x: number, y: number, z: number) => number][] = [
      ['1 + x', (x) => 1 + x],
      ['y²', (_x, y) => y * y],
      ['x·z + ½y', (x, y, z) => x * z + 0.5 * y],
      ['(1 + z)(1 − y)', (_x, y, z) => (1 + z) * (1 - y)],
      ['x² − z² + 2', (x, _y, z) => x * x - z * z + 2],
    ];
    for (const [name, f] of fs) {
      const sh = projectEquirect(equirectOf(f, 256, 128));
      for (const d of DIRS)
        expect(at(sh, d), `${name} at ${d.map((v) => v.toFixed(2))}`).toBeCloseTo(f(d[0]!, d[1]!, d[2]!), 3);
    }
  });

  it('equirect and cube projections of the same environment agree', () => {
    const f = (x: number, y: number, z: number): [number, number, number] => [
      1 + 0.5 * x + 2 * Math.max(0, y * 0.6 + z * 0.8) ** 8,
      0.3 + y * y,
      0.2 + Math.max(0, -x) * 3,
    ];
    const eq = projectEquirect(equirectOf(f, 512, 256));
    const cube = projectCubeFaces(cubeOf(f, 96));
    for (let i = 0; i < SH_FLOATS; i++) expect(cube[i]!, `coefficient ${i}`).toBeCloseTo(eq[i]!, 2);
    // Render-target cubes are not mirrored.
    const plain = projectCubeFaces(cubeOf(f, 96, false), undefined, { mirrorX: false });
    for (let i = 0; i < SH_FLOATS; i++) expect(plain[i]!).toBeCloseTo(cube[i]!, 5);
  });

  it('follows three.js conventions: equirect u = 0.75 looks along +z; a px cube face is seen at −x', () => {
    const w = 64;
    const h = 32;
    const data = new Uint8Array(w * h * 3);
    for (let row = 12; row < 20; row++)
      for (let c = Math.floor(0.7 * w); c < Math.ceil(0.8 * w); c++)
        data.fill(255, (row * w + c) * 3, (row * w + c) * 3 + 3);
    const dir = new Float32Array(3);
    extractKeyLight(
      radianceToIrradiance(projectEquirect({ data, width: w, height: h, channels: 3, encoding: 'srgb8' })),
      dir,
      new Float32Array(3),
    );
    expect(dir[2]).toBeGreaterThan(0.99);
    const dark = {
      data: new Uint8Array(8 * 8 * 3),
      width: 8,
      height: 8,
      channels: 3 as const,
      encoding: 'srgb8' as const,
    };
    const px = { ...dark, data: new Uint8Array(8 * 8 * 3).fill(255) };
    const sh = projectCubeFaces([px, dark, dark, dark, dark, dark]);
    expect(sh[9]).toBeLessThan(-0.5); // band-1 x coefficient: light comes from −x in three.js
    expect(
      projectCubeFaces([px, dark, dark, dark, dark, dark], undefined, { mirrorX: false })[9],
    ).toBeGreaterThan(0.5);
  });

  it('colours: sky/ground give DC and y only, an accent adds a cosine lobe in its direction', () => {
    const sh = projectColours({ sky: [1, 1, 1], ground: [0, 0, 0] });
    const irr = radianceToIrradiance(sh);
    expect(at(irr, [0, 1, 0])).toBeCloseTo(1, 5); // all of the upper hemisphere at radiance 1, cos-weighted / π
    expect(at(irr, [1, 0, 0])).toBeCloseTo(0.5, 5);
    for (let i = 6; i < SH_FLOATS; i++) expect(sh[i]).toBe(0);
    const a = norm([1, 1, 1]);
    const accent = projectColours({
      sky: [0, 0, 0],
      ground: [0, 0, 0],
      accent: { colour: [1, 0, 0], direction: [1, 1, 1] },
    });
    const want = lobeSH(a);
    for (let i = 0; i < 9; i++) {
      expect(accent[i * 3]).toBeCloseTo(want[i * 3]!, 5);
      expect(accent[i * 3 + 1]).toBe(0);
    }
    expect(() => projectColours({ sky: [1, 2, 0], ground: [0, 0, 0] }, undefined, 'page')).toThrow(
      /page: sky\[1\]/,
    );
    expect(() =>
      projectColours({
        sky: [0, 0, 0],
        ground: [0, 0, 0],
        accent: { colour: [1, 1, 1], direction: [0, 0, 0] },
      }),
    ).toThrow(/direction must not be zero/);
  });

  it('names the bad texel of an HDR image and refuses malformed images', () => {
    const img = equirectOf(() => 1, 16, 8);
    (img.data as Float32Array)[(3 * 16 + 5) * 3 + 1] = NaN;
    expect(() => projectEquirect(img, undefined, 'sky.hdr')).toThrow(
      /sky\.hdr: texel \(5, 3\) channel g is NaN/,
    );
    expect(() =>
      projectEquirect(
        { data: new Uint8Array(10), width: 4, height: 4, channels: 3, encoding: 'srgb8' },
        undefined,
        'x.png',
      ),
    ).toThrow(/x\.png: 4×4×3 needs 48 values/);
    expect(() => projectCubeFaces(cubeOf(() => 1, 4).slice(0, 5))).toThrow(/6 faces/);
  });
});

describe('SH rotation', () => {
  const base = projectEquirect(
    equirectOf(
      (x, y, z) => [1 + x + 2 * lobe(norm([0.2, 0.7, -0.4]))(x, y, z) ** 3, 0.5 + y * z, x * x + 0.2 * z],
      128,
      64,
    ),
  );

  it('preserves each band’s energy under arbitrary rotations, and R then Rᵀ is the identity', () => {
    const rotated = new Float32Array(SH_FLOATS);
    const back = new Float32Array(SH_FLOATS);
    for (const r of rotations()) {
      rotateSH(base, r, rotated);
      const rt = Float64Array.from([r[0]!, r[3]!, r[6]!, r[1]!, r[4]!, r[7]!, r[2]!, r[5]!, r[8]!]);
      rotateSH(rotated, rt, back);
      for (let c = 0; c < 3; c++)
        for (let l = 0; l < 3; l++) expect(bandEnergy(rotated, l, c)).toBeCloseTo(bandEnergy(base, l, c), 4);
      for (let i = 0; i < SH_FLOATS; i++) expect(back[i]).toBeCloseTo(base[i]!, 5);
    }
  });

  it('rotating a lobe moves its peak: R·lobe(a) = lobe(R·a), and L′(d) = L(Rᵀd)', () => {
    const a = norm([0.1, 0.3, 0.95]);
    const rotated = new Float32Array(SH_FLOATS);
    for (const r of rotations()) {
      rotateSH(Float32Array.from(lobeSH(a)), r, rotated);
      const want = lobeSH(apply(r, a));
      for (let i = 0; i < SH_FLOATS; i++) expect(rotated[i]).toBeCloseTo(want[i]!, 5);
      rotateSH(base, r, rotated);
      for (const d of DIRS.slice(0, 40)) {
        const back = apply([r[0]!, r[3]!, r[6]!, r[1]!, r[4]!, r[7]!, r[2]!, r[5]!, r[8]!], d);
        expect(at(rotated, d, 1)).toBeCloseTo(at(base, back, 1), 4);
      }
    }
  });

  it('yaw 90° turns +z towards +x; positive pitch raises +z towards +y', () => {
    const r = rotationFromYawPitch(90, 0);
    const p = apply(r, [0, 0, 1]);
    expect(p[0]).toBeCloseTo(1, 12);
    const q = apply(rotationFromYawPitch(0, 30), [0, 0, 1]);
    expect(q[1]).toBeCloseTo(0.5, 12);
    expect(q[2]).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });
});

describe('windowing and irradiance', () => {
  it('a Hanning window reduces the negative lobes of a hard-edged environment', () => {
    const sun = norm([0.3, 0.8, 0.5]);
    const sh = projectEquirect(
      equirectOf((x, y, z) => (x * sun[0] + y * sun[1] + z * sun[2] > 0.97 ? 50 : 0), 512, 256),
    );
    const ratio = (s: ArrayLike<number>): number => {
      let min = Infinity;
      let max = -Infinity;
      for (const d of DIRS) {
        const v = at(s, d);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return min / max;
    };
    const raw = ratio(sh);
    expect(raw).toBeLessThan(-0.1);
    const soft = ratio(windowSH(sh, 1));
    expect(soft).toBeGreaterThan(raw / 2);
    expect(ratio(windowSH(sh, 2))).toBeGreaterThanOrEqual(soft);
    // Strength 0 is the identity; the classic window is (1, ¾, ¼).
    expect(Array.from(windowSH(sh, 0))).toEqual(Array.from(sh));
    const w = windowSH(sh, 1);
    expect(w[3]! / sh[3]!).toBeCloseTo(0.75, 6);
    expect(w[12]! / sh[12]!).toBeCloseTo(0.25, 6);
  });

  it('irradiance = radiance × (1, 2/3, 1/4) per band and out may alias the input', () => {
    const sh = Float32Array.from({ length: SH_FLOATS }, (_, i) => i + 1);
    const irr = radianceToIrradiance(sh);
    expect(irr[0]).toBe(1);
    expect(irr[3]).toBeCloseTo(4 * (2 / 3), 6);
    expect(irr[26]).toBeCloseTo(27 / 4, 6);
    radianceToIrradiance(sh, sh);
    expect(Array.from(sh)).toEqual(Array.from(irr));
  });
});
