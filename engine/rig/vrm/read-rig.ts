/**
 * The reader's entry points. Each runs its work under {@link guard}, which is what makes the
 * promise hold that no exception but a RigReadError escapes, for any byte sequence or JSON.
 */

import { describeRigJson } from './describe.ts';
import { readGlbContainer } from './glb.ts';
import { guard } from './rig-error.ts';
import type { RigDescription } from './types.ts';

/**
 * Reads a rig description from the bytes of a .vrm/.glb file (VRM 1.0 or 0.x).
 * Async so callers can treat it like any other loader; the work itself is synchronous.
 * @throws {RigReadError} for input that leaves the rig unusable; never anything else.
 */
export async function readRigDescription(bytes: Uint8Array, file: string): Promise<RigDescription> {
  return guard(file, () => {
    const glb = readGlbContainer(bytes, file);
    const rig = describeRigJson(glb.json, file);
    return { ...rig, warnings: [...glb.warnings, ...rig.warnings] };
  });
}

/**
 * Extracts the glTF JSON from a GLB container, checking the header and chunk framing first so an
 * error names the byte offset. The BIN chunk is checked for truncation but not read.
 * @throws {RigReadError}
 */
export function readGlbJson(bytes: Uint8Array, file: string): { json: unknown; warnings: string[] } {
  return guard(file, () => readGlbContainer(bytes, file));
}

/**
 * Describes the rig from already-parsed glTF JSON — the entry point for a renderer's glTF loader
 * extension, which has the JSON in hand.
 * @throws {RigReadError}
 */
export function describeRig(json: unknown, file: string): RigDescription {
  return guard(file, () => describeRigJson(json, file));
}
