/**
 * Orders systems: by phase, then by `before`/`after` constraints within a phase, then by the order
 * they were added. A cycle or a constraint naming a system in another phase is an error at build time.
 */
import { PHASES } from './phases.ts';
import type { Phase } from './phases.ts';

/** A system as registered: a named function in a phase, with optional ordering constraints. */
export interface SystemEntry<W> {
  readonly name: string;
  readonly phase: Phase;
  readonly run: (world: W) => void;
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

/** Returns the systems in run order. Throws naming the systems involved on a cycle or bad reference. */
export function orderSystems<W>(entries: readonly SystemEntry<W>[]): SystemEntry<W>[] {
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.name)) throw new Error(`schedule: two systems are named "${e.name}"`);
    names.add(e.name);
  }
  const ordered: SystemEntry<W>[] = [];
  for (const phase of PHASES) {
    const inPhase = entries.filter((e) => e.phase === phase);
    const local = new Map(inPhase.map((e, i) => [e.name, i]));
    const edges = inPhase.map(() => new Set<number>());
    const link = (from: string, to: string, owner: string): void => {
      const a = local.get(from);
      const b = local.get(to);
      if (a === undefined || b === undefined) {
        const missing = a === undefined ? from : to;
        throw new Error(
          `schedule: system "${owner}" is ordered against "${missing}", which is not a system in phase "${phase}"`,
        );
      }
      edges[a]!.add(b);
    };
    for (const e of inPhase) {
      for (const b of e.before ?? []) link(e.name, b, e.name);
      for (const a of e.after ?? []) link(a, e.name, e.name);
    }
    const indegree = inPhase.map(() => 0);
    for (const out of edges) for (const b of out) indegree[b]!++;
    const done = new Set<number>();
    while (done.size < inPhase.length) {
      const next = inPhase.findIndex((_, i) => !done.has(i) && indegree[i] === 0);
      if (next < 0) {
        const stuck = inPhase.filter((_, i) => !done.has(i)).map((e) => e.name);
        throw new Error(`schedule: ordering cycle among systems ${stuck.join(', ')} in phase "${phase}"`);
      }
      done.add(next);
      ordered.push(inPhase[next]!);
      for (const b of edges[next]!) indegree[b]!--;
    }
  }
  return ordered;
}
