/**
 * The one error type the VRM reader throws. Callers (viewer, CLI, loader extensions) catch a single
 * class and can still point at the problem: the file, a JSON pointer or a byte offset.
 */

/**
 * Thrown for input that leaves the rig unusable. Carries where the problem is so a viewer, the
 * CLI or a log can point at it: `path` is a JSON pointer into the glTF JSON, `offset` a byte
 * offset into the file. The message always starts with the file name and that location.
 */
export class RigReadError extends Error {
  override readonly name = 'RigReadError';
  /** The file name the caller passed in. */
  readonly file: string;
  /** JSON pointer into the glTF JSON (`''` is the root), when the problem is in the JSON. */
  readonly path: string | undefined;
  /** Byte offset into the file, when the problem is in the GLB container. */
  readonly offset: number | undefined;

  constructor(
    file: string,
    where: { readonly path?: string; readonly offset?: number },
    detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${file}: ${locate(where)}${detail}`, options);
    this.file = file;
    this.path = where.path;
    this.offset = where.offset;
  }
}

function locate(where: { readonly path?: string; readonly offset?: number }): string {
  if (where.offset !== undefined) return `byte ${where.offset}: `;
  if (where.path !== undefined) return where.path === '' ? 'JSON root: ' : `${where.path}: `;
  return '';
}

/** Turns any unexpected exception into a RigReadError so callers only ever see one error type. */
export function guard<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RigReadError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new RigReadError(file, {}, `unexpected failure while reading the rig (${reason})`, { cause: e });
  }
}
