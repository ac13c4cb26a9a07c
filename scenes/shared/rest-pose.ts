/**
 * The scenes' resting body, written into each avatar's baseline before every frame: arms down with
 * the forearms a little forward (a VRM's rest pose is a T-pose), relaxed fingers, breathing, a slow
 * head drift and blinks. Every value is a function of engine time, so scrubbing and goldens stay
 * deterministic. A stand-in until the library's BASELINE_RESTING capsule exists; capsules add on top.
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

/** Blink timing: one blink per period, shifted by up to `BLINK_JITTER_MS` by a hash of its index. */
const BLINK_PERIOD_MS = 3900;
const BLINK_JITTER_MS = 1700;
const BLINK_CLOSE_MS = 70;
const BLINK_OPEN_MS = 110;

/** Fraction in [0, 1) from an integer (a fixed hash, so blinks land at the same times every run). */
function hash01(k: number): number {
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Blink weight at time `t` ms. */
function blinkAt(t: number): number {
  const k = Math.floor(t / BLINK_PERIOD_MS);
  for (const j of [k - 1, k]) {
    const u = t - (j * BLINK_PERIOD_MS + hash01(j) * BLINK_JITTER_MS);
    if (u >= 0 && u < BLINK_CLOSE_MS) return u / BLINK_CLOSE_MS;
    if (u >= BLINK_CLOSE_MS && u < BLINK_CLOSE_MS + BLINK_OPEN_MS)
      return 1 - (u - BLINK_CLOSE_MS) / BLINK_OPEN_MS;
  }
  return 0;
}

/** Writes the resting pose at engine time `t` into a baseline array; returns the writer for a layout. */
export function createRestPose(layout: ChannelLayout): (baseline: Float32Array, t: number) => void {
  const fixed: [channel: number, value: number][] = [];
  for (const [stem, x, y, z] of ARMS) {
    const sides: [string, number][] = [
      [`left${stem}`, 1],
      [`right${stem}`, -1],
    ];
    for (const [bone, m] of sides) {
      fixed.push([layout.bone(bone, 0), x * DEG]);
      fixed.push([layout.bone(bone, 1), m * y * DEG]);
      fixed.push([layout.bone(bone, 2), m * z * DEG]);
    }
  }
  const chestX = layout.bone('chest', 0);
  const spineX = layout.bone('spine', 0);
  const headX = layout.bone('head', 0);
  const headY = layout.bone('head', 1);
  const neckY = layout.bone('neck', 1);
  const blink = layout.expression('blink');

  return (baseline, t) => {
    for (const [c, v] of fixed) if (c >= 0) baseline[c] = v;
    const breath = Math.sin((2 * Math.PI * t) / 4300);
    baseline[chestX] = 1.1 * DEG * breath;
    baseline[spineX] = 0.5 * DEG * breath;
    baseline[headX] = (1.2 * Math.sin((2 * Math.PI * t) / 6100 + 1) + 1) * DEG;
    baseline[headY] = 2.2 * DEG * Math.sin((2 * Math.PI * t) / 9700);
    baseline[neckY] = 1.2 * DEG * Math.sin((2 * Math.PI * t) / 9700 + 0.4);
    if (blink >= 0) baseline[blink] = blinkAt(t);
  };
}
