/**
 * The bundled lighting environments as the scenes load them (`assets/environments`, made by
 * `capsule forge-environments`): each one's radiance SH comes precomputed in `environments.json`,
 * so a page lights the avatar at once; the 8-bit preview PNG is the background and thumbnail.
 * `?env=<id>` picks the one a page opens on.
 */
import indexText from '../../assets/environments/environments.json?raw';

/** The part of `environments.json` (tools/environments/forge.ts) the pages read. */
interface IndexFile {
  environments: { id: string; label: string; description: string; png: string; radiance_sh: number[] }[];
}
const index = JSON.parse(indexText) as IndexFile;

const previews = import.meta.glob<string>('../../assets/environments/*.png', {
  eager: true,
  query: '?url',
  import: 'default',
});

/** A bundled environment. */
export interface BundledEnvironment {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** URL of the 8-bit equirect preview (three.js equirect convention). */
  readonly previewUrl: string;
  /** Radiance SH (27 floats), the projection of the HDR image. */
  readonly radiance: Float32Array;
}

/** Every bundled environment, in picker order. */
export const BUNDLED_ENVIRONMENTS: readonly BundledEnvironment[] = index.environments.map((e) => ({
  id: e.id,
  label: e.label,
  description: e.description,
  previewUrl: previews[`../../assets/environments/${e.png}`] ?? '',
  radiance: Float32Array.from(e.radiance_sh),
}));

/** The environment pages open on without `?env=`. */
export const DEFAULT_ENVIRONMENT_ID = 'studio';

/** A bundled environment by id, or undefined. */
export function bundledEnvironment(id: string): BundledEnvironment | undefined {
  return BUNDLED_ENVIRONMENTS.find((e) => e.id === id);
}

/** The environment a page opens on: `?env=<id>` when it names a bundled one, else the default. */
export function initialEnvironment(search: string): BundledEnvironment {
  const id = new URLSearchParams(search).get('env');
  return bundledEnvironment(id ?? '') ?? bundledEnvironment(DEFAULT_ENVIRONMENT_ID)!;
}
