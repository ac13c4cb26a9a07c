/**
 * Expression channel names: the VRM 1.0 presets, Apple ARKit's 52 blendshapes, and custom names.
 * Capsules name channels by these strings; adapters bind them to the avatar's own expressions.
 */

/** VRM 1.0 preset expressions. */
export const VRM_PRESET_EXPRESSIONS = [
  'happy',
  'angry',
  'sad',
  'relaxed',
  'surprised',
  'aa',
  'ih',
  'ou',
  'ee',
  'oh',
  'blink',
  'blinkLeft',
  'blinkRight',
  'lookUp',
  'lookDown',
  'lookLeft',
  'lookRight',
  'neutral',
] as const;

/** ARKit face-tracking blendshape names (52). */
export const ARKIT_EXPRESSIONS = [
  'eyeBlinkLeft',
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'eyeBlinkRight',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
  'eyeSquintRight',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawRight',
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthLeft',
  'mouthRight',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
] as const;

/** A VRM 1.0 preset expression name. */
export type VrmPresetExpression = (typeof VRM_PRESET_EXPRESSIONS)[number];
/** An ARKit blendshape name. */
export type ArkitExpression = (typeof ARKIT_EXPRESSIONS)[number];

/** Standard expression channels, in channel-layout order: VRM presets, then ARKit. */
export const STANDARD_EXPRESSIONS: readonly string[] = [...VRM_PRESET_EXPRESSIONS, ...ARKIT_EXPRESSIONS];

/** Custom expressions are written `custom:<name>` in capsules so they never shadow a standard name. */
export const CUSTOM_EXPRESSION_PATTERN = /^custom:[A-Za-z0-9_.-]{1,64}$/;

const STANDARD = new Set(STANDARD_EXPRESSIONS);

/** True for a VRM preset or ARKit name. */
export function isStandardExpression(name: string): boolean {
  return STANDARD.has(name);
}
