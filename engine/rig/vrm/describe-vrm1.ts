/**
 * The `VRMC_vrm` (VRM 1.0) extension as a rig description: the sections are read in a fixed order
 * so warnings come out the same way every time. 1.0 is the engine's own vocabulary; nothing is renamed.
 */

import { readExpressionsV1 } from './expressions.ts';
import { V1, readSpecVersion } from './extensions.ts';
import { readFirstPersonV1 } from './first-person.ts';
import { finishBones, readHumanoidV1 } from './humanoid.ts';
import type { Ctx, Json } from './json-read.ts';
import { readLookAtV1, warnEyes } from './look-at.ts';
import { readMetaV1 } from './meta.ts';
import type { ExtensionRig } from './types.ts';

/** Describes a VRM 1.0 avatar; `generator` is glTF `asset.generator`. */
export function describeV1(ctx: Ctx, ext: Json, generator: string | null): ExtensionRig {
  const sourceSpecVersion = readSpecVersion(
    ctx,
    ext,
    V1,
    'VRM 1.0',
    (version) => version === '1.0' || version === '1.0-beta',
    (shown) => `unknown version ${shown}; read as VRM 1.0`,
  );
  const bones = readHumanoidV1(ctx, ext.humanoid);
  const lookAt = readLookAtV1(ctx, ext.lookAt);
  warnEyes(ctx, lookAt, bones, `${V1}/lookAt/type`);
  return {
    specVersion: '1.0',
    sourceSpecVersion,
    generator,
    forward: '+z',
    meta: readMetaV1(ctx, ext.meta),
    ...finishBones(ctx, bones, `${V1}/humanoid/humanBones`),
    expressions: readExpressionsV1(ctx, ext.expressions),
    lookAt,
    firstPersonAnnotations: readFirstPersonV1(ctx, ext.firstPerson),
  };
}
