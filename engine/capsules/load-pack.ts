/**
 * Packs to registries and back. A pack is decoded, then validated and compiled exactly like JSON
 * files (a pack is input like any other), so a registry from `loadPack` and one from `loadFolder`
 * over the same library hold the same capsules up to FP16 rounding.
 */
import { CapsuleError } from './capsule-error.ts';
import type { LoadOptions, LoadResult } from './load-folder.ts';
import { packCapsules, unpackCapsules } from './pack.ts';
import { createRegistry } from './registry.ts';
import type { CapsuleRegistry } from './registry.ts';

/** Loads a pack into a registry. Never throws for bad bytes: a corrupt pack gives one error and an empty load. */
export function loadPack(bytes: Uint8Array, file: string, options: LoadOptions = {}): LoadResult {
  const registry = options.registry ?? createRegistry(options.layout);
  const errors: CapsuleError[] = [];
  try {
    const { capsules, profiles } = unpackCapsules(bytes, file);
    errors.push(
      ...registry.add([
        ...capsules.map((json) => ({ file, json, kind: 'capsule' as const })),
        ...profiles.map((json) => ({ file, json, kind: 'profile' as const })),
      ]),
    );
  } catch (err) {
    if (!(err instanceof CapsuleError)) throw err;
    errors.push(err);
  }
  return {
    registry,
    errors,
    counts: { capsules: registry.size, profiles: registry.profileIds().length, files: 1 },
    files: [file],
  };
}

/** Packs every capsule (slot order) and profile (load order) of a registry. */
export function packRegistry(registry: CapsuleRegistry): Uint8Array {
  const capsules = registry.ids().map((id) => registry.get(id)!.json);
  const profiles = registry.profileIds().map((id) => registry.profile(id)!);
  return packCapsules(capsules, profiles);
}
