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

/** Motion labels of every avatar, from one pass over the capsule instances. */
export interface MotionLabeller {
  /** Walks the instances once and keeps each avatar's best label (call once per frame, when due). */
  scan(ecs: World, now: number): void;
  /** The avatar's label from the last scan. */
  label(avatar: number): string;
}

/**
 * Creates a labeller (HF capsules are HK-domain hand capsules, so they label as gestures too).
 * Labels are cached per registry slot, and the per-avatar bests live in typed arrays that grow only
 * when a larger avatar id appears, so a scan allocates nothing in steady state. Hand gestures
 * outrank body motion; within a rank the heavier instance, then the later onset wins.
 */
export function createMotionLabeller(runtime: CapsuleRuntime): MotionLabeller {
  const labels: (string | null | undefined)[] = [];
  const ranks: number[] = [];
  const s = runtime.instances;
  let bestSlot = new Int32Array(64).fill(-1);
  let bestRank = new Int8Array(64);
  let bestWeight = new Float64Array(64);
  let bestStart = new Float64Array(64);

  const labelOf = (slot: number): string | null => {
    const cached = labels[slot];
    if (cached !== undefined) return cached;
    const c = runtime.registry.at(slot);
    const domain = DOMAINS[c.domain] ?? '';
    let label: string | null = null;
    let rank = 0;
    if (domain === 'HK') {
      if (c.subtype !== 'micro_noise') [label, rank] = [`gesture:${c.id}`, 2];
    } else if (BODY_DOMAINS.has(domain) && !IDLE_SUBTYPES.has(c.subtype) && SUBTYPE.test(c.subtype))
      [label, rank] = [c.subtype, 1];
    labels[slot] = label;
    ranks[slot] = rank;
    return label;
  };

  const grow = (avatar: number): void => {
    let n = bestSlot.length;
    while (n <= avatar) n *= 2;
    const copy = <T extends Int32Array | Int8Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    bestSlot = copy(bestSlot, new Int32Array(n).fill(-1));
    bestRank = copy(bestRank, new Int8Array(n));
    bestWeight = copy(bestWeight, new Float64Array(n));
    bestStart = copy(bestStart, new Float64Array(n));
  };

  return {
    scan(ecs, now) {
      bestSlot.fill(-1);
      for (const eid of query(ecs, [CapsuleInstance])) {
        const avatar = s.avatar[eid]!;
        const start = s.start[eid]!;
        if (start > now || now >= s.end[eid]! || now >= s.cancelAt[eid]!) continue;
        const slot = s.capsule[eid]!;
        if (runtime.registry.isRevoked(slot) || labelOf(slot) === null) continue;
        if (avatar >= bestSlot.length) grow(avatar);
        const rank = ranks[slot]!;
        const w = s.weight[eid]!;
        const b = bestSlot[avatar]!;
        if (
          b < 0 ||
          rank > bestRank[avatar]! ||
          (rank === bestRank[avatar]! &&
            (w > bestWeight[avatar]! || (w === bestWeight[avatar]! && start > bestStart[avatar]!)))
        ) {
          bestSlot[avatar] = slot;
          bestRank[avatar] = rank;
          bestWeight[avatar] = w;
          bestStart[avatar] = start;
        }
      }
    },
    label(avatar) {
      const slot = avatar < bestSlot.length ? bestSlot[avatar]! : -1;
      return slot < 0 ? 'idle' : labels[slot]!;
    },
  };
}
