/**
 * A piece of the avatar's surface before it becomes glTF: geometry plus what the skinning and
 * morph rules need to know about it (which mesh, which material, what anatomical part, which side).
 */
import type { TriMesh } from './surface-nets.ts';
import type { Vec3 } from './vec.ts';

/** The two glTF meshes: the head carries the face morph targets, the body carries none. */
export type MeshName = 'head' | 'body';

/** Materials by role; `materials.ts` gives each one its MToon look. */
export type MaterialName =
  | 'skin'
  | 'blush'
  | 'lips'
  | 'mouthInside'
  | 'teeth'
  | 'tongue'
  | 'brows'
  | 'lashes'
  | 'eyeWhite'
  | 'iris'
  | 'pupil'
  | 'eyeHighlight'
  | 'hair'
  | 'shirt'
  | 'trousers'
  | 'shoeUpper'
  | 'shoeSole';

/** What a part is, anatomically: skinning and morph rules switch on this. */
export type PartKind =
  | 'headSkin'
  | 'eyeball'
  | 'upperLid'
  | 'lowerLid'
  | 'lashes'
  | 'brow'
  | 'upperLip'
  | 'lowerLip'
  | 'mouthBag'
  | 'upperTeeth'
  | 'lowerTeeth'
  | 'tongue'
  | 'hair'
  | 'hand'
  | 'shirt'
  | 'trousers'
  | 'shoe';

/** +1 the avatar's left (+X), −1 its right, 0 the midline. */
export type Side = -1 | 0 | 1;

/** One material's worth of one anatomical part. */
export interface MeshPart extends TriMesh {
  readonly name: string;
  readonly mesh: MeshName;
  readonly material: MaterialName;
  readonly kind: PartKind;
  readonly side: Side;
  /**
   * Two numbers per vertex in the part's own parameterisation (lids: azimuth and elevation about
   * the eye; lips: across the mouth and around the lip), for morph rules; empty when unused.
   */
  readonly params: Float64Array;
}

/** Builds a part from a mesh, with optional per-vertex parameters. */
export function part(
  meta: Pick<MeshPart, 'name' | 'mesh' | 'material' | 'kind' | 'side'>,
  mesh: TriMesh,
  params: Float64Array = new Float64Array(0),
): MeshPart {
  return { ...meta, positions: mesh.positions, normals: mesh.normals, indices: mesh.indices, params };
}

/**
 * Splits a mesh's triangles by a classifier on each triangle's centroid (−1 drops the triangle),
 * returning one compact mesh per class: materials on one polygonised surface, holes cut in it.
 */
export function splitTriangles(m: TriMesh, classify: (c: Vec3) => number, classes: number): TriMesh[] {
  const out: TriMesh[] = [];
  const cls = new Int32Array(m.indices.length / 3);
  for (let t = 0; t < cls.length; t++) {
    const a = m.indices[3 * t]!;
    const b = m.indices[3 * t + 1]!;
    const c = m.indices[3 * t + 2]!;
    const p = m.positions;
    cls[t] = classify([
      (p[3 * a]! + p[3 * b]! + p[3 * c]!) / 3,
      (p[3 * a + 1]! + p[3 * b + 1]! + p[3 * c + 1]!) / 3,
      (p[3 * a + 2]! + p[3 * b + 2]! + p[3 * c + 2]!) / 3,
    ]);
  }
  for (let k = 0; k < classes; k++) {
    const remap = new Int32Array(m.positions.length / 3).fill(-1);
    const pos: number[] = [];
    const nrm: number[] = [];
    const idx: number[] = [];
    for (let t = 0; t < cls.length; t++) {
      if (cls[t] !== k) continue;
      for (let e = 0; e < 3; e++) {
        const v = m.indices[3 * t + e]!;
        if (remap[v] === -1) {
          remap[v] = pos.length / 3;
          pos.push(m.positions[3 * v]!, m.positions[3 * v + 1]!, m.positions[3 * v + 2]!);
          nrm.push(m.normals[3 * v]!, m.normals[3 * v + 1]!, m.normals[3 * v + 2]!);
        }
        idx.push(remap[v]!);
      }
    }
    out.push({
      positions: Float64Array.from(pos),
      normals: Float64Array.from(nrm),
      indices: Uint32Array.from(idx),
    });
  }
  return out;
}

/** Mirror image across the midplane (x → −x), with triangle winding restored. */
export function mirrorMesh(m: TriMesh): TriMesh {
  const positions = Float64Array.from(m.positions);
  const normals = Float64Array.from(m.normals);
  for (let i = 0; i < positions.length; i += 3) {
    positions[i] = -positions[i]!;
    normals[i] = -normals[i]!;
  }
  const indices = Uint32Array.from(m.indices);
  for (let t = 0; t < indices.length; t += 3) {
    const b = indices[t + 1]!;
    indices[t + 1] = indices[t + 2]!;
    indices[t + 2] = b;
  }
  return { positions, normals, indices };
}
