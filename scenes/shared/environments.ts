/**
 * The bundled lighting environments as the scenes load them (`assets/environments`, made by
 * `capsule forge-environments`): each one's radiance SH comes precomputed in `environments.json`,
 * so a page lights the avatar at once; the 8-bit preview PNG is the background and thumbnail.
 * `?env=<id>` picks the one a page opens on.
 */

/** The part of `environments.json` (tools/environments/forge.ts) the pages read. */
interface IndexFile {
  environments: { id: string; label: string; description: string; png: string; radiance_sh: number[] }[];
}
const index = JSON.parse(indexText) as IndexFile;

import indexText from '../../assets/environments/environments.json?raw';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { environmentChoicePlugin } from './environment-plugin.ts';
import type { EnvironmentChoiceState } from './environment-plugin.ts';
import type { Performance } from './performance.ts';

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

/** The environment in use. */
export interface EnvironmentChoice {
  /** Picker value: a bundled id, or `file:<name>` for a loaded image. */
  readonly id: string;
  readonly label: string;
  readonly radiance: Float32Array;
  readonly previewUrl: string;
}

/** The page's choice, which every engine built reads (environment-plugin.ts). */
export interface PageEnvironment extends EnvironmentChoiceState {
  choice: EnvironmentChoice;
  radiance: Float32Array;
  relighting: boolean | null;
  version: number;
  /** The plugin to install in every engine the performance builds. */
  readonly plugin: Plugin;
}

/** The choice a page opens on (`?env=`, else studio), before the performance exists. */
export function createPageEnvironment(search: string): PageEnvironment {
  const first = initialEnvironment(search);
  const page: PageEnvironment = {
    choice: { id: first.id, label: first.label, radiance: first.radiance, previewUrl: first.previewUrl },
    radiance: first.radiance,
    relighting: true,
    version: 0,
    plugin: environmentChoicePlugin(() => page),
  };
  return page;
}

/**
 * Hands a changed choice (bump done here) to the running engine; its plugin applies it on the next
 * frame. Playing, that frame shows it (the scenes' lighting runs in `everyFrame` mode; a tick-mode
 * engine would take it at its next tick, ≤ 1/updateHz s); paused, no frame comes, so the engine is
 * rebuilt at the same moment (as a seek does: same seed, same commands) and is lit by the choice
 * from its first frame.
 */
export function commitEnvironment(page: PageEnvironment, performance: Performance): void {
  page.version++;
  if (!performance.playing) performance.seek(performance.time());
}
