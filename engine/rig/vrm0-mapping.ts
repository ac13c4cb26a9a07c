/**
 * VRM 0.x → VRM 1.0 name mapping. The rig model speaks VRM 1.0 only; everything a 0.x file names
 * (humanoid bones, blendShape presets, material properties, first-person flags, look-at type) is
 * translated here, once, so readers and adapters never branch on the spec version for names.
 *
 * Lookups take untrusted strings from files, so they go through `Map`s: a key such as `__proto__`
 * or `toString` never resolves to something inherited.
 */

import { HUMAN_BONE_NAMES, type HumanBoneName } from './bones.ts';
import type { VrmPresetExpression } from './expressions.ts';

/**
 * 0.x names of the thumb bones that changed meaning in 1.0: 0.x counts the thumb from the
 * metacarpal up (`Proximal` is the metacarpal), 1.0 names the metacarpal explicitly.
 * The same renaming applies to files written against the VRMC_vrm 1.0-beta draft.
 */
export const VRM0_THUMB_RENAMES = {
  leftThumbProximal: 'leftThumbMetacarpal',
  leftThumbIntermediate: 'leftThumbProximal',
  leftThumbDistal: 'leftThumbDistal',
  rightThumbProximal: 'rightThumbMetacarpal',
  rightThumbIntermediate: 'rightThumbProximal',
  rightThumbDistal: 'rightThumbDistal',
} as const satisfies Record<string, HumanBoneName>;

/** A VRM 0.x humanoid bone name. */
export type Vrm0HumanBoneName =
  Exclude<HumanBoneName, `${'left' | 'right'}Thumb${string}`> | keyof typeof VRM0_THUMB_RENAMES;

const VRM1_TO_VRM0_THUMB = new Map<string, Vrm0HumanBoneName>(
  Object.entries(VRM0_THUMB_RENAMES).map(([v0, v1]) => [v1, v0 as Vrm0HumanBoneName]),
);

/** Every VRM 0.x humanoid bone name (55), parents before children: the 1.0 list, 0.x thumb names. */
export const VRM0_HUMAN_BONE_NAMES: readonly Vrm0HumanBoneName[] = HUMAN_BONE_NAMES.map(
  (name) => VRM1_TO_VRM0_THUMB.get(name) ?? (name as Vrm0HumanBoneName),
);

/** 0.x bone name → 1.0 bone name; identical except the thumbs ({@link VRM0_THUMB_RENAMES}). */
export const VRM0_TO_VRM1_BONE: Readonly<Record<Vrm0HumanBoneName, HumanBoneName>> = Object.freeze(
  Object.fromEntries(
    VRM0_HUMAN_BONE_NAMES.map((n) => [n, (VRM0_THUMB_RENAMES as Record<string, HumanBoneName>)[n] ?? n]),
  ) as Record<Vrm0HumanBoneName, HumanBoneName>,
);

const BONE_MAP = new Map<string, HumanBoneName>(Object.entries(VRM0_TO_VRM1_BONE));

/** The 1.0 name of a 0.x humanoid bone, or null when `name` is not a 0.x bone name. */
export function mapVrm0BoneName(name: string): HumanBoneName | null {
  return BONE_MAP.get(name) ?? null;
}

/** VRM 0.x blendShape preset names, `unknown` (a custom group) included. */
export const VRM0_BLEND_SHAPE_PRESETS = [
  'unknown',
  'neutral',
  'a',
  'i',
  'u',
  'e',
  'o',
  'blink',
  'joy',
  'angry',
  'sorrow',
  'fun',
  'lookup',
  'lookdown',
  'lookleft',
  'lookright',
  'blink_l',
  'blink_r',
] as const;

/** A VRM 0.x blendShape preset name. */
export type Vrm0BlendShapePreset = (typeof VRM0_BLEND_SHAPE_PRESETS)[number];

/**
 * 0.x preset → 1.0 preset expression. `unknown` is absent: such a group is a custom expression
 * named by the group's `name`. 1.0's `surprised` has no 0.x preset.
 */
export const VRM0_TO_VRM1_EXPRESSION: Readonly<
  Record<Exclude<Vrm0BlendShapePreset, 'unknown'>, VrmPresetExpression>
> = Object.freeze({
  neutral: 'neutral',
  a: 'aa',
  i: 'ih',
  u: 'ou',
  e: 'ee',
  o: 'oh',
  blink: 'blink',
  joy: 'happy',
  angry: 'angry',
  sorrow: 'sad',
  fun: 'relaxed',
  lookup: 'lookUp',
  lookdown: 'lookDown',
  lookleft: 'lookLeft',
  lookright: 'lookRight',
  blink_l: 'blinkLeft',
  blink_r: 'blinkRight',
});

const PRESET_MAP = new Map<string, VrmPresetExpression>(Object.entries(VRM0_TO_VRM1_EXPRESSION));

