/**
 * The one error packet decoding (and encoding, and the JSON form) throws. It names where the input
 * came from, the byte offset (or JSON path) and what was wrong, so a log line is enough to find the
 * bad byte — and a host can catch exactly this class and keep its avatar running.
 */

/** Fields of a {@link WireError}. */
export interface WireErrorInit {
  /** Where the bytes came from: a socket name, a file, `encode`, `json`. */
  readonly source: string;
  /** Byte offset of the problem; −1 for JSON-form and whole-value problems. */
  readonly offset: number;
  /** JSON-style path of the field (`records[2].weight`), '' when not known. */
  readonly path?: string;
  readonly message: string;
}

/** A malformed, oversized or unsupported packet (or packet value). */
export class WireError extends Error {
  readonly source: string;
  readonly offset: number;
  readonly path: string;
  /** The problem without the location prefix. */
  readonly detail: string;

  constructor(init: WireErrorInit) {
    const where = init.offset >= 0 ? `byte ${init.offset}` : init.path || '/';
    super(
      `${init.source}: ${where}${init.offset >= 0 && init.path ? ` (${init.path})` : ''}: ${init.message}`,
    );
    this.name = 'WireError';
    this.source = init.source;
    this.offset = init.offset;
    this.path = init.path ?? '';
    this.detail = init.message;
  }
}
