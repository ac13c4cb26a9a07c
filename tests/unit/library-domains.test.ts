/**
 * Light, camera and environment capsules played through the engine with the real library: each moves
 * its own pose view (`pose.light`, `pose.camera`, `pose.environment`) along its envelope, leaves every
 * other channel alone, and hands back exactly neutral when it ends; handheld jitter is seeded; and
 * track.jsonl shows the non-neutral values by name.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_NEUTRAL } from '../../engine/capsules/channel-limits.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import {
  CAMERA_CHANNEL,
  CAMERA_PARAMS,
  ENVIRONMENT_CHANNEL,
  ENVIRONMENT_PARAMS,
  LIGHT_CHANNEL,
  LIGHT_PARAMS,
} from '../../engine/rig/channels.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { trackLine } from '../../tools/perform/track-line.ts';
import { testEngine } from '../helpers/capsules.ts';

const { registry, errors } = loadFolder('capsules');

const light = (name: string) => LIGHT_PARAMS.findIndex((p) => p.name === name);
const camera = (name: string) => CAMERA_PARAMS.findIndex((p) => p.name === name);
const environment = (name: string) => ENVIRONMENT_PARAMS.findIndex((p) => p.name === name);

/** Channels outside [from, to) that differ from neutral. */
function movedOutside(pose: PoseBuffer, from: number, to: number): number[] {
  const out: number[] = [];
  pose.channels.forEach((v, c) => {
    if ((c < from || c >= to) && Math.abs(v - CHANNEL_NEUTRAL[c]!) > 1e-6) out.push(c);
  });
  return out;
}

/** Plays one capsule at t = 0 without variation and samples the pose at the given times. */
function sample(id: string, times: readonly number[], seed = 1): PoseBuffer[] {
  const clock = createSimulatedClock();
  const { engine, runtime } = testEngine(registry, clock, seed);
  const a = runtime.addAvatar('a');
  runtime.play(a, id, { atMs: 0, jitter: 0 });
  return times.map((t) => {
    clock.set(t);
    engine.update();
    const p = runtime.pose(a);
    return {
      ...p,
      channels: p.channels.slice(),
      light: p.light.slice(),
      camera: p.camera.slice(),
      environment: p.environment.slice(),
    };
  });
}

describe('LD, CS and ER capsules through the engine', () => {
  it('the library loads', () => {
    expect(errors.map((e) => e.format())).toEqual([]);
  });

  it('an LD temperature drift moves pose.light along its envelope and returns to neutral', () => {
    const c = registry.get('LD_008')!.json; // −800 K: 6 s in, 10 s held, 4 s out
    expect(c.envelope).toMatchObject({ attack_ms: 6000, hold_ms: 10000, release_ms: 4000 });
    const T = light('temperature_k');
    const [start, rising, held, falling, after] = sample('LD_008', [0, 3000, 10000, 18000, 20100]);
    expect(start!.light[T]).toBeCloseTo(6500, 3);
    expect(rising!.light[T]).toBeLessThan(6500 - 100);
    expect(rising!.light[T]).toBeGreaterThan(5700 + 100);
    expect(held!.light[T]).toBeCloseTo(5700, 1);
    expect(falling!.light[T]).toBeGreaterThan(5700 + 100);
    expect(falling!.light[T]).toBeLessThan(6500 - 100);
    // after its end: every light parameter exactly neutral
    LIGHT_PARAMS.forEach((p, i) => expect(after!.light[i], p.name).toBe(p.neutral));
    // and nothing but light ever moved
    for (const pose of [rising, held, falling])
      expect(movedOutside(pose!, LIGHT_CHANNEL, CAMERA_CHANNEL)).toEqual([]);
  });

  it('LD exposure breathing rises and falls back by its own keys', () => {
    const E = light('exposure_ev');
    const [quarter, peak, threeQuarters, end] = sample('LD_001', [2000, 4000, 6000, 8050]);
    expect(peak!.light[E]).toBeCloseTo(0.2, 3);
    expect(quarter!.light[E]).toBeGreaterThan(0.02);
    expect(quarter!.light[E]).toBeLessThan(0.19);
    expect(threeQuarters!.light[E]).toBeGreaterThan(0.02);
    expect(threeQuarters!.light[E]).toBeLessThan(0.19);
    expect(end!.light[E]).toBe(0);
  });

  it('a CS push-in changes pose.camera and nothing else, then returns to the host framing', () => {
    const D = camera('dolly_m');
    const [held, after] = sample('CS_001', [3500, 7100]); // 2.5 s in, 2 s held, 2.5 s out
    expect(held!.camera[D]).toBeCloseTo(0.3, 4);
    expect(movedOutside(held!, CAMERA_CHANNEL, ENVIRONMENT_CHANNEL)).toEqual([]);
    CAMERA_PARAMS.forEach((p, i) => expect(after!.camera[i], p.name).toBe(p.neutral));
  });

  it('CS handheld jitter is seeded noise: the same seed repeats, another seed differs', () => {
    const times = Array.from({ length: 40 }, (_, i) => 3000 + i * 50);
    const X = camera('shift_x_m');
    const trace = (seed: number) => sample('CS_010', times, seed).map((p) => p.camera[X]!);
    const a = trace(7);
    expect(trace(7)).toEqual(a);
    expect(trace(8)).not.toEqual(a);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.0005);
    expect(Math.max(...a.map(Math.abs))).toBeLessThan(0.02);
  });

  it('an ER breeze moves pose.environment only', () => {
    const [held] = sample('ER_001', [10000]);
    expect(held!.environment[environment('wind_strength')]).toBeCloseTo(0.25, 4);
    expect(held!.environment[environment('gustiness')]).toBeCloseTo(0.1, 4);
    expect(movedOutside(held!, ENVIRONMENT_CHANNEL, ENVIRONMENT_CHANNEL + ENVIRONMENT_PARAMS.length)).toEqual(
      [],
    );
  });

  it('track.jsonl lines name non-neutral light, camera and environment values and omit neutral ones', () => {
    const [held, after] = sample('LD_028', [2500, 6000]); // warmer, softer, brighter for one line
    const line = JSON.parse(trackLine(2500, [{ name: 'a', pose: held! }], registry.layout)) as {
      avatars: { a: Record<string, Record<string, number>> };
    };
    expect(line.avatars.a.light).toEqual({ exposure_ev: 0.1, temperature_k: 5600, softness: 0.35 });
    expect(line.avatars.a.camera).toBeUndefined();
    expect(line.avatars.a.environment).toBeUndefined();
    const rest = JSON.parse(trackLine(6000, [{ name: 'a', pose: after! }], registry.layout)) as {
      avatars: { a: Record<string, unknown> };
    };
    expect(rest.avatars.a).toEqual({});
  });
});
