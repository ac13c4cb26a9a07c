/**
 * finger_wave: a flexion wave runs across the listed digits in the order given. Each digit bends
 * by `wave_amplitude_deg` (its whole-digit chord angle, shared MCP : PIP : DIP by the curl
 * synergy) and back, at `wave_speed_deg_per_sec` each way, so one bump lasts 2 × amplitude / speed;
 * the bumps start at equal steps so the last ends with the capsule.
 */
import { curlForChordAngle, fingerName } from '../anatomy.ts';
import { envelopeFor, GATE } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { digitBone, fingerJoint, thumbJoint } from '../hand-side.ts';
import type { Segment } from '../hand-side.ts';
import { bump, profileKeys } from '../keys.ts';
import { keyTrack } from '../tracks.ts';

/** finger_wave compiler. */
export const fingerWave: Family = {
  subtype: 'finger_wave',
  compile(p) {
    const fingers = p.fingers('affected_fingers');
    const amplitude = p.number('wave_amplitude_deg', 0, 60);
    const speed = p.number('wave_speed_deg_per_sec', 1, 5000);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const bumpMs = (2000 * amplitude) / speed;
    if (bumpMs > durationMs) {
      p.errors.push(
        `params.wave_speed_deg_per_sec ${speed} is too slow: one ${amplitude}° bend and back takes ` +
          `${Math.round(bumpMs)} ms, longer than duration_ms ${durationMs}`,
      );
      return null;
    }
    const n = fingers.length;
    const stepMs = n > 1 ? (durationMs - bumpMs) / (n - 1) : 0;
    const firstMs = n > 1 ? 0 : (durationMs - bumpMs) / 2;
    const tracks = fingers.flatMap((f, i) => {
      const start = firstMs + i * stepMs;
      const profile = bump(
        start / durationMs,
        (start + bumpMs / 2) / durationMs,
        (start + bumpMs) / durationMs,
        easing,
      );
      const curl = curlForChordAngle(f, amplitude);
      const segments: Segment[] = f === 'Thumb' ? [1, 2] : [0, 1, 2];
      return segments.map((seg, j) =>
        keyTrack(
          digitBone(f, seg),
          profileKeys(profile, f === 'Thumb' ? thumbJoint(curl[j]!) : fingerJoint(curl[j]!)),
        ),
      );
    });
    return {
      description:
        `Flexion wave runs ${fingers.map(fingerName).join(' → ')} across the right hand, ` +
        `${amplitude}° per digit, ${Math.round(stepMs)} ms apart.`,
      durationMs,
      envelope: envelopeFor(GATE, durationMs, easing),
      tracks,
      notes: [],
    };
  },
};
