/**
 * The camera rig on Babylon cameras (opt-in). The rig works in glTF / three.js world; in a
 * left-handed scene (Babylon's default) that point (x, y, z) is Babylon (−x, y, z), as for the
 * avatar itself (see space.ts), so the same channels frame the avatar the same way in both renderers.
 */
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.pure.js';
import type { TargetCamera } from '@babylonjs/core/Cameras/targetCamera.pure.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { CameraBase, CameraRigPose } from '../../camera/rig.ts';

const DEG = 180 / Math.PI;
const _target = new Vector3();

/**
 * A framing from an orbit camera (the viewer's ArcRotateCamera, after its inputs ran), into `out`.
 * `rightHanded`: the scene's `useRightHandedSystem`.
 */
export function cameraBaseFromArcRotate(
  camera: ArcRotateCamera,
  rightHanded: boolean,
  out: CameraBase & { target: Float64Array | number[] },
): CameraBase {
  const m = rightHanded ? 1 : -1;
  const { alpha, beta, radius, target } = camera;
  // Babylon offset (cos α sin β, cos β, sin α sin β) · r, in rig space.
  const ox = m * Math.cos(alpha) * Math.sin(beta);
  const oy = Math.cos(beta);
  const oz = Math.sin(alpha) * Math.sin(beta);
  out.target[0] = m * target.x;
  out.target[1] = target.y;
  out.target[2] = target.z;
  out.distance = radius;
  out.yawDeg = Math.atan2(ox, oz) * DEG;
  out.pitchDeg = Math.asin(Math.max(-1, Math.min(1, oy))) * DEG;
  out.fovDeg = camera.fov * DEG;
  return out;
}

/** Puts a rig pose on a Babylon target camera (Free/Universal camera): position, target, up, fov. */
export function applyCameraRigBabylon(pose: CameraRigPose, camera: TargetCamera, rightHanded: boolean): void {
  const m = rightHanded ? 1 : -1;
  const p = pose.position;
  const t = pose.target;
  const u = pose.up;
  camera.position.set(m * p[0]!, p[1]!, p[2]!);
  camera.setTarget(_target.set(m * t[0]!, t[1]!, t[2]!));
  camera.upVector.set(m * u[0]!, u[1]!, u[2]!);
  camera.fov = pose.fovRad;
}
