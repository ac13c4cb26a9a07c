/**
 * Avatar meta (name, authors, licence, permissions) from either VRM version, in one shape, so a
 * viewer can show who made the avatar and on what terms before anyone performs with it.
 */

import { V0, V1 } from './extensions.ts';
import {
  isIndex,
  isRecord,
  nonEmptyString,
  show,
  stringList,
  warn,
  type Ctx,
  type Json,
} from './json-read.ts';
import type { RigMeta } from './types.ts';

const V1_PERMISSION_KEYS = [
  'avatarPermission',
  'allowExcessivelyViolentUsage',
  'allowExcessivelySexualUsage',
  'commercialUsage',
  'allowPoliticalOrReligiousUsage',
  'allowAntisocialOrHateUsage',
  'creditNotation',
  'allowRedistribution',
  'modification',
  'otherLicenseUrl',
] as const;

const V0_PERMISSION_KEYS = [
  'allowedUserName',
  'violentUssageName',
  'sexualUssageName',
  'commercialUssageName',
  'licenseName',
  'otherPermissionUrl',
  'otherLicenseUrl',
] as const;

/** Reads `VRMC_vrm.meta`, warning about the fields VRM 1.0 requires. */
export function readMetaV1(ctx: Ctx, meta: unknown): RigMeta {
  const path = `${V1}/meta`;
  const m = metaObject(ctx, meta, path, ' (VRM 1.0 requires name, authors and licenseUrl)');
  const name = nonEmptyString(m.name);
  const authors = stringList(m.authors);
  const licenseUrl = nonEmptyString(m.licenseUrl);
  const missing = [
    ...(name === null ? ['name'] : []),
    ...(authors.length === 0 ? ['authors'] : []),
    ...(licenseUrl === null ? ['licenseUrl'] : []),
  ];
  if (isRecord(meta) && missing.length > 0) {
    warn(ctx, path, `missing ${missing.join(', ')} (VRM 1.0 requires them)`);
  }
  let thumbnailImage: number | null = null;
  if (m.thumbnailImage !== undefined) {
    if (isIndex(m.thumbnailImage, ctx.images.length)) thumbnailImage = m.thumbnailImage;
    else warn(ctx, `${path}/thumbnailImage`, `image ${show(m.thumbnailImage)} does not exist; no thumbnail`);
  }
  return {
    name,
    version: nonEmptyString(m.version),
    authors,
    copyrightInformation: nonEmptyString(m.copyrightInformation),
    contactInformation: nonEmptyString(m.contactInformation),
    references: stringList(m.references),
    thumbnailImage,
    licenseName: null,
    licenseUrl,
    permissions: permissionsFrom(m, V1_PERMISSION_KEYS),
  };
}

/** Reads `VRM.meta`, renaming 0.x fields to their 1.0 counterparts and resolving the thumbnail. */
export function readMetaV0(ctx: Ctx, meta: unknown): RigMeta {
  const path = `${V0}/meta`;
  const m = metaObject(ctx, meta, path, '');
  let thumbnailImage: number | null = null;
  if (m.texture !== undefined && m.texture !== -1) {
    const texture = isIndex(m.texture, ctx.textures.length) ? ctx.textures[m.texture] : undefined;
    const source = isRecord(texture) ? texture.source : undefined;
    if (isIndex(source, ctx.images.length)) thumbnailImage = source;
    else warn(ctx, `${path}/texture`, `texture ${show(m.texture)} has no image; no thumbnail`);
  }
  return {
    name: nonEmptyString(m.title),
    version: nonEmptyString(m.version),
    authors: oneOrNone(m.author),
    copyrightInformation: null,
    contactInformation: nonEmptyString(m.contactInformation),
    references: oneOrNone(m.reference),
    thumbnailImage,
    licenseName: nonEmptyString(m.licenseName),
    licenseUrl: nonEmptyString(m.otherLicenseUrl),
    permissions: permissionsFrom(m, V0_PERMISSION_KEYS),
  };
}

/** The meta object, or `{}` (every field then reads as absent) with a warning ending in `note`. */
function metaObject(ctx: Ctx, meta: unknown, path: string, note: string): Json {
  if (isRecord(meta)) return meta;
  const problem = meta === undefined ? 'missing' : `is ${show(meta)}, expected an object`;
  warn(ctx, path, `${problem}${note}`);
  return {};
}

/** A 0.x single string as a 1.0 list. */
function oneOrNone(v: unknown): string[] {
  const s = nonEmptyString(v);
  return s ? [s] : [];
}

function permissionsFrom(meta: Json, keys: readonly string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const key of keys) {
    const v = meta[key];
    if (typeof v === 'string' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}
