/**
 * Quadric-error edge-collapse simplification (Garland & Heckbert). Surface nets give evenly sized
 * quads everywhere; collapsing where the surface is flat keeps the silhouette and the small
 * features (knuckles, lips, nose) at a fraction of the vertices, which is what keeps the file
 * under 2 MB. Collapsed vertices are pulled back onto the signed-distance surface and normals are
 * recomputed from it. Deterministic: ties in the priority queue break by edge id.
 */
import { project, normalAt, type Sdf } from './sdf.ts';
import type { TriMesh } from './surface-nets.ts';
import type { Vec3 } from './vec.ts';

/** Options: the triangle budget, and an optional importance (≥ 1 keeps detail) per position. */
export interface DecimateOptions {
  readonly targetTriangles: number;
  readonly importance?: (p: Vec3) => number;
  /** Largest allowed turn of a face normal per collapse, degrees. */
  readonly maxNormalTurnDeg?: number;
  /** Longest edge a collapse may create, metres: long slivers bend badly when skinned. */
  readonly maxEdge?: number;
}

type Quadric = Float64Array; // 10 coefficients of the symmetric 4×4 matrix

function planeQuadric(out: Quadric, a: number, b: number, c: number, d: number, w: number): void {
  out[0]! += w * a * a;
  out[1]! += w * a * b;
  out[2]! += w * a * c;
  out[3]! += w * a * d;
  out[4]! += w * b * b;
  out[5]! += w * b * c;
  out[6]! += w * b * d;
  out[7]! += w * c * c;
  out[8]! += w * c * d;
  out[9]! += w * d * d;
}

function quadricError(qd: Quadric, o: number, x: number, y: number, z: number): number {
  return (
    qd[o]! * x * x +
    2 * qd[o + 1]! * x * y +
    2 * qd[o + 2]! * x * z +
    2 * qd[o + 3]! * x +
    qd[o + 4]! * y * y +
    2 * qd[o + 5]! * y * z +
    2 * qd[o + 6]! * y +
    qd[o + 7]! * z * z +
    2 * qd[o + 8]! * z +
    qd[o + 9]!
  );
}

