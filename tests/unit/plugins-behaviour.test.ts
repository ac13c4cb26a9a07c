import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import {
  createBehaviourRegistry,
  defineGesture,
  definePersona,
  PluginDefinitionError,
} from '../../engine/feedback/index.ts';
import type { BehaviourLogEntry } from '../../engine/feedback/index.ts';
import { AVATAR_STATE, statePlugin } from '../../engine/state/index.ts';
import type { AvatarStateResource } from '../../engine/state/index.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const LIB = [
  capsule({ id: 'HK_401' }),
  capsule({ id: 'HK_402' }),
  capsule({
    id: 'FMM_401',
    domain: 'FMM',
    trigger: { relative_to: 'speech_onset', offset_ms: -40, probability: 1 },
    tracks: [{ kind: 'expression', target: 'happy', value: 0.4 }],
  }),
];
const PROFILE = {
  format_version: 1 as const,
  id: 'cheerful',
  capsules: [
    { id: 'FMM_401', weight: 0.5 },
    { id: 'HK_401', weight: 1 },
  ],
  modifiers: { tempo_factor: 2 },
};

function setup() {
  const clock = createSimulatedClock(1000);
  const registry = testRegistry(LIB, [PROFILE]);
  const engine = createEngine({ clock, seed: 4, plugins: [capsulePlugin(registry), statePlugin()] });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const avatar = runtime.addAvatar('ada');
  const plugins = createBehaviourRegistry(engine);
  return { clock, registry, engine, runtime, avatar, plugins };
}