/**
 * The 1.0 expression a 0.x blendShape preset stands for: a preset name, `'custom'` for `unknown`
 * (the caller names it after the group), or null for a name 0.x does not define.
 * Matching ignores case because some exporters capitalise presets (`Joy`).
 */
export function mapVrm0ExpressionPreset(presetName: string): VrmPresetExpression | 'custom' | null {
  const key = presetName.toLowerCase();
  if (key === 'unknown') return 'custom';
  return PRESET_MAP.get(key) ?? null;
}

/** VRM 1.0 material colour bind targets (`materialColorBinds[].type`). */
export const VRM1_MATERIAL_COLOR_TYPES = [
  'color',
  'emissionColor',
  'shadeColor',
  'matcapColor',
  'rimColor',
  'outlineColor',
] as const;

/** A VRM 1.0 material colour bind target. */
export type MaterialColorType = (typeof VRM1_MATERIAL_COLOR_TYPES)[number];

/**
 * 0.x `materialValues[].propertyName` (Unity shader property) → 1.0 colour bind type. Other
 * properties than these and `_MainTex_ST` have no 1.0 equivalent and are dropped by readers.
 */
export const VRM0_MATERIAL_COLOR_TO_VRM1: Readonly<Record<string, MaterialColorType>> = Object.freeze({
  _Color: 'color',
  _EmissionColor: 'emissionColor',
  _ShadeColor: 'shadeColor',
  _RimColor: 'rimColor',
  _OutlineColor: 'outlineColor',
});

const MATERIAL_COLOR_MAP = new Map<string, MaterialColorType>(Object.entries(VRM0_MATERIAL_COLOR_TO_VRM1));

/** The 1.0 colour bind type for a 0.x material property, or null when it has none. */
export function mapVrm0MaterialColorProperty(propertyName: string): MaterialColorType | null {
  return MATERIAL_COLOR_MAP.get(propertyName) ?? null;
}

/** The 0.x material property that carries a texture transform (Unity `_ST`: scale xy, offset zw). */
export const VRM0_TEXTURE_TRANSFORM_PROPERTY = '_MainTex_ST';

/**
 * Converts a 0.x `_MainTex_ST` value to a 1.0 texture transform. Unity's UV origin is bottom-left
 * and glTF's top-left, so the vertical offset flips: `offset.y = 1 − offset.y − scale.y`.
 */
export function vrm0TextureTransform(st: readonly [number, number, number, number]): {
  scale: [number, number];
  offset: [number, number];
} {
  const [sx, sy, ox, oy] = st;
  return { scale: [sx, sy], offset: [ox, 1 - oy - sy] };
}

/**
 * Converts a 0.x blendShape bind weight (0..100) to a 1.0 morph target weight (0..1), clamped so a
 * file's out-of-range weight never reaches the pose.
 */
export function vrm0BindWeight(weight: number): number {
  if (!Number.isFinite(weight)) return 0;
  return Math.min(1, Math.max(0, weight / 100));
}

/** VRM 1.0 first-person mesh annotation types. */
export type FirstPersonType = 'auto' | 'both' | 'thirdPersonOnly' | 'firstPersonOnly';

/** 0.x `firstPerson.meshAnnotations[].firstPersonFlag` → 1.0 `firstPerson.meshAnnotations[].type`. */
export const VRM0_FIRST_PERSON_FLAG_TO_VRM1: Readonly<Record<string, FirstPersonType>> = Object.freeze({
  Auto: 'auto',
  Both: 'both',
  ThirdPersonOnly: 'thirdPersonOnly',
  FirstPersonOnly: 'firstPersonOnly',
});

const FIRST_PERSON_MAP = new Map<string, FirstPersonType>(Object.entries(VRM0_FIRST_PERSON_FLAG_TO_VRM1));

/** The 1.0 annotation type for a 0.x first-person flag, or null when the flag is not a 0.x value. */
export function mapVrm0FirstPersonFlag(flag: string): FirstPersonType | null {
  return FIRST_PERSON_MAP.get(flag) ?? null;
}

/** 0.x `firstPerson.lookAtTypeName` → 1.0 `lookAt.type`. */
export const VRM0_LOOK_AT_TYPE_TO_VRM1: Readonly<Record<string, 'bone' | 'expression'>> = Object.freeze({
  Bone: 'bone',
  BlendShape: 'expression',
});

const LOOK_AT_TYPE_MAP = new Map<string, 'bone' | 'expression'>(Object.entries(VRM0_LOOK_AT_TYPE_TO_VRM1));

/** The 1.0 look-at type for a 0.x `lookAtTypeName`, or null when the name is not a 0.x value. */
export function mapVrm0LookAtType(typeName: string): 'bone' | 'expression' | null {
  return LOOK_AT_TYPE_MAP.get(typeName) ?? null;
}
