/**
 * The camera rig on a three.js PerspectiveCamera (opt-in: only a host that calls these moves its
 * camera). Read the host's framing with {@link cameraBaseFromThree}, then each frame
 * `cameraRigPose(base, runtime.pose(avatar).camera, pose, now)` and {@link applyCameraRigThree}.
 */
import type { PerspectiveCamera, Vector3 } from 'three';
import type { CameraBase, CameraRigPose } from '../../camera/rig.ts';

const DEG = 180 / Math.PI;

/**
 * A framing from a camera and the point it looks at (e.g. OrbitControls' target), into `out`
 * (its `target` must be a writable array of 3). three.js world is the rig's space.
 */
export function cameraBaseFromThree(
  camera: PerspectiveCamera,
  target: Vector3,
  out: CameraBase & { target: Float64Array | number[] },
): CameraBase {
  const ox = camera.position.x - target.x;
  const oy = camera.position.y - target.y;
  const oz = camera.position.z - target.z;
  const distance = Math.hypot(ox, oy, oz);
  out.target[0] = target.x;
  out.target[1] = target.y;
  out.target[2] = target.z;
  out.distance = distance;
  out.yawDeg = Math.atan2(ox, oz) * DEG;
  out.pitchDeg = distance > 0 ? Math.asin(Math.max(-1, Math.min(1, oy / distance))) * DEG : 0;
  out.fovDeg = camera.fov;
  return out;
}

/** Puts a rig pose on a camera: position, up (roll), look-at, vertical fov. Allocation-free. */
export function applyCameraRigThree(pose: CameraRigPose, camera: PerspectiveCamera): void {
  const p = pose.position;
  const u = pose.up;
  const t = pose.target;
  camera.position.set(p[0]!, p[1]!, p[2]!);
  camera.up.set(u[0]!, u[1]!, u[2]!);
  camera.lookAt(t[0]!, t[1]!, t[2]!);
  if (camera.fov !== pose.fovDeg) {
    camera.fov = pose.fovDeg;
    camera.updateProjectionMatrix();
  }
}
