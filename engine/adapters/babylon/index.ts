/**
 * Babylon.js renderer adapter: load VRM 0.x/1.0 through Babylon's glTF loader with the project's own
 * VRM extensions, and drive it from the engine's pose buffers (see docs/adapters-babylon.md).
 */
export { loadVrmBabylon } from './load.ts';
export type { BabylonVrm } from './avatar.ts';
export { babylonAdapterPlugin, BABYLON_ADAPTER } from './plugin.ts';
export type { BabylonAdapter } from './plugin.ts';
export { registerVrmLoader, TOLERATED_EXTENSIONS } from './register.ts';
export { ToonMaterialPlugin } from './toon-plugin.ts';
export { ShRelightMaterialPlugin, createBabylonRelightState } from './relight-plugin.ts';
export type { BabylonRelightState } from './relight-plugin.ts';
export { babylonRelightStateFor, writeBabylonRelight } from './relight.ts';
export { applyCameraRigBabylon, cameraBaseFromArcRotate } from './camera.ts';
