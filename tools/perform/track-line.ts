/**
 * One line of track.jsonl: the frame time and, per avatar, only the channels that are not neutral
 * (bone quaternions, hips offset, gaze, expression weights, and light, camera and environment
 * parameters by name), rounded to 6 decimals so the bytes are stable.
 */
import { BONE_COUNT, HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import type { ChannelLayout } from '../../engine/rig/channels.ts';
import {
  CAMERA_PARAMS,
  ENVIRONMENT_PARAMS,
  EXPRESSION_BASE,
  LIGHT_PARAMS,
} from '../../engine/rig/channels.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';

const EPS = 5e-7;
const round = (x: number): number => {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
};

/** Parameters of one block that differ from their neutral value, by name; undefined when none do. */
function params(
  values: Float32Array,
  table: readonly { readonly name: string; readonly neutral: number }[],
): Record<string, number> | undefined {
  let out: Record<string, number> | undefined;
  table.forEach((p, i) => {
    const v = values[i]!;
    if (Math.abs(v - p.neutral) > EPS * Math.max(1, Math.abs(p.neutral))) (out ??= {})[p.name] = round(v);
  });
  return out;
}

/** Non-neutral channels of one pose, as a JSON-ready object. */
export function poseToRecord(pose: PoseBuffer, layout: ChannelLayout): Record<string, unknown> {
  const bones: Record<string, number[]> = {};
  for (let b = 0; b < BONE_COUNT; b++) {
    const q = pose.rotations;
    if (Math.abs(q[b * 4]!) > EPS || Math.abs(q[b * 4 + 1]!) > EPS || Math.abs(q[b * 4 + 2]!) > EPS)
      bones[HUMAN_BONE_NAMES[b]!] = [
        round(q[b * 4]!),
        round(q[b * 4 + 1]!),
        round(q[b * 4 + 2]!),
        round(q[b * 4 + 3]!),
      ];
  }
  const expressions: Record<string, number> = {};
  pose.expressions.forEach((w, i) => {
    if (w > EPS) expressions[layout.name(EXPRESSION_BASE + i)] = round(w);
  });
  const record: Record<string, unknown> = {};
  if (Object.keys(bones).length) record.bones = bones;
  if (pose.hipsOffset.some((x) => Math.abs(x) > EPS)) record.hips = Array.from(pose.hipsOffset, round);
  if (pose.gaze.some((x) => Math.abs(x) > EPS)) record.gaze = Array.from(pose.gaze, round);
  if (Object.keys(expressions).length) record.expressions = expressions;
  const light = params(pose.light, LIGHT_PARAMS);
  if (light) record.light = light;
  const camera = params(pose.camera, CAMERA_PARAMS);
  if (camera) record.camera = camera;
  const environment = params(pose.environment, ENVIRONMENT_PARAMS);
  if (environment) record.environment = environment;
  return record;
}

/** The JSONL line (without newline) for a frame at `timeMs`. */
export function trackLine(
  timeMs: number,
  avatars: readonly { name: string; pose: PoseBuffer }[],
  layout: ChannelLayout,
): string {
  const out: Record<string, unknown> = {};
  for (const a of avatars) out[a.name] = poseToRecord(a.pose, layout);
  return JSON.stringify({ t: Math.round(timeMs * 1000) / 1000, avatars: out });
}
