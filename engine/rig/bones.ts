/**
 * The VRM 1.0 humanoid skeleton as data: every bone (fingers, eyes and jaw included), its parent,
 * whether VRM requires it, and its anatomical rotation limits.
 *
 * Frame: VRM 1.0 normalized bones — T-pose, every local rotation identity, the avatar faces +Z,
 * +Y is up and the avatar's left is +X. A joint rotation is a rotation vector (axis × angle) in
 * that frame, which lets capsule deltas add, scale by weight and clamp per axis.
 */

/** A rotation range on one axis of the normalized local frame, in degrees. */
export type AxisLimit = readonly [min: number, max: number];

/** Per-axis limits on a bone's rotation vector (x, y, z), in degrees. */
export interface JointLimits {
  readonly x: AxisLimit;
  readonly y: AxisLimit;
  readonly z: AxisLimit;
}

/** One humanoid bone of the rig model. */
export interface BoneSpec {
  readonly name: HumanBoneName;
  readonly parent: HumanBoneName | null;
  readonly required: boolean;
  readonly limits: JointLimits;
}

/** VRM 1.0 humanoid bone names, parents before children. */
export const HUMAN_BONE_NAMES = [
  'hips',
  'spine',
  'chest',
  'upperChest',
  'neck',
  'head',
  'leftEye',
  'rightEye',
  'jaw',
  'leftUpperLeg',
  'leftLowerLeg',
  'leftFoot',
  'leftToes',
  'rightUpperLeg',
  'rightLowerLeg',
  'rightFoot',
  'rightToes',
  'leftShoulder',
  'leftUpperArm',
  'leftLowerArm',
  'leftHand',
  'rightShoulder',
  'rightUpperArm',
  'rightLowerArm',
  'rightHand',
  'leftThumbMetacarpal',
  'leftThumbProximal',
  'leftThumbDistal',
  'leftIndexProximal',
  'leftIndexIntermediate',
  'leftIndexDistal',
  'leftMiddleProximal',
  'leftMiddleIntermediate',
  'leftMiddleDistal',
  'leftRingProximal',
  'leftRingIntermediate',
  'leftRingDistal',
  'leftLittleProximal',
  'leftLittleIntermediate',
  'leftLittleDistal',
  'rightThumbMetacarpal',
  'rightThumbProximal',
  'rightThumbDistal',
  'rightIndexProximal',
  'rightIndexIntermediate',
  'rightIndexDistal',
  'rightMiddleProximal',
  'rightMiddleIntermediate',
  'rightMiddleDistal',
  'rightRingProximal',
  'rightRingIntermediate',
  'rightRingDistal',
  'rightLittleProximal',
  'rightLittleIntermediate',
  'rightLittleDistal',
] as const;

/** A VRM 1.0 humanoid bone name. */
export type HumanBoneName = (typeof HUMAN_BONE_NAMES)[number];

/** Number of humanoid bones (55 in VRM 1.0). */
export const BONE_COUNT = HUMAN_BONE_NAMES.length;

const REQUIRED = new Set<string>([
  'hips',
  'spine',
  'head',
  'leftUpperLeg',
  'leftLowerLeg',
  'leftFoot',
  'rightUpperLeg',
  'rightLowerLeg',
  'rightFoot',
  'leftUpperArm',
  'leftLowerArm',
  'leftHand',
  'rightUpperArm',
  'rightLowerArm',
  'rightHand',
]);

/** Side-neutral bone name (`leftIndexProximal` → `IndexProximal`) → parent, for both sides. */
const SIDED_PARENT: Record<string, string> = {
  UpperLeg: 'hips',
  LowerLeg: 'UpperLeg',
  Foot: 'LowerLeg',
  Toes: 'Foot',
  Shoulder: 'upperChest',
  UpperArm: 'Shoulder',
  LowerArm: 'UpperArm',
  Hand: 'LowerArm',
  Eye: 'head',
  ThumbMetacarpal: 'Hand',
  ThumbProximal: 'ThumbMetacarpal',
  ThumbDistal: 'ThumbProximal',
};
for (const finger of ['Index', 'Middle', 'Ring', 'Little']) {
  SIDED_PARENT[`${finger}Proximal`] = 'Hand';
  SIDED_PARENT[`${finger}Intermediate`] = `${finger}Proximal`;
  SIDED_PARENT[`${finger}Distal`] = `${finger}Intermediate`;
}

