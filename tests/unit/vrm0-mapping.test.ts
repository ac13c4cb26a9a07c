import { describe, expect, it } from 'vitest';
import { HUMAN_BONE_NAMES, isHumanBoneName } from '../../engine/rig/bones.ts';
import { VRM_PRESET_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import {
  VRM0_BLEND_SHAPE_PRESETS,
  VRM0_HUMAN_BONE_NAMES,
  VRM0_TO_VRM1_BONE,
  VRM0_TO_VRM1_EXPRESSION,
  mapVrm0BoneName,
  mapVrm0ExpressionPreset,
  mapVrm0FirstPersonFlag,
  mapVrm0LookAtType,
  mapVrm0MaterialColorProperty,
  vrm0BindWeight,
  vrm0TextureTransform,
} from '../../engine/rig/vrm0-mapping.ts';

describe('VRM 0.x humanoid bone mapping', () => {
  it('covers every 1.0 bone exactly once', () => {
    expect(VRM0_HUMAN_BONE_NAMES).toHaveLength(HUMAN_BONE_NAMES.length);
    const targets = VRM0_HUMAN_BONE_NAMES.map((n) => VRM0_TO_VRM1_BONE[n]);
    expect(new Set(targets).size).toBe(HUMAN_BONE_NAMES.length);
    expect(targets.every(isHumanBoneName)).toBe(true);
  });

  it('shifts the thumb names by one joint', () => {
    for (const side of ['left', 'right']) {
      expect(mapVrm0BoneName(`${side}ThumbProximal`)).toBe(`${side}ThumbMetacarpal`);
      expect(mapVrm0BoneName(`${side}ThumbIntermediate`)).toBe(`${side}ThumbProximal`);
      expect(mapVrm0BoneName(`${side}ThumbDistal`)).toBe(`${side}ThumbDistal`);
      expect(mapVrm0BoneName(`${side}ThumbMetacarpal`)).toBeNull();
    }
  });

  it('keeps every other name', () => {
    for (const name of HUMAN_BONE_NAMES.filter((n) => !n.includes('Thumb'))) {
      expect(mapVrm0BoneName(name)).toBe(name);
    }
  });

  it('rejects unknown and inherited names', () => {
    for (const name of ['', 'Hips', 'tail', '__proto__', 'toString', 'constructor']) {
      expect(mapVrm0BoneName(name)).toBeNull();
    }
  });

  it('lists parents before children in 0.x names too', () => {
    expect(VRM0_HUMAN_BONE_NAMES[0]).toBe('hips');
    expect(VRM0_HUMAN_BONE_NAMES.indexOf('leftThumbProximal')).toBeLessThan(
      VRM0_HUMAN_BONE_NAMES.indexOf('leftThumbIntermediate'),
    );
  });
});

describe('VRM 0.x blendShape preset mapping', () => {
  it.each([
    ['a', 'aa'],
    ['i', 'ih'],
    ['u', 'ou'],
    ['e', 'ee'],
    ['o', 'oh'],
    ['joy', 'happy'],
    ['angry', 'angry'],
    ['sorrow', 'sad'],
    ['fun', 'relaxed'],
    ['blink', 'blink'],
    ['blink_l', 'blinkLeft'],
    ['blink_r', 'blinkRight'],
    ['lookup', 'lookUp'],
    ['lookdown', 'lookDown'],
    ['lookleft', 'lookLeft'],
    ['lookright', 'lookRight'],
    ['neutral', 'neutral'],
  ])('%s → %s', (v0, v1) => {
    expect(mapVrm0ExpressionPreset(v0)).toBe(v1);
  });

  it('maps every 0.x preset except unknown onto a 1.0 preset', () => {
    const presets = new Set<string>(VRM_PRESET_EXPRESSIONS);
    expect(Object.keys(VRM0_TO_VRM1_EXPRESSION)).toHaveLength(VRM0_BLEND_SHAPE_PRESETS.length - 1);
    expect(Object.values(VRM0_TO_VRM1_EXPRESSION).every((p) => presets.has(p))).toBe(true);
  });

  it('treats unknown as custom, ignores case, and rejects names 0.x does not define', () => {
    expect(mapVrm0ExpressionPreset('unknown')).toBe('custom');
    expect(mapVrm0ExpressionPreset('Joy')).toBe('happy');
    expect(mapVrm0ExpressionPreset('BLINK_L')).toBe('blinkLeft');
    expect(mapVrm0ExpressionPreset('surprised')).toBeNull();
    expect(mapVrm0ExpressionPreset('__proto__')).toBeNull();
  });
});

describe('VRM 0.x material, weight, first-person and look-at mapping', () => {
  it('maps Unity colour properties and nothing else', () => {
    expect(mapVrm0MaterialColorProperty('_Color')).toBe('color');
    expect(mapVrm0MaterialColorProperty('_EmissionColor')).toBe('emissionColor');
    expect(mapVrm0MaterialColorProperty('_ShadeColor')).toBe('shadeColor');
    expect(mapVrm0MaterialColorProperty('_RimColor')).toBe('rimColor');
    expect(mapVrm0MaterialColorProperty('_OutlineColor')).toBe('outlineColor');
    expect(mapVrm0MaterialColorProperty('_Cutoff')).toBeNull();
    expect(mapVrm0MaterialColorProperty('toString')).toBeNull();
  });

  it('flips the vertical texture offset from Unity to glTF UVs', () => {
    expect(vrm0TextureTransform([0.5, 0.25, 0.5, 0.25])).toEqual({ scale: [0.5, 0.25], offset: [0.5, 0.5] });
    expect(vrm0TextureTransform([1, 1, 0, 0])).toEqual({ scale: [1, 1], offset: [0, 0] });
  });

  it('scales 0..100 bind weights to 0..1 and clamps the rest', () => {
    expect(vrm0BindWeight(100)).toBe(1);
    expect(vrm0BindWeight(50)).toBe(0.5);
    expect(vrm0BindWeight(250)).toBe(1);
    expect(vrm0BindWeight(-3)).toBe(0);
    expect(vrm0BindWeight(Number.NaN)).toBe(0);
  });

  it('maps first-person flags and look-at types', () => {
    expect(mapVrm0FirstPersonFlag('ThirdPersonOnly')).toBe('thirdPersonOnly');
    expect(mapVrm0FirstPersonFlag('Auto')).toBe('auto');
    expect(mapVrm0FirstPersonFlag('auto')).toBeNull();
    expect(mapVrm0LookAtType('Bone')).toBe('bone');
    expect(mapVrm0LookAtType('BlendShape')).toBe('expression');
    expect(mapVrm0LookAtType('Eyes')).toBeNull();
  });
});
