/**
 * Hands: a rounded palm with a thenar pad, and five fingers each made of its own tapered segments
 * (proximal, intermediate, distal; the thumb's metacarpal, proximal, distal) laid exactly on the
 * skeleton's finger bones. Fingers are slimmer than life and slightly apart, so each one reads
 * and bends on its own at a half-body framing; the palm blends into them only at the knuckles.
 */
import type { HumanBoneName } from '../../engine/rig/bones.ts';
import { decimate } from './decimate.ts';
import { mirrorMesh, part, type MeshPart } from './mesh-part.ts';
import { ellipsoid, roundBox, roundCone, smin, type Sdf } from './sdf.ts';
import { SKELETON, joint } from './skeleton.ts';
import { surfaceNets } from './surface-nets.ts';
import { add, smoothstep, type Vec3 } from './vec.ts';

/** Radii at the start of each segment and at the tip, per finger (left hand). */
export const FINGER_RADII: Readonly<Record<string, readonly [number, number, number, number]>> = {
  Thumb: [0.0122, 0.0098, 0.0088, 0.0074],
  Index: [0.0081, 0.0075, 0.0069, 0.006],
  Middle: [0.0083, 0.0077, 0.0071, 0.0062],
  Ring: [0.0079, 0.0073, 0.0067, 0.0058],
  Little: [0.007, 0.0064, 0.0059, 0.0052],
};

const SEGMENTS: Readonly<Record<string, readonly [string, string, string]>> = {
  Thumb: ['ThumbMetacarpal', 'ThumbProximal', 'ThumbDistal'],
  Index: ['IndexProximal', 'IndexIntermediate', 'IndexDistal'],
  Middle: ['MiddleProximal', 'MiddleIntermediate', 'MiddleDistal'],
  Ring: ['RingProximal', 'RingIntermediate', 'RingDistal'],
  Little: ['LittleProximal', 'LittleIntermediate', 'LittleDistal'],
};

const wrist = joint('leftHand');
const palm = roundBox(add(wrist, [0.052, -0.004, -0.002]), [0.047, 0.0125, 0.038], 0.0105);
const thenar = ellipsoid(add(wrist, [0.036, -0.011, 0.022]), [0.03, 0.012, 0.017]);
const heel = ellipsoid(add(wrist, [0.03, -0.008, -0.018]), [0.026, 0.011, 0.018]);
const wristStub = roundCone(add(wrist, [-0.055, 0, 0]), add(wrist, [0.012, -0.002, 0]), 0.027, 0.023);

function fingerField(finger: string): Sdf {
  const radii = FINGER_RADII[finger]!;
  const cones = SEGMENTS[finger]!.map((stem, i) => {
    const b = SKELETON.get(`left${stem}` as HumanBoneName)!;
    return roundCone(b.head, b.tail, radii[i]!, radii[i + 1]!);
  });
  return (x, y, z) => Math.min(cones[0]!(x, y, z), cones[1]!(x, y, z), cones[2]!(x, y, z));
}
const thumb = fingerField('Thumb');
const fingers = ['Index', 'Middle', 'Ring', 'Little'].map(fingerField);

/** The left hand's field. */
export const handField: Sdf = (x, y, z) => {
  let d = smin(palm(x, y, z), heel(x, y, z), 0.01);
  d = smin(d, wristStub(x, y, z), 0.02);
  d = smin(d, smin(thenar(x, y, z), thumb(x, y, z), 0.012), 0.012);
  let f = Infinity;
  for (const g of fingers) f = Math.min(f, g(x, y, z));
  return smin(d, f, 0.0065);
};

const detail = (p: Vec3): number => 1 + 4 * smoothstep(wrist[0] + 0.07, wrist[0] + 0.1, p[0]);

/** Both hands (the right is the left mirrored, so the two match exactly). */
export function handParts(): MeshPart[] {
  const raw = surfaceNets(handField, {
    min: [wrist[0] - 0.05, wrist[1] - 0.058, wrist[2] - 0.048],
    max: [wrist[0] + 0.2, wrist[1] + 0.03, wrist[2] + 0.1],
    cell: 0.0017,
  });
  const left = decimate(raw, handField, { targetTriangles: 4400, importance: detail, maxEdge: 0.012 });
  return [
    part({ name: 'handL', mesh: 'body', material: 'skin', kind: 'hand', side: 1 }, left),
    part({ name: 'handR', mesh: 'body', material: 'skin', kind: 'hand', side: -1 }, mirrorMesh(left)),
  ];
}
