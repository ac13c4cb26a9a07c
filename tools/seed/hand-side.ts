/**
 * Which hand the seed library drives, and how anatomical motions (flexion, radial deviation, …)
 * become rotation-vector deltas on that hand's VRM bones.
 *
 * The source came from 2-D video with no side recorded. We compile every capsule onto the RIGHT
 * hand: about nine people in ten gesture mainly with the right, and one fixed side keeps combined
 * capsules and profiles on one hand instead of splitting a gesture between two.
 *
 * Signs come from engine/rig/bones.ts. Left side (normalized T-pose, fingers along +X, palm down,
 * thumb forward): fingers curl with −z and deviate toward the thumb with −y; the thumb flexes across
 * the palm with +y and abducts palmward with −z; the wrist flexes with −z, deviates radially with −y
 * and pronates with +x; the elbow flexes with −y and pronates with +x. The right side is the mirror
 * image, (x, y, z) → (x, −y, −z).
 */
import type { Bone } from '../../engine/capsules/schema-types.ts';
import type { Finger } from './anatomy.ts';

/** The side every seed capsule drives. */
export const SIDE: 'left' | 'right' = 'right';

/** A rotation-vector delta in degrees, bone-local (x, y, z). */
export type Vec3 = [number, number, number];

/** Segment of a digit: VRM bone-name suffix (thumb: Metacarpal/Proximal/Distal). */
export type Segment = 0 | 1 | 2;

const FINGER_SUFFIX = ['Proximal', 'Intermediate', 'Distal'] as const;
const THUMB_SUFFIX = ['Metacarpal', 'Proximal', 'Distal'] as const;

/** The VRM bone of a digit segment on {@link SIDE}. */
export function digitBone(f: Finger, segment: Segment): Bone {
  const suffix = f === 'Thumb' ? THUMB_SUFFIX[segment] : FINGER_SUFFIX[segment];
  return `${SIDE}${f}${suffix}` as Bone;
}

/** The hand (wrist) bone on {@link SIDE}. */
export const HAND_BONE: Bone = `${SIDE}Hand`;

/** The forearm bone on {@link SIDE}. */
export const FOREARM_BONE: Bone = `${SIDE}LowerArm`;

/** Left-side vector → {@link SIDE} (identity on the left, mirror on the right). */
function sided(left: Vec3): Vec3 {
  return SIDE === 'left' ? left : [left[0], -left[1], -left[2]];
}

/** A finger joint: `flex` curls toward the palm, `radial` deviates toward the thumb (degrees). */
export function fingerJoint(flex: number, radial = 0): Vec3 {
  return sided([0, -radial, -flex]);
}

/**
 * A thumb joint: `acrossPalm` flexes/adducts the thumb toward the fingers (the thumb's spread and
 * curl axis), `palmar` lifts it out of the palm plane toward the palm side (opposition).
 */
export function thumbJoint(acrossPalm: number, palmar = 0): Vec3 {
  return sided([0, acrossPalm, -palmar]);
}

/** The wrist: `flex` toward the palm, `radial` toward the thumb, `pronate` turns the palm down. */
export function wristJoint(flex: number, radial: number, pronate: number): Vec3 {
  return sided([pronate, -radial, -flex]);
}

/** The elbow/forearm: `flex` bends the elbow, `pronate` turns the forearm palm-down. */
export function forearmJoint(flex: number, pronate: number): Vec3 {
  return sided([pronate, -flex, 0]);
}

/**
 * Lateral motion of a digit in its spread axis, signed so + moves it toward the ulnar (little)
 * side: finger abduction/adduction at the MCP, thumb flexion/adduction at the CMC.
 */
export function digitSpread(f: Finger, towardUlnarDeg: number): Vec3 {
  return f === 'Thumb' ? thumbJoint(towardUlnarDeg) : fingerJoint(0, -towardUlnarDeg);
}

/**
 * +1 when the video's "right" (the viewer's right, which is the avatar's left as it faces the
 * camera) is the medial direction for {@link SIDE}'s hand, −1 when it is lateral. Seed directions
 * and angles are read in the video's image frame; this turns them into anatomy.
 */
export const SCREEN_RIGHT_IS_MEDIAL: 1 | -1 = SIDE === 'right' ? 1 : -1;
