/**
 * The capsule registry: validated, compiled capsules in dense slots (the engine addresses capsules
 * by slot every frame), profiles by id, and a revocation flag per slot that the evaluator reads each
 * frame — so `revoke(id)` takes effect on the next frame. Bad input is reported, never thrown: the
 * valid rest of a load still goes in, and the avatar keeps running on it.
 */
import { CUSTOM_EXPRESSION_CAPACITY, ChannelLayout } from '../rig/channels.ts';
import type { PlainError } from './ajv-messages.ts';
import { CapsuleError, idOf } from './capsule-error.ts';
import { compileCapsule } from './compiled.ts';
import type { CompiledCapsule } from './compiled.ts';
import { checkReferences } from './references.ts';
import type { KnownCapsule } from './references.ts';
import type { RegistryView } from './registry-view.ts';
import type { Capsule, Profile } from './schema-types.ts';
import { semanticCheckCapsule, semanticCheckProfile } from './semantic-check.ts';
import { schemaCheckCapsule, schemaCheckProfile } from './validator.ts';

/** One parsed document to add, with the file it came from. */
export interface LoadItem {
  readonly file: string;
  readonly json: unknown;
  /** Default: 'profile' for `*.profile.json` files, else 'capsule'. */
  readonly kind?: 'capsule' | 'profile';
}

/** A registry of capsules and profiles; see {@link createRegistry}. */
export interface CapsuleRegistry extends RegistryView {
  /** Number of capsules (slots are 0..size−1). */
  readonly size: number;
  /**
   * Revocation flags by slot (1 = revoked), read by the evaluator every frame. May be longer than
   * `size`, and is replaced by a larger copy when the registry grows: re-read it after adding.
   */
  readonly revokedFlags: Uint8Array;
  /**
   * Adds one load: capsules first (references may point anywhere in the load or at earlier loads),
   * then profiles. Returns every problem found; everything valid is added regardless.
   */
  add(items: readonly LoadItem[]): CapsuleError[];
  /** Adds one capsule (its references must already be in the registry). */
  addCapsule(json: unknown, file: string): CapsuleError[];
  /** Adds one profile (its capsules must already be in the registry). */
  addProfile(json: unknown, file: string): CapsuleError[];
  /** The compiled capsule for an id. */
  get(id: string): CompiledCapsule | undefined;
  /** File a capsule was loaded from. */
  fileOf(id: string): string | undefined;
  /** File a profile was loaded from. */
  profileFileOf(id: string): string | undefined;
  /** Marks a capsule revoked (effective next frame); false for an unknown id. */
  revoke(id: string): boolean;
  /** Clears a capsule's revocation; false for an unknown id. */
  restore(id: string): boolean;
  /**
   * Revokes every capsule loaded so far ("wipe access" at registry level): every instance stops on
   * the next frame and nothing plays until `restoreAll()` or `restore(id)`.
   */
  revokeAll(): void;
  /** Clears every revocation. */
  restoreAll(): void;
  /** Capsule ids in slot order. */
  ids(): string[];
  /** Profile ids in load order. */
  profileIds(): string[];
}

interface Pending {
  readonly index: number;
  readonly error: CapsuleError;
}

/**
 * Creates an empty registry over `layout` (shared with the worlds that evaluate its capsules, so
 * interned custom expression channels agree).
 */
