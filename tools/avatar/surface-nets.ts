/**
 * Polygonises a signed-distance field with naive surface nets: one vertex per grid cell the
 * surface crosses, one quad per crossed grid edge. Vertices are then pulled exactly onto the
 * surface by Newton steps and normals come from the field's gradient, so a coarse grid still
 * gives a smooth, well-shaded skin. Output is deterministic: fixed loop order, no randomness.
 */
import type { Sdf } from './sdf.ts';
import type { Vec3 } from './vec.ts';

/** The sampled box: `min`/`max` corners and the cell size, all in metres. */
export interface Grid {
  readonly min: Vec3;
  readonly max: Vec3;
  readonly cell: number;
}

/** An indexed triangle mesh with per-vertex normals (typed arrays, 3 numbers per vertex). */
export interface TriMesh {
  readonly positions: Float64Array;
  readonly normals: Float64Array;
  readonly indices: Uint32Array;
}

/** Surface nets over `grid`; triangles wind counter-clockwise seen from outside. */
export function surfaceNets(f: Sdf, grid: Grid): TriMesh {
  const { min, cell } = grid;
  const nx = Math.ceil((grid.max[0] - min[0]) / cell) + 1;
  const ny = Math.ceil((grid.max[1] - min[1]) / cell) + 1;
  const nz = Math.ceil((grid.max[2] - min[2]) / cell) + 1;
  const sample = new Float64Array(nx * ny * nz);
  const at = (i: number, j: number, k: number): number => i + nx * (j + ny * k);
  // Narrow band: a block of B³ cells whose centre is far from the surface cannot contain it, so
  // its samples take the centre's value (only their sign matters there) instead of being evaluated.
  const B = 4;
  const exact = new Uint8Array(nx * ny * nz);
  const far = 1.6 * B * cell * Math.sqrt(3) * 0.5;
  for (let bk = 0; bk < nz - 1; bk += B) {
    for (let bj = 0; bj < ny - 1; bj += B) {
      for (let bi = 0; bi < nx - 1; bi += B) {
        const i1 = Math.min(bi + B, nx - 1);
        const j1 = Math.min(bj + B, ny - 1);
        const k1 = Math.min(bk + B, nz - 1);
        const dc = f(
          min[0] + ((bi + i1) / 2) * cell,
          min[1] + ((bj + j1) / 2) * cell,
          min[2] + ((bk + k1) / 2) * cell,
        );
        const skip = Math.abs(dc) > far;
        for (let k = bk; k <= k1; k++) {
          for (let j = bj; j <= j1; j++) {
            for (let i = bi; i <= i1; i++) {
              const n = at(i, j, k);
              if (exact[n]) continue;
              if (skip) sample[n] = dc;
              else {
                sample[n] = f(min[0] + i * cell, min[1] + j * cell, min[2] + k * cell);
                exact[n] = 1;
              }
            }
          }
        }
      }
    }
  }
  const cx = nx - 1;
  const cy = ny - 1;
  const cz = nz - 1;
  const cellVertex = new Int32Array(cx * cy * cz).fill(-1);
  const pos: number[] = [];
  const nrm: number[] = [];
  const corner = new Float64Array(8);
  const h = cell * 0.25;
  const EDGES: readonly (readonly [number, number])[] = [
    [0, 1],
    [2, 3],
    [4, 5],
    [6, 7],
    [0, 2],
    [1, 3],
    [4, 6],
    [5, 7],
    [0, 4],
    [1, 5],
    [2, 6],
    [3, 7],
  ];

  for (let k = 0; k < cz; k++) {
    for (let j = 0; j < cy; j++) {
      for (let i = 0; i < cx; i++) {
        let inside = 0;
        for (let c = 0; c < 8; c++) {
          const v = sample[at(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1))] ?? 0;
          corner[c] = v;
          if (v < 0) inside++;
        }
        if (inside === 0 || inside === 8) continue;
        // Mean of the edge crossings, in cell-local units.
        let sx = 0;
        let sy = 0;
        let sz = 0;
        let count = 0;
        for (const [a, b] of EDGES) {
          const va = corner[a] ?? 0;
          const vb = corner[b] ?? 0;
          if (va < 0 === vb < 0) continue;
          const t = va / (va - vb);
          sx += (a & 1) + ((b & 1) - (a & 1)) * t;
          sy += ((a >> 1) & 1) + (((b >> 1) & 1) - ((a >> 1) & 1)) * t;
          sz += ((a >> 2) & 1) + (((b >> 2) & 1) - ((a >> 2) & 1)) * t;
          count++;
        }
        let x = min[0] + (i + sx / count) * cell;
        let y = min[1] + (j + sy / count) * cell;
        let z = min[2] + (k + sz / count) * cell;
        // Newton steps onto the surface, kept near the cell so neighbours cannot fold; the last
        // step's gradient is the vertex normal.
        const lo = [min[0] + (i - 0.5) * cell, min[1] + (j - 0.5) * cell, min[2] + (k - 0.5) * cell];
        let gx = 0;
        let gy = 0;
        let gz = 0;
        for (let step = 0; step < 2; step++) {
          const d = f(x, y, z);
          gx = (f(x + h, y, z) - f(x - h, y, z)) / (2 * h);
          gy = (f(x, y + h, z) - f(x, y - h, z)) / (2 * h);
          gz = (f(x, y, z + h) - f(x, y, z - h)) / (2 * h);
          const g2 = gx * gx + gy * gy + gz * gz;
          if (g2 < 1e-12) break;
          x = Math.min(lo[0]! + 2 * cell, Math.max(lo[0]!, x - (d * gx) / g2));
          y = Math.min(lo[1]! + 2 * cell, Math.max(lo[1]!, y - (d * gy) / g2));
          z = Math.min(lo[2]! + 2 * cell, Math.max(lo[2]!, z - (d * gz) / g2));
        }
        const gl = Math.sqrt(gx * gx + gy * gy + gz * gz) || 1;
        cellVertex[i + cx * (j + cy * k)] = pos.length / 3;
        pos.push(x, y, z);
        nrm.push(gx / gl, gy / gl, gz / gl);
      }
    }
  }

  const tris: number[] = [];
  const cellAt = (i: number, j: number, k: number): number => cellVertex[i + cx * (j + cy * k)] ?? -1;
  const quad = (a: number, b: number, c: number, d: number): void => {
    if (a < 0 || b < 0 || c < 0 || d < 0) return;
    // Split along the shorter diagonal, then wind each triangle to agree with the field normal.
    const d02 = dist2(pos, a, c);
    const d13 = dist2(pos, b, d);
    const pair = d02 <= d13 ? [a, b, c, a, c, d] : [a, b, d, b, c, d];
    for (let t = 0; t < 6; t += 3) emit(pos, nrm, tris, pair[t]!, pair[t + 1]!, pair[t + 2]!);
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const s = (sample[at(i, j, k)] ?? 0) < 0;
        if (i < cx && j > 0 && k > 0 && j < ny - 1 && k < nz - 1 && s !== (sample[at(i + 1, j, k)] ?? 0) < 0)
          quad(cellAt(i, j - 1, k - 1), cellAt(i, j, k - 1), cellAt(i, j, k), cellAt(i, j - 1, k));
        if (j < cy && i > 0 && k > 0 && i < nx - 1 && k < nz - 1 && s !== (sample[at(i, j + 1, k)] ?? 0) < 0)
          quad(cellAt(i - 1, j, k - 1), cellAt(i, j, k - 1), cellAt(i, j, k), cellAt(i - 1, j, k));
        if (k < cz && i > 0 && j > 0 && i < nx - 1 && j < ny - 1 && s !== (sample[at(i, j, k + 1)] ?? 0) < 0)
          quad(cellAt(i - 1, j - 1, k), cellAt(i, j - 1, k), cellAt(i, j, k), cellAt(i - 1, j, k));
      }
    }
  }
  return {
    positions: Float64Array.from(pos),
    normals: Float64Array.from(nrm),
    indices: Uint32Array.from(tris),
  };
}

function dist2(p: readonly number[], a: number, b: number): number {
  const dx = p[3 * a]! - p[3 * b]!;
  const dy = p[3 * a + 1]! - p[3 * b + 1]!;
  const dz = p[3 * a + 2]! - p[3 * b + 2]!;
  return dx * dx + dy * dy + dz * dz;
}

function emit(
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
  if (fx === 0 && fy === 0 && fz === 0) return; // degenerate
  const nx = n[3 * a]! + n[3 * b]! + n[3 * c]!;
  const ny = n[3 * a + 1]! + n[3 * b + 1]! + n[3 * c + 1]!;
  const nz = n[3 * a + 2]! + n[3 * b + 2]! + n[3 * c + 2]!;
  if (fx * nx + fy * ny + fz * nz >= 0) out.push(a, b, c);
  else out.push(a, c, b);
}