/** A binary min-heap of (cost, id) with deterministic tie-breaking; typed arrays, no allocation. */
class Heap {
  private cost = new Float64Array(1024);
  private id = new Int32Array(1024);
  size = 0;
  private less(i: number, j: number): boolean {
    const a = this.cost[i]!;
    const b = this.cost[j]!;
    return a < b || (a === b && this.id[i]! < this.id[j]!);
  }
  private swap(i: number, j: number): void {
    const c = this.cost[i]!;
    this.cost[i] = this.cost[j]!;
    this.cost[j] = c;
    const d = this.id[i]!;
    this.id[i] = this.id[j]!;
    this.id[j] = d;
  }
  push(cost: number, id: number): void {
    if (this.size === this.id.length) {
      const cost2 = new Float64Array(this.size * 2);
      cost2.set(this.cost);
      this.cost = cost2;
      const id2 = new Int32Array(this.size * 2);
      id2.set(this.id);
      this.id = id2;
    }
    let i = this.size++;
    this.cost[i] = cost;
    this.id[i] = id;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** Removes the cheapest entry and returns its id. */
  pop(): number {
    const top = this.id[0]!;
    this.size--;
    if (this.size > 0) {
      this.cost[0] = this.cost[this.size]!;
      this.id[0] = this.id[this.size]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.size && this.less(l, m)) m = l;
        if (r < this.size && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/** Simplifies `mesh` (whose surface is `f = 0`) to about `targetTriangles` triangles. */
export function decimate(mesh: TriMesh, f: Sdf, opts: DecimateOptions): TriMesh {
  const pos = Float64Array.from(mesh.positions);
  const tri = Int32Array.from(mesh.indices);
  const nv = pos.length / 3;
  const nt = tri.length / 3;
  const cosLimit = Math.cos(((opts.maxNormalTurnDeg ?? 50) * Math.PI) / 180);
  const alive = new Uint8Array(nt).fill(1);
  const vAlive = new Uint8Array(nv).fill(1);
  const quadric = new Float64Array(10 * nv);
  const weight = new Float64Array(nv).fill(1);
  if (opts.importance)
    for (let v = 0; v < nv; v++) weight[v] = opts.importance([pos[3 * v]!, pos[3 * v + 1]!, pos[3 * v + 2]!]);

  // Vertex → incident triangles.
  const vt: number[][] = Array.from({ length: nv }, () => []);
  for (let t = 0; t < nt; t++) for (let e = 0; e < 3; e++) vt[tri[3 * t + e]!]!.push(t);

  const faceNormal = (t: number, out: number[]): number => {
    const a = tri[3 * t]!;
    const b = tri[3 * t + 1]!;
    const c = tri[3 * t + 2]!;
    const ux = pos[3 * b]! - pos[3 * a]!;
    const uy = pos[3 * b + 1]! - pos[3 * a + 1]!;
    const uz = pos[3 * b + 2]! - pos[3 * a + 2]!;
    const vx = pos[3 * c]! - pos[3 * a]!;
    const vy = pos[3 * c + 1]! - pos[3 * a + 1]!;
    const vz = pos[3 * c + 2]! - pos[3 * a + 2]!;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz);
    out[0] = l > 0 ? nx / l : 0;
    out[1] = l > 0 ? ny / l : 0;
    out[2] = l > 0 ? nz / l : 0;
    return l / 2;
  };
  const n3 = [0, 0, 0];
  for (let t = 0; t < nt; t++) {
    const area = faceNormal(t, n3);
    const [a, b, c] = [tri[3 * t]!, tri[3 * t + 1]!, tri[3 * t + 2]!];
    const d = -(n3[0]! * pos[3 * a]! + n3[1]! * pos[3 * a + 1]! + n3[2]! * pos[3 * a + 2]!);
    for (const v of [a, b, c]) {
      const q = quadric.subarray(10 * v, 10 * v + 10);
      planeQuadric(q, n3[0]!, n3[1]!, n3[2]!, d, area);
    }
  }

  // Edges by id; each vertex lists (other end, id) for the edges it is the lower end of.
  // Boundary edges get a perpendicular plane so borders stay put.
  const edgeA: number[] = [];
  const edgeB: number[] = [];
  const edgeTris: number[] = [];
  const vEdges: number[][] = Array.from({ length: nv }, () => []);
  const edgeOf = (a: number, b: number): number => {
    const list = vEdges[Math.min(a, b)]!;
    const hi = Math.max(a, b);
    for (let i = 0; i < list.length; i += 2) if (list[i] === hi) return list[i + 1]!;
    return -1;
  };
  const addEdge = (a: number, b: number): number => {
    const id = edgeA.length;
    edgeA.push(Math.min(a, b));
    edgeB.push(Math.max(a, b));
    edgeTris.push(0);
    vEdges[Math.min(a, b)]!.push(Math.max(a, b), id);
    return id;
  };
  for (let t = 0; t < nt; t++) {
    for (let e = 0; e < 3; e++) {
      const a = tri[3 * t + e]!;
      const b = tri[3 * t + ((e + 1) % 3)]!;
      let id = edgeOf(a, b);
      if (id < 0) id = addEdge(a, b);
      edgeTris[id]!++;
    }
  }
  const border = new Uint8Array(nv);
  for (let t = 0; t < nt; t++) {
    for (let e = 0; e < 3; e++) {
      const a = tri[3 * t + e]!;
      const b = tri[3 * t + ((e + 1) % 3)]!;
      if (edgeTris[edgeOf(a, b)] !== 1) continue;
      border[a] = 1;
      border[b] = 1;
      faceNormal(t, n3);
      const ex = pos[3 * b]! - pos[3 * a]!;
      const ey = pos[3 * b + 1]! - pos[3 * a + 1]!;
      const ez = pos[3 * b + 2]! - pos[3 * a + 2]!;
      let px = ey * n3[2]! - ez * n3[1]!;
      let py = ez * n3[0]! - ex * n3[2]!;
      let pz = ex * n3[1]! - ey * n3[0]!;
      const l = Math.hypot(px, py, pz) || 1;
      px /= l;
      py /= l;
      pz /= l;
      const d = -(px * pos[3 * a]! + py * pos[3 * a + 1]! + pz * pos[3 * a + 2]!);
      const w = (ex * ex + ey * ey + ez * ez) * 100;
      for (const v of [a, b]) planeQuadric(quadric.subarray(10 * v, 10 * v + 10), px, py, pz, d, w);
    }
  }

  const version: number[] = new Array<number>(edgeA.length).fill(0);
  const heapVersion: number[] = [];
  const target: number[] = new Array<number>(3 * edgeA.length).fill(0);
  const heap = new Heap();
  const qsum = new Float64Array(10);

  const evaluate = (e: number): number => {
    const a = edgeA[e]!;
    const b = edgeB[e]!;
    for (let k = 0; k < 10; k++) qsum[k] = quadric[10 * a + k]! + quadric[10 * b + k]!;
    let best = Infinity;
    let bx = 0;
    let by = 0;
    let bz = 0;
    const ax = pos[3 * a]!;
    const ay = pos[3 * a + 1]!;
    const az = pos[3 * a + 2]!;
    const cx = pos[3 * b]!;
    const cy = pos[3 * b + 1]!;
    const cz = pos[3 * b + 2]!;
    // Candidates: either end, or the midpoint; a border vertex may only stay where it is.
    const onlyA = border[a] && !border[b];
    const onlyB = border[b] && !border[a];
    for (let c = 0; c < 3; c++) {
      if ((onlyA && c !== 0) || (onlyB && c !== 1)) continue;
      const x = c === 0 ? ax : c === 1 ? cx : (ax + cx) / 2;
      const y = c === 0 ? ay : c === 1 ? cy : (ay + cy) / 2;
      const z = c === 0 ? az : c === 1 ? cz : (az + cz) / 2;
      const err = quadricError(qsum, 0, x, y, z);
      if (err < best) {
        best = err;
        bx = x;
        by = y;
        bz = z;
      }
    }
    target[3 * e] = bx;
    target[3 * e + 1] = by;
    target[3 * e + 2] = bz;
    const len2 =
      (pos[3 * a]! - pos[3 * b]!) ** 2 +
      (pos[3 * a + 1]! - pos[3 * b + 1]!) ** 2 +
      (pos[3 * a + 2]! - pos[3 * b + 2]!) ** 2;
    // A small length term keeps triangles even on perfectly flat regions.
    return (Math.max(best, 0) + 1e-9 * len2) * Math.max(weight[a]!, weight[b]!);
  };
  const pushEdge = (e: number): void => {
    heapVersion[e] = version[e]!;
    heap.push(evaluate(e), e);
  };
  for (let e = 0; e < edgeA.length; e++) pushEdge(e);

  let liveTris = nt;
  const triStamp = new Int32Array(nt);
  const vStamp = new Int32Array(nv);
  let stampNo = 0;
  /** Normal (into out) and area of triangle t with vertices a and b moved to (x, y, z). */
  const movedNormal = (
    t: number,
    a: number,
    b: number,
    x: number,
    y: number,
    z: number,
    out: number[],
  ): number => {
    const v = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const i = tri[3 * t + k]!;
      const moved = i === a || i === b;
      v[3 * k] = moved ? x : pos[3 * i]!;
      v[3 * k + 1] = moved ? y : pos[3 * i + 1]!;
      v[3 * k + 2] = moved ? z : pos[3 * i + 2]!;
    }
    const ux = v[3]! - v[0]!;
    const uy = v[4]! - v[1]!;
    const uz = v[5]! - v[2]!;
    const wx = v[6]! - v[0]!;
    const wy = v[7]! - v[1]!;
    const wz = v[8]! - v[2]!;
    const nx = uy * wz - uz * wy;
    const ny = uz * wx - ux * wz;
    const nz = ux * wy - uy * wx;
    const l = Math.hypot(nx, ny, nz);
    out[0] = l > 0 ? nx / l : 0;
    out[1] = l > 0 ? ny / l : 0;
    out[2] = l > 0 ? nz / l : 0;
    return l / 2;
  };
  const before = [0, 0, 0];
  const after = [0, 0, 0];
  // Union-find style redirect for edges whose endpoint was merged away.
  const merged = new Int32Array(nv).map((_, i) => i);
  const find = (v: number): number => {
    while (merged[v] !== v) v = merged[v]!;
    return v;
  };

  while (liveTris > opts.targetTriangles && heap.size > 0) {
    const e = heap.pop();
    if (heapVersion[e] !== version[e]) continue;
    const a = find(edgeA[e]!);
    const b = find(edgeB[e]!);
    if (a === b || !vAlive[a] || !vAlive[b]) continue;
    if (a !== edgeA[e] || b !== edgeB[e]) continue; // stale endpoints; re-added under new ids

    // Link condition: a and b share exactly the two vertices opposite their common edge.
    const ta = vt[a]!.filter((t) => alive[t]);
    const tb = vt[b]!.filter((t) => alive[t]);
    stampNo++;
    for (const t of ta) triStamp[t] = stampNo;
    let shared = 0;
    for (const t of tb) if (triStamp[t] === stampNo) shared++;
    for (const t of ta) for (let k = 0; k < 3; k++) vStamp[tri[3 * t + k]!] = stampNo;
    stampNo++;
    let common = 0;
    for (const t of tb)
      for (let k = 0; k < 3; k++) {
        const v = tri[3 * t + k]!;
        if (v !== a && v !== b && vStamp[v] === stampNo - 1) {
          vStamp[v] = stampNo;
          common++;
        }
      }
    if (common !== shared || shared === 0 || shared > 2) continue;

    // Reject collapses that flip or sharply turn a surviving face.
    const tx = target[3 * e]!;
    const ty = target[3 * e + 1]!;
    const tz = target[3 * e + 2]!;
    let ok = true;
    const moving: number[] = [];
    for (const t of ta) if (!tb.includes(t)) moving.push(t);
    for (const t of tb) if (!ta.includes(t)) moving.push(t);
    for (const t of moving) {
      faceNormal(t, before);
      const area = movedNormal(t, a, b, tx, ty, tz, after);
      if (
        area < 1e-12 ||
        before[0]! * after[0]! + before[1]! * after[1]! + before[2]! * after[2]! < cosLimit
      ) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (opts.maxEdge !== undefined) {
      const lim2 = opts.maxEdge * opts.maxEdge;
      for (const t of moving) {
        for (let k = 0; k < 3 && ok; k++) {
          const v = tri[3 * t + k]!;
          if (v === a || v === b) continue;
          const d2 = (pos[3 * v]! - tx) ** 2 + (pos[3 * v + 1]! - ty) ** 2 + (pos[3 * v + 2]! - tz) ** 2;
          if (d2 > lim2) ok = false;
        }
        if (!ok) break;
      }
      if (!ok) continue;
    }

    // Collapse b into a.
    pos.set([tx, ty, tz], 3 * a);
    for (const t of ta) {
      if (tb.includes(t)) {
        alive[t] = 0;
        liveTris--;
      }
    }
    for (const t of tb) {
      if (!alive[t]) continue;
      for (let k = 0; k < 3; k++) if (tri[3 * t + k] === b) tri[3 * t + k] = a;
      vt[a]!.push(t);
    }
    vAlive[b] = 0;
    merged[b] = a;
    border[a] = border[a]! | border[b]!;
    for (let k = 0; k < 10; k++) quadric[10 * a + k]! += quadric[10 * b + k]!;
    weight[a] = Math.max(weight[a]!, weight[b]!);
    vt[a] = vt[a]!.filter((t) => alive[t]);

    // Re-queue every edge around a (creating ids for edges that are new after the merge).
    const around = new Set<number>();
    for (const t of vt[a]!) for (let k = 0; k < 3; k++) around.add(tri[3 * t + k]!);
    around.delete(a);
    for (const v of [...around].sort((x, y) => x - y)) {
      let id = edgeOf(a, v);
      if (id < 0) {
        id = addEdge(a, v);
        version.push(0);
        target.push(0, 0, 0);
      }
      version[id] = version[id]! + 1;
      pushEdge(id);
    }
  }

  // Compact, and recompute normals from the field.
  const remap = new Int32Array(nv).fill(-1);
  const outPos: number[] = [];
  const outIdx: number[] = [];
  for (let t = 0; t < nt; t++) {
    if (!alive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = tri[3 * t + k]!;
      if (remap[v] === -1) {
        remap[v] = outPos.length / 3;
        outPos.push(pos[3 * v]!, pos[3 * v + 1]!, pos[3 * v + 2]!);
      }
      outIdx.push(remap[v]!);
    }
  }
  const normals = new Float64Array(outPos.length);
  for (let v = 0; v < outPos.length / 3; v++) {
    const p: Vec3 = [outPos[3 * v]!, outPos[3 * v + 1]!, outPos[3 * v + 2]!];
    const onSurface = project(f, p, 0, 2);
    // Only small corrections: a vertex far from the field (a border, a thin part) stays put.
    const moved = Math.hypot(onSurface[0] - p[0], onSurface[1] - p[1], onSurface[2] - p[2]);
    if (moved < 0.002) for (let k = 0; k < 3; k++) outPos[3 * v + k] = onSurface[k]!;
    normals.set(normalAt(f, [outPos[3 * v]!, outPos[3 * v + 1]!, outPos[3 * v + 2]!]), 3 * v);
  }
  return { positions: Float64Array.from(outPos), normals, indices: Uint32Array.from(outIdx) };
}
