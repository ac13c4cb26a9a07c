/**
 * The capsule timeline stays bounded over long sessions: records that ended longer ago than the
 * retention window go, records live instances still use stay, and the pose is exactly what it is
 * with the whole history kept.
 */
import { query } from 'bitecs';
import { describe, expect, it } from 'vitest';
import { CapsuleInstance } from '../../engine/capsules/components.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';

const { registry, errors } = loadFolder('capsules');

/** Five simulated minutes at 30 fps: the idle beneath, a gesture every 700 ms, an 8 s LD drift near the end. */
function session(timelineRetentionMs: number) {
  const clock = createSimulatedClock(0);
  const engine = createEngine({
    clock,
    seed: 9,
    plugins: [capsulePlugin(registry, { timelineRetentionMs }), idlePlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const ada = runtime.addAvatar('ada');
  const gestures = ['HK_009', 'HK_021', 'BK_002', 'FMM_008'];
  const poses: Float32Array[] = [];
  const sizes: number[] = [];
  let longRecord = -1;
  for (let frame = 0; frame <= 9000; frame++) {
    const t = (frame * 1000) / 30;
    clock.set(t);
    if (frame % 21 === 0) runtime.play(ada, gestures[(frame / 21) % gestures.length]!, { atMs: t });
    if (frame === 8800) runtime.play(ada, 'LD_001', { atMs: t - 3_000 });
    engine.update();
    if (frame === 8801) longRecord = runtime.timelineBase + runtime.timeline.length - 1;
    if (frame % 300 === 0) {
      poses.push(Float32Array.from(runtime.pose(ada).channels));
      sizes.push(runtime.timeline.length);
    }
  }
  return { engine, runtime, poses, sizes, longRecord };
}

describe('timeline retention', () => {
  it('the library loads', () => expect(errors).toEqual([]));

  it('keeps the timeline bounded, keeps what live instances use, and never changes the pose', () => {
    const kept = session(Infinity);
    const trimmed = session(20_000);
    expect(trimmed.poses).toEqual(kept.poses);
    // Everything kept: the history only grows.
    expect(kept.runtime.timelineBase).toBe(0);
    expect(kept.sizes.at(-1)!).toBeGreaterThan(kept.sizes[10]! * 2);
    // Trimmed: the same records were made, but only about the last 20 s stay.
    expect(trimmed.runtime.timelineBase + trimmed.runtime.timeline.length).toBe(kept.runtime.timeline.length);
    expect(trimmed.runtime.timelineBase).toBeGreaterThan(0);
    expect(Math.max(...trimmed.sizes.slice(10))).toBeLessThan(kept.sizes.at(-1)! / 5);
    const now = 300_000;
    for (const r of trimmed.runtime.timeline.slice(0, 1)) expect(r.end).toBeGreaterThanOrEqual(now - 21_000);
    // Absolute numbers still reach the same records.
    const n = trimmed.runtime.timelineBase + 3;
    expect(trimmed.runtime.record(n)).toEqual(kept.runtime.timeline[n]);
    expect(trimmed.runtime.record(trimmed.runtime.timelineBase - 1)).toBeUndefined();
  });

  it('every live instance still finds its record, and a running record is kept however early it began', () => {
    const { runtime, engine, longRecord } = session(5_000);
    const live = query(engine.world.ecs, [CapsuleInstance]);
    expect(live.length).toBeGreaterThan(0);
    for (const eid of live) expect(runtime.record(runtime.instances.record[eid]!)).toBeDefined();
    const r = runtime.record(longRecord);
    expect(r?.id).toBe('LD_001');
    expect(r!.start).toBeLessThan(300_000 - 5_000);
  });

  it('rejects a negative or NaN window', () => {
    expect(() => capsulePlugin(registry, { timelineRetentionMs: -1 })).toThrow(/timelineRetentionMs/);
    expect(() => capsulePlugin(registry, { timelineRetentionMs: NaN })).toThrow(/timelineRetentionMs/);
  });
});
