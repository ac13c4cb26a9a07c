/**
 * The seed library spells easings its own way (quadratic_out, cubic_in_out, none); the capsule
 * schema uses the short names the engine's easing table knows (quad_out, …).
 */
import type { EasingName } from '../../engine/capsules/easing.ts';

const SEED_EASINGS: Readonly<Record<string, EasingName>> = {
  linear: 'linear',
  none: 'none',
  quadratic_in: 'quad_in',
  quadratic_out: 'quad_out',
  quadratic_in_out: 'quad_in_out',
  quad_in: 'quad_in',
  quad_out: 'quad_out',
  quad_in_out: 'quad_in_out',
  cubic_in: 'cubic_in',
  cubic_out: 'cubic_out',
  cubic_in_out: 'cubic_in_out',
};

/** Schema easing for a seed easing name, or undefined when the name is unknown. */
export function mapEasing(seedName: string): EasingName | undefined {
  return Object.hasOwn(SEED_EASINGS, seedName) ? SEED_EASINGS[seedName] : undefined;
}

/** Every seed easing name the compiler accepts (for error messages). */
export const SEED_EASING_NAMES: readonly string[] = Object.keys(SEED_EASINGS);
