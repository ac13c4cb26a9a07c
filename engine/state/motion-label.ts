/**
 * The symbolic motion of an avatar: which capsule is moving it, as a label a remote renderer can map
 * through a whitelist — `gesture:HK_031` for hand capsules, a body capsule's subtype such as `nod`,
 * else `idle`. Never joint data: a consumer cannot be made to move a joint it did not choose to.
 */
import { query } from 'bitecs';
import { CapsuleInstance } from '../capsules/components.ts';
import { DOMAINS } from '../capsules/compiled.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { World } from 'bitecs';

/** Body subtypes that are the idle's own life, not a motion worth naming. */
export const IDLE_SUBTYPES: ReadonlySet<string> = new Set([
  'breathing',
  'breath_deep',
  'micro_noise',
  'sway',
  'recentre',
  'shoulder_drift',
  'weight_shift',
]);

const BODY_DOMAINS = new Set(['BK', 'TR']);
const SUBTYPE = /^[a-z][a-z0-9_]{0,47}$/;

/**
 * Creates a labeller (HF capsules are HK-domain hand capsules, so they label as gestures too) for a runtime. Labels are cached per registry slot, so a call allocates only
 * when a capsule is labelled the first time. Hand gestures outrank body motion; within a rank the
 * heavier instance, then the later onset wins.
 */
export function createMotionLabeller(
  runtime: CapsuleRuntime,
): (ecs: World, avatar: number, now: number) => string {
  const labels = new Map<number, string | null>();
  const rankOf = new Map<number, number>();
  const s = runtime.instances;
  const labelOf = (slot: number): string | null => {
    let label = labels.get(slot);
    if (label !== undefined) return label;
    const c = runtime.registry.at(slot);
    const domain = DOMAINS[c.domain] ?? '';
    label = null;
    let rank = 0;
    if (domain === 'HK') {
      if (c.subtype !== 'micro_noise') [label, rank] = [`gesture:${c.id}`, 2];
    } else if (BODY_DOMAINS.has(domain) && !IDLE_SUBTYPES.has(c.subtype) && SUBTYPE.test(c.subtype))
      [label, rank] = [c.subtype, 1];
    labels.set(slot, label);
    rankOf.set(slot, rank);
    return label;
  };
  return (ecs, avatar, now) => {
    let best: string | null = null;
    let bestRank = 0;
    let bestWeight = 0;
    let bestStart = -Infinity;
    for (const eid of query(ecs, [CapsuleInstance])) {
      if (s.avatar[eid] !== avatar) continue;
      const start = s.start[eid]!;
      if (start > now || now >= s.end[eid]! || now >= s.cancelAt[eid]!) continue;
      const slot = s.capsule[eid]!;
      if (runtime.registry.isRevoked(slot)) continue;
      const label = labelOf(slot);
      if (label === null) continue;
      const rank = rankOf.get(slot)!;
      const w = s.weight[eid]!;
      if (
        rank > bestRank ||
        (rank === bestRank && (w > bestWeight || (w === bestWeight && start > bestStart)))
      ) {
        best = label;
        bestRank = rank;
        bestWeight = w;
        bestStart = start;
      }
    }
    return best ?? 'idle';
  };
}
