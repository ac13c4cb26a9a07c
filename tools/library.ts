/**
 * Loads the capsule library a command works on. Problems are printed (each naming file, id and
 * path) but do not stop the command: like the runtime, it carries on with what was valid.
 */
import { loadFolder } from '../engine/capsules/load-folder.ts';
import type { CapsuleRegistry } from '../engine/capsules/registry.ts';

/** The registry of `dir`, or null (with exit code 1) when nothing valid could be loaded. */
export function loadLibrary(dir: string): CapsuleRegistry | null {
  const { registry, errors, counts } = loadFolder(dir);
  for (const e of errors) console.error(`warning: ${e.format()}`);
  if (counts.capsules === 0) {
    console.error(`${dir}: no valid capsules found`);
    process.exitCode = 1;
    return null;
  }
  return registry;
}
