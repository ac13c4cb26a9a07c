/**
 * Coordinate spaces of a VRM in Babylon, stated once:
 *
 * - **model space**: the glTF file's own frame (right-handed, +Y up, metres), in which every node's
 *   TRS is written. VRM 1.0 avatars face +Z in it, VRM 0.x avatars face −Z.
 * - **avatar space**: model space turned so every avatar faces +Z with its left at +X — identical for
 *   1.0, turned π about +Y for 0.x. This is three.js world space after `VRMUtils.rotateVRM0`, and the
 *   frame the pose buffer's hips offset and gaze are written in.
 * - **Babylon world**: the model root node maps model space into the scene. It bakes the 0.x half
 *   turn and, in a left-handed scene, the glTF loader's handedness flip (mirror z, then turn π about
 *   Y), so avatar-space (x, y, z) lands at Babylon (−x, y, z) — the avatar faces +Z, and a camera in
 *   front of it sees what three.js shows from the same place. In a right-handed scene it is the
 *   avatar-space point itself.
 *
 * Rig maths runs in model space (as three-vrm's does); results for comparison are given in avatar
 * space, independent of the scene's handedness and of whatever the caller does to the root.
 */
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';

/** Whether the file's avatar faces −Z (VRM 0.x) and needs the half turn into avatar space. */
export type Forward = '+z' | '-z';

/** Sets the model root's transform for the file's facing and the scene's handedness. */
export function placeModelRoot(modelRoot: TransformNode, forward: Forward, rightHanded: boolean): void {
  const turned = forward === '-z';
  modelRoot.position.setAll(0);
  if (rightHanded) {
    modelRoot.rotationQuaternion = turned ? new Quaternion(0, 1, 0, 0) : Quaternion.Identity();
    modelRoot.scaling.setAll(1);
  } else {
    // glTF → left-handed is mirror z then a half turn about Y; the 0.x half turn cancels the latter.
    modelRoot.rotationQuaternion = turned ? Quaternion.Identity() : new Quaternion(0, 1, 0, 0);
    modelRoot.scaling.set(1, 1, -1);
  }
}

const _local = new Matrix();
const _rotation = new Quaternion();

/**
 * Model-space matrix of `node` (Babylon row-vector order: product of local TRS matrices from the
 * node up to, not including, `modelRoot`), from the nodes' current transforms — no reliance on
 * Babylon's cached world matrices, which only refresh at render time. Allocation-free.
 */
export function modelMatrix(node: TransformNode, modelRoot: TransformNode, out: Matrix): Matrix {
  out.copyFrom(Matrix.IdentityReadOnly);
  for (let n: TransformNode | null = node; n && n !== modelRoot; n = n.parent as TransformNode | null) {
    const q = n.rotationQuaternion ?? Quaternion.FromEulerVectorToRef(n.rotation, _rotation);
    Matrix.ComposeToRef(n.scaling, q, n.position, _local);
    out.multiplyToRef(_local, out);
  }
  return out;
}

const _scale = new Vector3();
const _translation = new Vector3();

/** Rotation part of a model-space matrix as xyzw into `out[o]`. */
export function matrixRotation(m: Matrix, out: Float64Array, o: number): void {
  m.decompose(_scale, _rotation, _translation);
  out[o] = _rotation.x;
  out[o + 1] = _rotation.y;
  out[o + 2] = _rotation.z;
  out[o + 3] = _rotation.w;
}
