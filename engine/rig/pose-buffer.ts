/**
 * The per-avatar pose buffer: what every consumer (renderer adapters, voice, state emitter, track
 * writer) reads after the resolver has run. Allocated once per avatar; rewritten in place each frame.
 */
import { BONE_COUNT } from './bones.ts';
import type { ChannelLayout } from './channels.ts';
import {
  EXPRESSION_BASE,
  GAZE_CHANNEL,
  HIPS_OFFSET_CHANNEL,
  VOICE_CHANNEL,
  VOICE_PARAMS,
  LIGHT_CHANNEL,
  LIGHT_PARAMS,
  CAMERA_CHANNEL,
  CAMERA_PARAMS,
  ENVIRONMENT_CHANNEL,
  ENVIRONMENT_PARAMS,
} from './channels.ts';

/** Resolved pose of one avatar. */
export interface PoseBuffer {
  /** Resolved scalar channels in {@link ChannelLayout} order (rotation vectors, hips offset, weights). */
  readonly channels: Float32Array;
  /** Bone local rotations in the normalized frame as quaternions, x y z w per bone. */
  readonly rotations: Float32Array;
  /** Hips translation offset from rest, metres (a view into `channels`). */
  readonly hipsOffset: Float32Array;
  /** LookAt yaw and pitch in degrees (a view into `channels`); adapters hand it to the VRM lookAt. */
  readonly gaze: Float32Array;
  /** Voice parameters in VOICE_PARAMS order (a view into `channels`); the voice DSP reads them. */
  readonly voice: Float32Array;
  /** Light parameters in LIGHT_PARAMS order (a view into `channels`); SH relighting reads them. */
  readonly light: Float32Array;
  /** Camera-rig offsets in CAMERA_PARAMS order (a view into `channels`); an opted-in camera reads them. */
  readonly camera: Float32Array;
  /** Environment parameters in ENVIRONMENT_PARAMS order (a view into `channels`). */
  readonly environment: Float32Array;
  /** Expression weights 0..1, VRM presets, ARKit-52, customs (a view into `channels`). */
  readonly expressions: Float32Array;
}

/** Allocates a neutral pose buffer (identity rotations, zero offset and weights, neutral voice, light, camera, environment). */
export function createPoseBuffer(layout: ChannelLayout): PoseBuffer {
  const channels = new Float32Array(layout.size);
  const rotations = new Float32Array(BONE_COUNT * 4);
  for (let b = 0; b < BONE_COUNT; b++) rotations[b * 4 + 3] = 1;
  VOICE_PARAMS.forEach((v, i) => (channels[VOICE_CHANNEL + i] = v.neutral));
  LIGHT_PARAMS.forEach((v, i) => (channels[LIGHT_CHANNEL + i] = v.neutral));
  CAMERA_PARAMS.forEach((v, i) => (channels[CAMERA_CHANNEL + i] = v.neutral));
  ENVIRONMENT_PARAMS.forEach((v, i) => (channels[ENVIRONMENT_CHANNEL + i] = v.neutral));
  return {
    channels,
    rotations,
    hipsOffset: channels.subarray(HIPS_OFFSET_CHANNEL, HIPS_OFFSET_CHANNEL + 3),
    gaze: channels.subarray(GAZE_CHANNEL, GAZE_CHANNEL + 2),
    voice: channels.subarray(VOICE_CHANNEL, LIGHT_CHANNEL),
    light: channels.subarray(LIGHT_CHANNEL, CAMERA_CHANNEL),
    camera: channels.subarray(CAMERA_CHANNEL, ENVIRONMENT_CHANNEL),
    environment: channels.subarray(ENVIRONMENT_CHANNEL, EXPRESSION_BASE),
    expressions: channels.subarray(EXPRESSION_BASE),
  };
}

/**
 * Writes the unit quaternion of rotation vector (x, y, z) radians into `out` at `offset`.
 * Exact exponential map, not a small-angle approximation.
 */
export function rotationVectorToQuaternion(
  x: number,
  y: number,
  z: number,
  out: Float32Array,
  offset: number,
): void {
  const angle = Math.sqrt(x * x + y * y + z * z);
  if (angle < 1e-9) {
    out[offset] = x * 0.5;
    out[offset + 1] = y * 0.5;
    out[offset + 2] = z * 0.5;
    out[offset + 3] = 1;
    return;
  }
  const s = Math.sin(angle * 0.5) / angle;
  out[offset] = x * s;
  out[offset + 1] = y * s;
  out[offset + 2] = z * s;
  out[offset + 3] = Math.cos(angle * 0.5);
}
