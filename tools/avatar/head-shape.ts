/**
 * The head as a signed-distance field, and the facial landmarks every face part is placed from
 * (eye centres, mouth line, jaw pivot). Stylised adult proportions: a slightly large, rounded
 * head (chin 1.466 m, crown 1.688 m), a small nose, full cheeks. Each eye sits under a mound of
 * skin with an almond-shaped opening a little larger than the lid edges, so the separately
 * modelled lids can slide and the eyeball can turn inside it.
 */
import { capsule, ellipsoid, mirrored, roundCone, smax, smin, sphere, type Sdf } from './sdf.ts';
import type { Vec3 } from './vec.ts';
import {
  OPENING_MARGIN_BOTTOM,
  OPENING_MARGIN_TOP,
  PHI_MAX,
  PHI_MIN,
  lowerEdge,
  upperEdge,
} from './eye-shape.ts';

/** Radius of the eyeball, metres (stylised: a little larger than the real 12 mm). */
export const EYE_RADIUS = 0.017;
/** Skin stands this far off the eyeball around the opening: the lids live in between. */
export const LID_SPACE = 0.0025;

const EYE_X = 0.0335;
const EYE_Y = 1.572;
const MOUTH_Y = 1.509;

const neck = capsule([0, 1.33, -0.014], [0, 1.5, -0.024], 0.051);
const cranium = ellipsoid([0, 1.596, -0.012], [0.079, 0.092, 0.094]);
const face = ellipsoid([0, 1.551, 0.012], [0.069, 0.074, 0.078]);
const jaw = ellipsoid([0, 1.505, 0.028], [0.048, 0.036, 0.054]);
const chin = ellipsoid([0, 1.482, 0.063], [0.021, 0.014, 0.018]);
const cheeks = mirrored(sphere([0.036, 1.528, 0.045], 0.031));
const muzzle = ellipsoid([0, 1.51, 0.066], [0.028, 0.02, 0.021]);
const brows = mirrored(capsule([0.006, 1.6, 0.071], [0.05, 1.602, 0.058], 0.011));
const noseBridge = roundCone([0, 1.578, 0.079], [0, 1.543, 0.098], 0.0055, 0.0102);
const noseWings = mirrored(sphere([0.0105, 1.539, 0.086], 0.0068));
const ears = mirrored(ellipsoid([0.078, 1.566, -0.012], [0.012, 0.027, 0.017]));

/** The head's big shapes, before the eyes are set in. */
const headBase: Sdf = (x, y, z) => {
  let d = smin(smin(cranium(x, y, z), face(x, y, z), 0.03), jaw(x, y, z), 0.03);
  d = smin(d, chin(x, y, z), 0.012);
  d = smin(smin(d, cheeks(x, y, z), 0.034), muzzle(x, y, z), 0.02);
  d = smin(d, brows(x, y, z), 0.012);
  d = smin(smin(d, noseBridge(x, y, z), 0.01), noseWings(x, y, z), 0.01);
  d = smin(d, ears(x, y, z), 0.006);
  return smin(d, neck(x, y, z), 0.028);
};

/** z of the surface where the ray along −Z at (x, y) first enters it (bisection). */
export function frontSurfaceZ(f: Sdf, x: number, y: number): number {
  let hi = 0.2;
  let lo = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (hi + lo) / 2;
    if (f(x, y, mid) > 0) hi = mid;
    else lo = mid;
  }
  return (hi + lo) / 2;
}

function landmarks() {
  const eyeCentre: Vec3 = [
    EYE_X,
    EYE_Y,
    frontSurfaceZ(headBase, EYE_X, EYE_Y) - EYE_RADIUS - LID_SPACE - 0.0002,
  ];
  return {
    /** Left eye centre (the right one is mirrored). */
    eyeCentre,
    /** Centre of the closed mouth line, on the skin. */
    mouthCentre: [0, MOUTH_Y, frontSurfaceZ(headBase, 0, MOUTH_Y)] as Vec3,
    /** Half the mouth's width, corner to centre. */
    mouthHalfWidth: 0.02,
    /** The jaw hinge (temporomandibular joints, midway between them). */
    jawPivot: [0, 1.545, -0.008] as Vec3,
  };
}

/** Facial landmarks, computed once from the field. */
export const HEAD_LANDMARKS = landmarks();

const E = HEAD_LANDMARKS.eyeCentre;
/** Eye mounds: the skin around each eye never comes closer than the lids' outer radius. */
const mounds = mirrored(sphere(E, EYE_RADIUS + LID_SPACE));

/** The head surface the decals (brows, lips) sit on: big shapes plus eye mounds. */
export const headSurface: Sdf = (x, y, z) => smin(headBase(x, y, z), mounds(x, y, z), 0.004);

/** The eye opening: an almond cone from the eye centre, a little larger than the lid edges. */
const eyeOpenings: Sdf = (x, y, z) => {
  const dx = Math.abs(x) - E[0];
  const dy = y - E[1];
  const dz = z - E[2];
  const rho = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (rho < 1e-9) return -EYE_RADIUS;
  const phi = Math.atan2(dx, dz);
  const theta = Math.asin(dy / rho);
  const clampedPhi = Math.min(PHI_MAX, Math.max(PHI_MIN, phi));
  let g = Math.max(
    theta - upperEdge(clampedPhi) - OPENING_MARGIN_TOP,
    lowerEdge(clampedPhi) - OPENING_MARGIN_BOTTOM - theta,
  );
  if (phi !== clampedPhi) g = Math.max(g, Math.abs(phi - clampedPhi));
  // Only through the skin right around the eye: the cone must not groove the cheek or the nose.
  return Math.max(g * rho, EYE_RADIUS - 0.002 - rho, rho - (EYE_RADIUS + LID_SPACE + 0.006));
};

const { mouthCentre, mouthHalfWidth } = HEAD_LANDMARKS;
/** The lips' parting: a thin slit the lips cover when the mouth is closed. */
const mouthSlit = ellipsoid(
  [0, mouthCentre[1], mouthCentre[2] - 0.004],
  [mouthHalfWidth * 0.96, 0.0019, 0.0095],
);
/** The mouth cavity behind it (dark walls, teeth and tongue inside). */
const mouthCavity = ellipsoid([0, mouthCentre[1] - 0.003, mouthCentre[2] - 0.026], [0.022, 0.012, 0.017]);

/** The mouth's hollow: slit plus cavity, as one field (negative inside the hollow). */
export const mouthHollow: Sdf = (x, y, z) => smin(mouthSlit(x, y, z), mouthCavity(x, y, z), 0.003);

/** The head skin: eye openings and the mouth hollow carved, rims rounded. */
export const headSkin: Sdf = (x, y, z) =>
  smax(smax(headSurface(x, y, z), -eyeOpenings(x, y, z), 0.0012), -mouthHollow(x, y, z), 0.0018);

/** Height of the closed mouth line at x (the corners sit slightly higher: a resting smile). */
export function mouthLineY(x: number): number {
  const u = x / HEAD_LANDMARKS.mouthHalfWidth;
  return HEAD_LANDMARKS.mouthCentre[1] + 0.0012 * Math.min(u * u, 1.5);
}