describe('behaviour plug-ins', () => {
  it('a declarative gesture simulates exactly what it executes, and both are logged', () => {
    const s = setup();
    s.plugins.registerGesture(
      defineGesture(
        {
          name: 'double-tap',
          capsules: [
            { id: 'HK_401', weight: 0.8 },
            { id: 'HK_402', offset_ms: 150 },
          ],
        },
        s.registry,
      ),
    );
    const sim = s.plugins.simulate('gesture', 'double-tap', s.avatar, { weight: 0.5 });
    expect(sim.actions).toEqual([
      { kind: 'capsule', id: 'HK_401', atMs: 1000, weight: 0.4 },
      { kind: 'capsule', id: 'HK_402', atMs: 1150, weight: 0.5 },
    ]);
    expect(s.runtime.queue).toEqual([]); // simulate touches nothing
    const run = s.plugins.execute('gesture', 'double-tap', s.avatar, { weight: 0.5 });
    expect(run.actions).toEqual(sim.actions);
    s.engine.update();
    expect(s.runtime.timeline.map((r) => [r.id, r.start, r.weight])).toEqual([
      ['HK_401', 1000, 0.4],
      ['HK_402', 1150, 0.5],
    ]);
    expect(s.plugins.log.map((e) => [e.kind, e.name, e.op, e.avatar, e.time, e.outcome])).toEqual([
      ['gesture', 'double-tap', 'simulate', s.avatar, 1000, 'ok'],
      ['gesture', 'double-tap', 'execute', s.avatar, 1000, 'ok'],
    ]);
  });

  it('a persona plays its profile through the runtime, notes it for the state mood, and simulates capsule onsets', () => {
    const s = setup();
    s.plugins.registerPersona(
      definePersona({ name: 'cheery', profile: 'cheerful', weight: 0.8 }, s.registry, s.engine),
    );
    const sim = s.plugins.simulate('persona', 'cheery', s.avatar, { atMs: 2000 });
    expect(sim.actions).toEqual([
      { kind: 'profile', id: 'cheerful', atMs: 2000, weight: 0.8 },
      { kind: 'capsule', id: 'FMM_401', atMs: 1980, weight: 0.4, via: 'cheerful' },
      { kind: 'capsule', id: 'HK_401', atMs: 2000, weight: 0.8, via: 'cheerful' },
    ]);
    expect(s.runtime.queue).toEqual([]);
    const run = s.plugins.execute('persona', 'cheery', s.avatar, { atMs: 2000 });
    expect(run.actions).toEqual([{ kind: 'profile', id: 'cheerful', atMs: 2000, weight: 0.8 }]);
    s.engine.update();
    const records = s.runtime.timeline.map((r) => [r.id, r.start]);
    expect(records).toEqual([
      ['FMM_401', 1980],
      ['HK_401', 2000],
    ]);
    expect(s.engine.resource<AvatarStateResource>(AVATAR_STATE).latest(s.avatar)!.mood).toBe('cheerful');
  });

  it('custom plug-ins: execute acts only through the recording context; a throwing or lying plug-in is logged as an error', () => {
    const s = setup();
    const seen: BehaviourLogEntry[] = [];
    s.plugins.onLog((e) => seen.push(e));
    s.plugins.registerGesture({
      name: 'shy',
      execute(ctx) {
        ctx.cancel();
        ctx.play('HK_402', { atMs: ctx.atMs + 10 });
      },
      simulate: (ctx) => [
        { kind: 'cancel', id: null, atMs: ctx.atMs, weight: 0 },
        { kind: 'capsule', id: 'HK_402', atMs: ctx.atMs + 10, weight: ctx.weight },
      ],
    });
    s.plugins.registerGesture({
      name: 'broken',
      execute() {
        throw new Error('no hands');
      },
      simulate: () => [{ kind: 'capsule', id: 'HK_401', atMs: Number.NaN, weight: 1 }],
    });
    const a = s.plugins.execute('gesture', 'shy', s.avatar);
    expect(a.actions).toEqual(s.plugins.simulate('gesture', 'shy', s.avatar).actions);
    expect(s.runtime.queue.map((c) => c.kind)).toEqual(['cancel', 'play']);
    const b = s.plugins.execute('gesture', 'broken', s.avatar);
    expect([b.outcome, b.error]).toEqual(['error', 'gesture "broken": no hands']);
    const c = s.plugins.simulate('gesture', 'broken', s.avatar);
    expect(c.error).toBe('gesture "broken": simulate result [0].atMs must be a finite number');
    expect(seen.map((e) => `${e.name}:${e.op}:${e.outcome}`)).toEqual([
      'shy:execute:ok',
      'shy:simulate:ok',
      'broken:execute:error',
      'broken:simulate:error',
    ]);
  });

  it('definitions are validated with clear errors', () => {
    const s = setup();
    const ok = { execute() {}, simulate: () => [] };
    const bad = (f: () => void) => expect(f).toThrow(PluginDefinitionError);
    bad(() => s.plugins.registerGesture({ name: 'Wave!', ...ok }));
    expect(() => s.plugins.registerGesture({ name: 'Wave!', ...ok })).toThrow(
      'gesture plug-in: name must match ^[a-z][a-z0-9_-]{0,47}$, got "Wave!"',
    );
    expect(() => s.plugins.registerGesture({ name: 'wave', execute() {} } as never)).toThrow(
      'gesture "wave": simulate must be a function (ctx) => …',
    );
    expect(() => s.plugins.registerPersona({ name: 'p', kind: 'gesture', ...ok } as never)).toThrow(
      'persona "p": kind is "gesture", expected persona',
    );
    s.plugins.registerGesture({ name: 'wave', ...ok });
    expect(() => s.plugins.registerGesture({ name: 'wave', ...ok })).toThrow(
      'gesture "wave" is already registered',
    );
    expect(() => defineGesture({ name: 'x', capsules: [{ id: 'HK_999' }] }, s.registry)).toThrow(
      'gesture "x": capsules[0].id: capsule "HK_999" is not in the registry',
    );
    expect(() => defineGesture({ name: 'x', capsules: [{ id: 'HK_401', weight: 2 }] })).toThrow(
      'gesture "x": capsules[0].weight must be within 0..1, got 2',
    );
    expect(() => defineGesture({ name: 'x', capsules: [] })).toThrow(/non-empty/);
    expect(() => definePersona({ name: 'y', profile: 'grumpy' }, s.registry)).toThrow(
      'persona "y": profile: "grumpy" is not in the registry',
    );
    expect(() => s.plugins.execute('gesture', 'nope', s.avatar)).toThrow(
      'no gesture "nope" (registered: wave)',
    );
    expect(() => s.plugins.execute('gesture', 'wave', s.avatar, { weight: 3 })).toThrow(
      /weight must be within 0..1/,
    );
    expect(s.plugins.names('gesture')).toEqual(['wave']);
  });
});
