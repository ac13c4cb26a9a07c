/**
 * The VRM preset expressions as blends of the face's ARKit shapes. The head mesh's morph targets
 * are exactly the 52 ARKit shapes; presets are recipes over them, so a capsule driving `happy`
 * and one driving `mouthSmileLeft` move the same geometry.
 */
import type { ArkitExpression, VrmPresetExpression } from '../../engine/rig/expressions.ts';

/** `none`, `block` or `blend`: how an expression suppresses blink, look-at or mouth expressions. */
export type Override = 'none' | 'block' | 'blend';

/** A preset: ARKit shapes with weights, and the VRM override rules. */
export interface PresetRecipe {
  readonly binds: readonly (readonly [ArkitExpression, number])[];
  readonly overrideBlink: Override;
  readonly overrideLookAt: Override;
  readonly overrideMouth: Override;
}

const both = (stem: string, w: number): [ArkitExpression, number][] => [
  [`${stem}Left` as ArkitExpression, w],
  [`${stem}Right` as ArkitExpression, w],
];

/**
 * Emotions blend the blink away (their own lids already squint or widen, and a full blink on top
 * looks broken) but leave the mouth and gaze alone, so lip sync and eye contact keep running
 * under any mood. Visemes, blinks and looks override nothing.
 */
const emotion = (binds: [ArkitExpression, number][]): PresetRecipe => ({
  binds,
  overrideBlink: 'blend',
  overrideLookAt: 'none',
  overrideMouth: 'none',
});
const plain = (binds: [ArkitExpression, number][]): PresetRecipe => ({
  binds,
  overrideBlink: 'none',
  overrideLookAt: 'none',
  overrideMouth: 'none',
});

/** Every VRM 1.0 preset expression, in the spec's order. */
export const PRESET_RECIPES: Readonly<Record<VrmPresetExpression, PresetRecipe>> = {
  happy: emotion([
    ...both('mouthSmile', 1),
    ...both('cheekSquint', 0.7),
    ...both('eyeSquint', 0.7),
    ['browInnerUp', 0.2],
  ]),
  angry: emotion([
    ...both('browDown', 1),
    ...both('eyeSquint', 0.5),
    ...both('noseSneer', 0.45),
    ...both('mouthFrown', 0.7),
    ...both('mouthPress', 0.5),
  ]),
  sad: emotion([
    ['browInnerUp', 1],
    ...both('mouthFrown', 0.9),
    ['mouthShrugLower', 0.5],
    ...both('eyeBlink', 0.25),
    ...both('eyeLookDown', 0.3),
  ]),
  relaxed: emotion([
    ...both('mouthSmile', 0.45),
    ...both('eyeBlink', 0.3),
    ...both('eyeSquint', 0.2),
    ...both('cheekSquint', 0.2),
  ]),
  surprised: emotion([
    ...both('eyeWide', 1),
    ['browInnerUp', 0.9],
    ...both('browOuterUp', 0.9),
    ['jawOpen', 0.3],
    ['mouthFunnel', 0.25],
  ]),
  aa: plain([['jawOpen', 0.75], ...both('mouthLowerDown', 0.35), ...both('mouthUpperUp', 0.2)]),
  ih: plain([
    ['jawOpen', 0.2],
    ...both('mouthStretch', 0.55),
    ...both('mouthSmile', 0.25),
    ...both('mouthUpperUp', 0.15),
  ]),
  ou: plain([
    ['jawOpen', 0.2],
    ['mouthPucker', 0.95],
    ['mouthFunnel', 0.45],
  ]),
  ee: plain([
    ['jawOpen', 0.35],
    ...both('mouthStretch', 0.45),
    ...both('mouthLowerDown', 0.25),
    ...both('mouthSmile', 0.15),
  ]),
  oh: plain([
    ['jawOpen', 0.5],
    ['mouthFunnel', 0.85],
    ['mouthPucker', 0.25],
  ]),
  blink: plain(both('eyeBlink', 1)),
  blinkLeft: plain([['eyeBlinkLeft', 1]]),
  blinkRight: plain([['eyeBlinkRight', 1]]),
  lookUp: plain(both('eyeLookUp', 1)),
  lookDown: plain(both('eyeLookDown', 1)),
  lookLeft: plain([
    ['eyeLookOutLeft', 1],
    ['eyeLookInRight', 1],
  ]),
  lookRight: plain([
    ['eyeLookInLeft', 1],
    ['eyeLookOutRight', 1],
  ]),
  // The resting face: a faint smile, so "back to neutral" looks pleasant rather than blank.
  neutral: plain(both('mouthSmile', 0.12)),
};
