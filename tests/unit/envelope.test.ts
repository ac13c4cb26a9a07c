import { describe, expect, it } from 'vitest';
import { EASINGS, ease, easingCode, smoothstep } from '../../engine/capsules/easing.ts';
import { EDGE_FADE_MS, envelopeAt } from '../../engine/capsules/envelope.ts';

describe('easing', () => {
  it('maps 0 → 0 and 1 → 1 for every ramp curve, and is monotonic', () => {
    for (const name of EASINGS.filter((n) => n !== 'none')) {
      const code = easingCode(name);
      expect(ease(code, 0), name).toBe(0);
      expect(ease(code, 1), name).toBe(1);
      let last = 0;
      for (let x = 0; x <= 1; x += 0.01) {
        const y = ease(code, x);
        expect(y, `${name} at ${x}`).toBeGreaterThanOrEqual(last - 1e-12);
        last = y;
      }
    }
  });

  it('matches the closed forms at known points', () => {
    expect(ease(easingCode('linear'), 0.3)).toBeCloseTo(0.3, 12);
    expect(ease(easingCode('quad_in'), 0.5)).toBeCloseTo(0.25, 12);
    expect(ease(easingCode('quad_out'), 0.5)).toBeCloseTo(0.75, 12);
    expect(ease(easingCode('quad_in_out'), 0.25)).toBeCloseTo(0.125, 12);
    expect(ease(easingCode('quad_in_out'), 0.75)).toBeCloseTo(0.875, 12);
    expect(ease(easingCode('cubic_in'), 0.5)).toBeCloseTo(0.125, 12);
    expect(ease(easingCode('cubic_out'), 0.5)).toBeCloseTo(0.875, 12);
    expect(ease(easingCode('cubic_in_out'), 0.25)).toBeCloseTo(0.0625, 12);
    expect(ease(easingCode('cubic_in_out'), 0.5)).toBeCloseTo(0.5, 12);
    expect(ease(easingCode('none'), 0.01)).toBe(1);
    expect(smoothstep(0.5)).toBe(0.5);
    expect(smoothstep(-1)).toBe(0);
    expect(smoothstep(2)).toBe(1);
  });
});

describe('envelope', () => {
  const env = { attackMs: 40, holdMs: 100, releaseMs: 60, easing: easingCode('quad_out') };

  it('rises over the attack, holds at 1, falls over the release, and is 0 outside', () => {
    expect(envelopeAt(env, -1)).toBe(0);
    expect(envelopeAt(env, 0)).toBe(0);
    expect(envelopeAt(env, 20)).toBeCloseTo(0.75, 12);
    expect(envelopeAt(env, 40)).toBe(1);
    expect(envelopeAt(env, 100)).toBe(1);
    expect(envelopeAt(env, 140)).toBe(1);
    expect(envelopeAt(env, 170)).toBeCloseTo(0.75, 12);
    expect(envelopeAt(env, 200)).toBe(0);
    expect(envelopeAt(env, 250)).toBe(0);
  });

  it('is continuous: no step larger than the steepest slope allows', () => {
    for (const easing of EASINGS) {
      const e =
        easing === 'none'
          ? { attackMs: 0, holdMs: 200, releaseMs: 0, easing: 7 }
          : { ...env, easing: easingCode(easing) };
      let last = envelopeAt(e, 0);
      let maxStep = 0;
      for (let t = 0.01; t <= 201; t += 0.01) {
        const v = envelopeAt(e, t);
        maxStep = Math.max(maxStep, Math.abs(v - last));
        last = v;
      }
      expect(maxStep, easing).toBeLessThan(0.01);
    }
  });

  it('adds edge fades to ramps shorter than EDGE_FADE_MS so flat envelopes do not jump', () => {
    const flat = { attackMs: 0, holdMs: 100, releaseMs: 0, easing: easingCode('none') };
    expect(envelopeAt(flat, EDGE_FADE_MS / 2)).toBeCloseTo(0.5, 12);
    expect(envelopeAt(flat, 50)).toBe(1);
    expect(envelopeAt(flat, 100 - EDGE_FADE_MS / 2)).toBeCloseTo(0.5, 12);
  });
});
