/**
 * The seeded draws of a scheduled capsule, in one place: whether it fires, and where its trigger puts
 * its onset. The capsule runtime and the lead-lag planner (which plans onsets before handing them to
 * the runtime) both use these, so a plan and a direct schedule can never disagree on a draw.
 */
import { unitHash } from '../ecs/random.ts';
import type { CompiledCapsule } from './compiled.ts';

/** Which draw of an instance's seed: each is an independent stateless hash. */
export const enum Draw {
  Fire = 0,
  Onset = 1,
  Duration = 2,
  Intensity = 3,
  Abort = 4,
}

/** A draw in [−1, 1). */
export function signedDraw(seed: number, draw: Draw): number {
  return unitHash(seed, draw) * 2 - 1;
}

/** True when the capsule's trigger probability lets it fire for this seed. */
export function firesFor(c: CompiledCapsule, seed: number): boolean {
  return unitHash(seed, Draw.Fire) < c.probability;
}

/** Onset of a triggered capsule: anchor + offset with seeded timing variation (× jitter), ÷ tempo. */
export function triggeredOnset(
  c: CompiledCapsule,
  anchor: number,
  seed: number,
  tempo: number,
  jitter: number,
): number {
  return anchor + (c.offsetMs * (1 + c.timingVariation * jitter * signedDraw(seed, Draw.Onset))) / tempo;
}
