/**
 * Skin weights. Limbs, torso and hands use a soft nearest-bone rule: each candidate bone is a set
 * of segments with a flesh radius, and a vertex weights bone b by exp(−(d_b − d_min)/τ_b), where
 * d_b is the distance to b's surface. Where two bones' surfaces meet (elbow, knee, knuckle) the
 * weights cross over smoothly within about one limb radius, so joints bend without collapsing,
 * and τ is small on fingers so one finger never drags its neighbour. The head uses explicit
 * anatomical rules (jaw below the mouth line, neck below the skull) shared with the jaw morph.
 */
import { HUMAN_BONE_NAMES, type HumanBoneName } from '../../engine/rig/bones.ts';
import { HEAD_LANDMARKS, mouthLineY } from './head-shape.ts';
import type { MeshPart } from './mesh-part.ts';
import { FINGER_LAYOUT, SKELETON, joint } from './skeleton.ts';
import { add, mirrorX, smoothstep, type Vec3 } from './vec.ts';

/** Per-vertex skinning: 4 joint indices (into `HUMAN_BONE_NAMES`) and 4 weights summing to 1. */
export interface SkinWeights {
  readonly joints: Uint8Array;
  /** Normalised unsigned bytes: each vertex's four sum to exactly 255. */
  readonly weights: Uint8Array;
}

type Influence = Partial<Record<HumanBoneName, number>>;

interface BoneShape {
  readonly segments: readonly (readonly [Vec3, Vec3])[];
  readonly radius: number;
  /** Crossover softness, metres. */
  readonly tau: number;
}

const seg = (b: HumanBoneName): readonly [Vec3, Vec3] => {
  const s = SKELETON.get(b)!;
  return [s.head, s.tail];
};

function boneShape(name: HumanBoneName): BoneShape {
  const side = name.startsWith('left') ? 1 : -1;
  const stem = name.replace(/^(left|right)/, '');
  const m = (v: Vec3): Vec3 => (side > 0 ? v : mirrorX(v));
  switch (stem) {
    case 'hips':
      return { segments: [[[0, 0.82, 0], joint('spine')]], radius: 0.12, tau: 0.025 };
    case 'spine':
    case 'chest':
      return { segments: [seg(name)], radius: 0.12, tau: 0.025 };
    case 'upperChest':
      return { segments: [[joint('upperChest'), [0, 1.37, -0.01]]], radius: 0.12, tau: 0.025 };
    case 'neck':
      return { segments: [seg(name)], radius: 0.05, tau: 0.015 };
    case 'Shoulder':
      return { segments: [seg(name)], radius: 0.06, tau: 0.02 };
    case 'UpperArm':
      return { segments: [seg(name)], radius: 0.045, tau: 0.014 };
    case 'LowerArm':
      return { segments: [seg(name)], radius: 0.036, tau: 0.012 };
    case 'Hand': {
      const wrist = joint(name);
      const mcps = (['Index', 'Middle', 'Ring', 'Little'] as const).map((f) =>
        add(wrist, m(FINGER_LAYOUT[f].root)),
      );
      return { segments: mcps.map((p) => [wrist, p] as const), radius: 0.0095, tau: 0.0035 };
    }
    case 'UpperLeg':
      return { segments: [seg(name)], radius: 0.075, tau: 0.02 };
    case 'LowerLeg':
      return { segments: [seg(name)], radius: 0.05, tau: 0.016 };
    case 'Foot':
      return { segments: [seg(name)], radius: 0.04, tau: 0.012 };
    case 'Toes':
      return { segments: [seg(name)], radius: 0.03, tau: 0.01 };
    case 'ThumbMetacarpal':
      return { segments: [seg(name)], radius: 0.013, tau: 0.003 };
    default:
      // Finger phalanges.
      return { segments: [seg(name)], radius: 0.0085, tau: 0.0022 };
  }
}

function segmentDistance(p: Vec3, a: Vec3, b: Vec3): number {
  const abx = b[0] - a[0];
  const aby = b[1] - a[1];
  const abz = b[2] - a[2];
  const t = Math.min(
    1,
    Math.max(
      0,
      ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby + (p[2] - a[2]) * abz) / (abx * abx + aby * aby + abz * abz),
    ),
  );
  return Math.hypot(p[0] - a[0] - abx * t, p[1] - a[1] - aby * t, p[2] - a[2] - abz * t);
}

const SHAPES = new Map<HumanBoneName, BoneShape>(
  HUMAN_BONE_NAMES.filter((n) => n !== 'leftEye' && n !== 'rightEye' && n !== 'jaw' && n !== 'head').map(
    (n) => [n, boneShape(n)],
  ),
);

/** Soft nearest-bone weights among `bones`. */
function softNearest(p: Vec3, bones: readonly HumanBoneName[]): Influence {
  const d = bones.map((b) => {
    const s = SHAPES.get(b)!;
    let best = Infinity;
    for (const [a, c] of s.segments) best = Math.min(best, segmentDistance(p, a, c));
    return best - s.radius;
  });
  const dMin = Math.min(...d);
  const out: Influence = {};
  bones.forEach((b, i) => {
    out[b] = Math.exp(-(d[i]! - dMin) / SHAPES.get(b)!.tau);
  });
  return out;
}

