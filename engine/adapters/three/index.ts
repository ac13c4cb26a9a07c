/**
 * The three.js renderer adapter: load a VRM with @pixiv/three-vrm, attach it to an engine avatar,
 * and the `three-apply` system poses it every frame. See docs/adapters-three.md.
 */
export { loadVrmThree, THREE_VRM_LOAD_DEFAULTS } from './load.ts';
export type { ThreeVrmLoadOptions } from './load.ts';
export { createThreeVrmAvatar } from './avatar.ts';
export type { ThreeVrmAvatar } from './avatar.ts';
export { threeAdapterPlugin, THREE_ADAPTER } from './plugin.ts';
export type { ThreeAdapter } from './plugin.ts';
export { normalizedFrameSign, threeVrmPitch, threeVrmYaw } from './conventions.ts';
export type {
  VRM,
  VRMExpression,
  VRMExpressionManager,
  VRMHumanoid,
  VRMLookAt,
  VRMLookAtApplier,
} from './three-vrm.ts';
export { relightUniformsFor, writeRelightUniforms } from './three-apply-system.ts';
export { createThreeRelightUniforms, patchMaterialForRelight, isRelightable } from './relight.ts';
export type { ThreeRelightUniforms } from './relight.ts';
export { createSpringWind, gustNoise, windHeading, WIND_POWER, MOTION_DELAY_SCALE_MS } from './wind.ts';
export type { SpringWind } from './wind.ts';
export { applyCameraRigThree, cameraBaseFromThree } from './camera.ts';
