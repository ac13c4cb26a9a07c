/**
 * The environment forge: renders every bundled environment (scenes.ts) to a 256×128 equirect in
 * linear float, and writes per environment a Radiance `.hdr` (the real HDR light), an 8-bit `.png`
 * preview (background and thumbnail), plus `environments.json` with each one's radiance SH, so a
 * page lights the avatar without decoding or projecting anything at start. Pure and deterministic:
 * the same code gives the same bytes (tests/unit/environments.test.ts checks the committed files).
 */
import { projectEquirect } from '../../engine/lighting/project-equirect.ts';
import { renderEquirect } from './equirect.ts';
import { encodePng, toneMap } from './preview.ts';
import { encodeRgbe } from './rgbe.ts';
import { ENVIRONMENTS } from './scenes.ts';

/** Where the bundled environments live, relative to the repository root. */
export const ENVIRONMENTS_DIR = 'assets/environments';
/** Equirect size of every bundled environment (2:1). */
export const ENVIRONMENT_WIDTH = 256;
export const ENVIRONMENT_HEIGHT = 128;

/** One entry of `environments.json`. */
export interface EnvironmentEntry {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** File names in the same folder. */
  readonly hdr: string;
  readonly png: string;
  /** Radiance SH of the HDR image (27 floats, three.js `SphericalHarmonics3` order, linear RGB). */
  readonly radiance_sh: number[];
}

/** `environments.json`: the index the scenes import. */
export interface EnvironmentIndex {
  readonly format_version: 1;
  readonly generator: string;
  readonly convention: string;
  readonly width: number;
  readonly height: number;
  readonly environments: EnvironmentEntry[];
}

/** What the forge makes: file name → bytes (the JSON index included). */
export interface ForgedEnvironments {
  readonly files: Map<string, Uint8Array>;
  readonly index: EnvironmentIndex;
}

/** Builds every bundled environment in memory. */
export function forgeEnvironments(): ForgedEnvironments {
  const files = new Map<string, Uint8Array>();
  const entries: EnvironmentEntry[] = [];
  const w = ENVIRONMENT_WIDTH;
  const h = ENVIRONMENT_HEIGHT;
  for (const env of ENVIRONMENTS) {
    const linear = renderEquirect(env.radiance, w, h);
    const hdr = `${env.id}.hdr`;
    const png = `${env.id}.png`;
    files.set(hdr, encodeRgbe(linear, w, h));
    files.set(png, encodePng(toneMap(linear, env.previewExposure), w, h));
    const sh = projectEquirect(
      { data: linear, width: w, height: h, channels: 3, encoding: 'linear' },
      undefined,
      `${ENVIRONMENTS_DIR}/${hdr}`,
    );
    entries.push({
      id: env.id,
      label: env.label,
      description: env.description,
      hdr,
      png,
      radiance_sh: Array.from(sh),
    });
  }
  const index: EnvironmentIndex = {
    format_version: 1,
    generator: 'capsule forge-environments (tools/environments)',
    convention:
      'equirect as three.js equirectUv: u = atan2(z, x)/2π + 0.5, v = asin(y)/π + 0.5, row 0 = +y; +z is where a VRM 1.0 avatar faces',
    width: w,
    height: h,
    environments: entries,
  };
  files.set('environments.json', new TextEncoder().encode(`${JSON.stringify(index, null, 2)}\n`));
  return { files, index };
}
