import { describe, expect, it } from 'vitest';
import { LIGHT_PARAMS } from '../../engine/rig/channels.ts';
import {
  SH_FLOATS,
  applyLightParams,
  createRotationCache,
  evaluateSH,
  extractKeyLight,
  kelvinToRgb,
  projectColours,
  radianceToIrradiance,
} from '../../engine/lighting/index.ts';
import { bandEnergy } from './sh-fixtures.ts';

const neutral = (): Float32Array => Float32Array.from(LIGHT_PARAMS.map((p) => p.neutral));
const withParam = (name: string, v: number): Float32Array => {
  const l = neutral();
  l[LIGHT_PARAMS.findIndex((p) => p.name === name)] = v;
  return l;
};
/** A grey studio with a key light in front (+z) and a little above. */
const ENV = projectColours({
  sky: [0.5, 0.5, 0.5],
  ground: [0.2, 0.2, 0.2],
  accent: { colour: [1, 1, 1], direction: [0, 0.2, 1] },
});
const run = (light: Float32Array, base = 0): Float32Array =>
  applyLightParams(ENV, light, new Float32Array(SH_FLOATS), base);
const plain = radianceToIrradiance(ENV);

describe('LD transforms on the SH', () => {
  it('neutral parameters give exactly the plain irradiance', () => {
    const out = run(neutral());
    for (let i = 0; i < SH_FLOATS; i++) expect(out[i]).toBeCloseTo(plain[i]!, 6);
  });

  it('exposure +1 EV doubles every coefficient, −1 halves', () => {
    const up = run(withParam('exposure_ev', 1));
    const down = run(withParam('exposure_ev', -1));
    for (let i = 0; i < SH_FLOATS; i++) {
      expect(up[i]).toBeCloseTo(2 * plain[i]!, 5);
      expect(down[i]).toBeCloseTo(0.5 * plain[i]!, 5);
    }
  });

  it('6500 K is the identity; 3000 K is warmer (r > b) and 10000 K cooler, at unchanged luminance', () => {
    const k = [0, 0, 0];
    kelvinToRgb(6500, k);
    for (const v of k) expect(v).toBeCloseTo(1, 6);
    const warm = run(withParam('temperature_k', 3000));
    const cool = run(withParam('temperature_k', 10000));
    const o = [0, 0, 0];
    evaluateSH(warm, 0, 0, 1, o);
    expect(o[0]! / o[2]!).toBeGreaterThan(1.5);
    const lum = 0.2126 * o[0]! + 0.7152 * o[1]! + 0.0722 * o[2]!;
    const p = [0, 0, 0];
    evaluateSH(plain, 0, 0, 1, p);
    expect(lum).toBeCloseTo(p[0]!, 4);
    evaluateSH(cool, 0, 0, 1, o);
    expect(o[2]!).toBeGreaterThan(o[0]!);
  });

  it('contrast −1 leaves only DC; +1 doubles bands 1–2', () => {
    const flat = run(withParam('contrast', -1));
    expect(flat[0]).toBeCloseTo(plain[0]!, 6);
    for (let i = 3; i < SH_FLOATS; i++) expect(Math.abs(flat[i]!)).toBe(0);
    const hard = run(withParam('contrast', 1));
    for (let i = 3; i < SH_FLOATS; i++) expect(hard[i]).toBeCloseTo(2 * plain[i]!, 5);
  });

  it('softness lowers band-2 (and band-1) energy, monotonically, on top of the base window', () => {
    let last = bandEnergy(run(neutral()), 2);
    for (const s of [0.25, 0.5, 1]) {
      const out = run(withParam('softness', s));
      expect(bandEnergy(out, 2)).toBeLessThan(last);
      expect(bandEnergy(out, 1)).toBeLessThan(bandEnergy(plain, 1));
      expect(out[0]).toBeCloseTo(plain[0]!, 6);
      last = bandEnergy(out, 2);
    }
    expect(bandEnergy(run(neutral(), 0.5), 2)).toBeLessThan(bandEnergy(plain, 2));
  });

  it('key yaw and pitch rotate the key direction', () => {
    const dir = new Float32Array(3);
    const col = new Float32Array(3);
    extractKeyLight(run(neutral()), dir, col);
    const z0 = Array.from(dir);
    expect(z0[2]).toBeGreaterThan(0.8);
    extractKeyLight(run(withParam('key_yaw_deg', 90)), dir, col);
    // Ry(90°) maps the +z key to +x.
    expect(dir[0]).toBeCloseTo(z0[2]!, 4);
    expect(dir[2]).toBeCloseTo(-z0[0]!, 4);
    expect(dir[1]).toBeCloseTo(z0[1]!, 4);
    extractKeyLight(run(withParam('key_pitch_deg', 40)), dir, col);
    expect(dir[1]).toBeGreaterThan(z0[1]! + 0.4);
  });

  it('non-finite and out-of-range parameters fall back to neutral / clamp, never NaN', () => {
    const bad = Float32Array.from([NaN, Infinity, -Infinity, NaN, NaN, NaN]);
    const out = run(bad);
    for (let i = 0; i < SH_FLOATS; i++) expect(out[i]).toBeCloseTo(plain[i]!, 6);
    const huge = run(withParam('exposure_ev', 100));
    for (let i = 0; i < SH_FLOATS; i++) expect(huge[i]).toBeCloseTo(8 * plain[i]!, 4); // clamped to +3 EV
  });

  it('a rotation cache gives the same results and follows yaw, pitch and the source version', () => {
    const cache = createRotationCache();
    const other = projectColours({ sky: [0.2, 0.3, 0.9], ground: [0.5, 0.1, 0.1] });
    const steps: [Float32Array, Float32Array, number][] = [
      [ENV, withParam('key_yaw_deg', 20), 1],
      [ENV, withParam('key_yaw_deg', 20), 1],
      [ENV, withParam('key_yaw_deg', 35), 1],
      [ENV, withParam('key_pitch_deg', 35), 1],
      [other, withParam('key_pitch_deg', 35), 2],
      [other, neutral(), 2],
    ];
    for (const [env, light, version] of steps) {
      const cached = applyLightParams(env, light, new Float32Array(SH_FLOATS), 0, cache, version);
      const fresh = applyLightParams(env, light, new Float32Array(SH_FLOATS));
      expect(Array.from(cached)).toEqual(Array.from(fresh));
    }
  });

  it('writes in place when out aliases the input', () => {
    const sh = Float32Array.from(ENV);
    applyLightParams(sh, withParam('key_yaw_deg', 33), sh);
    const want = run(withParam('key_yaw_deg', 33));
    for (let i = 0; i < SH_FLOATS; i++) expect(sh[i]).toBeCloseTo(want[i]!, 6);
  });
});
