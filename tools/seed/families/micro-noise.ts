/**
 * micro_noise: physiological micro-tremor at the seed's 10–18 Hz. `max_rotation_deg` is the
 * hand's own rotation: wrist noise on all three axes. `max_translation_px` (→ mm) is the hand
 * being carried by the forearm: an angle of arc / (elbow → fingertip) on the forearm's off-hinge
 * z axis. The elbow hinge (y) cannot take a zero-mean wobble around a zero delta inside its range
 * (0..150° flexion), so the hinge's share of the sway is left to the wrist noise.
 */
import { ELBOW_RADIUS_MM } from '../anatomy.ts';
import { envelopeFor, GATE } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { FOREARM_BONE, HAND_BONE } from '../hand-side.ts';
import { noiseTrack } from '../tracks.ts';
import { arcDeg, pxToMm } from '../units.ts';

/** micro_noise compiler. */
export const microNoise: Family = {
  subtype: 'micro_noise',
  compile(p) {
    const translationMm = pxToMm(p.number('max_translation_px', 0, 50));
    const rotation = p.number('max_rotation_deg', 0, 10);
    const frequencyHz = p.number('frequency_hz', 0.05, 60);
    const durationMs = p.integer('duration_ms', 20, 600000);
    const easing = p.easing();
    if (!p.ok) return null;
    const sway = arcDeg(translationMm, ELBOW_RADIUS_MM);
    return {
      description:
        `Right-hand micro-tremor at ${frequencyHz} Hz: ±${rotation}° at the wrist, ` +
        `±${translationMm} mm carried by the forearm.`,
      durationMs,
      envelope: envelopeFor(GATE, durationMs, easing),
      tracks: [
        noiseTrack(HAND_BONE, [rotation, rotation, rotation], frequencyHz),
        noiseTrack(FOREARM_BONE, [0, 0, sway], frequencyHz),
      ],
      notes: [],
    };
  },
};
