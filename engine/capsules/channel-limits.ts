/**
 * Safety clamps per channel, precomputed once: anatomical joint limits (radians) for rotation
 * channels, ±1 m for the hips offset, the eyes' comfortable range for gaze (yaw ±45°, pitch ±35°),
 * each voice, light, camera and environment parameter's range, 0..1 for expression weights. Also each
 * channel's neutral value, which an avatar's baseline starts from (e.g. voice rate 1, 6500 K).
 */
import { HUMAN_BONES } from '../rig/bones.ts';
import {
  CHANNEL_COUNT,
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
} from '../rig/channels.ts';

const DEG = Math.PI / 180;

/** Lower clamp of every channel. */
export const CHANNEL_MIN = new Float64Array(CHANNEL_COUNT);
/** Upper clamp of every channel. */
export const CHANNEL_MAX = new Float64Array(CHANNEL_COUNT);

HUMAN_BONES.forEach((bone, b) => {
  const axes = [bone.limits.x, bone.limits.y, bone.limits.z];
  for (let a = 0; a < 3; a++) {
    CHANNEL_MIN[b * 3 + a] = axes[a]![0] * DEG;
    CHANNEL_MAX[b * 3 + a] = axes[a]![1] * DEG;
  }
});
for (let c = HIPS_OFFSET_CHANNEL; c < GAZE_CHANNEL; c++) {
  CHANNEL_MIN[c] = -1;
  CHANNEL_MAX[c] = 1;
}
CHANNEL_MIN[GAZE_CHANNEL] = -45;
CHANNEL_MAX[GAZE_CHANNEL] = 45;
CHANNEL_MIN[GAZE_CHANNEL + 1] = -35;
CHANNEL_MAX[GAZE_CHANNEL + 1] = 35;
/** Neutral (rest) value of every channel. */
export const CHANNEL_NEUTRAL = new Float32Array(CHANNEL_COUNT);
const PARAM_BLOCKS: [number, readonly { neutral: number; min: number; max: number }[]][] = [
  [VOICE_CHANNEL, VOICE_PARAMS],
  [LIGHT_CHANNEL, LIGHT_PARAMS],
  [CAMERA_CHANNEL, CAMERA_PARAMS],
  [ENVIRONMENT_CHANNEL, ENVIRONMENT_PARAMS],
];
for (const [base, params] of PARAM_BLOCKS)
  params.forEach((v, i) => {
    CHANNEL_MIN[base + i] = v.min;
    CHANNEL_MAX[base + i] = v.max;
    CHANNEL_NEUTRAL[base + i] = v.neutral;
  });
for (let c = EXPRESSION_BASE; c < CHANNEL_COUNT; c++) {
  CHANNEL_MIN[c] = 0;
  CHANNEL_MAX[c] = 1;
}
