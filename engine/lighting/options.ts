/**
 * Lighting plugin options with their defaults (`lightingPlugin({ … })` overrides any field).
 */
import { DEFAULT_ENVIRONMENT } from './default-environment.ts';
import { checkSH } from './sh-basis.ts';

/** Options of the lighting plugin. */
export interface LightingOptions {
  /** Target irradiance recompute rate, Hz, on engine time (ticks at k·1000/updateHz ms). ≥ 10. */
  updateHz: number;
  /**
   * Recompute every frame from that frame's own LD parameters instead of blending ticks: exact at
   * any frame rate (a frame reached by playing equals the same moment reached by a seek), at the cost
   * of one transform per frame in which the light changes. Scenes that scrub use it.
   */
  everyFrame: boolean;
  /** Relighting on at install. */
  enabled: boolean;
  /** Window strength at softness 0 (0: none; see windowSH). */
  windowStrength: number;
  /** Radiance SH every avatar starts with (copied per avatar). */
  environment: Float32Array;
}

/** Slowest update rate the brief allows (relighting must update at ≥ 10 Hz). */
export const MIN_UPDATE_HZ = 10;

/** The defaults: 30 Hz ticks, on, no base window, the neutral studio. */
export const LIGHTING_DEFAULTS: Readonly<LightingOptions> = {
  updateHz: 30,
  everyFrame: false,
  enabled: true,
  windowStrength: 0,
  environment: DEFAULT_ENVIRONMENT,
};

/** Merges options over the defaults and checks them (a bad option is a programming error: throws). */
export function lightingOptions(partial: Partial<LightingOptions> = {}): LightingOptions {
  const o: LightingOptions = { ...LIGHTING_DEFAULTS, ...partial };
  if (!Number.isFinite(o.updateHz) || o.updateHz < MIN_UPDATE_HZ || o.updateHz > 1000)
    throw new RangeError(`lighting: updateHz must be within ${MIN_UPDATE_HZ}..1000, got ${o.updateHz}`);
  if (!Number.isFinite(o.windowStrength) || o.windowStrength < 0)
    throw new RangeError(`lighting: windowStrength must be a finite number ≥ 0, got ${o.windowStrength}`);
  checkSH(o.environment, 'lighting: options.environment');
  return o;
}
