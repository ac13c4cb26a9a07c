/**
 * Unit conversion for the seed library. The source was measured on 2-D video, so lengths arrive in
 * pixels or millimetres and must become joint angles on a real hand. See docs/seed-compilation.md.
 */

/**
 * Millimetres per video pixel at the hand. A half-body (waist-up) framing at 1080p puts ≈ 1.0–1.1 m
 * of body height in 1,080 px, so one pixel is about one millimetre at the depth of the hands.
 */
export const MM_PER_PX = 1;

/** Video pixels measured at the hand → millimetres on the avatar. */
export function pxToMm(px: number): number {
  return px * MM_PER_PX;
}

/** Metres (the seed's distance_target) → millimetres. */
export function mToMm(m: number): number {
  return m * 1000;
}

const DEG_PER_RAD = 180 / Math.PI;

/**
 * Angle (degrees) a joint turns to move a point `radiusMm` away from it along an arc of `arcMm`
 * (θ = s / r). Seed distances are small next to the radii, so arc and chord agree to < 1 %.
 */
export function arcDeg(arcMm: number, radiusMm: number): number {
  return (arcMm / radiusMm) * DEG_PER_RAD;
}

/** Rounds an angle to 0.001° so compiled files are stable, readable and byte-identical per run. */
export function roundDeg(deg: number): number {
  const r = Math.round(deg * 1000) / 1000;
  return r === 0 ? 0 : r;
}

/** Rounds a key phase to 1e-4 (0.06 ms on the longest gesture; keys are ≥ 5 ms apart). */
export function roundPhase(t: number): number {
  return Math.round(t * 10000) / 10000;
}
