/**
 * Easing curves for envelope ramps. Indexed by a small integer so the per-frame path switches on a
 * number, not a string.
 */
import type { Capsule } from './schema-types.ts';

/** An easing name as written in capsules. */
export type EasingName = Capsule['envelope']['easing'];

/** Easing names in code order. */
export const EASINGS: readonly EasingName[] = [
  'linear',
  'quad_in',
  'quad_out',
  'quad_in_out',
  'cubic_in',
  'cubic_out',
  'cubic_in_out',
  'none',
];

/** Code of an easing name. */
export function easingCode(name: EasingName): number {
  return EASINGS.indexOf(name);
}

/** Eases x in [0, 1] (clamped) by easing code; 0 → 0 and 1 → 1 for every curve. `none` is a step to 1. */
export function ease(code: number, x: number): number {
  if (x <= 0) return code === 7 ? 1 : 0;
  if (x >= 1) return 1;
  switch (code) {
    case 1:
      return x * x;
    case 2:
      return 1 - (1 - x) * (1 - x);
    case 3:
      return x < 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x);
    case 4:
      return x * x * x;
    case 5: {
      const u = 1 - x;
      return 1 - u * u * u;
    }
    case 6:
      return x < 0.5 ? 4 * x * x * x : 1 - 4 * (1 - x) * (1 - x) * (1 - x);
    case 7:
      return 1;
    default:
      return x;
  }
}

/** Smoothstep on [0, 1]: the crossfade curve (zero slope at both ends, so fades never kink). */
export function smoothstep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}
