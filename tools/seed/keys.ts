/**
 * Keyframe building for motions whose shape lives in the track (taps, waves, arcs): a scalar
 * profile over phase, scaled onto each bone's peak pose, rounded and made strictly increasing.
 */
import { ease, easingCode } from '../../engine/capsules/easing.ts';
import type { EasingName } from '../../engine/capsules/easing.ts';
import type { JointTrack } from '../../engine/capsules/schema-types.ts';
import type { Vec3 } from './hand-side.ts';
import { roundDeg, roundPhase } from './units.ts';

/** Phase `t` (0..1 of the capsule) → fraction `s` of the peak pose. */
export interface ProfilePoint {
  readonly t: number;
  readonly s: number;
}

/** A keyframe with a bone-local rotation vector. */
export type JointKey = NonNullable<JointTrack['keys']>[number];

/** Samples per ramp of a bump: enough that linear keys follow the easing within ≈ 2 % of the peak. */
export const RAMP_STEPS = 4;

/**
 * An out-and-back bump over phases t0 → tPeak → t1. The way out follows `easing`, the way back its
 * mirror — the same rule the engine's envelope uses for attack and release. `none` has no ramp, so
 * a bump with it eases linearly.
 */
export function bump(t0: number, tPeak: number, t1: number, easing: EasingName): ProfilePoint[] {
  const code = easingCode(easing === 'none' ? 'linear' : easing);
  const out: ProfilePoint[] = [];
  for (let i = 0; i <= RAMP_STEPS; i++)
    out.push({ t: t0 + ((tPeak - t0) * i) / RAMP_STEPS, s: ease(code, i / RAMP_STEPS) });
  for (let i = 1; i <= RAMP_STEPS; i++)
    out.push({ t: tPeak + ((t1 - tPeak) * i) / RAMP_STEPS, s: ease(code, 1 - i / RAMP_STEPS) });
  return out;
}

/** Keys for one bone: the profile scaled onto `peak`. */
export function profileKeys(profile: readonly ProfilePoint[], peak: Vec3): JointKey[] {
  return vectorKeys(profile.map((p) => ({ t: p.t, value: [peak[0] * p.s, peak[1] * p.s, peak[2] * p.s] })));
}

/**
 * Rounds, sorts and merges keys (same rounded phase: the larger pose wins), and pins the ends: a
 * rest key at phase 0 and 1 unless the motion already has one there.
 */
export function vectorKeys(points: readonly { t: number; value: Vec3 }[]): JointKey[] {
  const byT = new Map<number, Vec3>();
  for (const p of points) {
    const t = roundPhase(p.t);
    const v: Vec3 = [roundDeg(p.value[0]), roundDeg(p.value[1]), roundDeg(p.value[2])];
    const prev = byT.get(t);
    if (!prev || magnitude(v) > magnitude(prev)) byT.set(t, v);
  }
  if (!byT.has(0)) byT.set(0, [0, 0, 0]);
  if (!byT.has(1)) byT.set(1, [0, 0, 0]);
  return [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([t, value]) => ({ t, value }));
}

function magnitude(v: Vec3): number {
  return Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
}
