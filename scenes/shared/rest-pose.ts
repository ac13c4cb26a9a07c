/**
 * The scenes' resting arms, written into each avatar's baseline: a VRM's rest pose is a T-pose, and
 * no capsule holds the arms down, so the scenes lower them (forearms a little forward, fingers
 * relaxed) beneath everything the idle and the performance play. Constant, so every frame and every
 * rebuilt engine agree.
 */
import type { ChannelLayout } from '../../engine/rig/channels.ts';

const DEG = Math.PI / 180;

/** Left-side joint angles in degrees (x, y, z); the right side is mirrored as (x, −y, −z). */
const ARMS: readonly [bone: string, x: number, y: number, z: number][] = [
  ['UpperArm', 0, -18, -70],
  ['LowerArm', 0, -72, 0],
  ['Hand', 0, 0, 6],
  ['IndexProximal', 0, 0, -10],
  ['IndexIntermediate', 0, 0, -14],
  ['MiddleProximal', 0, 0, -14],
  ['MiddleIntermediate', 0, 0, -18],
  ['RingProximal', 0, 0, -18],
  ['RingIntermediate', 0, 0, -20],
  ['LittleProximal', 0, 0, -22],
  ['LittleIntermediate', 0, 0, -22],
];

/** Writes the resting arms into a baseline array (only the channels above change). */
export function writeRestPose(layout: ChannelLayout, baseline: Float32Array): void {
  for (const [stem, x, y, z] of ARMS)
    for (const [side, m] of [
      ['left', 1],
      ['right', -1],
    ] as const) {
      const bone = `${side}${stem}`;
      baseline[layout.bone(bone, 0)] = x * DEG;
      baseline[layout.bone(bone, 1)] = m * y * DEG;
      baseline[layout.bone(bone, 2)] = m * z * DEG;
    }
}
