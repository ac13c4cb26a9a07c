/**
 * Reading untrusted glTF JSON without throwing: type guards, safe renderings of values for
 * messages, and readers that fall back to a default and record a warning (capped, with the JSON
 * pointer in front) instead. Only {@link fail} throws, for problems that leave the rig unusable.
 */

import { RigReadError } from './rig-error.ts';

/** A JSON object as parsed: nothing about its fields is trusted yet. */
export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array): the only shape whose fields may be read. */
export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON pointer built from segments, escaped per RFC 6901. */
export function ptr(base: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (p, s) => `${p}/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`,
    base,
  );
}

/** A short, safe rendering of an untrusted JSON value for messages (never recursive). */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) {
    const flat = v.length <= 4 && v.every((x) => x === null || typeof x !== 'object');
    return flat ? `[${v.map(show).join(', ')}]` : `an array of ${v.length}`;
  }
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}

/** An integer index into an array of `count` items, so a lookup cannot miss. */
export function isIndex(v: unknown, count: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count;
}

/** The string, or null for anything else and for `''` (exporters write `''` for "unset"). */
export function nonEmptyString(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Exactly `length` finite numbers, or null; NaN or Infinity would poison every pose downstream. */
export function finiteTuple(v: unknown, length: number): number[] | null {
  if (!Array.isArray(v) || v.length !== length) return null;
  return v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : null;
}

/** The non-empty strings of a list, dropping anything else; a non-list reads as empty. */
export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

const MAX_WARNINGS = 200;

/** What every section reader shares: the file, the glTF arrays it indexes into, the warnings. */
export interface Ctx {
  readonly file: string;
  readonly nodes: readonly unknown[];
  readonly meshes: readonly unknown[];
  readonly materials: readonly unknown[];
  readonly textures: readonly unknown[];
  readonly images: readonly unknown[];
  /** Node indices per mesh index, for 0.x binds that name a mesh. */
  readonly meshNodes: ReadonlyMap<number, readonly number[]>;
  readonly warnings: string[];
  omitted: number;
}

/** Records a problem the read survived, prefixed by its JSON pointer; past the cap, only counted. */
export function warn(ctx: Ctx, path: string, detail: string): void {
  if (ctx.warnings.length < MAX_WARNINGS) ctx.warnings.push(`${path === '' ? 'JSON root' : path}: ${detail}`);
  else ctx.omitted++;
}

/** Stops the read: the problem at `path` leaves the rig unusable. */
export function fail(ctx: Ctx, path: string, detail: string): never {
  throw new RigReadError(ctx.file, { path }, detail);
}

/** A top-level glTF array (nodes, meshes, …); anything else reads as empty, with a warning. */
export function arrayAt(json: Json, key: string, warnings: string[]): readonly unknown[] {
  const v = json[key];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  warnings.push(`/${key}: is ${show(v)}, expected an array; treated as empty`);
  return [];
}

/**
 * An optional object field: undefined when absent, and also when it is not an object, which is
 * warned as `is <value>, expected an object; <consequence>`.
 */
export function optionalObject(
  ctx: Ctx,
  value: unknown,
  path: string,
  consequence: string,
): Json | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value)) return value;
  warn(ctx, path, `is ${show(value)}, expected an object; ${consequence}`);
  return undefined;
}

/** Runs `read` on each object in a bind list; a returned string is a warning and drops that bind. */
export function forEachBind(
  ctx: Ctx,
  list: unknown,
  path: string,
  read: (bind: Json, bindPath: string) => string | null,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    warn(ctx, path, `is ${show(list)}, expected an array; ignored`);
    return;
  }
  list.forEach((bind: unknown, i) => {
    const bindPath = `${path}/${i}`;
    const problem = isRecord(bind) ? read(bind, bindPath) : `is ${show(bind)}, expected an object`;
    if (problem !== null) warn(ctx, bindPath, `${problem}; bind ignored`);
  });
}

/** An optional boolean flag; anything but true or false reads as false, with a warning. */
export function readBinary(ctx: Ctx, value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  warn(ctx, path, `is ${show(value)}, expected true or false; read as false`);
  return false;
}