export function createRegistry(layout: ChannelLayout = new ChannelLayout()): CapsuleRegistry {
  const compiled: CompiledCapsule[] = [];
  const files: string[] = [];
  const heights: number[] = [];
  const slots = new Map<string, number>();
  const profiles = new Map<string, { profile: Profile; file: string }>();
  let flags = new Uint8Array(256);

  const known = (id: string): KnownCapsule | undefined => {
    const s = slots.get(id);
    return s === undefined ? undefined : { height: heights[s]!, expanded: compiled[s]!.tracks.length };
  };

  function add(items: readonly LoadItem[]): CapsuleError[] {
    const pending: Pending[] = [];
    const fail = (index: number, file: string, id: string, errs: readonly PlainError[]): void => {
      for (const e of errs)
        pending.push({ index, error: new CapsuleError({ file, id, path: e.path, message: e.message }) });
    };
    const kinds = items.map((it) => it.kind ?? (it.file.endsWith('.profile.json') ? 'profile' : 'capsule'));

    // 1. Each capsule on its own: schema, then the rules the schema cannot express.
    const batch = new Map<string, Capsule>();
    const batchIndex = new Map<string, number>();
    const rejected = new Set<string>();
    items.forEach((item, index) => {
      if (kinds[index] !== 'capsule') return;
      const id = idOf(item.json);
      const schemaErrors = schemaCheckCapsule(item.json);
      const semantic = semanticCheckCapsule(item.json, schemaErrors);
      const errs = semantic.length === 0 ? schemaErrors : [...schemaErrors, ...semantic];
      if (errs.length > 0) {
        fail(index, item.file, id, errs);
        if (id !== '?') rejected.add(id);
        return;
      }
      const capsule = item.json as Capsule;
      const earlier = slots.has(id)
        ? files[slots.get(id)!]
        : batchIndex.has(id)
          ? items[batchIndex.get(id)!]!.file
          : undefined;
      if (earlier !== undefined) {
        fail(index, item.file, id, [
          {
            path: 'id',
            message: `duplicate id "${id}": already defined in ${earlier}; this copy is skipped`,
          },
        ]);
        return;
      }
      batch.set(id, capsule);
      batchIndex.set(id, index);
    });

    // 2. References across the load: existence, validity, cycles, depth.
    const refs = checkReferences(batch, known, rejected);
    for (const [id, errs] of refs.errors)
      fail(batchIndex.get(id)!, items[batchIndex.get(id)!]!.file, id, errs);

    // 3. Compile, referenced capsules first.
    const made = new Map<string, CompiledCapsule>();
    const lookup = (id: string): Capsule | undefined => batch.get(id) ?? get(id)?.json;
    for (const id of refs.order) {
      const capsule = batch.get(id)!;
      const index = batchIndex.get(id)!;
      const file = items[index]!.file;
      const badRef = rejectedReference(capsule, batch, made);
      if (badRef >= 0) {
        const target = (capsule.tracks[badRef] as { target: string }).target;
        fail(index, file, id, [
          {
            path: `tracks[${badRef}].target`,
            message: `references capsule "${target}", which was rejected (see its own errors)`,
          },
        ]);
        continue;
      }
      const slotError = customSlotError(capsule, layout);
      if (slotError) {
        fail(index, file, id, [slotError]);
        continue;
      }
      try {
        made.set(id, compileCapsule(capsule, layout, lookup));
      } catch (err) {
        fail(index, file, id, [
          { path: '', message: `cannot compile: ${err instanceof Error ? err.message : String(err)}` },
        ]);
      }
    }

    // Slots follow load order, not compile order.
    for (const [id] of batch) {
      const c = made.get(id);
      if (!c) continue;
      const slot = compiled.length;
      compiled.push(c);
      files.push(items[batchIndex.get(id)!]!.file);
      heights.push(refs.info.get(id)?.height ?? 0);
      slots.set(id, slot);
    }
    if (compiled.length > flags.length) {
      const grown = new Uint8Array(Math.max(compiled.length, flags.length * 2));
      grown.set(flags);
      flags = grown;
    }

    // 4. Profiles, against every capsule now loaded.
    items.forEach((item, index) => {
      if (kinds[index] !== 'profile') return;
      const id = idOf(item.json);
      const schemaErrors = schemaCheckProfile(item.json);
      const errs = [...schemaErrors, ...semanticCheckProfile(item.json, schemaErrors)];
      if (schemaErrors.length === 0) {
        const profile = item.json as Profile;
        profile.capsules.forEach((entry, i) => {
          if (slots.has(entry.id)) return;
          errs.push({
            path: `capsules[${i}].id`,
            message: rejected.has(entry.id)
              ? `capsule "${entry.id}" was rejected (see its own errors)`
              : `unknown capsule "${entry.id}" (not in the library)`,
          });
        });
        const earlier = profiles.get(id);
        if (earlier)
          errs.push({
            path: 'id',
            message: `duplicate profile id "${id}": already defined in ${earlier.file}; this copy is skipped`,
          });
        if (errs.length === 0) profiles.set(id, { profile, file: item.file });
      }
      fail(index, item.file, id, errs);
    });

    return capPerFile(pending.sort((a, b) => a.index - b.index));
  }

  function get(id: string): CompiledCapsule | undefined {
    const s = slots.get(id);
    return s === undefined ? undefined : compiled[s];
  }

  function setFlag(id: string, value: 0 | 1): boolean {
    const s = slots.get(id);
    if (s === undefined) return false;
    flags[s] = value;
    return true;
  }

  return {
    layout,
    get size() {
      return compiled.length;
    },
    get revokedFlags() {
      return flags;
    },
    add,
    addCapsule: (json, file) => add([{ json, file, kind: 'capsule' }]),
    addProfile: (json, file) => add([{ json, file, kind: 'profile' }]),
    slot: (id) => slots.get(id) ?? -1,
    at(slot) {
      const c = compiled[slot];
      if (!c) throw new RangeError(`capsule registry: no capsule in slot ${slot} (size ${compiled.length})`);
      return c;
    },
    get,
    fileOf: (id) => {
      const s = slots.get(id);
      return s === undefined ? undefined : files[s];
    },
    profileFileOf: (id) => profiles.get(id)?.file,
    isRevoked: (slot) => flags[slot] === 1,
    revoke: (id) => setFlag(id, 1),
    restore: (id) => setFlag(id, 0),
    revokeAll: () => flags.fill(1, 0, compiled.length),
    restoreAll: () => flags.fill(0),
    profile: (id) => profiles.get(id)?.profile,
    ids: () => compiled.map((c) => c.id),
    profileIds: () => [...profiles.keys()],
  };
}

