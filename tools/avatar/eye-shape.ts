/**
 * The eye's outline as angles about the eye centre: azimuth φ (positive towards the avatar's
 * side) and elevation θ. The lid edges are functions of φ; the skin's eye opening, the lid shells
 * and the blink all derive from them, so they always agree.
 */
import type { Side } from './mesh-part.ts';
import type { Vec3 } from './vec.ts';

const DEG = Math.PI / 180;

/** Azimuth of the inner (nasal) corner. */
export const CORNER_IN = -44 * DEG;
/** Azimuth of the outer corner. */
export const CORNER_OUT = 53 * DEG;
/** Azimuth range the lid shells cover: inner end … */
export const PHI_MIN = -62 * DEG;
/** … outer end. */
export const PHI_MAX = 72 * DEG;
/** How far the skin's opening reaches past the lid edges: room to widen and to look up/down. */
export const OPENING_MARGIN_TOP = 9.5 * DEG;
/** The same below the lower lid (it only moves down a little, in a wide look or a look down). */
export const OPENING_MARGIN_BOTTOM = 3.5 * DEG;

const signedPow = (s: number, e: number): number => Math.sign(s) * Math.abs(s) ** e;
const spanOf = (phi: number): number => (phi < 0 ? phi / -CORNER_IN : phi / CORNER_OUT);
const centreLine = (phi: number): number => 1.5 * DEG + 0.06 * phi;

/** Elevation of the upper lid's edge at azimuth φ (past the corners it dips below the lower). */
export function upperEdge(phi: number): number {
  const s = spanOf(phi);
  return centreLine(phi) + 31 * DEG * signedPow(1 - s * s, 0.5);
}

/** Elevation of the lower lid's edge at azimuth φ. */
export function lowerEdge(phi: number): number {
  const s = spanOf(phi);
  return centreLine(phi) - 21 * DEG * signedPow(1 - s * s, 0.62);
}

/** How open the eye is at φ (elevation between the lid edges; 0 past the corners). */
export function opening(phi: number): number {
  return Math.max(0, upperEdge(phi) - lowerEdge(phi));
}

/** Top of the upper lid shell: high enough to stay behind the skin when the eye opens wide. */
export function lidTop(phi: number): number {
  return upperEdge(phi) + 28 * DEG;
}

/** Bottom of the lower lid shell: low enough to stay behind the skin in a full squint. */
export function lidBottom(phi: number): number {
  return lowerEdge(phi) - 34 * DEG;
}

/** Unit direction from the eye centre at azimuth φ, elevation θ (radians). */
export function eyeDir(side: Side, phi: number, theta: number): Vec3 {
  return [side * Math.sin(phi) * Math.cos(theta), Math.sin(theta), Math.cos(phi) * Math.cos(theta)];
}
