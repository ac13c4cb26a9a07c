/**
 * Radiance SH from a few colours, for hosts that have no environment map but do have a look: a page's
 * background (sky), a floor or darker tone (ground) and an accent light. Exact, analytic projections:
 *
 * - sky / ground: radiance `sky` over the upper hemisphere (y > 0), `ground` below — only DC and the
 *   y coefficient are non-zero: c0 = 2π·Y0·(sky + ground), c(y) = π·C1·(sky − ground);
 * - accent: a clamped-cosine lobe `colour · intensity · max(0, d·a)` around unit direction a, whose
 *   coefficients are A_l · Y_lm(a) with A = (π, 2π/3, π/4) (the same zonal factors as the cosine
 *   convolution).
 *
 * Colours are sRGB 0..1 (CSS colours / 255) and are linearised first.
 */
import { srgbToLinear } from './colour.ts';
import type { RGB } from './colour.ts';
import { SH_BAND, SH_C0, SH_C1, SH_COEFFICIENTS, shBasis, shTarget } from './sh-basis.ts';

/** A directional accent: its sRGB colour, the direction it comes from, and an optional gain. */
export interface AccentColour {
  colour: RGB;
  /** Direction towards the accent (normalised here; must not be zero). */
  direction: readonly [number, number, number];
  /** Linear gain on the peak radiance (default 1). */
  intensity?: number;
}

/** The colour description of an environment. */
export interface EnvironmentColours {
  sky: RGB;
  ground: RGB;
  accent?: AccentColour;
}

/** Cosine-lobe zonal factors per band: the SH of max(0, cos θ) is A_l · Y_lm(axis). */
export const COSINE_LOBE: readonly number[] = [Math.PI, (2 * Math.PI) / 3, Math.PI / 4];

const basis = new Float64Array(SH_COEFFICIENTS);

function linearColour(c: unknown, path: string, source: string): [number, number, number] {
  if (!Array.isArray(c) || c.length !== 3)
    throw new RangeError(`${source}: ${path} must be [r, g, b] with components 0..1`);
  return c.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      throw new RangeError(`${source}: ${path}[${i}] must be a number within 0..1, got ${String(v)}`);
    return srgbToLinear(v);
  }) as [number, number, number];
}

/** Projects sky/ground/accent colours; returns `out` (or a new array) holding the radiance SH. */
export function projectColours(
  colours: EnvironmentColours,
  out?: Float32Array,
  source = 'colours',
): Float32Array {
  if (!colours || typeof colours !== 'object')
    throw new RangeError(`${source}: expected { sky, ground, accent? }`);
  const sky = linearColour(colours.sky, 'sky', source);
  const ground = linearColour(colours.ground, 'ground', source);
  const sh = shTarget(out);
  for (let c = 0; c < 3; c++) {
    sh[c] = 2 * Math.PI * SH_C0 * (sky[c]! + ground[c]!);
    sh[3 + c] = Math.PI * SH_C1 * (sky[c]! - ground[c]!);
  }
  const accent = colours.accent;
  if (accent) {
    const col = linearColour(accent.colour, 'accent.colour', source);
    const gain = accent.intensity ?? 1;
    if (!Number.isFinite(gain) || gain < 0)
      throw new RangeError(`${source}: accent.intensity must be a finite number ≥ 0, got ${gain}`);
    const d = accent.direction;
    if (!Array.isArray(d) || d.length !== 3 || !d.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new RangeError(`${source}: accent.direction must be [x, y, z] finite numbers`);
    const len = Math.hypot(d[0], d[1], d[2]);
    if (!(len > 1e-9)) throw new RangeError(`${source}: accent.direction must not be zero`);
    shBasis(d[0] / len, d[1] / len, d[2] / len, basis);
    for (let i = 0; i < SH_COEFFICIENTS; i++) {
      const k = COSINE_LOBE[SH_BAND[i]!]! * basis[i]! * gain;
      for (let c = 0; c < 3; c++) sh[i * 3 + c]! += k * col[c]!;
    }
  }
  return sh;
}
