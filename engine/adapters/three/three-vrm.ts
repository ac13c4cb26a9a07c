/**
 * Typed entry to @pixiv/three-vrm. Its published .d.ts files re-export through extensionless
 * relative paths, which this project's NodeNext resolution cannot follow, so most of the package
 * types as `any` or goes missing. This file states the part of the API the adapter uses, checked
 * against three-vrm 3.5, and is the one place that trusts the package's shape.
 */
import * as threeVrm from '@pixiv/three-vrm';
import type { Group, Material, Object3D, Vector3 } from 'three';
import type { GLTFLoaderPlugin, GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';

/** How an expression suppresses blink, lookAt or mouth expressions while it is on. */
export type VRMExpressionOverrideType = 'none' | 'block' | 'blend';

/** One VRM expression (preset or custom). */
export interface VRMExpression {
  readonly expressionName: string;
  weight: number;
  isBinary: boolean;
  overrideBlink: VRMExpressionOverrideType;
  overrideLookAt: VRMExpressionOverrideType;
  overrideMouth: VRMExpressionOverrideType;
  /** `weight` after `isBinary` (above 0.5 → 1, else 0). */
  readonly outputWeight: number;
  readonly overrideBlinkAmount: number;
  readonly overrideLookAtAmount: number;
  readonly overrideMouthAmount: number;
}

/** The expression manager: weights in, morphs / material binds out on `update()`. */
export interface VRMExpressionManager {
  readonly expressions: VRMExpression[];
  blinkExpressionNames: string[];
  lookAtExpressionNames: string[];
  mouthExpressionNames: string[];
  getExpression(name: string): VRMExpression | null;
  getValue(name: string): number | null;
  registerExpression(expression: VRMExpression): void;
  /** Sets a weight, clamped to 0..1; unknown names are ignored. */
  setValue(name: string, weight: number): void;
  update(): void;
}

/** The humanoid: normalized bones (what the engine writes) copied to raw bones on `update()`. */
export interface VRMHumanoid {
  autoUpdateHumanBones: boolean;
  getNormalizedBoneNode(name: string): Object3D | null;
  getRawBoneNode(name: string): Object3D | null;
  update(): void;
}

/** Turns yaw/pitch (degrees; + yaw left, + pitch down) into eye bones or look expressions. */
export interface VRMLookAtApplier {
  applyYawPitch(yaw: number, pitch: number): void;
}

/** The lookAt: yaw/pitch applied through its applier in `update()`. */
export interface VRMLookAt {
  /** Degrees, + toward the avatar's left. */
  yaw: number;
  /** Degrees, + down. */
  pitch: number;
  autoUpdate: boolean;
  target?: Object3D | null;
  applier: VRMLookAtApplier;
  readonly faceFront: Vector3;
  getLookAtWorldPosition(target: Vector3): Vector3;
  getLookAtWorldDirection(target: Vector3): Vector3;
  /** Sets yaw/pitch toward a world point (uses current world matrices). */
  lookAt(position: Vector3): void;
  update(delta: number): void;
}

/** VRM meta; only the version matters to the adapter. */
export interface VRMMeta {
  readonly metaVersion: '0' | '1';
  readonly name?: string;
}

/** A loaded VRM. */
export interface VRM {
  readonly scene: Group;
  readonly meta: VRMMeta;
  readonly humanoid: VRMHumanoid;
  readonly expressionManager?: VRMExpressionManager | null;
  readonly lookAt?: VRMLookAt | null;
  readonly materials?: Material[];
  /** Humanoid, lookAt, expressions, node constraints, spring bones, materials; seconds. */
  update(delta: number): void;
}

/** three-vrm's helpers used at load and dispose. */
export interface VRMUtilsApi {
  rotateVRM0(vrm: VRM): void;
  removeUnnecessaryVertices(root: Object3D): void;
  combineSkeletons(root: Object3D): void;
  deepDispose(root: Object3D): void;
}

interface ThreeVrmModule {
  VRMLoaderPlugin: new (parser: GLTFParser) => GLTFLoaderPlugin;
  VRMUtils: VRMUtilsApi;
  VRMLookAtBoneApplier: abstract new (...args: never[]) => VRMLookAtApplier;
  VRMLookAtExpressionApplier: abstract new (...args: never[]) => VRMLookAtApplier;
}

const lib = threeVrm as unknown as ThreeVrmModule;

/** GLTFLoader plugin that puts a {@link VRM} in `gltf.userData.vrm`. */
export const VRMLoaderPlugin = lib.VRMLoaderPlugin;
/** three-vrm's utilities. */
export const VRMUtils = lib.VRMUtils;
/** Applier class of bone-type lookAt (eye bones), for `instanceof`. */
export const VRMLookAtBoneApplier = lib.VRMLookAtBoneApplier;
/** Applier class of expression-type lookAt (look* expressions), for `instanceof`. */
export const VRMLookAtExpressionApplier = lib.VRMLookAtExpressionApplier;
