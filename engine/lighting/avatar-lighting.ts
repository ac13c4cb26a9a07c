/**
 * Per-avatar lighting state, allocated once when the lighting system first meets an avatar (never in
 * the frame loop): its base environment, the two most recent tick targets it interpolates between,
 * and this frame's outputs the `LIGHTING` resource hands out (same arrays every frame).
 */
import type { PoseBuffer } from '../rig/pose-buffer.ts';
import { LIGHT_PARAMS } from '../rig/channels.ts';
import { createRotationCache } from './light-transform.ts';
import type { RotationCache } from './light-transform.ts';
import { SH_FLOATS } from './sh-basis.ts';

/** One avatar's lighting data. */
export interface AvatarLighting {
  /** The pose buffer this state belongs to (an entity id reused by a new avatar gets a new state). */
  pose: PoseBuffer;
  /** Base radiance SH (set by `setEnvironment`). */
  readonly environment: Float32Array;
  /** Irradiance of the base environment with no LD transform (the output while disabled). */
  readonly plain: Float32Array;
  /** Target irradiance at tick k − 1 and at tick k, the light parameters and environment version of each. */
  from: Float32Array;
  to: Float32Array;
  fromLight: Float32Array;
  toLight: Float32Array;
  fromEnv: number;
  toEnv: number;
  /** Bumped by every `setEnvironment`, so a tick knows whether it may reuse the previous target. */
  envVersion: number;
  /** Tick index of `to`; NaN until the system's first update (or after a re-enable or time jump). */
  tick: number;
  /** Engine time and sanitised light parameters of the previous frame (ticks between frames interpolate them). */
  prevTime: number;
  readonly prevLight: Float32Array;
  /** This frame's interpolated irradiance, key light and ambient. */
  readonly irradiance: Float32Array;
  readonly key: { readonly direction: Float32Array; readonly colour: Float32Array };
  readonly ambient: Float32Array;
  /** The two targets are equal (the last tick reused the one before). */
  steady: boolean;
  /** `irradiance` already holds the steady target, so frames until the next change skip the blend. */
  settled: boolean;
  /** The environment as last rotated by the key direction (reused while yaw and pitch hold). */
  readonly rotation: RotationCache;
  /** True when `key` and `ambient` lag `irradiance`; they are split off on first read (most frames nobody asks). */
  keyStale: boolean;
  /** Frame number at which the system last saw the avatar (removal detection). */
  seen: number;
}

/** Allocates an avatar's state with `environment` copied in. */
export function createAvatarLighting(pose: PoseBuffer, environment: ArrayLike<number>): AvatarLighting {
  const env = new Float32Array(SH_FLOATS);
  env.set(environment as ArrayLike<number>);
  return {
    pose,
    environment: env,
    plain: new Float32Array(SH_FLOATS),
    from: new Float32Array(SH_FLOATS),
    to: new Float32Array(SH_FLOATS),
    fromLight: new Float32Array(LIGHT_PARAMS.length),
    toLight: new Float32Array(LIGHT_PARAMS.length),
    fromEnv: -1,
    toEnv: -1,
    envVersion: 0,
    tick: NaN,
    prevTime: NaN,
    prevLight: new Float32Array(LIGHT_PARAMS.length),
    irradiance: new Float32Array(SH_FLOATS),
    key: { direction: new Float32Array(3), colour: new Float32Array(3) },
    ambient: new Float32Array(SH_FLOATS),
    steady: false,
    settled: false,
    rotation: createRotationCache(),
    keyStale: true,
    seen: -1,
  };
}
