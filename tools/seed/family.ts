/**
 * The contract every subtype family implements: read its params, return the motion (tracks,
 * envelope, timing, one-line description). The driver adds id, trigger and provenance.
 */
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import type { Params } from './params.ts';
import type { SeedRecord } from './source-record.ts';

/** What a family makes from one seed record. */
export interface Motion {
  readonly description: string;
  readonly durationMs: number;
  readonly envelope: Capsule['envelope'];
  readonly tracks: Capsule['tracks'];
  readonly abort?: Capsule['abort'];
  /** Readings of odd-but-usable params, reported as warnings and kept in `source.notes`. */
  readonly notes: readonly string[];
}

/** Lookups a family may need beyond its own record. */
export interface FamilyContext {
  /** A capsule compiled earlier in this run (combined capsules reference them). */
  lookup(id: string): Capsule | undefined;
}

/** One subtype's compiler. */
export interface Family {
  readonly subtype: string;
  /** The motion, or null when params are malformed (the reasons are in `p.errors`). */
  compile(p: Params, record: SeedRecord, ctx: FamilyContext): Motion | null;
}
