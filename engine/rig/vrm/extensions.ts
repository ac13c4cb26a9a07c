/**
 * Where the two VRM extensions live in the glTF JSON, and the spec-version check both make:
 * every warning from a section reader is prefixed by one of these pointers.
 */

import { show, warn, type Ctx, type Json } from './json-read.ts';

/** JSON pointer of the VRM 1.0 extension. */
export const V1 = '/extensions/VRMC_vrm';

/** JSON pointer of the VRM 0.x extension. */
export const V0 = '/extensions/VRM';

/**
 * The extension's `specVersion` as written (`''` when absent or not a string). A missing or
 * unexpected version only warns: the extension's name already says how to read it.
 */
export function readSpecVersion(
  ctx: Ctx,
  ext: Json,
  path: string,
  readAs: string,
  accepts: (version: string) => boolean,
  unexpected: (shown: string) => string,
): string {
  const sourceSpecVersion = typeof ext.specVersion === 'string' ? ext.specVersion : '';
  if (sourceSpecVersion === '')
    warn(ctx, `${path}/specVersion`, `is ${show(ext.specVersion)}; read as ${readAs}`);
  else if (!accepts(sourceSpecVersion)) warn(ctx, `${path}/specVersion`, unexpected(show(sourceSpecVersion)));
  return sourceSpecVersion;
}
