/**
 * The environment every avatar starts in until a host sets one: a neutral studio — a soft light-grey
 * sky, a darker warm floor and a slightly warm key from above, in front and to the avatar's right
 * (a VRM 1.0 avatar faces +z, so its right is −x). Its irradiance peaks near 1 on surfaces facing
 * the key, so albedo reads at about its own value; side-on surfaces keep ≈ 35 %, the far side ≈ 18 %.
 */
import { projectColours } from './project-colours.ts';
import type { EnvironmentColours } from './project-colours.ts';

/** The colours the default environment is projected from (sRGB 0..1). */
export const DEFAULT_ENVIRONMENT_COLOURS: EnvironmentColours = {
  sky: [0.66, 0.67, 0.7],
  ground: [0.42, 0.4, 0.38],
  accent: { colour: [1, 0.96, 0.9], direction: [-0.45, 0.65, 0.6], intensity: 0.9 },
};

/** Radiance SH of the default studio (27 floats; treat as read-only — copy before changing). */
export const DEFAULT_ENVIRONMENT: Float32Array = projectColours(
  DEFAULT_ENVIRONMENT_COLOURS,
  undefined,
  'default environment',
);
