/**
 * hand_roll: the whole hand rolls about the forearm by `roll_deg_end` and back (camera-frame roll,
 * + clockwise on screen = pronation of the right hand, as in palm_orientation). Pronation and
 * supination happen along the forearm (the radius turns about the ulna), so the forearm carries
 * 60 % of the roll and the wrist 40 %, which also keeps skinned wrists from twisting like a wrapper.
 */
import { envelopeFor, TURN_SPLIT } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { FOREARM_BONE, forearmJoint, HAND_BONE, SCREEN_RIGHT_IS_MEDIAL, wristJoint } from '../hand-side.ts';
import { constTrack, deg } from '../tracks.ts';

/** Share of a hand roll carried by the forearm (the rest by the wrist). */
export const FOREARM_ROLL_SHARE = 0.6;

/** hand_roll compiler. */
export const handRoll: Family = {
  subtype: 'hand_roll',
  compile(p) {
    const start = p.number('roll_deg_start', -180, 180);
    const end = p.number('roll_deg_end', -180, 180);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const notes =
      start !== 0 ? [`roll_deg_start ${start} ≠ 0: compiled as a roll of ${end - start}° from rest`] : [];
    const pronate = (end - start) * SCREEN_RIGHT_IS_MEDIAL;
    return {
      description: `Right hand rolls ${deg(Math.abs(end - start))} into ${pronate >= 0 ? 'pronation' : 'supination'}, forearm leading, and back.`,
      durationMs,
      envelope: envelopeFor(TURN_SPLIT, durationMs, easing),
      tracks: [
        constTrack(FOREARM_BONE, forearmJoint(0, FOREARM_ROLL_SHARE * pronate)),
        constTrack(HAND_BONE, wristJoint(0, 0, (1 - FOREARM_ROLL_SHARE) * pronate)),
      ],
      notes,
    };
  },
};
