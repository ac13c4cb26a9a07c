/**
 * abort_arc: the hand sets off on an arc across the image and stops part-way. The path is
 * `total_distance_px` (→ mm) in `direction`, read in the video's image frame (right = the viewer's
 * right = the avatar's left). With the forearm forward and the palm toward the midline:
 *  - the vertical part is elbow flexion (lowerArm), radius elbow → fingertip; a downward stroke
 *    starts from a matching lift (the preparation of a beat), since the elbow delta cannot extend
 *    below its rest from zero without leaving the joint's range;
 *  - the horizontal part is wrist flexion/extension (hand z), radius wrist → fingertip;
 *  - the hand rises by ARC_BOW of the sideways travel mid-path, which makes the sweep an arc.
 * Path progress is linear in phase, so at phase `abort_percent` the hand is exactly that far along.
 *
 * Abort probability is 1: stopping part-way is what this subtype is. The seed's `probability` is
 * the trigger's (whether the gesture starts at all, as for every other subtype); if the abort were
 * itself a chance, the capsule would sometimes play a finished arc the source never describes.
 */
import { ELBOW_RADIUS_MM, WRIST_RADIUS_MM } from '../anatomy.ts';
import { ARC_SPLIT, envelopeFor } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { FOREARM_BONE, forearmJoint, HAND_BONE, SCREEN_RIGHT_IS_MEDIAL, wristJoint } from '../hand-side.ts';
import { vectorKeys } from '../keys.ts';
import { keyTrack, moves } from '../tracks.ts';
import { arcDeg, pxToMm } from '../units.ts';

/** Mid-path lift of a sideways sweep, as a fraction of its sideways travel. */
export const ARC_BOW = 0.15;

/** Path samples (phase steps of 0.1, plus the abort phase itself). */
const STEPS = 10;

const UNIT: Readonly<Record<string, readonly [number, number]>> = {
  left: [-1, 0],
  right: [1, 0],
  up: [0, 1],
  down: [0, -1],
};

/** Image-frame unit direction (x right, y up) of a seed direction, or undefined if unreadable. */
export function parseDirection(text: string): readonly [number, number] | undefined {
  let m = /^(left|right|up|down)->(left|right|up|down)$/.exec(text);
  if (m) {
    const a = UNIT[m[1]!]!;
    const b = UNIT[m[2]!]!;
    const v = [b[0] - a[0], b[1] - a[1]] as const;
    const len = Math.hypot(v[0], v[1]);
    return len === 0 ? undefined : [v[0] / len, v[1] / len];
  }
  m = /^(?:vertical|horizontal)_(left|right|up|down)$/.exec(text);
  if (m) return UNIT[m[1]!];
  m = /^diagonal_(up|down)(left|right)$/.exec(text);
  if (m) return [UNIT[m[2]!]![0] * Math.SQRT1_2, UNIT[m[1]!]![1] * Math.SQRT1_2];
  return undefined;
}

/** abort_arc compiler. */
export const abortArc: Family = {
  subtype: 'abort_arc',
  compile(p) {
    const directionText = p.raw.direction;
    const direction = typeof directionText === 'string' ? parseDirection(directionText) : undefined;
    if (!direction)
      p.errors.push(
        `params.direction must be like "right->left", "vertical_up" or "diagonal_downleft", got ${JSON.stringify(directionText)}`,
      );
    const distanceMm = pxToMm(p.number('total_distance_px', 1, 2000));
    const at = p.number('abort_percent', 0.01, 0.99);
    const retract = p.boolean('retract');
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok || !direction) return null;
    const [h, v] = direction;
    const lift = Math.max(0, -arcDeg(v * distanceMm, ELBOW_RADIUS_MM));
    const phases = [...Array.from({ length: STEPS + 1 }, (_, i) => i / STEPS), at];
    const elbow = phases.map((s) => {
      const up = v * distanceMm * s + ARC_BOW * Math.abs(h) * distanceMm * Math.sin(Math.PI * s);
      return { t: s, value: forearmJoint(lift + arcDeg(up, ELBOW_RADIUS_MM), 0) };
    });
    const wrist = phases.map((s) => ({
      t: s,
      value: wristJoint(arcDeg(h * SCREEN_RIGHT_IS_MEDIAL * distanceMm * s, WRIST_RADIUS_MM), 0, 0),
    }));
    const tracks = [keyTrack(FOREARM_BONE, vectorKeys(elbow)), keyTrack(HAND_BONE, vectorKeys(wrist))].filter(
      moves,
    );
    return {
      description:
        `Right hand starts a ${Math.round(distanceMm)} mm ${(directionText as string).replace('->', '→').replace('_', ' ')} ` +
        `arc (video frame) and stops at ` +
        `${Math.round(at * 100)}%, then ${retract ? 'retracts along its path' : 'fades out'}.`,
      durationMs,
      envelope: envelopeFor(ARC_SPLIT, durationMs, easing),
      tracks,
      abort: { probability: 1, at, retract },
      notes: [],
    };
  },
};
