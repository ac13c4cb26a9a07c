/**
 * Checks `capsule` reference tracks across one load: every target exists and is itself valid, there
 * are no cycles, nesting stays within what the compiler flattens, and flattening cannot explode (a
 * capsule that references another twice at every level doubles per level). A capsule with a bad
 * reference is rejected with a message naming it; the rest of the load is unaffected.
 */
import type { PlainError } from './ajv-messages.ts';
import type { Capsule } from './schema-types.ts';

/** Deepest reference nesting `compileCapsule` flattens. */
export const MAX_REFERENCE_DEPTH = 16;
/** Most tracks one capsule may expand to once its references are flattened. */
export const MAX_EXPANDED_TRACKS = 4096;

/** What the check needs to know about a capsule already in the registry. */
export interface KnownCapsule {
  /** Longest chain of references below it (0 without references). */
  readonly height: number;
  /** Track count once flattened. */
  readonly expanded: number;
}

/** Outcome of {@link checkReferences}. */
export interface ReferenceCheck {
  /** Errors per capsule id (only capsules with errors appear). */
  readonly errors: Map<string, PlainError[]>;
  /** Valid capsules, each after every capsule it references: a safe compile order. */
  readonly order: string[];
  /** Height and expansion of each valid capsule. */
  readonly info: Map<string, KnownCapsule>;
}

interface Node extends KnownCapsule {
  readonly ok: boolean;
}

/**
 * Checks the references of `batch` (valid-so-far capsules of one load, by id). Targets resolve to
 * the batch first, then to `known` (capsules loaded earlier). `rejected` holds ids of this load that
 * failed their own checks, so a reference to one says so instead of "not loaded".
 */
export function checkReferences(
  batch: ReadonlyMap<string, Capsule>,
  known: (id: string) => KnownCapsule | undefined,
  rejected: ReadonlySet<string>,
): ReferenceCheck {
  const errors = new Map<string, PlainError[]>();
  const order: string[] = [];
  const info = new Map<string, KnownCapsule>();
  const done = new Map<string, Node>();
  const stack: { id: string; track: number }[] = [];
  const onStack = new Set<string>();
  const inCycle = new Set<string>();
  const report = (id: string, path: string, message: string): void => {
    const list = errors.get(id);
    if (list) list.push({ path, message });
    else errors.set(id, [{ path, message }]);
  };

  const leaf = (id: string, capsule: Capsule): Node | undefined => {
    // Most capsules reference nothing: settle them without touching the DFS stack.
    const tracks = capsule.tracks;
    if (tracks.length > MAX_EXPANDED_TRACKS) return undefined;
    for (let i = 0; i < tracks.length; i++) if (tracks[i]!.kind === 'capsule') return undefined;
    const node: Node = { ok: true, height: 0, expanded: tracks.length };
    done.set(id, node);
    order.push(id);
    info.set(id, node);
    return node;
  };

  const visit = (id: string, capsule: Capsule): Node => {
    const settled = leaf(id, capsule);
    if (settled) return settled;
    const frame = { id, track: -1 };
    stack.push(frame);
    onStack.add(id);
    let ok = true;
    let height = 0;
    let expanded = 0;
    capsule.tracks.forEach((track, i) => {
      if (track.kind !== 'capsule') {
        expanded++;
        return;
      }
      frame.track = i;
      const path = `tracks[${i}].target`;
      const target = track.target;
      let child: KnownCapsule & { ok: boolean };
      const inBatch = batch.get(target);
      if (inBatch) {
        if (onStack.has(target)) {
          const start = stack.findIndex((f) => f.id === target);
          const members = stack.slice(start);
          const ids = members.map((f) => f.id);
          members.forEach((m, k) => {
            if (inCycle.has(m.id)) return;
            inCycle.add(m.id);
            const loop = [...ids.slice(k), ...ids.slice(0, k), m.id].join(' → ');
            report(m.id, `tracks[${m.track}].target`, `reference cycle: ${loop}`);
          });
          ok = false;
          return;
        }
        if (stack.length > 4 * MAX_REFERENCE_DEPTH) {
          report(id, path, `references nest more than ${MAX_REFERENCE_DEPTH} levels deep`);
          ok = false;
          return;
        }
        child = done.get(target) ?? visit(target, inBatch);
      } else {
        const k = known(target);
        if (!k) {
          report(
            id,
            path,
            rejected.has(target)
              ? `references capsule "${target}", which was rejected (see its own errors)`
              : `references capsule "${target}", which is not in the library`,
          );
          ok = false;
          return;
        }
        child = { ok: true, ...k };
      }
      if (!child.ok) {
        if (!inCycle.has(id))
          report(id, path, `references capsule "${target}", which was rejected (see its own errors)`);
        ok = false;
        return;
      }
      height = Math.max(height, child.height + 1);
      expanded += child.expanded;
    });
    stack.pop();
    onStack.delete(id);
    if (inCycle.has(id)) ok = false;
    if (ok && height > MAX_REFERENCE_DEPTH) {
      report(id, 'tracks', `references nest ${height} levels deep (at most ${MAX_REFERENCE_DEPTH})`);
      ok = false;
    }
    if (ok && expanded > MAX_EXPANDED_TRACKS) {
      report(
        id,
        'tracks',
        `expands to ${expanded} tracks once its references are flattened (at most ${MAX_EXPANDED_TRACKS})`,
      );
      ok = false;
    }
    const node: Node = { ok, height, expanded: Math.min(expanded, MAX_EXPANDED_TRACKS + 1) };
    done.set(id, node);
    if (ok) {
      order.push(id);
      info.set(id, { height, expanded });
    }
    return node;
  };

  for (const [id, capsule] of batch) if (!done.has(id)) visit(id, capsule);
  return { errors, order, info };
}
