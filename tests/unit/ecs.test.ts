import { describe, expect, it } from 'vitest';
import { createFixedStepClock, createHostClock, createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { EngineWorld } from '../../engine/ecs/engine.ts';
import { PHASES } from '../../engine/ecs/phases.ts';
import { createRng, substream, unitHash } from '../../engine/ecs/random.ts';

describe('engine schedule', () => {
  it('runs systems by declared phase, not by the order they were added', () => {
    const ran: string[] = [];
    const sys = (name: string) => () => void ran.push(name);
    const engine = createEngine({
      clock: createSimulatedClock(),
      seed: 1,
      plugins: [
        (e) => e.addSystem({ name: 'emit', phase: 'emit', run: sys('emit') }),
        (e) => e.addSystem({ name: 'resolve', phase: 'resolve', run: sys('resolve') }),
        (e) => e.addSystem({ name: 'input', phase: 'input', run: sys('input') }),
        (e) => e.addSystem({ name: 'evaluate', phase: 'evaluate', run: sys('evaluate') }),
      ],
    });
    engine.update();
    expect(ran).toEqual(['input', 'evaluate', 'resolve', 'emit']);
    expect(PHASES).toEqual(['input', 'schedule', 'evaluate', 'resolve', 'solve', 'apply', 'emit']);
  });

  it('honours before/after inside a phase and rejects cycles and cross-phase references', () => {
    const ran: string[] = [];
    const engine = createEngine({ clock: createSimulatedClock(), seed: 1 });
    engine.addSystem({ name: 'b', phase: 'apply', run: () => void ran.push('b') });
    engine.addSystem({ name: 'a', phase: 'apply', run: () => void ran.push('a'), before: ['b'] });
    engine.addSystem({
      name: 'c',
      phase: 'apply',
      run: () => void ran.push('c'),
      after: ['a'],
      before: ['b'],
    });
    engine.update();
    expect(ran).toEqual(['a', 'c', 'b']);

    const cyclic = createEngine({ clock: createSimulatedClock(), seed: 1 });
    cyclic.addSystem({ name: 'x', phase: 'emit', run: () => {}, before: ['y'] });
    cyclic.addSystem({ name: 'y', phase: 'emit', run: () => {}, before: ['x'] });
    expect(() => cyclic.update()).toThrow(/cycle among systems x, y in phase "emit"/);

    const cross = createEngine({ clock: createSimulatedClock(), seed: 1 });
    cross.addSystem({ name: 'x', phase: 'emit', run: () => {}, after: ['y'] });
    cross.addSystem({ name: 'y', phase: 'input', run: () => {} });
    expect(() => cross.update()).toThrow(/"x" is ordered against "y", which is not a system in phase "emit"/);
  });

  it('gives systems the clock time and delta, and keeps resources by key', () => {
    const clock = createSimulatedClock(100);
    const seen: [number, number, number][] = [];
    const engine = createEngine({
      clock,
      seed: 7,
      plugins: [
        (e) => {
          e.provide('counter', { n: 0 });
          e.addSystem({
            name: 'probe',
            phase: 'input',
            run: (w: EngineWorld) => void seen.push([w.time.now, w.time.delta, w.time.frame]),
          });
        },
      ],
    });
    engine.update();
    clock.advance(16.5);
    engine.update();
    expect(seen).toEqual([
      [100, 0, 1],
      [116.5, 16.5, 2],
    ]);
    expect(engine.resource<{ n: number }>('counter').n).toBe(0);
    expect(() => engine.provide('counter', 1)).toThrow(/already provided/);
    expect(() => engine.resource('nope')).toThrow(/no resource "nope"/);
    expect(engine.world.seed).toBe(7);
    expect(() => createEngine({ clock, seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});

describe('clocks', () => {
  it('fixed-step frames sit exactly at k × step (no accumulated drift)', () => {
    const clock = createFixedStepClock(144);
    let t = 0;
    for (let k = 0; k < 144 * 60; k++) t = clock.tick();
    expect(t).toBe(60_000);
    expect(clock.frame).toBe(144 * 60);
    expect(() => createFixedStepClock(0)).toThrow(/fps must be > 0/);
  });

  it('a host clock starts at zero and follows its source', () => {
    let source = 5000;
    const clock = createHostClock(() => source);
    expect(clock.now()).toBe(0);
    source += 40;
    expect(clock.now()).toBe(40);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed, differs across seeds and substreams, stays in range', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(sa).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(sa).not.toEqual(Array.from({ length: 100 }, () => c.next()));
    expect(Math.min(...sa)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sa)).toBeLessThan(1);
    expect(substream(1, 2, 3)).toBe(substream(1, 2, 3));
    expect(new Set([substream(1, 2), substream(1, 3), substream(2, 2), substream(1, 2, 1)]).size).toBe(4);
    const draws = Array.from({ length: 10_000 }, (_, i) => unitHash(99, i));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
