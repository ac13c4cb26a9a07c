/**
 * The work behind `capsule project-sh`: read an environment image, project its radiance onto L2 SH,
 * optionally turn it, and describe the result as JSON (27 radiance coefficients, three.js order).
 */
import { basename } from 'node:path';
import { SH_FLOATS, projectEquirect, rotateSH, rotationFromYawPitch } from '../../engine/lighting/index.ts';
import { readEnvironmentImage } from './environment-image.ts';

/** What `project-sh` writes. */
export interface ProjectShResult {
  format_version: 1;
  source: string;
  width: number;
  height: number;
  encoding: 'srgb8' | 'linear';
  convention: string;
  rotate_yaw_deg: number;
  rotate_pitch_deg: number;
  /** 27 floats: 9 RGB radiance coefficients `[c0.r, c0.g, c0.b, c1.r, …]`. */
  radiance_sh: number[];
}

/** The mapping the projection assumes, stated in the output so files say how to read them. */
export const EQUIRECT_CONVENTION =
  'equirect as three.js equirectUv: u = atan2(z, x)/2π + 0.5, v = asin(y)/π + 0.5, row 0 = +y; SH in three.js SphericalHarmonics3 order; linear radiance';

/** Projects `file` (an equirect .png or .hdr); throws EnvironmentImageError / RangeError naming it. */
export function projectShFile(file: string, yawDeg = 0, pitchDeg = 0): ProjectShResult {
  for (const [name, v] of [
    ['--rotate-yaw', yawDeg],
    ['--rotate-pitch', pitchDeg],
  ] as const)
    if (!Number.isFinite(v))
      throw new RangeError(`project-sh: ${name} must be a number of degrees, got ${v}`);
  const image = readEnvironmentImage(file);
  let sh = projectEquirect(image, undefined, file);
  if (yawDeg !== 0 || pitchDeg !== 0) sh = rotateSH(sh, rotationFromYawPitch(yawDeg, pitchDeg));
  const radiance = Array.from(sh.subarray(0, SH_FLOATS), (v) => Number(v.toPrecision(7)));
  return {
    format_version: 1,
    source: basename(file),
    width: image.width,
    height: image.height,
    encoding: image.encoding,
    convention: EQUIRECT_CONVENTION,
    rotate_yaw_deg: yawDeg,
    rotate_pitch_deg: pitchDeg,
    radiance_sh: radiance,
  };
}
