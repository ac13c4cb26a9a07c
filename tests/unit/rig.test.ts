import { describe, expect, it } from 'vitest';
import { BONE_COUNT, HUMAN_BONES, HUMAN_BONE_NAMES, boneIndex } from '../../engine/rig/bones.ts';
import { ARKIT_EXPRESSIONS, VRM_PRESET_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import {
  CHANNEL_COUNT,
  CUSTOM_EXPRESSION_CAPACITY,
  ChannelKind,
  ChannelLayout,
  EXPRESSION_BASE,
  HIPS_OFFSET_CHANNEL,
} from '../../engine/rig/channels.ts';
import { createPoseBuffer, rotationVectorToQuaternion } from '../../engine/rig/pose-buffer.ts';

describe('humanoid bones', () => {
  it('has the 55 VRM 1.0 bones, 30 of them finger bones, parents before children', () => {
    expect(BONE_COUNT).toBe(55);
    expect(HUMAN_BONE_NAMES.filter((n) => /Thumb|Index|Middle|Ring|Little/.test(n))).toHaveLength(30);
    HUMAN_BONES.forEach((b, i) => {
      if (b.parent === null) expect(b.name).toBe('hips');
      else expect(boneIndex(b.parent), b.name).toBeLessThan(i);
    });
    expect(HUMAN_BONES.find((b) => b.name === 'leftIndexDistal')!.parent).toBe('leftIndexIntermediate');
    expect(HUMAN_BONES.find((b) => b.name === 'rightThumbMetacarpal')!.parent).toBe('rightHand');
    expect(HUMAN_BONES.find((b) => b.name === 'leftShoulder')!.parent).toBe('upperChest');
    expect(
      HUMAN_BONES.filter((b) => b.required)
        .map((b) => b.name)
        .sort(),
    ).toEqual(
      [
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
      ].sort(),
    );
  });

  it('limits contain rest, and the right side mirrors the left as (x, −y, −z)', () => {
    for (const b of HUMAN_BONES)
      for (const [lo, hi] of [b.limits.x, b.limits.y, b.limits.z])
        expect(lo <= 0 && 0 <= hi, b.name).toBe(true);
    for (const left of HUMAN_BONES.filter((b) => b.name.startsWith('left'))) {
      const right = HUMAN_BONES.find((b) => b.name === left.name.replace('left', 'right'))!;
      expect(right.limits.x).toEqual(left.limits.x);
      expect(right.limits.y).toEqual([-left.limits.y[1], -left.limits.y[0]]);
      expect(right.limits.z).toEqual([-left.limits.z[1], -left.limits.z[0]]);
    }
    // fingers curl (−z on the left) far more than they hyperextend
    const p = HUMAN_BONES.find((b) => b.name === 'leftIndexProximal')!.limits.z;
    expect(-p[0]).toBeGreaterThan(p[1] * 3);
  });
});

describe('channel layout and pose buffer', () => {
  it('places bones, hips offset and expressions in one flat index space', () => {
    const layout = new ChannelLayout();
    expect(layout.bone('hips', 0)).toBe(0);
    expect(layout.bone('rightLittleDistal', 2)).toBe(HIPS_OFFSET_CHANNEL - 1);
    expect(layout.bone('tail', 0)).toBe(-1);
    expect(layout.expression('happy')).toBe(EXPRESSION_BASE);
    expect(layout.expression('tongueOut')).toBe(
      EXPRESSION_BASE + VRM_PRESET_EXPRESSIONS.length + ARKIT_EXPRESSIONS.length - 1,
    );
    expect(layout.name(layout.bone('leftHand', 1))).toBe('leftHand.y');
    expect(layout.kind(HIPS_OFFSET_CHANNEL)).toBe(ChannelKind.Offset);
    expect(layout.size).toBe(CHANNEL_COUNT);
  });

  it('interns custom expressions into reserved slots and refuses past capacity', () => {
    const layout = new ChannelLayout();
    const a = layout.expression('custom:smirk');
    expect(layout.expression('custom:smirk')).toBe(a);
    expect(layout.expressionName(a)).toBe('custom:smirk');
    expect(layout.expression('smirk')).toBe(-1);
    for (let i = 1; i < CUSTOM_EXPRESSION_CAPACITY; i++)
      expect(layout.expression(`custom:e${i}`)).toBeGreaterThan(0);
    expect(layout.expression('custom:one_too_many')).toBe(-1);
    expect(layout.customExpressions).toHaveLength(CUSTOM_EXPRESSION_CAPACITY);
  });

  it('starts neutral and converts rotation vectors exactly', () => {
    const pose = createPoseBuffer(new ChannelLayout());
    expect(pose.rotations.filter((_, i) => i % 4 === 3).every((w) => w === 1)).toBe(true);
    const q = new Float32Array(4);
    rotationVectorToQuaternion(0, 0, Math.PI / 2, q, 0);
    expect(q[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(q[3]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
