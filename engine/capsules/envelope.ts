/**
 * Capsule envelopes: attack ramp, hold at 1, release ramp, plus short edge fades where a capsule's own
 * attack or release is shorter than {@link EDGE_FADE_MS}, so no capsule ever starts or ends with a jump.
 */
import { ease, smoothstep } from './easing.ts';

/** Minimum fade at a capsule's start and end when its own ramp is shorter. */
export const EDGE_FADE_MS = 10;

/** Envelope timing in capsule time (ms) with an easing code. */
export interface EnvelopeSpec {
  readonly attackMs: number;
  readonly holdMs: number;
  readonly releaseMs: number;
  readonly easing: number;
}

/**
 * Envelope value at time `t` ms after the capsule starts (0 outside [0, span]).
 * The release mirrors the attack's easing (ease-out in becomes ease-out back down).
 */
export function envelopeAt(env: EnvelopeSpec, t: number): number {
  const span = env.attackMs + env.holdMs + env.releaseMs;
  if (t <= 0 || t >= span) return 0;
  let v: number;
  if (t < env.attackMs) v = ease(env.easing, t / env.attackMs);
  else if (t <= env.attackMs + env.holdMs) v = 1;
  else v = ease(env.easing, (span - t) / env.releaseMs);
  if (env.attackMs < EDGE_FADE_MS) v *= smoothstep(t / EDGE_FADE_MS);
  if (env.releaseMs < EDGE_FADE_MS) v *= smoothstep((span - t) / EDGE_FADE_MS);
  return v;
}
