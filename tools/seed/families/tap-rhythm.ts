/**
 * tap_rhythm: one digit taps `tap_count` times. The seed's `duration_ms` is one tap and
 * `interval_ms` the onset-to-onset spacing, so the capsule lasts (count − 1) × interval + tap.
 * Each tap is a keyframed out-and-back flexion of the base joint whose tip travel is
 * `amplitude_mm` (angle = arc / MCP-to-tip length); the strike takes 40 % of a tap.
 */
import { digitLength, fingerName, THUMB_MCP_TO_TIP_MM } from '../anatomy.ts';
import { envelopeFor, GATE } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { digitBone, fingerJoint, thumbJoint } from '../hand-side.ts';
import { bump, profileKeys } from '../keys.ts';
import type { ProfilePoint } from '../keys.ts';
import { deg, keyTrack } from '../tracks.ts';
import { arcDeg } from '../units.ts';

/** Fraction of a tap spent striking down (the rest is the slower return). */
export const STRIKE_FRACTION = 0.4;

/** tap_rhythm compiler. */
export const tapRhythm: Family = {
  subtype: 'tap_rhythm',
  compile(p) {
    const finger = p.finger('finger');
    const count = p.integer('tap_count', 1, 32);
    let intervalMs = p.number('interval_ms', 0, 5000);
    const amplitudeMm = p.number('amplitude_mm', 0, 40);
    const tapMs = p.integer('duration_ms', 10, 5000);
    const easing = p.easing();
    if (!p.ok) return null;
    const notes: string[] = [];
    if (count > 1 && intervalMs < tapMs) {
      notes.push(`interval_ms ${intervalMs} is shorter than one tap (${tapMs} ms); taps placed back to back`);
      intervalMs = tapMs;
    }
    const durationMs = Math.round((count - 1) * intervalMs + tapMs);
    const profile: ProfilePoint[] = [];
    for (let i = 0; i < count; i++) {
      const start = i * intervalMs;
      profile.push(
        ...bump(
          start / durationMs,
          (start + STRIKE_FRACTION * tapMs) / durationMs,
          (start + tapMs) / durationMs,
          easing,
        ),
      );
    }
    const isThumb = finger === 'Thumb';
    const angle = arcDeg(amplitudeMm, isThumb ? THUMB_MCP_TO_TIP_MM : digitLength(finger));
    const peak = isThumb ? thumbJoint(angle) : fingerJoint(angle);
    const rhythm = count === 1 ? 'once' : `${count}× every ${intervalMs} ms`;
    return {
      description: `Right ${fingerName(finger)} taps ${rhythm}: ${amplitudeMm} mm at the tip (${deg(angle)} at the knuckle).`,
      durationMs,
      envelope: envelopeFor(GATE, durationMs, easing),
      tracks: [keyTrack(digitBone(finger, isThumb ? 1 : 0), profileKeys(profile, peak))],
      notes,
    };
  },
};
