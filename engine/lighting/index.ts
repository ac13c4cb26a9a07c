/**
 * Spherical-harmonics relighting, renderer-free: L2 SH math (three.js `SphericalHarmonics3` order),
 * projections from images and colours, rotation, windowing, irradiance, key-light extraction, LD
 * capsule transforms, and the `LIGHTING` plugin that gives adapters an irradiance SH per avatar per frame.
 */
export {
  SH_COEFFICIENTS,
  SH_FLOATS,
  SH_BAND,
  SH_C0,
  SH_C1,
  SH_C2,
  SH_C3,
  SH_C4,
  shBasis,
  evaluateSH,
  checkSH,
} from './sh-basis.ts';
export type { RGB } from './colour.ts';
export { srgbToLinear, linearToSrgb } from './colour.ts';
export type { EnvironmentImage } from './environment-image.ts';
export { projectEquirect } from './project-equirect.ts';
export { projectCubeFaces, cubeFaceDirection } from './project-cube.ts';
export type { CubeProjectionOptions } from './project-cube.ts';
export { projectColours, COSINE_LOBE } from './project-colours.ts';
export type { EnvironmentColours, AccentColour } from './project-colours.ts';
export { rotateSH, rotationFromYawPitch, band2RotationMatrix } from './rotate.ts';
export { windowSH, windowWeights } from './window.ts';
export { radianceToIrradiance, IRRADIANCE_BAND_FACTOR } from './convolve.ts';
export { extractKeyLight } from './key-light.ts';
export { kelvinToRgb } from './kelvin.ts';
export { applyLightParams, createRotationCache, lightParam, LIGHT_INDEX } from './light-transform.ts';
export type { RotationCache } from './light-transform.ts';
export { DEFAULT_ENVIRONMENT, DEFAULT_ENVIRONMENT_COLOURS } from './default-environment.ts';
export { LIGHTING_DEFAULTS, MIN_UPDATE_HZ, lightingOptions } from './options.ts';
export type { LightingOptions } from './options.ts';
export { LIGHTING } from './lighting-resource.ts';
export type { Lighting, KeyLight } from './lighting-resource.ts';
export { lightingPlugin } from './plugin.ts';
