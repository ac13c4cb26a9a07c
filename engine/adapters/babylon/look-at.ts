/**
 * Gaze → eyes, as three-vrm's `VRMLookAtBoneApplier` / `VRMLookAtExpressionApplier` do it.
 *
 * Signs: the pose buffer's gaze is + yaw toward the avatar's left, + pitch UP; VRM 1.0 (and
 * three-vrm's `VRMLookAt.yaw/pitch`) use + yaw left, + pitch DOWN. So `vrmPitch = −gaze.pitch`.
 *
 * Bone type: each eye gets the normalized rotation Euler(x = pitch angle, y = yaw angle, 'YXZ'),
 * applied through the humanoid's normalization (three-vrm's faceFront conjugation for 0.x is the
 * same x/z flip). Yaw uses the outer map for the eye on the side looked towards and the inner map
 * for the other; vertical maps follow three-vrm exactly: VRM pitch < 0 (up) turns the eyes up by
 * `rangeMapVerticalDown`, pitch > 0 (down) turns them down by `rangeMapVerticalUp` — the reverse of
 * the VRM 1.0 spec's table, kept for parity with three-vrm (the conformance reference).
 *
 * Expression type: lookLeft/Right from `rangeMapHorizontalOuter`, lookUp from `rangeMapVerticalUp`,
 * lookDown from `rangeMapVerticalDown` (spec and three-vrm agree); weights go through the
 * expression manager, so `overrideLookAt` applies to them.
 */
import { boneIndex } from '../../rig/bones.ts';
import type { LookAtDescription, LookAtRangeMap } from '../../rig/vrm-reader.ts';
import type { HumanoidRig } from './humanoid.ts';
import { quatFromYawPitch } from './quat.ts';

/** three-vrm clamps tiny input ranges to this (VRMLookAtLoaderPlugin's INPUT_MAX_VALUE_MINIMUM). */
const INPUT_MAX_VALUE_MINIMUM = 0.01;
const DEG = Math.PI / 180;
const LEFT_EYE = boneIndex('leftEye');
const RIGHT_EYE = boneIndex('rightEye');

/** Maps |angle| degrees through a range map, as `VRMLookAtRangeMap.map`. */
function mapRange(map: LookAtRangeMap, degrees: number): number {
  const input = Math.max(map.inputMaxValue, INPUT_MAX_VALUE_MINIMUM);
  return map.outputScale * Math.min(1, Math.max(0, degrees / input));
}

/** Weights the expression-type look-at writes, by name. */
export interface LookWeights {
  lookUp: number;
  lookDown: number;
  lookLeft: number;
  lookRight: number;
}

/** A look-at bound to one avatar; `apply` takes the pose's gaze (yaw, pitch degrees, + up). */
export interface LookAtApplier {
  /** 'bone': eyes driven by gaze (pose eye rotations are ignored); 'expression': look* weights. */
  readonly type: 'bone' | 'expression';
  /** Bone type: rotates the eyes. Expression type: writes `out`. */
  apply(gazeYaw: number, gazePitch: number, out: LookWeights): void;
}

const _euler = new Float64Array(4);

/** Builds the applier, or null when the avatar has no look-at or a bone look-at without eyes. */
export function createLookAt(lookAt: LookAtDescription | null, humanoid: HumanoidRig): LookAtApplier | null {
  if (!lookAt) return null;
  const { rangeMapHorizontalInner: inner, rangeMapHorizontalOuter: outer } = lookAt;
  const { rangeMapVerticalDown: down, rangeMapVerticalUp: up } = lookAt;
  if (lookAt.type === 'expression') {
    return {
      type: 'expression',
      apply(gazeYaw, gazePitch, out) {
        const pitch = -gazePitch;
        out.lookUp = pitch < 0 ? mapRange(up, -pitch) : 0;
        out.lookDown = pitch < 0 ? 0 : mapRange(down, pitch);
        out.lookRight = gazeYaw < 0 ? mapRange(outer, -gazeYaw) : 0;
        out.lookLeft = gazeYaw < 0 ? 0 : mapRange(outer, gazeYaw);
      },
    };
  }
  if (!humanoid.nodes[LEFT_EYE] && !humanoid.nodes[RIGHT_EYE]) return null;
  return {
    type: 'bone',
    apply(gazeYaw, gazePitch) {
      const pitch = -gazePitch;
      const x = pitch < 0 ? -mapRange(down, -pitch) : mapRange(up, pitch);
      const left = gazeYaw < 0 ? -mapRange(inner, -gazeYaw) : mapRange(outer, gazeYaw);
      const right = gazeYaw < 0 ? -mapRange(outer, -gazeYaw) : mapRange(inner, gazeYaw);
      quatFromYawPitch(left * DEG, x * DEG, _euler, 0);
      humanoid.setNormalized(LEFT_EYE, _euler, 0);
      quatFromYawPitch(right * DEG, x * DEG, _euler, 0);
      humanoid.setNormalized(RIGHT_EYE, _euler, 0);
    },
  };
}
