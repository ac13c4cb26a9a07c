/**
 * Humanoid bones from either VRM version, as VRM 1.0 bone name → glTF node. A bone on a missing
 * node or on a node another bone already uses makes the rig unusable, so those throw; unknown bone
 * names and missing required bones only warn.
 */

import { HUMAN_BONES, HUMAN_BONE_NAMES, isHumanBoneName, type HumanBoneName } from '../bones.ts';
import { mapVrm0BoneName } from '../vrm0-mapping.ts';
import { V0, V1 } from './extensions.ts';
import { fail, isRecord, ptr, show, warn, type Ctx } from './json-read.ts';
import type { HumanBoneBinding, RigDescription } from './types.ts';

/** Bones read so far, in the order the file lists them. */
export type BoneMap = Map<HumanBoneName, HumanBoneBinding>;

/** Reads `VRMC_vrm.humanoid.humanBones` (an object keyed by bone name; 1.0-beta thumbs renamed). */
export function readHumanoidV1(ctx: Ctx, humanoid: unknown): BoneMap {
  const path = `${V1}/humanoid`;
  const bones: BoneMap = new Map();
  const humanBones = humanBonesOf(ctx, humanoid, path);
  if (humanBones === undefined) return bones;
  if (!isRecord(humanBones)) fail(ctx, `${path}/humanBones`, `is ${show(humanBones)}, expected an object`);

  // Files written against the 1.0-beta draft still use the 0.x thumb names.
  const betaThumbs =
    Object.hasOwn(humanBones, 'leftThumbIntermediate') || Object.hasOwn(humanBones, 'rightThumbIntermediate');
  if (betaThumbs) {
    warn(
      ctx,
      `${path}/humanBones`,
      'uses the 1.0-beta thumb names (…ThumbIntermediate); renamed to 1.0 (…ThumbMetacarpal/Proximal)',
    );
  }
  const usedBy = new Map<number, HumanBoneName>();
  for (const [raw, entry] of Object.entries(humanBones)) {
    const bonePath = ptr(path, 'humanBones', raw);
    const name =
      betaThumbs && raw.includes('Thumb') ? mapVrm0BoneName(raw) : isHumanBoneName(raw) ? raw : null;
    if (name === null) {
      warn(ctx, bonePath, `unknown humanoid bone ${show(raw)} ignored`);
      continue;
    }
    if (!isRecord(entry)) fail(ctx, bonePath, `is ${show(entry)}, expected { "node": <index> }`);
    bones.set(name, boneNode(ctx, entry.node, `${bonePath}/node`, name, usedBy));
  }
  return bones;
}

/** Reads `VRM.humanoid.humanBones` (a list of `{ bone, node }` with 0.x bone names). */
export function readHumanoidV0(ctx: Ctx, humanoid: unknown): BoneMap {
  const path = `${V0}/humanoid`;
  const bones: BoneMap = new Map();
  const humanBones = humanBonesOf(ctx, humanoid, path);
  if (humanBones === undefined) return bones;
  if (!Array.isArray(humanBones))
    fail(ctx, `${path}/humanBones`, `is ${show(humanBones)}, expected an array`);
  const usedBy = new Map<number, HumanBoneName>();
  humanBones.forEach((entry: unknown, i) => {
    const bonePath = `${path}/humanBones/${i}`;
    if (!isRecord(entry)) {
      warn(ctx, bonePath, `is ${show(entry)}, expected { "bone", "node" }; ignored`);
      return;
    }
    const raw = entry.bone;
    if (typeof raw !== 'string') {
      warn(ctx, `${bonePath}/bone`, `is ${show(raw)}, expected a bone name; entry ignored`);
      return;
    }
    const name = mapVrm0BoneName(raw);
    if (name === null) {
      warn(ctx, `${bonePath}/bone`, `unknown humanoid bone ${show(raw)} ignored`);
      return;
    }
    if (bones.has(name)) {
      warn(ctx, `${bonePath}/bone`, `bone ${show(raw)} is mapped twice; the first mapping is kept`);
      return;
    }
    bones.set(name, boneNode(ctx, entry.node, `${bonePath}/node`, name, usedBy));
  });
  return bones;
}

/** Puts the bones in skeleton order and names the required ones the file does not map. */
export function finishBones(
  ctx: Ctx,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
  path: string,
): Pick<RigDescription, 'humanBones' | 'missingRequiredBones'> {
  const humanBones: Partial<Record<HumanBoneName, HumanBoneBinding>> = {};
  for (const name of HUMAN_BONE_NAMES) {
    const binding = bones.get(name);
    if (binding) humanBones[name] = binding;
  }
  const missingRequiredBones = HUMAN_BONES.filter((b) => b.required && !bones.has(b.name)).map((b) => b.name);
  if (missingRequiredBones.length > 0) {
    warn(ctx, path, `missing required bones: ${missingRequiredBones.join(', ')}`);
  }
  return { humanBones, missingRequiredBones };
}

/**
 * The `humanBones` field of a humanoid section (either version), or undefined with a warning
 * when the section or the field is missing. A humanoid that is not an object throws.
 */
function humanBonesOf(ctx: Ctx, humanoid: unknown, path: string): unknown {
  if (humanoid === undefined) {
    warn(ctx, path, 'missing: the avatar has no humanoid bones');
    return undefined;
  }
  if (!isRecord(humanoid)) fail(ctx, path, `is ${show(humanoid)}, expected an object`);
  const humanBones = humanoid.humanBones;
  if (humanBones === undefined) warn(ctx, `${path}/humanBones`, 'missing: the avatar has no humanoid bones');
  return humanBones;
}

/** Validates a bone's node index; a bad one makes the rig unusable, so it throws. */
function boneNode(
  ctx: Ctx,
  value: unknown,
  path: string,
  bone: HumanBoneName,
  usedBy: Map<number, HumanBoneName>,
): HumanBoneBinding {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(ctx, path, `node of bone ${bone} is ${show(value)}, expected a node index`);
  }
  if (value >= ctx.nodes.length) {
    fail(ctx, path, `node ${value} of bone ${bone} is out of range: the file has ${ctx.nodes.length} nodes`);
  }
  const other = usedBy.get(value);
  if (other !== undefined) fail(ctx, path, `node ${value} is used by two bones, ${other} and ${bone}`);
  usedBy.set(value, bone);
  const node = ctx.nodes[value];
  const nodeName = isRecord(node) && typeof node.name === 'string' ? node.name : '';
  return { node: value, nodeName };
}