/** Index of a reference track whose target in this load failed to compile, or −1. */
function rejectedReference(
  capsule: Capsule,
  batch: ReadonlyMap<string, Capsule>,
  made: ReadonlyMap<string, CompiledCapsule>,
): number {
  const tracks = capsule.tracks;
  for (let i = 0; i < tracks.length; i++) {
    const t = tracks[i]!;
    if (t.kind === 'capsule' && batch.has(t.target) && !made.has(t.target)) return i;
  }
  return -1;
}

/** Error when a capsule's new custom expressions do not fit the layout's remaining slots. */
function customSlotError(capsule: Capsule, layout: ChannelLayout): PlainError | undefined {
  let taken: Set<string> | undefined;
  let free = 0;
  for (let i = 0; i < capsule.tracks.length; i++) {
    const t = capsule.tracks[i]!;
    if (t.kind !== 'expression' || !t.target.startsWith('custom:')) continue;
    if (!taken) {
      taken = new Set(layout.customExpressions);
      free = CUSTOM_EXPRESSION_CAPACITY - taken.size;
    }
    if (taken.has(t.target)) continue;
    if (free <= 0)
      return {
        path: `tracks[${i}].target`,
        message: `no free custom expression slot for "${t.target}": all ${CUSTOM_EXPRESSION_CAPACITY} are taken by capsules loaded earlier`,
      };
    taken.add(t.target);
    free--;
  }
  return undefined;
}

/** Errors reported per file at most; a file with thousands of bad tracks must not flood the log. */
export const MAX_ERRORS_PER_FILE = 50;

/** Keeps the first {@link MAX_ERRORS_PER_FILE} errors of each item (sorted by item) and says how many more. */
function capPerFile(sorted: readonly Pending[]): CapsuleError[] {
  const out: CapsuleError[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.index === sorted[i]!.index) j++;
    for (let k = i; k < Math.min(j, i + MAX_ERRORS_PER_FILE); k++) out.push(sorted[k]!.error);
    if (j - i > MAX_ERRORS_PER_FILE) {
      const last = sorted[i + MAX_ERRORS_PER_FILE - 1]!.error;
      out.push(
        new CapsuleError({
          file: last.file,
          id: last.id,
          path: '',
          message: `… and ${j - i - MAX_ERRORS_PER_FILE} more errors in this file (only the first ${MAX_ERRORS_PER_FILE} are listed)`,
        }),
      );
    }
    i = j;
  }
  return out;
}
