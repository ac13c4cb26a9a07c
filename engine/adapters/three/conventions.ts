/**
 * Where the engine's frames and signs meet three-vrm's. Kept in one file so the Babylon adapter and
 * the conformance tests can state the same conversions.
 *
 * Pose buffer (engine): VRM 1.0 normalized local frame — avatar faces +Z, +Y up, its left is +X.
 * three-vrm's normalized bones use that frame for VRM 1.0, but for VRM 0.x they keep the file's own
 * frame (avatar faces −Z) and `VRMUtils.rotateVRM0` turns the whole scene π about Y. A rotation
 * conjugated by that half turn negates x and z; so does a translation.
 *
 * Gaze: the engine writes + yaw = toward the avatar's left, + pitch = up. three-vrm's `VRMLookAt`
 * (like the VRM 1.0 lookAt spec) takes + yaw = left, + pitch = DOWN. Yaw passes through, pitch flips.
 */

/** Sign on the x and z components of rotations and translations: −1 for VRM 0.x, +1 for VRM 1.0. */
export function normalizedFrameSign(metaVersion: '0' | '1'): -1 | 1 {
  return metaVersion === '0' ? -1 : 1;
}

/** three-vrm `lookAt.yaw` (degrees) from the engine's gaze yaw: same sign, + is the avatar's left. */
export function threeVrmYaw(gazeYaw: number): number {
  return gazeYaw;
}

/** three-vrm `lookAt.pitch` (degrees, + down) from the engine's gaze pitch (+ up). */
export function threeVrmPitch(gazePitch: number): number {
  return -gazePitch;
}
