/**
 * The avatar's materials: one MToon look per role, with a plain PBR base colour underneath for
 * viewers without VRM support. No textures: every colour is a factor, which keeps the file small
 * and the output independent of any image encoder.
 */
import type { MaterialName } from './mesh-part.ts';

/** One material: colours as sRGB hex (converted to linear when written), toon shading knobs. */
export interface MaterialSpec {
  readonly base: string;
  readonly shade: string;
  /** 0 smooth … 1 hard light/shade edge. */
  readonly toony: number;
  /** Moves the light/shade edge: negative means more lit. */
  readonly shift: number;
  /** Outline width in metres (world units), 0 for none. */
  readonly outline: number;
  readonly outlineColor: string;
  readonly rim: string;
  readonly doubleSided: boolean;
  readonly emissive: string;
}

const DEFAULTS: MaterialSpec = {
  base: '#ffffff',
  shade: '#cccccc',
  toony: 0.9,
  shift: -0.05,
  outline: 0,
  outlineColor: '#000000',
  rim: '#000000',
  doubleSided: false,
  emissive: '#000000',
};

const spec = (s: Partial<MaterialSpec>): MaterialSpec => ({ ...DEFAULTS, ...s });

/** Every material, in the order they are written to the file. */
export const MATERIALS: Readonly<Record<MaterialName, MaterialSpec>> = {
  skin: spec({ base: '#f7d4bc', shade: '#e8ab97', toony: 0.7, rim: '#3a2018' }),
  blush: spec({ base: '#f6c5b3', shade: '#eaa793', toony: 0.7 }),
  lips: spec({ base: '#dc8a88', shade: '#bb6a6c', toony: 0.85 }),
  mouthInside: spec({ base: '#5c2328', shade: '#3c1519', toony: 0.5, doubleSided: true }),
  teeth: spec({ base: '#f7f4ee', shade: '#d9d0c6', toony: 0.95, doubleSided: true }),
  tongue: spec({ base: '#d9676d', shade: '#b14d55', toony: 0.8 }),
  brows: spec({ base: '#4b3127', shade: '#33211a', toony: 0.95, doubleSided: true }),
  lashes: spec({ base: '#24171a', shade: '#180f11', toony: 0.95, doubleSided: true }),
  eyeWhite: spec({ base: '#fbf8f6', shade: '#e2d9d8', toony: 0.95, shift: -0.2 }),
  iris: spec({ base: '#8a5a33', shade: '#6a3f22', toony: 0.95, shift: -0.2 }),
  pupil: spec({ base: '#17131a', shade: '#100d12', toony: 0.95 }),
  eyeHighlight: spec({ base: '#ffffff', shade: '#ffffff', emissive: '#ffffff' }),
  hair: spec({
    base: '#5a3a2c',
    shade: '#36231b',
    toony: 0.8,
    outline: 0.0009,
    outlineColor: '#24150f',
    rim: '#4a3020',
  }),
  shirt: spec({
    base: '#5f93c4',
    shade: '#41688f',
    toony: 0.8,
    outline: 0.001,
    outlineColor: '#23384f',
    rim: '#1a2a3a',
  }),
  trousers: spec({ base: '#3c4250', shade: '#282c36', toony: 0.8, outline: 0.001, outlineColor: '#15171c' }),
  shoeUpper: spec({
    base: '#f3f1ec',
    shade: '#c9c6c0',
    toony: 0.85,
    outline: 0.0008,
    outlineColor: '#55524d',
  }),
  shoeSole: spec({
    base: '#5b5753',
    shade: '#3d3a37',
    toony: 0.85,
    outline: 0.0008,
    outlineColor: '#222222',
  }),
};

/** sRGB hex to linear RGB, rounded to 4 decimals so the JSON is stable. */
export function linearRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  const ch = (c: number): number => {
    const s = c / 255;
    const l = s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    return Math.round(l * 1e4) / 1e4;
  };
  return [ch((v >> 16) & 255), ch((v >> 8) & 255), ch(v & 255)];
}

/** The `VRMC_materials_mtoon` object for a material. */
export function mtoonJson(m: MaterialSpec): Record<string, unknown> {
  return {
    specVersion: '1.0',
    transparentWithZWrite: false,
    renderQueueOffsetNumber: 0,
    shadeColorFactor: linearRgb(m.shade),
    shadingShiftFactor: m.shift,
    shadingToonyFactor: m.toony,
    giEqualizationFactor: 0.9,
    matcapFactor: [0, 0, 0],
    parametricRimColorFactor: linearRgb(m.rim),
    parametricRimFresnelPowerFactor: 4,
    parametricRimLiftFactor: 0.1,
    rimLightingMixFactor: 1,
    outlineWidthMode: m.outline > 0 ? 'worldCoordinates' : 'none',
    outlineWidthFactor: m.outline,
    outlineColorFactor: linearRgb(m.outlineColor),
    outlineLightingMixFactor: 1,
    uvAnimationScrollXSpeedFactor: 0,
    uvAnimationScrollYSpeedFactor: 0,
    uvAnimationRotationSpeedFactor: 0,
  };
}
