/**
 * What each viseme does to an avatar's expression channels, for three rig conventions:
 *
 * - `vrm`: the five VRM mouth presets (aa ih ou ee oh) every VRM has;
 * - `arkit`: ARKit mouth blendshapes (perfect-sync VRMs, ARKit-rigged heads);
 * - `oculus`: one custom channel per viseme, `custom:viseme_<name>`, for avatars that carry the
 *   Oculus viseme blendshapes themselves (Ready Player Me and similar).
 *
 * Weights are the viseme's full-strength shape; lip sync blends them by coarticulation weights.
 */
import type { Viseme } from './visemes.ts';

/** A rig convention lip sync can drive. */
export type LipSyncTarget = 'vrm' | 'arkit' | 'oculus';

/** Channel weights of one viseme. */
export type Shape = Readonly<Record<string, number>>;

const both = (left: string, right: string, w: number): Record<string, number> => ({ [left]: w, [right]: w });
const stretch = (w: number) => both('mouthStretchLeft', 'mouthStretchRight', w);
const lowerDown = (w: number) => both('mouthLowerDownLeft', 'mouthLowerDownRight', w);
const upperUp = (w: number) => both('mouthUpperUpLeft', 'mouthUpperUpRight', w);
const press = (w: number) => both('mouthPressLeft', 'mouthPressRight', w);

/** Viseme → VRM presets. Consonants borrow a little of the open shapes so speech never looks frozen. */
export const VRM_SHAPES: Readonly<Record<Viseme, Shape>> = {
  sil: {},
  PP: {},
  FF: { ih: 0.15 },
  TH: { aa: 0.1, ee: 0.15 },
  DD: { aa: 0.12, ih: 0.2 },
  kk: { aa: 0.2, ih: 0.12 },
  CH: { ou: 0.3, ee: 0.2 },
  SS: { ih: 0.35 },
  nn: { aa: 0.15, ih: 0.15 },
  RR: { ou: 0.35, oh: 0.15 },
  aa: { aa: 0.9 },
  E: { ee: 0.7, aa: 0.15 },
  ih: { ih: 0.8 },
  oh: { oh: 0.85 },
  ou: { ou: 0.85 },
};

/** Viseme → ARKit mouth blendshapes. */
export const ARKIT_SHAPES: Readonly<Record<Viseme, Shape>> = {
  sil: {},
  PP: { ...press(0.5), mouthRollLower: 0.25, mouthRollUpper: 0.15, mouthClose: 0.1 },
  FF: { mouthRollLower: 0.55, ...upperUp(0.2), jawOpen: 0.05 },
  TH: { tongueOut: 0.35, jawOpen: 0.12, ...lowerDown(0.1) },
  DD: { jawOpen: 0.18, ...lowerDown(0.15), ...stretch(0.1) },
  kk: { jawOpen: 0.22, ...stretch(0.15) },
  CH: { mouthFunnel: 0.45, mouthPucker: 0.25, jawOpen: 0.1, ...upperUp(0.15), ...lowerDown(0.15) },
  SS: { jawOpen: 0.06, ...stretch(0.35), ...upperUp(0.12), ...lowerDown(0.12) },
  nn: { jawOpen: 0.14, ...stretch(0.08), ...lowerDown(0.1) },
  RR: { mouthFunnel: 0.3, mouthPucker: 0.3, jawOpen: 0.12 },
  aa: { jawOpen: 0.6, ...lowerDown(0.3), ...stretch(0.1) },
  E: { jawOpen: 0.38, ...stretch(0.3), ...lowerDown(0.25), ...upperUp(0.1) },
  ih: { jawOpen: 0.2, ...stretch(0.42), ...upperUp(0.08) },
  oh: { jawOpen: 0.45, mouthFunnel: 0.55, mouthPucker: 0.15 },
  ou: { jawOpen: 0.12, mouthPucker: 0.75, mouthFunnel: 0.35 },
};

/** Viseme → its own custom channel at full weight. */
export function oculusShape(viseme: Viseme): Shape {
  return viseme === 'sil' ? {} : { [`custom:viseme_${viseme}`]: 1 };
}

/** The shape table of a target. */
export function shapesFor(target: LipSyncTarget, viseme: Viseme): Shape {
  if (target === 'vrm') return VRM_SHAPES[viseme];
  if (target === 'arkit') return ARKIT_SHAPES[viseme];
  return oculusShape(viseme);
}
