/**
 * Meshes from parametric patches: a rows × columns grid of points (optionally closed around the
 * columns, optionally ending in a pole) triangulated with outward winding. Lids, lashes, brows,
 * lips, teeth and eyeballs are patches like this: their parameters are what the morphs move.
 */
import type { TriMesh } from './surface-nets.ts';
import type { Vec3 } from './vec.ts';

/** One grid sample: position, outward normal, and two morph parameters. */
export interface PatchPoint {
  readonly p: Vec3;
  readonly n: Vec3;
  readonly params?: readonly [number, number];
}

/** A patch mesh and its per-vertex parameters. */
export interface Patch extends TriMesh {
  readonly params: Float64Array;
}

/**
 * Triangulates `rows` × `cols` samples from `at(i, j)`. With `wrap`, column cols−1 joins column 0.
 * Each triangle is wound so its face normal agrees with the samples' normals.
 */
export function gridPatch(
  rows: number,
  cols: number,
  at: (i: number, j: number) => PatchPoint,
  wrap = false,
): Patch {
  const pos: number[] = [];
  const nrm: number[] = [];
  const prm: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const s = at(i, j);
      pos.push(...s.p);
      nrm.push(...s.n);
      prm.push(...(s.params ?? [0, 0]));
    }
  }
  const idx: number[] = [];
  const cEnd = wrap ? cols : cols - 1;
  for (let i = 0; i < rows - 1; i++) {
    for (let j = 0; j < cEnd; j++) {
      const j1 = (j + 1) % cols;
      const a = i * cols + j;
      const b = i * cols + j1;
      const c = (i + 1) * cols + j1;
      const d = (i + 1) * cols + j;
      wind(pos, nrm, idx, a, b, c);
      wind(pos, nrm, idx, a, c, d);
    }
  }
  return {
    positions: Float64Array.from(pos),
    normals: Float64Array.from(nrm),
    indices: Uint32Array.from(idx),
    params: Float64Array.from(prm),
  };
}

function wind(
  p: readonly number[],
  n: readonly number[],
  out: number[],
  a: number,
  b: number,
  c: number,
): void {
  const ux = p[3 * b]! - p[3 * a]!;
  const uy = p[3 * b + 1]! - p[3 * a + 1]!;
  const uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!;
  const vy = p[3 * c + 1]! - p[3 * a + 1]!;
  const vz = p[3 * c + 2]! - p[3 * a + 2]!;
  const fx = uy * vz - uz * vy;
  const fy = uz * vx - ux * vz;
  const fz = ux * vy - uy * vx;
  if (Math.hypot(fx, fy, fz) < 1e-14) return;
  const nx = n[3 * a]! + n[3 * b]! + n[3 * c]!;
  const ny = n[3 * a + 1]! + n[3 * b + 1]! + n[3 * c + 1]!;
  const nz = n[3 * a + 2]! + n[3 * b + 2]! + n[3 * c + 2]!;
  if (fx * nx + fy * ny + fz * nz >= 0) out.push(a, b, c);
  else out.push(a, c, b);
}

/** Concatenates patches (parameters included). */
export function mergePatches(patches: readonly Patch[]): Patch {
  const pos: number[] = [];
  const nrm: number[] = [];
  const prm: number[] = [];
  const idx: number[] = [];
  for (const m of patches) {
    const base = pos.length / 3;
    pos.push(...m.positions);
    nrm.push(...m.normals);
    prm.push(...m.params);
    for (const i of m.indices) idx.push(i + base);
  }
  return {
    positions: Float64Array.from(pos),
    normals: Float64Array.from(nrm),
    indices: Uint32Array.from(idx),
    params: Float64Array.from(prm),
  };
}
