/**
 * The normalized humanoid on a Babylon skeleton, with three-vrm's `VRMHumanoidRig` maths: a bone's
 * normalized rotation q (VRM 1.0 frame, T-pose identity) becomes the raw node's local rotation
 *
 *     raw.local = P⁻¹ · q' · P · R
 *
 * where P is the raw parent's model-space rotation at rest, R the raw node's rest local rotation, and
 * q' = q for VRM 1.0 or, for VRM 0.x, q conjugated by the half turn about Y (x and z negated) —
 * three-vrm's normalized bones keep the 0.x file's −Z facing, and its VRM animation loader negates
 * x and z for 0.x models; with the model root's half turn the same pose moves both the same way.
 * The hips' normalized position is its rest model-space position plus the offset (x, z negated for
 * 0.x), written back through the raw parent's current model matrix, as `VRMHumanoidRig.update` does.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import { Quaternion } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';
import { BONE_COUNT, HUMAN_BONE_NAMES } from '../../rig/bones.ts';
import type { RigDescription } from '../../rig/vrm-reader.ts';
import type { LoadedGltf } from './loaded-gltf.ts';
import { quatInvert, quatMultiply } from './quat.ts';
import { matrixRotation, modelMatrix } from './space.ts';

/** A loaded avatar's humanoid: raw nodes plus the rest frames that normalize them. */
export interface HumanoidRig {
  /** Raw node of each bone in {@link HUMAN_BONE_NAMES} order, or null when the avatar lacks it. */
  readonly nodes: readonly (TransformNode | null)[];
  /** −1 for VRM 0.x (x and z of normalized rotations and offsets flip), +1 for VRM 1.0. */
  readonly sign: 1 | -1;
  /** Sets bone `b`'s raw rotation from normalized rotation `q[o..o+3]` (VRM 1.0 frame). */
  setNormalized(b: number, q: ArrayLike<number>, o: number): void;
  /** Sets the raw hips position from an offset (metres, avatar space) from the rest position. */
  setHipsOffset(x: number, y: number, z: number): void;
}

const _q = new Float64Array(4);
const _m = new Matrix();
const _v = new Vector3();

/** Builds the rig from the loaded nodes; reads rest transforms now, so call before any posing. */
export function createHumanoidRig(rig: RigDescription, loaded: LoadedGltf): HumanoidRig {
  const sign: 1 | -1 = rig.forward === '-z' ? -1 : 1;
  const nodes: (TransformNode | null)[] = HUMAN_BONE_NAMES.map(
    (name) => loaded.nodes[rig.humanBones[name]?.node ?? -1] ?? null,
  );
  const parentInv = new Float64Array(BONE_COUNT * 4);
  const parentRest = new Float64Array(BONE_COUNT * 4);
  const p = new Float64Array(4);
  const r = new Float64Array(4);
  for (let b = 0; b < BONE_COUNT; b++) {
    const node = nodes[b];
    if (!node) continue;
    node.rotationQuaternion ??= Quaternion.FromEulerVector(node.rotation);
    const parent = node.parent as TransformNode | null;
    if (parent && parent !== loaded.modelRoot)
      matrixRotation(modelMatrix(parent, loaded.modelRoot, _m), p, 0);
    else p.set([0, 0, 0, 1]);
    const rq = node.rotationQuaternion;
    r.set([rq.x, rq.y, rq.z, rq.w]);
    quatInvert(p, 0, parentInv, b * 4);
    quatMultiply(p, 0, r, 0, parentRest, b * 4);
  }

  const hips = nodes[0] ?? null;
  const hipsRest = new Vector3();
  if (hips) modelMatrix(hips, loaded.modelRoot, _m).getTranslationToRef(hipsRest);

  return {
    nodes,
    sign,
    setNormalized(b, q, o) {
      const node = nodes[b];
      if (!node) return;
      _q[0] = q[o]! * sign;
      _q[1] = q[o + 1]!;
      _q[2] = q[o + 2]! * sign;
      _q[3] = q[o + 3]!;
      quatMultiply(parentInv, b * 4, _q, 0, _q, 0);
      quatMultiply(_q, 0, parentRest, b * 4, _q, 0);
      node.rotationQuaternion!.set(_q[0]!, _q[1]!, _q[2]!, _q[3]!);
    },
    setHipsOffset(x, y, z) {
      if (!hips) return;
      _v.set(hipsRest.x + x * sign, hipsRest.y + y, hipsRest.z + z * sign);
      const parent = hips.parent as TransformNode | null;
      if (parent && parent !== loaded.modelRoot) {
        modelMatrix(parent, loaded.modelRoot, _m).invert();
        Vector3.TransformCoordinatesToRef(_v, _m, _v);
      }
      hips.position.copyFrom(_v);
    },
  };
}
