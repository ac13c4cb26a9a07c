/**
 * thumb_index_press: thumb and index tips close to `distance_target` metres apart (12–20 mm: tip
 * centres at pad contact) and press. The relaxed gap is closed half by each digit — the index by
 * curling, the thumb half by opposition at its base and half by curling. The pressure curve sets
 * the time course (see PRESS_SPLIT) and how far the pads compress past first contact.
 */
import { curlForTipTravel, digitLength, THUMB_INDEX_GAP_MM } from '../anatomy.ts';
import { envelopeFor, PRESS_SPLIT } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { digitBone, fingerJoint, thumbJoint } from '../hand-side.ts';
import { constTrack } from '../tracks.ts';
import { arcDeg, mToMm } from '../units.ts';

/** Fingertip pulp compression under a light, medium and firm pinch, mm. */
export const PAD_COMPRESSION_MM = { soft: 0, medium: 1, firm: 2 } as const;

const PRESSURES = ['soft', 'medium', 'firm'] as const;

/** thumb_index_press compiler. */
export const thumbIndexPress: Family = {
  subtype: 'thumb_index_press',
  compile(p) {
    const targetM = p.number('distance_target', 0.001, 0.05);
    const pressure = p.oneOf('pressure_curve', PRESSURES);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const targetMm = mToMm(targetM) - PAD_COMPRESSION_MM[pressure];
    const eachMm = (THUMB_INDEX_GAP_MM - targetMm) / 2;
    const index = curlForTipTravel('Index', eachMm);
    const opposition = arcDeg(eachMm / 2, digitLength('Thumb')) / Math.SQRT2;
    const thumbCurl = curlForTipTravel('Thumb', eachMm / 2);
    return {
      description:
        `Right thumb and index tips close from ${THUMB_INDEX_GAP_MM} to ${Number(mToMm(targetM).toFixed(1))} mm ` +
        `apart and press (${pressure}).`,
      durationMs,
      envelope: envelopeFor(PRESS_SPLIT[pressure], durationMs, easing),
      tracks: [
        constTrack(digitBone('Thumb', 0), thumbJoint(opposition, opposition)),
        constTrack(digitBone('Thumb', 1), thumbJoint(thumbCurl[0]!)),
        constTrack(digitBone('Thumb', 2), thumbJoint(thumbCurl[1]!)),
        constTrack(digitBone('Index', 0), fingerJoint(index[0]!)),
        constTrack(digitBone('Index', 1), fingerJoint(index[1]!)),
        constTrack(digitBone('Index', 2), fingerJoint(index[2]!)),
      ],
      notes: [],
    };
  },
};
