/**
 * palm_orientation: the palm turns to `angle_deg_end` about one axis and back. The angles are the
 * video's, in the camera frame (x right, y down, z into the scene) with the speaker facing the
 * camera, and the hand held in the neutral gesture posture (forearm forward, palm toward the
 * midline, thumb up). Then:
 *  - yaw (about the image vertical) swings the fingers sideways: wrist flexion/extension (hand z);
 *  - pitch (about the image horizontal; + tips the fingers down) is ulnar/radial deviation (hand y);
 *  - roll (about the viewing axis; + clockwise on screen) is pronation/supination (hand x).
 * For the right hand: z = −yaw, y = −pitch, x = +roll. This reading keeps every seed angle inside
 * the wrist's range; a palm-down reading would put yaw −35° on radial deviation (max 20°).
 */
import { envelopeFor, TURN_SPLIT } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { HAND_BONE, SCREEN_RIGHT_IS_MEDIAL, wristJoint } from '../hand-side.ts';
import type { Vec3 } from '../hand-side.ts';
import { constTrack, deg } from '../tracks.ts';

const AXES = ['yaw', 'pitch', 'roll'] as const;

/** Wrist delta for a camera-frame turn of `angle` degrees about `axis`. */
export function palmTurn(axis: (typeof AXES)[number], angle: number): Vec3 {
  if (axis === 'yaw') return wristJoint(-angle * SCREEN_RIGHT_IS_MEDIAL, 0, 0);
  if (axis === 'pitch') return wristJoint(0, -angle, 0);
  return wristJoint(0, 0, angle * SCREEN_RIGHT_IS_MEDIAL);
}

const ANATOMY: Readonly<Record<(typeof AXES)[number], readonly [string, string]>> = {
  yaw: ['wrist extension', 'wrist flexion'],
  pitch: ['ulnar deviation', 'radial deviation'],
  roll: ['pronation', 'supination'],
};

/** palm_orientation compiler. */
export const palmOrientation: Family = {
  subtype: 'palm_orientation',
  compile(p) {
    const axis = p.oneOf('axis', AXES);
    const start = p.number('angle_deg_start', -180, 180);
    const end = p.number('angle_deg_end', -180, 180);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const notes =
      start !== 0 ? [`angle_deg_start ${start} ≠ 0: compiled as a turn of ${end - start}° from rest`] : [];
    const turn = end - start;
    const word = ANATOMY[axis][turn >= 0 ? 0 : 1];
    return {
      description: `Right palm turns ${axis} ${turn > 0 ? '+' : ''}${deg(turn)} (${word}) and back.`,
      durationMs,
      envelope: envelopeFor(TURN_SPLIT, durationMs, easing),
      tracks: [constTrack(HAND_BONE, palmTurn(axis, turn))],
      notes,
    };
  },
};
