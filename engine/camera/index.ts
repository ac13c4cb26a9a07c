/**
 * The camera rig (CS capsules): pure pose math; renderer helpers live with the adapters. Opt-in —
 * see docs/lighting.md, "Shaders and adapters".
 */
export {
  cameraRigPose,
  createCameraRigPose,
  focalFromFov,
  fovFromFocal,
  shakeNoise,
  MIN_DISTANCE_M,
  SENSOR_HEIGHT_MM,
} from './rig.ts';
export type { CameraBase, CameraRigPose } from './rig.ts';
