/**
 * Attack / hold / release per subtype. A gesture goes out and comes back: the attack carries the
 * seed's easing out, the hold shows the shape, the release mirrors the easing home. Subtypes whose
 * keyframes already go out and back (taps, waves) or that run steadily (tremor, combined) use a
 * gate — zero-length ramps — so the envelope does not blunt their shape twice.
 */
import type { EasingName } from '../../engine/capsules/easing.ts';
import type { Capsule } from '../../engine/capsules/schema-types.ts';

/** Fractions of the duration for attack, hold and release (they sum to 1). */
export type Split = readonly [attack: number, hold: number, release: number];

/** A gate: the envelope is 1 throughout; the track's own keys shape the motion. */
export const GATE: Split = [0, 1, 0];

/** Finger cluster: close fast (the seed's *_out easings), a short hold, open again. */
export const CLUSTER_SPLIT: Split = [0.4, 0.2, 0.4];

/** Finger spread: symmetric fan out and back with a visible hold at full spread. */
export const SPREAD_SPLIT: Split = [0.35, 0.3, 0.35];

/**
 * Thumb–index press by pressure curve: a soft press eases in and lets go early; a firm one snaps
 * shut and holds contact for half the gesture.
 */
export const PRESS_SPLIT: Readonly<Record<'soft' | 'medium' | 'firm', Split>> = {
  soft: [0.45, 0.2, 0.35],
  medium: [0.35, 0.35, 0.3],
  firm: [0.25, 0.5, 0.25],
};

/** Palm orientation and hand roll: turn, show the new orientation, turn back. */
export const TURN_SPLIT: Split = [0.4, 0.3, 0.3];

/**
 * Abort arc: a short eased start (the path itself starts at rest), the path runs through the hold,
 * and the release brings the hand home if the arc ever completes. Every seed abort phase (≥ 0.25)
 * lies after the attack, so the hand is exactly `abort_percent` along its path when it stops.
 */
export const ARC_SPLIT: Split = [0.2, 0.55, 0.25];

/**
 * Envelope for `durationMs` split by `split`, in whole milliseconds, release taking the rounding so
 * attack + hold + release == duration. `none` easing forces a gate (the schema requires it).
 */
export function envelopeFor(split: Split, durationMs: number, easing: EasingName): Capsule['envelope'] {
  const s = easing === 'none' ? GATE : split;
  const attack = Math.round(s[0] * durationMs);
  const hold = Math.round(s[1] * durationMs);
  return { attack_ms: attack, hold_ms: hold, release_ms: durationMs - attack - hold, easing };
}
