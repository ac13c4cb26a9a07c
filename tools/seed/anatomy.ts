/**
 * Adult hand and forearm dimensions the compiler turns seed distances into angles with. Values are
 * rounded anthropometric means (index finger ≈ 75–80 mm, palm width ≈ 85 mm, elbow to fingertip
 * ≈ 0.45 m); the exact figures matter less than using one consistent hand for every capsule.
 */

/** A digit of the hand, named as in VRM 1.0 bone names. */
export type Finger = 'Thumb' | 'Index' | 'Middle' | 'Ring' | 'Little';

/** Digits from the radial (thumb) side to the ulnar (little) side: the order a wave runs in. */
export const FINGERS: readonly Finger[] = ['Thumb', 'Index', 'Middle', 'Ring', 'Little'];

/**
 * Segment lengths in mm, proximal to distal. For the four fingers: proximal, intermediate, distal
 * phalanx (MCP → tip). For the thumb: metacarpal, proximal, distal (CMC → tip).
 */
export const SEGMENTS_MM: Readonly<Record<Finger, readonly [number, number, number]>> = {
  Thumb: [44, 31, 23],
  Index: [40, 23, 16],
  Middle: [45, 27, 17],
  Ring: [42, 26, 17],
  Little: [33, 18, 15],
};

/** Distance from a finger's MCP (the thumb's CMC) to its tip, mm: the radius of a whole-digit swing. */
export function digitLength(f: Finger): number {
  const [a, b, c] = SEGMENTS_MM[f];
  return a + b + c;
}

/** Thumb MCP → tip, mm: the radius of a thumb flexion (tap, curl) that leaves the metacarpal still. */
export const THUMB_MCP_TO_TIP_MM = SEGMENTS_MM.Thumb[1] + SEGMENTS_MM.Thumb[2];

/** Spacing of adjacent fingertips in a relaxed open hand, mm (palm width 85 mm over four fingers). */
export const FINGER_PITCH_MM = 21;

/** Thumb tip to index tip in a relaxed open hand (the VRM T-pose hand), mm. */
export const THUMB_INDEX_GAP_MM = 60;

/**
 * Where each fingertip sits across the hand in the relaxed open pose, mm, radial side negative.
 * Tip-to-tip distances are differences of these.
 */
export const TIP_POSITION_MM: Readonly<Record<Finger, number>> = {
  Thumb: -THUMB_INDEX_GAP_MM,
  Index: 0,
  Middle: FINGER_PITCH_MM,
  Ring: 2 * FINGER_PITCH_MM,
  Little: 3 * FINGER_PITCH_MM,
};

/** Elbow → fingertip, mm: the radius of a forearm swing (forearm 0.26 m + hand 0.19 m). */
export const ELBOW_RADIUS_MM = 450;

/** Wrist → fingertip, mm (hand length): the radius of a wrist swing. */
export const WRIST_RADIUS_MM = 190;

/**
 * How a finger curls: MCP : PIP : DIP flexion ratios. DIP follows PIP at about two thirds (the
 * tendon coupling of the finger); in light, relaxed curls MCP and PIP move about equally.
 */
export const FINGER_CURL_RATIO = [1, 1, 2 / 3] as const;

/** Thumb curl ratios, MCP : IP (the metacarpal stays; opposition is handled separately). */
export const THUMB_CURL_RATIO = [1, 1] as const;

/**
 * Per-joint flexion (degrees, MCP/PIP/DIP or thumb MCP/IP) that moves the fingertip `tipMm` along
 * its arc with the curl ratios above: tip travel = Σ θᵢ · (distance from joint i to the tip).
 */
export function curlForTipTravel(f: Finger, tipMm: number): number[] {
  const lever = jointLevers(f);
  const ratio: readonly number[] = f === 'Thumb' ? THUMB_CURL_RATIO : FINGER_CURL_RATIO;
  let travelPerRad = 0;
  ratio.forEach((r, i) => (travelPerRad += r * lever[i]!));
  const k = (tipMm / travelPerRad) * (180 / Math.PI);
  return ratio.map((r) => r * k);
}

/** Distance from each curling joint to the tip, mm (thumb: MCP, IP; fingers: MCP, PIP, DIP). */
function jointLevers(f: Finger): number[] {
  const [a, b, c] = SEGMENTS_MM[f];
  return f === 'Thumb' ? [b + c, c] : [a + b + c, b + c, c];
}

/**
 * Per-joint flexion for a whole-digit chord rotation of `chordDeg`: the angle between the line
 * MCP → tip before and after. That is what a 2-D video reads as "the finger bent by N°".
 */
export function curlForChordAngle(f: Finger, chordDeg: number): number[] {
  const radius = f === 'Thumb' ? THUMB_MCP_TO_TIP_MM : digitLength(f);
  return curlForTipTravel(f, (chordDeg * Math.PI * radius) / 180);
}

/** Lower-case digit name for descriptions ("index"). */
export function fingerName(f: Finger): string {
  return f.toLowerCase();
}
