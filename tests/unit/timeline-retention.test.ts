/**
 * The capsule timeline stays bounded over long sessions: records made and over before the retention
 * window go (also when a capsule planned far ahead sits in front of them), records live instances
 * still use stay and keep their instances, and the pose is exactly what it is with the whole history.
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
const END_MS = 300_000;

/**
 * Five simulated minutes at 30 fps: the idle beneath, a gesture every 700 ms, one capsule planned
 * for after the end (pending all along), one planned far ahead and cancelled, and an LD drift.
 */
function session(timelineRetentionMs: number) {
  const clock = createSimulatedClock(0);
  const engine = createEngine({
    clock,
    seed: 9,
    plugins: [capsulePlugin(registry, { timelineRetentionMs }), idlePlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const ada = runtime.addAvatar('ada');
  const ben = runtime.addAvatar('ben');
  const gestures = ['HK_009', 'HK_021', 'BK_002', 'FMM_008'];
  const poses: Float32Array[] = [];
  const sizes: number[] = [];
  for (let frame = 0; frame <= (END_MS * 30) / 1000; frame++) {
    const t = (frame * 1000) / 30;
    clock.set(t);
    if (frame === 1) {
      runtime.play(ada, 'LD_001', { atMs: END_MS + 10_000 });
      runtime.play(ben, 'HK_009', { atMs: 1e9 });
    }
    if (frame === 3) runtime.cancel(ben, 'HK_009');
    if (frame % 21 === 0) runtime.play(ada, gestures[(frame / 21) % gestures.length]!, { atMs: t });
    if (frame === 8800) runtime.play(ada, 'LD_002', { atMs: t });
    engine.update();
    if (frame % 300 === 0) {
      poses.push(Float32Array.from(runtime.pose(ada).channels));
      sizes.push(runtime.timeline.length);
    }
  }
  return { engine, runtime, poses, sizes };
}

describe('timeline retention', () => {
  it('the library loads', () => expect(errors).toEqual([]));

  const kept = session(Infinity);
  const trimmed = session(20_000);

  it('keeps the timeline bounded without changing a single pose value', () => {
    expect(trimmed.poses).toEqual(kept.poses);
    expect(trimmed.runtime.timelineCount).toBe(kept.runtime.timelineCount);
    expect(kept.runtime.timeline).toHaveLength(kept.runtime.timelineCount);
    expect(kept.sizes.at(-1)!).toBeGreaterThan(kept.sizes[10]! * 2);
    // Only about the last 20 s (plus what is still planned or playing) stays.
    expect(Math.max(...trimmed.sizes.slice(10))).toBeLessThan(kept.sizes.at(-1)! / 5);
    // Older records stay only while an instance still uses them (idle loops, the planned LD_001) or
    // while they ended inside the window.
    const rt = trimmed.runtime;
    const used = new Set(
      query(trimmed.engine.world.ecs, [CapsuleInstance]).map((e) => rt.instances.record[e]!),
    );
    const old = rt.timeline.flatMap((r, i) => (r.scheduledAt < END_MS - 21_000 ? [i] : []));
    expect(old.length).toBeGreaterThan(0);
    for (const i of old)
      expect(used.has(i) || rt.timeline[i]!.end >= END_MS - 21_000, rt.timeline[i]!.id).toBe(true);
    expect(old.map((i) => rt.timeline[i]!.id)).toContain('LD_001');
    expect(rt.timeline.some((r) => r.start === 1e9)).toBe(false);
    expect(kept.runtime.timeline.some((r) => r.start === 1e9 && r.outcome === 'cancelled')).toBe(true);
    // What stays is a subsequence of the full history, newest records all there.
    const full = kept.runtime.timeline;
    expect(rt.timeline.slice(-50)).toEqual(full.slice(-50));
    let j = 0;
    for (const r of rt.timeline) {
      while (j < full.length && full[j]!.seq !== r.seq) j++;
      expect(full[j]).toEqual(r);
    }
  });

  it('every live instance still points at its own record after records before it were dropped', () => {
    const { runtime, engine } = trimmed;
    const live = query(engine.world.ecs, [CapsuleInstance]);
    expect(live.length).toBeGreaterThan(1);
    for (const eid of live) {
      const r = runtime.timeline[runtime.instances.record[eid]!]!;
      expect(r.seq).toBe(runtime.instances.seq[eid]);
      expect(r.start).toBe(runtime.instances.start[eid]);
    }
  });

  it('rejects a negative or NaN window', () => {
    expect(() => capsulePlugin(registry, { timelineRetentionMs: -1 })).toThrow(/timelineRetentionMs/);
    expect(() => capsulePlugin(registry, { timelineRetentionMs: NaN })).toThrow(/timelineRetentionMs/);
  });
});
