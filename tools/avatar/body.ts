/**
 * Clothes over the body: a long-sleeved shirt (crew neck, hem over the trousers, hollow cuffs the
 * hands come out of) and straight trousers. Only what is seen is modelled — there is no body skin
 * under the clothes — so the file stays small and nothing pokes through.
 */
import { decimate } from './decimate.ts';
import { part, type MeshPart } from './mesh-part.ts';
import { capsule, ellipsoid, mirrored, roundCone, smax, smin, sphere, type Sdf } from './sdf.ts';
import { joint } from './skeleton.ts';
import { surfaceNets } from './surface-nets.ts';
import { add, smoothstep, type Vec3 } from './vec.ts';

const shoulder = joint('leftUpperArm');
const elbow = joint('leftLowerArm');
const wrist = joint('leftHand');
const CUFF_END = wrist[0] - 0.004;

const torso: Sdf[] = [
  ellipsoid([0, 0.962, -0.006], [0.162, 0.1, 0.12]),
  ellipsoid([0, 1.075, -0.002], [0.134, 0.1, 0.096]),
  ellipsoid([0, 1.215, 0.006], [0.152, 0.12, 0.108]),
  ellipsoid([0, 1.312, -0.01], [0.162, 0.075, 0.092]),
];
const trapezius = mirrored(roundCone([0, 1.382, -0.016], [0.15, 1.366, -0.016], 0.042, 0.04));
const neckHole = capsule([0, 1.3, -0.014], [0, 1.5, -0.022], 0.0535);
const shoulderCap = mirrored(sphere(add(shoulder, [-0.008, -0.008, 0]), 0.05));

/** A ring (torus) around the neck: the crew neck's ribbed band. */
const collarRib: Sdf = (x, y, z) => {
  const dz = z + 0.017;
  const ring = Math.sqrt(x * x + dz * dz) - 0.059;
  const band = y - (1.417 - 0.2 * Math.max(0, dz));
  return Math.sqrt(ring * ring + band * band) - 0.0055;
};
const upperArm = mirrored(roundCone(shoulder, elbow, 0.05, 0.043));
const forearm = mirrored(roundCone(elbow, add(wrist, [-0.02, 0, 0]), 0.043, 0.037));
const cuff = mirrored(roundCone(add(wrist, [-0.03, 0, 0]), add(wrist, [-0.008, 0, 0]), 0.04, 0.04));
const cuffHole = mirrored(capsule(add(wrist, [-0.028, 0, 0]), add(wrist, [0.05, 0, 0]), 0.03));

/** The shirt's field. */
export const shirtField: Sdf = (x, y, z) => {
  let t = Infinity;
  for (const f of torso) t = t === Infinity ? f(x, y, z) : smin(t, f(x, y, z), 0.06);
  t = smin(t, trapezius(x, y, z), 0.04);
  t = smin(t, shoulderCap(x, y, z), 0.04);
  let arm = smin(upperArm(x, y, z), forearm(x, y, z), 0.02);
  arm = smin(arm, cuff(x, y, z), 0.008);
  let d = smin(t, arm, 0.035);
  d = smax(d, 0.905 - y, 0.004); // hem
  d = smax(d, -neckHole(x, y, z), 0.004);
  // Neckline: remove what rises above it near the neck (lower in front), not the shoulders.
  const r = Math.sqrt(x * x + (z + 0.017) * (z + 0.017));
  d = smax(d, -Math.max(1.417 - 0.2 * Math.max(0, z + 0.017) - y, r - 0.085), 0.004);
  d = smin(d, collarRib(x, y, z), 0.004);
  d = smax(d, Math.abs(x) - CUFF_END, 0.003);
  return smax(d, -cuffHole(x, y, z), 0.003);
};

const pelvis = ellipsoid([0, 0.955, -0.006], [0.145, 0.1, 0.1]);
const hip = joint('leftUpperLeg');
const knee = joint('leftLowerLeg');
const ankle = joint('leftFoot');
const thigh = mirrored(roundCone(add(hip, [0, 0.03, 0]), knee, 0.082, 0.057));
const shin = mirrored(roundCone(knee, add(ankle, [0, 0.02, 0]), 0.057, 0.051));

/** The trousers' field. */
export const trousersField: Sdf = (x, y, z) => {
  const legs = smin(thigh(x, y, z), shin(x, y, z), 0.03);
  let d = smin(pelvis(x, y, z), legs, 0.045);
  d = smax(d, y - 1.03, 0.004);
  return smax(d, 0.084 - y, 0.003);
};

const bodyDetail = (p: Vec3): number =>
  1 + 2 * smoothstep(0.5, 0.7, Math.abs(p[0])) + 1.5 * smoothstep(1.3, 1.42, p[1]);

/** Shirt and trousers. */
export function clothesParts(): MeshPart[] {
  const shirtRaw = surfaceNets(shirtField, {
    min: [-0.7, 0.88, -0.13],
    max: [0.7, 1.46, 0.13],
    cell: 0.0062,
  });
  const shirt = decimate(shirtRaw, shirtField, {
    targetTriangles: 6000,
    importance: bodyDetail,
    maxEdge: 0.03,
  });
  const trouserRaw = surfaceNets(trousersField, {
    min: [-0.19, 0.07, -0.13],
    max: [0.19, 1.05, 0.13],
    cell: 0.0065,
  });
  const trousers = decimate(trouserRaw, trousersField, { targetTriangles: 4200, maxEdge: 0.035 });
  return [
    part({ name: 'shirt', mesh: 'body', material: 'shirt', kind: 'shirt', side: 0 }, shirt),
    part({ name: 'trousers', mesh: 'body', material: 'trousers', kind: 'trousers', side: 0 }, trousers),
  ];
}
