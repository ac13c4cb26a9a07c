/**
 * The capsule library and the demo script as the scenes load them: bundled by Vite from
 * `capsules/**` (no node:fs — `engine/capsules/load-folder.ts` is for Node only) into one registry.
 */
import { createRegistry } from '../../engine/capsules/registry.ts';
import type { CapsuleRegistry, LoadItem } from '../../engine/capsules/registry.ts';
import { parseScript } from '../../engine/script/script.ts';
import type { PerformanceScript } from '../../engine/script/script.ts';
import demoScriptText from '../../capsules/scripts/demo.script.json?raw';

const capsuleFiles = import.meta.glob<unknown>('../../capsules/**/*.capsule.json', {
  eager: true,
  import: 'default',
});
const profileFiles = import.meta.glob<unknown>('../../capsules/profiles/*.profile.json', {
  eager: true,
  import: 'default',
});

/** Project-relative file name of a glob key (`../../capsules/HK/HK_001.capsule.json` → `capsules/HK/…`). */
const fileOf = (key: string): string => key.replace(/^(\.\.\/)+/, '');

/** The library: a registry with every bundled capsule and profile, and the load problems, if any. */
export interface Library {
  readonly registry: CapsuleRegistry;
  /** One line per rejected document (`file: id: path: message`); the rest loaded regardless. */
  readonly problems: string[];
}

/** Builds the registry from the bundled library (capsules first, then profiles, in file order). */
export function loadLibrary(): Library {
  const items: LoadItem[] = [];
  for (const [key, json] of Object.entries(capsuleFiles)) items.push({ file: fileOf(key), json });
  for (const [key, json] of Object.entries(profileFiles))
    items.push({ file: fileOf(key), json, kind: 'profile' });
  const registry = createRegistry();
  const problems = registry.add(items).map((e) => e.format());
  for (const p of problems) console.warn(`capsule library: ${p}`);
  return { registry, problems };
}

/** The looping demo performance (`capsules/scripts/demo.script.json`), validated. */
export function demoScript(): PerformanceScript {
  return parseScript(demoScriptText, 'capsules/scripts/demo.script.json');
}
