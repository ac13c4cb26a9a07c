/**
 * The default avatar's skeleton: every VRM 1.0 humanoid bone at a T-pose position with adult
 * proportions (1.69 m to the crown). Positions are world-space joint centres; the glTF nodes carry
 * only translations (identity rotations), which is what VRM 1.0 calls a normalised rig, so capsule
 * rotation vectors apply to the bones directly. Finger lengths match the seed compiler's anatomy
 * (docs/seed-compilation.md) so compiled hand capsules move the fingertips by the intended amounts.
 */
import { HUMAN_BONES, type HumanBoneName } from '../../engine/rig/bones.ts';
import { HEAD_LANDMARKS } from './head-shape.ts';
import { add, mirrorX, normalize, scale, type Vec3 } from './vec.ts';

/** One bone: its joint (the node position) and the end of its segment, for skinning. */
export interface SkeletonBone {
  readonly name: HumanBoneName;
  readonly parent: HumanBoneName | null;
  /** Joint centre, world space, metres. */
  readonly head: Vec3;
  /** End of the bone's segment (the child joint, or a tip for end bones). */
  readonly tail: Vec3;
}

/** A finger of the left hand, relative to the wrist joint. */
interface FingerLayout {
  readonly root: Vec3;
  readonly dirs: readonly [Vec3, Vec3, Vec3];
  readonly lengths: readonly [number, number, number];
}

const flat = (deg: number): Vec3 => [Math.cos((deg * Math.PI) / 180), 0, Math.sin((deg * Math.PI) / 180)];

/** Left-hand finger layout (palm down, fingers along +X, thumb towards +Z). */
export const FINGER_LAYOUT: Readonly<Record<'Thumb' | 'Index' | 'Middle' | 'Ring' | 'Little', FingerLayout>> =
  {
    Thumb: {
      root: [0.026, -0.012, 0.019],
      dirs: [normalize([0.62, -0.3, 0.72]), normalize([0.8, -0.26, 0.54]), normalize([0.86, -0.22, 0.46])],
      lengths: [0.044, 0.031, 0.026],
    },
    Index: { root: [0.094, -0.004, 0.026], dirs: [flat(5), flat(5), flat(5)], lengths: [0.04, 0.023, 0.019] },
    Middle: {
      root: [0.097, -0.003, 0.006],
      dirs: [flat(0), flat(0), flat(0)],
      lengths: [0.045, 0.027, 0.02],
    },
    Ring: {
      root: [0.092, -0.004, -0.013],
      dirs: [flat(-5), flat(-5), flat(-5)],
      lengths: [0.043, 0.026, 0.019],
    },
    Little: {
      root: [0.083, -0.006, -0.03],
      dirs: [flat(-11), flat(-11), flat(-11)],
      lengths: [0.033, 0.019, 0.017],
    },
  };

const FINGER_SEGMENTS = {
  Thumb: ['ThumbMetacarpal', 'ThumbProximal', 'ThumbDistal'],
  Index: ['IndexProximal', 'IndexIntermediate', 'IndexDistal'],
  Middle: ['MiddleProximal', 'MiddleIntermediate', 'MiddleDistal'],
  Ring: ['RingProximal', 'RingIntermediate', 'RingDistal'],
  Little: ['LittleProximal', 'LittleIntermediate', 'LittleDistal'],
} as const;

/** Centre-line and left-side joints (right side is the mirror image). */
const LEFT_AND_CENTRE: Readonly<Record<string, Vec3>> = {
  hips: [0, 0.93, 0],
  spine: [0, 1.03, 0],
  chest: [0, 1.15, -0.005],
  upperChest: [0, 1.26, -0.01],
  neck: [0, 1.405, -0.018],
  head: [0, 1.47, -0.014],
  jaw: HEAD_LANDMARKS.jawPivot,
  leftEye: HEAD_LANDMARKS.eyeCentre,
  leftUpperLeg: [0.085, 0.875, 0],
  leftLowerLeg: [0.085, 0.47, 0.006],
  leftFoot: [0.085, 0.078, -0.018],
  leftToes: [0.085, 0.022, 0.1],
  leftShoulder: [0.03, 1.37, -0.012],
  leftUpperArm: [0.165, 1.375, -0.016],
  leftLowerArm: [0.435, 1.375, -0.02],
  leftHand: [0.68, 1.375, -0.016],
};

/** End points for bones without a single child joint. */
const LEFT_AND_CENTRE_TAILS: Readonly<Record<string, Vec3>> = {
  hips: [0, 1.03, 0],
  upperChest: [0, 1.405, -0.018],
  head: [0, 1.62, -0.01],
  jaw: [0, 1.475, 0.06],
  leftEye: add(HEAD_LANDMARKS.eyeCentre, [0, 0, 0.012]),
  leftToes: [0.085, 0.02, 0.16],
  leftHand: [0.775, 1.372, -0.002],
};

function buildSkeleton(): Map<HumanBoneName, SkeletonBone> {
  const heads = new Map<string, Vec3>();
  const tails = new Map<string, Vec3>();
  for (const [name, p] of Object.entries(LEFT_AND_CENTRE)) heads.set(name, p);
  for (const [name, p] of Object.entries(LEFT_AND_CENTRE_TAILS)) tails.set(name, p);
  const wrist = LEFT_AND_CENTRE.leftHand!;
  for (const [finger, layout] of Object.entries(FINGER_LAYOUT)) {
    const names = FINGER_SEGMENTS[finger as keyof typeof FINGER_SEGMENTS];
    let p = add(wrist, layout.root);
    names.forEach((stem, i) => {
      heads.set(`left${stem}`, p);
      p = add(p, scale(layout.dirs[i]!, layout.lengths[i]!));
      tails.set(`left${stem}`, p);
    });
  }
  for (const [name, p] of [...heads])
    if (name.startsWith('left')) heads.set(`right${name.slice(4)}`, mirrorX(p));
  for (const [name, p] of [...tails])
    if (name.startsWith('left')) tails.set(`right${name.slice(4)}`, mirrorX(p));

  const children = new Map<string, string[]>();
  for (const b of HUMAN_BONES)
    if (b.parent) children.set(b.parent, [...(children.get(b.parent) ?? []), b.name]);
  const out = new Map<HumanBoneName, SkeletonBone>();
  for (const b of HUMAN_BONES) {
    const head = heads.get(b.name);
    if (!head) throw new Error(`forge-avatar: no joint position for ${b.name}`);
    const kids = children.get(b.name) ?? [];
    const tail = tails.get(b.name) ?? (kids.length === 1 ? heads.get(kids[0]!) : undefined);
    if (!tail) throw new Error(`forge-avatar: no segment end for ${b.name}`);
    out.set(b.name, { name: b.name, parent: b.parent, head, tail });
  }
  return out;
}

/** Every humanoid bone, in `HUMAN_BONE_NAMES` order (parents first). */
export const SKELETON: ReadonlyMap<HumanBoneName, SkeletonBone> = buildSkeleton();

/** The bone's joint position; throws on a name the skeleton lacks (never, for the 55). */
export function joint(name: HumanBoneName): Vec3 {
  const b = SKELETON.get(name);
  if (!b) throw new Error(`forge-avatar: unknown bone ${name}`);
  return b.head;
}
