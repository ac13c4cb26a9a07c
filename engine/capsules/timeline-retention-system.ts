/**
 * Keeps the capsule timeline bounded in an endless session: about once a second of engine time it
 * drops records made more than the retention window ago that are over — ended before the window, or
 * cancelled, skipped or revoked (they will never play) — and that no live instance still points at.
 * Live instances' record indices are remapped in place. Only history goes, so the pose is the same
 * with or without it; hosts that want the whole history (the `perform` CLI's timeline SVG) set the
 * window to Infinity.
 */
import { query } from 'bitecs';
import type { EngineWorld } from '../ecs/engine.ts';
import { CapsuleInstance } from './components.ts';
import type { CapsuleRuntime } from './runtime.ts';
import type { TimelineRecord } from './timeline.ts';

/** How often (engine ms) the system looks for records to drop. */
const CHECK_EVERY_MS = 1000;

function over(r: TimelineRecord, horizon: number): boolean {
  return r.end < horizon || r.outcome === 'cancelled' || r.outcome === 'skipped' || r.outcome === 'revoked';
}

/** Builds the retention system for one runtime; `retentionMs` = Infinity keeps everything. */
export function createTimelineRetentionSystem(
  runtime: CapsuleRuntime,
  retentionMs: number,
): (world: EngineWorld) => void {
  let nextCheck = -Infinity;
  // Scratch, grown with the timeline: which entries live instances use, and where entries move.
  let live = new Uint8Array(256);
  let moved = new Int32Array(256);
  return (world) => {
    if (!(retentionMs < Infinity)) return;
    const now = world.time.now;
    if (now < nextCheck) return;
    nextCheck = now + CHECK_EVERY_MS;
    const tl = runtime.timeline;
    const horizon = now - retentionMs;
    // Records are in the order they were made: only a prefix can be old enough.
    let old = 0;
    while (old < tl.length && tl[old]!.scheduledAt < horizon) old++;
    if (old === 0) return;
    if (live.length < old) {
      live = new Uint8Array(old * 2);
      moved = new Int32Array(old * 2);
    }
    const s = runtime.instances;
    const instances = query(world.ecs, [CapsuleInstance]);
    for (const eid of instances) if (s.record[eid]! < old) live[s.record[eid]!] = 1;
    let w = 0;
    for (let i = 0; i < old; i++) {
      const keep = live[i] === 1 || !over(tl[i]!, horizon);
      live[i] = 0;
      moved[i] = w;
      if (keep) tl[w++] = tl[i]!;
    }
    if (w === old) return;
    const dropped = old - w;
    tl.copyWithin(w, old);
    tl.length -= dropped;
    for (const eid of instances) {
      const r = s.record[eid]!;
      s.record[eid] = r < old ? moved[r]! : r - dropped;
    }
  };
}
