/**
 * Colour helpers the projections share: sRGB ↔ linear (the SH holds linear radiance; pages and 8-bit
 * images speak sRGB) and Rec. 709 luminance (which direction a light "comes from" is judged by it).
 */

/** An sRGB or linear colour, components 0..1. */
export type RGB = readonly [number, number, number];

/** sRGB transfer function inverse (IEC 61966-2-1), one component 0..1 → linear. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** Linear → sRGB, one component (for writing previews). */
export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

/** Lookup of srgbToLinear for 8-bit values, so projecting an LDR image costs no pow per texel. */
export const SRGB8_TO_LINEAR: Float32Array = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = srgbToLinear(i / 255);
  return t;
})();

/** Rec. 709 luminance weights of linear RGB. */
export const LUMA_R = 0.2126;
export const LUMA_G = 0.7152;
export const LUMA_B = 0.0722;