const CENTRE_PARENT: Record<string, string | null> = {
  hips: null,
  spine: 'hips',
  chest: 'spine',
  upperChest: 'chest',
  neck: 'upperChest',
  head: 'neck',
  jaw: 'head',
};

const L = (x: AxisLimit, y: AxisLimit, z: AxisLimit): JointLimits => ({ x, y, z });

/**
 * Limits for centre bones and for the LEFT side; right-side limits are the mirror image
 * (a rotation vector (x, y, z) mirrors across the YZ plane to (x, −y, −z)).
 * Signs, left side: fingers curl with −z, spread with ±y; the elbow flexes with −y; the knee with +x;
 * the spine bends forward with +x; eyes and jaw look/open down with +x. Values are adult ranges of
 * motion (AAOS tables, rounded) split across the bones a VRM rig has.
 */
const BASE_LIMITS: Record<string, JointLimits> = {
  hips: L([-60, 60], [-180, 180], [-60, 60]),
  spine: L([-15, 30], [-25, 25], [-20, 20]),
  chest: L([-10, 25], [-20, 20], [-15, 15]),
  upperChest: L([-10, 20], [-15, 15], [-10, 10]),
  neck: L([-30, 40], [-50, 50], [-30, 30]),
  head: L([-30, 35], [-60, 60], [-30, 30]),
  jaw: L([0, 30], [-5, 5], [-3, 3]),
  Eye: L([-25, 25], [-35, 35], [0, 0]),
  UpperLeg: L([-120, 30], [-40, 40], [-30, 45]),
  LowerLeg: L([0, 150], [-10, 10], [-5, 5]),
  Foot: L([-45, 30], [-20, 20], [-25, 25]),
  Toes: L([-40, 40], [0, 0], [0, 0]),
  Shoulder: L([-10, 10], [-20, 20], [-15, 30]),
  UpperArm: L([-90, 90], [-100, 40], [-90, 160]),
  LowerArm: L([-90, 90], [-150, 0], [-5, 5]),
  Hand: L([-70, 70], [-20, 35], [-80, 70]),
  ThumbMetacarpal: L([-20, 20], [-20, 45], [-40, 30]),
  ThumbProximal: L([-15, 15], [-10, 60], [-30, 15]),
  ThumbDistal: L([-10, 10], [-10, 80], [-15, 10]),
  Proximal: L([-5, 5], [-20, 20], [-90, 20]),
  Intermediate: L([-5, 5], [-5, 5], [-110, 0]),
  Distal: L([-5, 5], [-5, 5], [-80, 5]),
};

function mirror(l: JointLimits): JointLimits {
  return { x: l.x, y: [-l.y[1], -l.y[0]], z: [-l.z[1], -l.z[0]] };
}

function specFor(name: HumanBoneName): BoneSpec {
  const side = name.startsWith('left') ? 'left' : name.startsWith('right') ? 'right' : null;
  const stem = side ? name.slice(side.length) : name;
  const parentStem = side ? SIDED_PARENT[stem] : CENTRE_PARENT[name];
  if (parentStem === undefined) throw new Error(`rig: no parent declared for bone ${name}`);
  const parent =
    parentStem === null ? null : side && parentStem in SIDED_PARENT ? `${side}${parentStem}` : parentStem;
  const limitKey = stem.startsWith('Thumb') ? stem : stem.replace(/^(Index|Middle|Ring|Little)/, '');
  const base = BASE_LIMITS[limitKey];
  if (!base) throw new Error(`rig: no limits declared for bone ${name}`);
  return {
    name,
    parent: parent as HumanBoneName | null,
    required: REQUIRED.has(name),
    limits: side === 'right' ? mirror(base) : base,
  };
}

/** Every humanoid bone with parent, required flag and limits, in {@link HUMAN_BONE_NAMES} order. */
export const HUMAN_BONES: readonly BoneSpec[] = HUMAN_BONE_NAMES.map(specFor);

const BONE_INDEX = new Map<string, number>(HUMAN_BONE_NAMES.map((n, i) => [n, i]));

/** Index of a bone in {@link HUMAN_BONE_NAMES}, or −1 for a name that is not a VRM 1.0 bone. */
export function boneIndex(name: string): number {
  return BONE_INDEX.get(name) ?? -1;
}

/** True when `name` is a VRM 1.0 humanoid bone name. */
export function isHumanBoneName(name: string): name is HumanBoneName {
  return BONE_INDEX.has(name);
}
