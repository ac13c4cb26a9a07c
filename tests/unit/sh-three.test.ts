/**
 * The SH layout is three.js's: the same coefficients evaluate the same in `SphericalHarmonics3`, and
 * three's own irradiance (what a `LightProbe` feeds its Lambert term, which divides by π) equals our
 * irradiance SH × π. So a radiance SH from this module can go into a three.js LightProbe unchanged.
 */
import { SphericalHarmonics3, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENVIRONMENT,
  SH_FLOATS,
  evaluateSH,
  radianceToIrradiance,
} from '../../engine/lighting/index.ts';
import { sphereDirections } from './sh-fixtures.ts';

describe('three.js SphericalHarmonics3 interop', () => {
  it('evaluates identically, and three’s irradiance is π × ours', () => {
    const shs = [
      DEFAULT_ENVIRONMENT,
      Float32Array.from({ length: SH_FLOATS }, (_, i) => Math.sin(i * 1.7) + 0.2),
    ];
    for (const radiance of shs) {
      const three = new SphericalHarmonics3().fromArray(Array.from(radiance));
      const irr = radianceToIrradiance(radiance);
      const ours = [0, 0, 0];
      const v = new Vector3();
      const t = new Vector3();
      for (const [x, y, z] of sphereDirections(64)) {
        v.set(x, y, z);
        three.getAt(v, t);
        evaluateSH(radiance, x, y, z, ours);
        expect(ours[0]).toBeCloseTo(t.x, 5);
        expect(ours[2]).toBeCloseTo(t.z, 5);
        three.getIrradianceAt(v, t);
        evaluateSH(irr, x, y, z, ours);
        expect(ours[0]! * Math.PI).toBeCloseTo(t.x, 4);
        expect(ours[1]! * Math.PI).toBeCloseTo(t.y, 4);
      }
    }
  });
});
