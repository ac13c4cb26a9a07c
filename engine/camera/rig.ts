/**
 * The camera rig as pure math: a host's framing of one avatar (orbit around a target) plus that
 * avatar's resolved camera channels (CS capsules) give a camera pose. Nothing here moves a camera;
 * the renderer helpers (`engine/adapters/three/camera.ts`, `engine/adapters/babylon/camera.ts`) apply
 * a pose to a camera the host chose to hand over — the rig is opt-in.
 *
 * Space: glTF / three.js world (right-handed, +Y up; a VRM 1.0 avatar faces +Z). Orbit angles: yaw 0
 * puts the camera on +Z (in front of an avatar facing +Z), + yaw swings it towards +X (the avatar's
 * left); + pitch raises it (looking down). Channels (CAMERA_PARAMS order):
 *
 * - `dolly_m`: + pushes in along the view axis (distance − dolly, never closer than 5 cm);
 * - `orbit_yaw_deg`, `orbit_pitch_deg`: added to the base orbit (pitch kept within ±89°);
 * - `roll_deg`: + turns the camera counterclockwise about its view direction (its up leans left);
 * - `shift_x_m`, `shift_y_m`: moves camera and target together along the camera's right and up;
 * - `focal_mm`: added to the base focal length (24 mm-high sensor); + narrows the field of view;
 * - `shake`: 0..1, adds a deterministic handheld wobble (±0.35° yaw/pitch, ±0.25° roll at 1, a fixed
 *   sum of incommensurate sines of engine time) — a function of time, like everything else, so the
 *   same time gives the same pose. Capsules may also put `noise` tracks on the other channels.
 */

/** Vertical size of the film the focal length refers to, mm (full frame). */
export const SENSOR_HEIGHT_MM = 24;
/** Closest the dolly may bring the camera to its target, m. */
export const MIN_DISTANCE_M = 0.05;
const MAX_PITCH_DEG = 89;
const DEG = Math.PI / 180;

/** A host's framing of one avatar. */
export interface CameraBase {
  /** Point looked at, world metres. */
  target: ArrayLike<number>;
  /** Camera distance from the target, m. */
  distance: number;
  /** Orbit yaw, degrees (0: in front of +Z, + towards +X). */
  yawDeg: number;
  /** Orbit pitch, degrees (+ above the target). */
  pitchDeg: number;
  /** Vertical field of view, degrees. */
  fovDeg: number;
}

/** Where the camera is and how it looks: world position, target and up; vertical field of view. */
export interface CameraRigPose {
  readonly position: Float64Array;
  readonly target: Float64Array;
  readonly up: Float64Array;
  /** Vertical field of view, degrees and radians. */
  fovDeg: number;
  fovRad: number;
  /** Focal length used, mm (base focal + `focal_mm`). */
  focalMm: number;
}

/** A pose to write into (allocate once, reuse every frame). */
export function createCameraRigPose(): CameraRigPose {
  return {
    position: new Float64Array(3),
    target: new Float64Array(3),
    up: new Float64Array([0, 1, 0]),
    fovDeg: 0,
    fovRad: 0,
    focalMm: 0,
  };
}

/** Focal length (mm, on the 24 mm-high sensor) of a vertical field of view. */
export function focalFromFov(fovDeg: number): number {
  return SENSOR_HEIGHT_MM / 2 / Math.tan((fovDeg * DEG) / 2);
}

/** Vertical field of view (degrees) of a focal length. */
export function fovFromFocal(focalMm: number): number {
  return (2 * Math.atan(SENSOR_HEIGHT_MM / 2 / focalMm)) / DEG;
}

/** Deterministic handheld wobble in −1..1 for one axis (`axis` picks the phase set). */
export function shakeNoise(timeMs: number, axis: number): number {
  const t = timeMs / 1000;
  const p = axis * 2.1;
  return (
    0.5 * Math.sin(2 * Math.PI * 1.13 * t + p) +
    0.3 * Math.sin(2 * Math.PI * 2.71 * t + 1.3 * p + 0.7) +
    0.2 * Math.sin(2 * Math.PI * 4.37 * t + 0.6 * p + 2.2)
  );
}

const num = (v: number | undefined, fallback = 0): number =>
  v !== undefined && Number.isFinite(v) ? v : fallback;

/**
 * The rig's pose for `base` and `channels` (a pose buffer's `camera` view) at engine time `timeMs`
 * (only `shake` reads it), into `out`. Neutral channels give the base framing exactly.
 * Non-finite inputs count as neutral. Allocation-free.
 */
export function cameraRigPose(
  base: CameraBase,
  channels: ArrayLike<number>,
  out: CameraRigPose,
  timeMs = 0,
): CameraRigPose {
  const dolly = num(channels[0]);
  const shake = Math.min(1, Math.max(0, num(channels[7])));
  let yaw = num(base.yawDeg) + num(channels[1]);
  let pitch = num(base.pitchDeg) + num(channels[2]);
  let roll = num(channels[3]);
  if (shake > 0) {
    yaw += shake * 0.35 * shakeNoise(timeMs, 0);
    pitch += shake * 0.35 * shakeNoise(timeMs, 1);
    roll += shake * 0.25 * shakeNoise(timeMs, 2);
  }
  pitch = Math.min(MAX_PITCH_DEG, Math.max(-MAX_PITCH_DEG, pitch));
  const distance = Math.max(MIN_DISTANCE_M, num(base.distance, 1) - dolly);

  const cy = Math.cos(yaw * DEG);
  const sy = Math.sin(yaw * DEG);
  const cp = Math.cos(pitch * DEG);
  const sp = Math.sin(pitch * DEG);
  // Unit vector from target to camera, and the camera's right and up (roll 0).
  const bx = sy * cp;
  const by = sp;
  const bz = cy * cp;
  const rx = cy;
  const rz = -sy;
  const ux = -sy * sp;
  const uy = cp;
  const uz = -cy * sp;

  const sx = num(channels[4]);
  const sh = num(channels[5]);
  const tx = num(base.target[0]) + rx * sx + ux * sh;
  const ty = num(base.target[1]) + uy * sh;
  const tz = num(base.target[2]) + rz * sx + uz * sh;
  out.target[0] = tx;
  out.target[1] = ty;
  out.target[2] = tz;
  out.position[0] = tx + bx * distance;
  out.position[1] = ty + by * distance;
  out.position[2] = tz + bz * distance;

  // Roll: up turns about the view direction (−b) towards the camera's left (−right).
  const cr = Math.cos(roll * DEG);
  const sr = Math.sin(roll * DEG);
  out.up[0] = ux * cr - rx * sr;
  out.up[1] = uy * cr;
  out.up[2] = uz * cr - rz * sr;

  const baseFocal = focalFromFov(Math.min(179, Math.max(1, num(base.fovDeg, 50))));
  out.focalMm = Math.max(1, baseFocal + num(channels[6]));
  out.fovDeg = fovFromFocal(out.focalMm);
  out.fovRad = out.fovDeg * DEG;
  return out;
}
