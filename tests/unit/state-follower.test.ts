import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createStateFollower, runtimeFollowerTarget } from '../../engine/state/index.ts';
import { MAX_FOLLOWER_MESSAGES } from '../../engine/state/follower.ts';
import type { AvatarState, FollowerTarget } from '../../engine/state/index.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const base: AvatarState = {
  format_version: 1,
  avatar: 'ada',
  mood: null,
  intensity: 0,
  expression: 'neutral',
  motion: 'idle',
  current_phrase: null,
  is_speaking: false,
  viseme_timeline: [],
  timestamp: 0,
  mode: 'live',
  LOCAL_OWNER: true,
};

function recorder() {
  const expressions: [string, number][] = [];
  const motions: string[] = [];
  const target: FollowerTarget = {
    setExpression: (n, w) => expressions.push([n, w]),
    playMotion: (id) => motions.push(id),
  };
  return { target, expressions, motions };
}

describe('createStateFollower (safe embodiment)', () => {
  it('mood is advisory: it is reported but never sets an expression', () => {
    const r = recorder();
    const moods: (string | null)[] = [];
    const f = createStateFollower(r.target, { onMood: (m) => moods.push(m) });
    expect(f.receive({ ...base, mood: 'happy', intensity: 1 })).toBe(true);
    for (let t = 0; t <= 1000; t += 16) f.update(t);
    expect(f.mood).toBe('happy');
    expect(moods).toEqual(['happy']);
    expect(r.expressions).toEqual([]);
    expect(f.weight('happy')).toBe(0);
  });

  it('no irreversible motion from one update: each step is bounded, and the next state takes it back', () => {
    const r = recorder();
    const f = createStateFollower(r.target, { maxStep: 0.1, ratePerSecond: 4 });
    f.update(0);
    f.receive({ ...base, expression: 'angry', intensity: 1, timestamp: 1 });
    f.update(10_000); // a long stall: still one bounded step
    expect(f.weight('angry')).toBeCloseTo(0.1, 10);
    f.update(10_016); // 16 ms at 4/s
    expect(f.weight('angry')).toBeCloseTo(0.164, 10);
    let prev = f.weight('angry');
    for (let t = 10_032; t <= 10_400; t += 16) {
      f.update(t);
      expect(f.weight('angry') - prev).toBeLessThanOrEqual(0.1 + 1e-12);
      prev = f.weight('angry');
    }
    expect(f.weight('angry')).toBe(1);
    f.receive({ ...base, expression: 'neutral', timestamp: 2 });
    f.update(10_416);
    expect(f.weight('angry')).toBeCloseTo(0.936, 10);
    for (let t = 10_432; t <= 10_800; t += 16) f.update(t);
    expect(f.weight('angry')).toBe(0);
    for (const [, w] of r.expressions) expect(w).toBeGreaterThanOrEqual(0);
  });

  it('unknown expression labels are ignored and logged once; invalid and stale states are ignored', () => {
    const r = recorder();
    const logged: string[] = [];
    const f = createStateFollower(r.target, { log: (m) => logged.push(m), expressions: ['happy'] });
    expect(f.receive({ ...base, expression: 'custom:smirk', intensity: 1, timestamp: 1 })).toBe(true);
    expect(f.receive({ ...base, expression: 'custom:smirk', intensity: 1, timestamp: 2 })).toBe(true);
    f.update(0);
    f.update(100);
    expect(r.expressions).toEqual([]);
    expect(logged).toEqual(['state: unknown expression "custom:smirk" ignored']);
    expect(f.receive({ ...base, intensity: 7, timestamp: 3 }, 'ws')).toBe(false);
    expect(f.receive('{"half":', 'ws')).toBe(false);
    expect(f.receive({ ...base, timestamp: 1 }, 'ws')).toBe(false);
    expect(logged.slice(1)).toEqual([
      'ws: invalid state ignored: $.intensity must be <= 1',
      'ws: not JSON; ignored',
      'ws: state older than the last one ignored',
    ]);
    expect(f.receive(JSON.stringify({ ...base, expression: 'happy', intensity: 0.5, timestamp: 4 }))).toBe(
      true,
    );
    f.update(116);
    expect(f.weight('happy')).toBeCloseTo(0.064, 10);
  });

  it('keeps a bounded number of distinct messages when a sender varies its unknown labels', () => {
    const r = recorder();
    const logged: string[] = [];
    const f = createStateFollower(r.target, { log: (m) => logged.push(m), expressions: ['happy'] });
    for (let i = 0; i < 2000; i++)
      f.receive({ ...base, expression: `custom:x${i}`, intensity: 1, timestamp: i });
    expect(f.messages).toHaveLength(MAX_FOLLOWER_MESSAGES + 1);
    expect(logged).toEqual(f.messages);
    expect(f.messages.at(-1)).toMatch(/further ones are dropped/);
  });

  it('motion is symbolic: whitelisted labels play capsules, others are ignored; one motion per cooldown', () => {
    const r = recorder();
    const f = createStateFollower(r.target, {
      motions: { nod: 'BK_011', 'gesture:HK_031': 'HK_031' },
      motionCooldownMs: 500,
    });
    f.update(0);
    f.receive({ ...base, motion: 'nod', timestamp: 1 });
    f.receive({ ...base, motion: 'nod', timestamp: 2 }); // same label: no replay
    f.receive({ ...base, motion: 'shrug', timestamp: 3 }); // not whitelisted
    f.update(600);
    f.receive({ ...base, motion: 'gesture:HK_031', timestamp: 4 });
    f.receive({ ...base, motion: 'nod', timestamp: 5 }); // within the cooldown
    expect(r.motions).toEqual(['BK_011', 'HK_031']);
    expect(f.messages).toEqual([
      'state: motion "shrug" is not in the whitelist; ignored',
      'state: motion "nod" within the cooldown; skipped',
    ]);
    expect(() => createStateFollower(r.target, { motions: { nod: 'leftHand.x' } })).toThrow(/capsule id/);
  });

  it('drives an avatar of a capsule runtime: eased expression baseline, whitelisted capsule motion', () => {
    const clock = createSimulatedClock();
    const engine = createEngine({
      clock,
      seed: 1,
      plugins: [capsulePlugin(testRegistry([capsule({ id: 'BK_011', domain: 'BK', subtype: 'nod' })]))],
    });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const bo = runtime.addAvatar('bo');
    const f = createStateFollower(runtimeFollowerTarget(runtime, bo), { motions: { nod: 'BK_011' } });
    const happy = runtime.registry.layout.expression('happy');
    f.update(0);
    f.receive({ ...base, expression: 'happy', intensity: 0.6, motion: 'nod', timestamp: 1 });
    for (let t = 0; t <= 400; t += 20) {
      clock.set(t);
      f.update(t);
      engine.update();
    }
    expect(runtime.pose(bo).channels[happy]).toBeCloseTo(0.6, 5);
    expect(runtime.timeline.map((r) => r.id)).toEqual(['BK_011']);
  });
});
