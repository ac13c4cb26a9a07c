/**
 * Keeps the capsule timeline bounded in an endless session: about once a second of engine time it
 * drops the oldest records that ended more than the retention window ago and that no live instance
 * still points at. Only history goes — nothing that plays reads a record that old — so the pose is
 * the same with or without it; hosts that want the whole history (the `perform` CLI's timeline SVG)
 * set the window to Infinity.
 */
import { query } from 'bitecs';
import type { EngineWorld } from '../ecs/engine.ts';
import { CapsuleInstance } from './components.ts';
import type { CapsuleRuntime } from './runtime.ts';

/** How often (engine ms) the system looks for records to drop. */
const CHECK_EVERY_MS = 1000;

/** Builds the retention system for one runtime; `retentionMs` = Infinity keeps everything. */
export function createTimelineRetentionSystem(
  runtime: CapsuleRuntime,
  retentionMs: number,
): (world: EngineWorld) => void {
  let nextCheck = -Infinity;
  return (world) => {
    if (!(retentionMs < Infinity)) return;
    const now = world.time.now;
    if (now < nextCheck) return;
    nextCheck = now + CHECK_EVERY_MS;
    const s = runtime.instances;
    let oldestLive = Infinity;
    for (const eid of query(world.ecs, [CapsuleInstance])) oldestLive = Math.min(oldestLive, s.record[eid]!);
    const horizon = now - retentionMs;
    const tl = runtime.timeline;
    const base = runtime.timelineBase;
    let k = 0;
    while (k < tl.length && tl[k]!.end < horizon && base + k < oldestLive) k++;
    if (k === 0) return;
    tl.copyWithin(0, k);
    tl.length -= k;
    runtime.timelineBase = base + k;
  };
}
