/**
 * The `VRM` (VRM 0.x) extension as a rig description in VRM 1.0 terms (bone and preset names,
 * weights, look-at, meta), so adapters bind channels the same way whatever version an avatar uses.
 */

import { readExpressionsV0 } from './expressions.ts';
import { V0, readSpecVersion } from './extensions.ts';
import { readFirstPersonV0 } from './first-person.ts';
import { finishBones, readHumanoidV0 } from './humanoid.ts';
import { nonEmptyString, type Ctx, type Json } from './json-read.ts';
import { readLookAtV0, warnEyes } from './look-at.ts';
import { readMetaV0 } from './meta.ts';
import type { ExtensionRig } from './types.ts';

/** Describes a VRM 0.x avatar; `generator` (glTF `asset.generator`) yields to `exporterVersion`. */
export function describeV0(ctx: Ctx, ext: Json, generator: string | null): ExtensionRig {
  const sourceSpecVersion = readSpecVersion(
    ctx,
    ext,
    V0,
    'VRM 0.x',
    (version) => version.startsWith('0.'),
    (shown) => `unexpected version ${shown} in the VRM 0.x extension; read as 0.x`,
  );
  const bones = readHumanoidV0(ctx, ext.humanoid);
  const lookAt = readLookAtV0(ctx, ext.firstPerson, bones);
  warnEyes(ctx, lookAt, bones, `${V0}/firstPerson/lookAtTypeName`);
  return {
    specVersion: '0.x',
    sourceSpecVersion,
    generator: nonEmptyString(ext.exporterVersion) ?? generator,
    forward: '-z',
    meta: readMetaV0(ctx, ext.meta),
    ...finishBones(ctx, bones, `${V0}/humanoid/humanBones`),
    expressions: readExpressionsV0(ctx, ext.blendShapeMaster),
    lookAt,
    firstPersonAnnotations: readFirstPersonV0(ctx, ext.firstPerson),
  };
}
