/**
 * Reads the rig description of a VRM avatar straight from the bytes of a .vrm/.glb file, with no
 * renderer: humanoid bones, expressions and their binds, look-at, first-person annotations, meta.
 * Both `VRMC_vrm` (1.0) and `VRM` (0.x) are read and expressed in VRM 1.0 terms, so the engine and
 * every renderer adapter bind capsule channels the same way.
 *
 * Bad input policy: what leaves the rig unusable (not a GLB, truncated, unparsable JSON, no VRM
 * extension, a humanoid bone on a node that does not exist or on a node another bone already
 * uses) throws a {@link RigReadError} naming the file and the byte offset or JSON pointer. What a
 * viewer can still show (unknown bone names, a broken expression bind, odd meta) becomes a
 * warning and is dropped or defaulted. No other exception escapes, for any byte sequence.
 *
 * This module is the reader's public face; the work lives in ./vrm/, one idea per file:
 * read-rig (entry points), rig-error, glb and json-chunk (the container), json-read (untrusted
 * JSON with warnings), describe (extension choice), describe-vrm1 / describe-vrm0, and the
 * sections both versions share: meta, humanoid, expressions, expression-binds, look-at,
 * first-person; gltf-references checks core glTF indices for the renderer loaders. Import from
 * here, not from ./vrm/.
 */

export { customExpressionChannel } from './vrm/expressions.ts';
export { checkGltfReferences } from './vrm/gltf-references.ts';
export { describeRig, readGlbJson, readRigDescription } from './vrm/read-rig.ts';
export { RigReadError } from './vrm/rig-error.ts';
export type {
  ExpressionDescription,
  ExpressionOverride,
  FirstPersonAnnotation,
  HumanBoneBinding,
  LookAtDescription,
  LookAtRangeMap,
  MaterialColorBind,
  MorphTargetBind,
  RigDescription,
  RigMeta,
  TextureTransformBind,
} from './vrm/types.ts';
