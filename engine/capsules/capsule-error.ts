/**
 * The one error shape for bad capsule input (JSON files, profiles, packs): it names the file, the
 * capsule id and the JSON path or byte offset, so an author can go straight to the mistake.
 */

/** Fields of a {@link CapsuleError}. */
export interface CapsuleErrorInit {
  /** File (or pack) the input came from. */
  readonly file: string;
  /** Capsule or profile id; '?' when the input has no readable id. */
  readonly id?: string;
  /** JSON path like `tracks[2].keys[1].t`, `byte 1234` for packs, '' for whole-file problems. */
  readonly path?: string;
  readonly message: string;
  /** Byte offset, for binary input. */
  readonly offset?: number;
}

/**
 * A validation or decoding error an author can act on. Thrown by pack decoding, returned (never
 * thrown) by loaders and the registry, which keep going with whatever was valid.
 */
export class CapsuleError extends Error {
  readonly file: string;
  readonly id: string;
  readonly path: string;
  readonly offset: number | undefined;

  constructor(init: CapsuleErrorInit) {
    super(init.message);
    this.name = 'CapsuleError';
    this.file = init.file;
    this.id = init.id ?? '?';
    this.path = init.path ?? '';
    this.offset = init.offset;
  }

  /** `file: id: path: message` (the path part left out when empty) — one line per mistake. */
  format(): string {
    return this.path === ''
      ? `${this.file}: ${this.id}: ${this.message}`
      : `${this.file}: ${this.id}: ${this.path}: ${this.message}`;
  }

  override toString(): string {
    return this.format();
  }
}

/** A path segment: property name or array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one segment to a readable JSON path (`tracks[2].target`, `source["a b"]`). */
export function joinPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (!PLAIN_KEY.test(segment)) return `${path}[${JSON.stringify(segment)}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** Converts a JSON Pointer (`/tracks/2/target`, as ajv reports) into a readable path. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = joinPath(path, /^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg);
  }
  return path;
}

/** The id of a parsed capsule or profile for error messages: its `id` string, or '?'. */
export function idOf(json: unknown): string {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const id = (json as Record<string, unknown>)['id'];
    if (typeof id === 'string' && id.length > 0 && id.length <= 80) return id;
  }
  return '?';
}