const sided = (side: 1 | -1, stems: readonly string[]): HumanBoneName[] =>
  stems.map((s) => `${side > 0 ? 'left' : 'right'}${s}` as HumanBoneName);

const ARM = ['Shoulder', 'UpperArm', 'LowerArm'];
const FINGER_BONES = [
  'Hand',
  'LowerArm',
  'ThumbMetacarpal',
  'ThumbProximal',
  'ThumbDistal',
  ...['Index', 'Middle', 'Ring', 'Little'].flatMap((f) => [`${f}Proximal`, `${f}Intermediate`, `${f}Distal`]),
];
const SHIRT_BONES: HumanBoneName[] = [
  'hips',
  'spine',
  'chest',
  'upperChest',
  'neck',
  ...sided(1, ARM),
  ...sided(-1, ARM),
];
const TROUSER_BONES: HumanBoneName[] = [
  'hips',
  'spine',
  ...sided(1, ['UpperLeg', 'LowerLeg', 'Foot']),
  ...sided(-1, ['UpperLeg', 'LowerLeg', 'Foot']),
];

const { mouthHalfWidth: W } = HEAD_LANDMARKS;

/**
 * How much a head vertex follows the jaw, 0..1: everything below the mouth line in front of the
 * ears, fading at the mouth corners (which stretch rather than drop) and into the neck under the
 * chin. The jaw bone weight and the jawOpen morph both use it, so they open the same mouth.
 */
export function jawInfluence(p: Vec3): number {
  const ax = Math.abs(p[0]);
  const bw = 0.0016 + 0.02 * smoothstep(W * 0.9, W * 2.6, ax);
  const lower = smoothstep(bw, -bw, p[1] - mouthLineY(p[0]));
  const nearLine = 1 - smoothstep(0.004, 0.02, mouthLineY(p[0]) - p[1]);
  const corner = 1 - 0.6 * smoothstep(W * 0.55, W * 1.1, ax) * nearLine;
  const axisDist = segmentDistance(p, [0, 1.33, -0.014], [0, 1.5, -0.024]);
  const neck = smoothstep(0.046, 0.064, axisDist);
  const front = smoothstep(-0.025, 0.015, p[2]);
  return lower * corner * neck * front;
}

function headInfluence(p: Vec3, jaw: number): Influence {
  const rest = 1 - jaw;
  const headFrac = smoothstep(1.43, 1.49, p[1] + 0.4 * Math.max(0, p[2]));
  const neckFrac = (1 - headFrac) * (1 - smoothstep(1.405, 1.365, p[1]));
  const chestFrac = 1 - headFrac - neckFrac;
  return { jaw, head: rest * headFrac, neck: rest * neckFrac, upperChest: rest * chestFrac };
}

function influence(part: MeshPart, i: number): Influence {
  const p: Vec3 = [part.positions[3 * i]!, part.positions[3 * i + 1]!, part.positions[3 * i + 2]!];
  const side = part.side >= 0 ? 1 : -1;
  switch (part.kind) {
    case 'eyeball':
      return side > 0 ? { leftEye: 1 } : { rightEye: 1 };
    case 'upperLid':
    case 'lowerLid':
    case 'lashes':
    case 'brow':
    case 'upperLip':
    case 'upperTeeth':
    case 'hair':
      return { head: 1 };
    case 'lowerTeeth':
    case 'tongue':
      return { jaw: 1 };
    case 'lowerLip': {
      const u = part.params[2 * i] ?? 0;
      return headInfluence(p, 0.4 + 0.6 * (1 - u * u));
    }
    case 'mouthBag':
    case 'headSkin':
      return headInfluence(p, jawInfluence(p));
    case 'hand':
      return softNearest(p, sided(side, FINGER_BONES));
    case 'shirt':
      return softNearest(p, SHIRT_BONES);
    case 'trousers':
      return softNearest(p, TROUSER_BONES);
    case 'shoe':
      return softNearest(p, sided(side, ['LowerLeg', 'Foot', 'Toes']));
  }
}

const BONE_INDEX = new Map<string, number>(HUMAN_BONE_NAMES.map((n, i) => [n, i]));

/** Quantised skin weights for every vertex of a part (top four bones, summing to 255). */
export function skinPart(part: MeshPart): SkinWeights {
  const n = part.positions.length / 3;
  const joints = new Uint8Array(4 * n);
  const weights = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const top = Object.entries(influence(part, i))
      .filter(([, w]) => w > 1e-4)
      .sort((a, b) => b[1] - a[1] || BONE_INDEX.get(a[0])! - BONE_INDEX.get(b[0])!)
      .slice(0, 4);
    const total = top.reduce((s, [, w]) => s + w, 0);
    // Largest-remainder rounding so the bytes sum to exactly 255.
    const raw = top.map(([, w]) => (w / total) * 255);
    const q = raw.map(Math.floor);
    let left = 255 - q.reduce((s, v) => s + v, 0);
    const order = raw
      .map((r, k) => [r - Math.floor(r), k] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, k] of order) {
      if (left <= 0) break;
      q[k]!++;
      left--;
    }
    top.forEach(([name], k) => {
      joints[4 * i + k] = BONE_INDEX.get(name)!;
      weights[4 * i + k] = q[k]!;
    });
  }
  return { joints, weights };
}
