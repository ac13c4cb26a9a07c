/**
 * Library capsules stretched to one long duration (envelope scaled, aborts dropped), so the ones a
 * benchmark plays stay active for its whole measurement.
 */
import { loadFolder } from '../engine/capsules/load-folder.ts';
import { createRegistry } from '../engine/capsules/registry.ts';
import type { CapsuleRegistry } from '../engine/capsules/registry.ts';
import type { Capsule } from '../engine/capsules/schema-types.ts';

/** A registry of the library's capsules whose id passes `keep`, each lasting `lengthMs`. */
export function stretchedRegistry(
  keep: (id: string) => boolean,
  lengthMs = 10_000,
): { registry: CapsuleRegistry; ids: string[] } {
  const { registry: lib } = loadFolder('capsules');
  const registry = createRegistry();
  const ids = lib.ids().filter(keep);
  const items = ids.map((id) => {
    const c = structuredClone(lib.get(id)!.json) as Capsule;
    const k = lengthMs / c.duration_ms;
    c.duration_ms = lengthMs;
    const e = c.envelope;
    c.envelope = {
      ...e,
      attack_ms: e.attack_ms * k,
      release_ms: e.release_ms * k,
      hold_ms: lengthMs - (e.attack_ms + e.release_ms) * k,
    };
    delete c.abort;
    return { file: `${id}.capsule.json`, json: c };
  });
  const errors = registry.add(items);
  if (errors.length) throw new Error(errors[0]!.format());
  return { registry, ids };
}
