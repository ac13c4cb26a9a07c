/**
 * The shared shader chunk: the string the adapters inject is the .glsl file's text, and the GLSL
 * function evaluates the contract's basis (checked against three.js's SphericalHarmonics3 by
 * transcribing the chunk's arithmetic line by line).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SphericalHarmonics3, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { SH_IRRADIANCE_GLSL } from '../../shaders/index.ts';

const FILE = fileURLToPath(new URL('../../shaders/sh-irradiance.glsl', import.meta.url));

describe('shaders/sh-irradiance.glsl', () => {
  it('is the text the adapters inject (shaders/index.ts mirrors it byte for byte)', () => {
    expect(SH_IRRADIANCE_GLSL, 'copy shaders/sh-irradiance.glsl into shaders/index.ts').toBe(
      readFileSync(FILE, 'utf8'),
    );
  });

  it('declares the contract uniform and function', () => {
    expect(SH_IRRADIANCE_GLSL).toContain('uniform vec3 capsuleSH[9];');
    expect(SH_IRRADIANCE_GLSL).toMatch(/vec3 capsuleShIrradiance\(vec3 worldNormal\)/);
  });

  it('evaluates the same basis as three.js SphericalHarmonics3.getAt', () => {
    // Constants and monomials, read from the chunk's own lines, in coefficient order.
    const lines = [...SH_IRRADIANCE_GLSL.matchAll(/capsuleSH\[(\d)\] \* (.+);/g)];
    expect(lines.map((m) => Number(m[1]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const terms = lines.map(
      (m) =>
        // e.g. "(0.488603 * n.y)" → a JS function of n
        new Function('n', `return ${m[2]!.replace(/(\d)\.0\b/g, '$1')};`),
    ) as ((n: { x: number; y: number; z: number }) => number)[];
    const sh = new SphericalHarmonics3();
    sh.coefficients.forEach((c, i) => c.set(0.1 * (i + 1), -0.05 * i, 0.3 - 0.02 * i));
    for (const dir of [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0.3, -0.5, 0.81],
      [-0.7, 0.2, -0.68],
    ]) {
      const n = new Vector3(...dir).normalize();
      const expected = sh.getAt(n, new Vector3());
      const got = new Vector3();
      terms.forEach((f, i) => got.addScaledVector(sh.coefficients[i]!, f(n)));
      expect(got.distanceTo(expected)).toBeLessThan(1e-6);
    }
  });
});
