import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { createRegistry } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createFixedStepClock, createSimulatedClock } from '../../engine/ecs/clock.ts';
import type { Clock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { LIGHT_PARAMS } from '../../engine/rig/channels.ts';
import {
  DEFAULT_ENVIRONMENT,
  LIGHTING,
  SH_FLOATS,
  applyLightParams,
  lightingPlugin,
  projectColours,
  radianceToIrradiance,
} from '../../engine/lighting/index.ts';
import type { Lighting, LightingOptions } from '../../engine/lighting/index.ts';

const idx = (name: string): number => LIGHT_PARAMS.findIndex((p) => p.name === name);
/** Light parameters as a function of engine time, written after the resolver (as LD capsules would). */
type Driver = (t: number, light: Float32Array) => void;

function setup(clock: Clock, drive?: Driver, options?: Partial<LightingOptions>) {
  const engine = createEngine({
    clock,
    seed: 3,
    plugins: [capsulePlugin(createRegistry()), lightingPlugin(options)],
  });
  const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const lighting = engine.resource<Lighting>(LIGHTING);
  const avatar = rt.addAvatar('a');
  if (drive)
    engine.addSystem({
      name: 'test-light-driver',
      phase: 'resolve',
      after: ['capsule-resolve'],
      run: (w) => {
        for (const eid of [avatar]) if (rt.avatars.pose[eid]) drive(w.time.now, rt.pose(eid).light);
      },
    });
  return { engine, rt, lighting, avatar };
}

/** Advances a fixed-step clock one frame and runs it. */
function frame(clock: { tick(): number }, engine: { update(): void }): void {
  clock.tick();
  engine.update();
}

const neutralLight = (): Float32Array => Float32Array.from(LIGHT_PARAMS.map((p) => p.neutral));
/** Irradiance the plugin should converge to for constant light parameters. */
function expected(env: ArrayLike<number>, set: (l: Float32Array) => void): Float32Array {
  const l = neutralLight();
  set(l);
  return applyLightParams(env, l, new Float32Array(SH_FLOATS));
}

describe('lightingPlugin', () => {
  it('provides LIGHTING with the contract’s defaults and runs in phase solve', () => {
    const { engine, lighting, avatar } = setup(createFixedStepClock(60));
    expect(lighting.updateHz).toBe(30);
    expect(lighting.enabled).toBe(true);
    expect(engine.systemOrder()).toContain('solve:lighting');
    expect(Array.from(lighting.environment(avatar))).toEqual(Array.from(DEFAULT_ENVIRONMENT));
    engine.update();
    const irr = lighting.irradiance(avatar);
    const want = radianceToIrradiance(DEFAULT_ENVIRONMENT);
    for (let i = 0; i < SH_FLOATS; i++) expect(irr[i]).toBeCloseTo(want[i]!, 6);
    expect(lighting.irradiance(avatar)).toBe(irr); // same array every frame
    expect(() => lightingPlugin({ updateHz: 5 })).toThrow(/updateHz must be within 10/);
  });

  it('recomputes at the update rate in engine time: a step in the light is fully in within two ticks', () => {
    for (const hz of [10, 30]) {
      const clock = createSimulatedClock(0);
      const { engine, lighting, avatar } = setup(
        clock,
        (t, l) => (l[idx('exposure_ev')] = t >= 500 ? 1 : 0),
        { updateHz: hz },
      );
      const before = expected(DEFAULT_ENVIRONMENT, () => {});
      const after = expected(DEFAULT_ENVIRONMENT, (l) => (l[idx('exposure_ev')] = 1));
      // Frames every 5 ms of engine time.
      for (let t = 0; t <= 500; t += 5) {
        clock.set(t);
        engine.update();
      }
      expect(lighting.irradiance(avatar)[0]).toBeCloseTo(before[0]!, 5);
      const keyBefore = lighting.keyLight(avatar).colour[1]!;
      expect(keyBefore).toBeGreaterThan(0.1);
      const period = 1000 / hz;
      let reached = Infinity;
      for (let t = 505; t <= 900; t += 5) {
        clock.set(t);
        engine.update();
        if (reached === Infinity && Math.abs(lighting.irradiance(avatar)[0]! - after[0]!) < 1e-5) reached = t;
      }
      expect(reached - 500, `${hz} Hz`).toBeLessThanOrEqual(2 * period + 5);
      // The key light follows (read every frame or not): +1 EV doubles it.
      expect(lighting.keyLight(avatar).colour[1]).toBeCloseTo(2 * keyBefore, 4);
      expect(reached - 500, `${hz} Hz`).toBeGreaterThan(period - 5);
      expect(2 * period).toBeLessThanOrEqual(200); // ≥ 10 Hz
    }
  });

  it('gives the same light at 30, 60 and 144 fps at shared times (interpolated, a function of engine time)', () => {
    const drive: Driver = (t, l) => {
      l[idx('exposure_ev')] = 0.8 * Math.sin((2 * Math.PI * t) / 1700);
      l[idx('contrast')] = 0.5 * Math.sin((2 * Math.PI * t) / 900);
      l[idx('temperature_k')] = 6500 + 2000 * Math.cos((2 * Math.PI * t) / 2300);
      l[idx('key_yaw_deg')] = 40 * Math.sin((2 * Math.PI * t) / 3100);
      l[idx('softness')] = 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / 1300);
    };
    const sample = (fps: number): Float32Array[] => {
      const clock = createFixedStepClock(fps);
      const { engine, lighting, avatar } = setup(clock, drive);
      const shots: Float32Array[] = [];
      engine.update();
      for (let f = 1; f <= fps * 2; f++) {
        clock.tick();
        engine.update();
        // Shared times: every 1/6 s is a frame at 30, 60 and 144 fps.
        if ((f * 6) % fps === 0) shots.push(Float32Array.from(lighting.irradiance(avatar)));
      }
      return shots;
    };
    const a = sample(30);
    const b = sample(60);
    const c = sample(144);
    expect(a.length).toBe(12);
    for (let s = 0; s < a.length; s++)
      for (let i = 0; i < SH_FLOATS; i++) {
        expect(b[s]![i]!, `60 fps, shot ${s}, coefficient ${i}`).toBeCloseTo(a[s]![i]!, 5);
        expect(c[s]![i]!, `144 fps, shot ${s}, coefficient ${i}`).toBeCloseTo(a[s]![i]!, 3);
      }
    // And the light does move over the run.
    expect(Math.abs(a[3]![0]! - a[7]![0]!)).toBeGreaterThan(0.05);
  });

  it('everyFrame: each frame is exactly its own LD parameters, equal bit for bit at any frame rate', () => {
    const drive: Driver = (t, l) => {
      l[idx('exposure_ev')] = 0.8 * Math.sin((2 * Math.PI * t) / 1700);
      l[idx('key_yaw_deg')] = 40 * Math.sin((2 * Math.PI * t) / 3100);
      l[idx('temperature_k')] = 6500 + 2000 * Math.cos((2 * Math.PI * t) / 2300);
    };
    const sample = (fps: number): Float32Array[] => {
      const clock = createFixedStepClock(fps);
      const { engine, lighting, avatar, rt } = setup(clock, drive, { everyFrame: true });
      const shots: Float32Array[] = [];
      engine.update();
      for (let f = 1; f <= fps * 2; f++) {
        clock.tick();
        engine.update();
        if ((f * 6) % fps === 0) {
          const got = Float32Array.from(lighting.irradiance(avatar));
          // Exactly the environment under this frame's resolved parameters.
          const want = applyLightParams(
            DEFAULT_ENVIRONMENT,
            rt.pose(avatar).light,
            new Float32Array(SH_FLOATS),
          );
          expect(got).toEqual(want);
          shots.push(got);
        }
      }
      return shots;
    };
    const a = sample(30);
    expect(sample(60)).toEqual(a);
    expect(sample(144)).toEqual(a);
    expect(Math.abs(a[3]![0]! - a[7]![0]!)).toBeGreaterThan(0.05);
  });

  it('setEnvironment takes effect (and is checked); enabled = false shows the untransformed environment', () => {
    const clock = createFixedStepClock(60);
    const { engine, lighting, avatar } = setup(clock, (_t, l) => (l[idx('exposure_ev')] = 1));
    const env = projectColours({ sky: [0.9, 0.2, 0.1], ground: [0.1, 0.1, 0.3] });
    for (let f = 0; f < 10; f++) frame(clock, engine);
    lighting.setEnvironment(avatar, env);
    expect(Array.from(lighting.environment(avatar))).toEqual(Array.from(env));
    for (let f = 0; f < 6; f++) frame(clock, engine);
    const want = expected(env, (l) => (l[idx('exposure_ev')] = 1));
    for (let i = 0; i < SH_FLOATS; i++) expect(lighting.irradiance(avatar)[i]).toBeCloseTo(want[i]!, 5);
    lighting.enabled = false;
    frame(clock, engine);
    const plain = radianceToIrradiance(env);
    for (let i = 0; i < SH_FLOATS; i++) expect(lighting.irradiance(avatar)[i]).toBeCloseTo(plain[i]!, 6);
    lighting.enabled = true;
    frame(clock, engine);
    for (let i = 0; i < SH_FLOATS; i++) expect(lighting.irradiance(avatar)[i]).toBeCloseTo(want[i]!, 5);
    const bad = new Float32Array(SH_FLOATS);
    bad[7] = NaN;
    expect(() => lighting.setEnvironment(avatar, bad)).toThrow(
      /setEnvironment\(\d+\): coefficient 7 \(c2\.g\) is not finite/,
    );
    expect(() => lighting.setEnvironment(avatar, new Float32Array(9))).toThrow(/needs 27 floats/);
    for (let i = 0; i < SH_FLOATS; i++) expect(lighting.irradiance(avatar)[i]).toBeCloseTo(want[i]!, 5);
  });

  it('NaN and Infinity in the light channels never reach the output', () => {
    const clock = createFixedStepClock(60);
    const { engine, lighting, avatar } = setup(clock, (t, l) => {
      l.fill(t % 100 < 50 ? NaN : Infinity);
      l[idx('temperature_k')] = -Infinity;
    });
    const neutral = expected(DEFAULT_ENVIRONMENT, () => {});
    for (let f = 0; f < 30; f++) {
      frame(clock, engine);
      const irr = lighting.irradiance(avatar);
      for (let i = 0; i < SH_FLOATS; i++) expect(Number.isFinite(irr[i])).toBe(true);
      const key = lighting.keyLight(avatar);
      for (const v of [...key.direction, ...key.colour, ...lighting.ambient(avatar)])
        expect(Number.isFinite(v)).toBe(true);
    }
    // Non-finite values fall back to neutral; +Infinity exposure is clamped, so the output is bounded.
    expect(lighting.irradiance(avatar)[0]).toBeLessThanOrEqual(8 * neutral[0]! + 1e-4);
  });

  it('handles avatars added and removed after install; key light and ambient add back up', () => {
    const clock = createFixedStepClock(60);
    const { engine, rt, lighting, avatar } = setup(clock);
    frame(clock, engine);
    const late = rt.addAvatar('late');
    lighting.setEnvironment(late, projectColours({ sky: [1, 1, 1], ground: [0, 0, 0] }));
    frame(clock, engine);
    frame(clock, engine);
    expect(lighting.irradiance(late)[0]).not.toBeCloseTo(lighting.irradiance(avatar)[0]!, 3);
    const key = lighting.keyLight(late);
    expect(key.direction[1]).toBeCloseTo(1, 5); // the sky is straight up
    // ambient + key share = irradiance (the key light's SH is colour × A_l·Y_lm(direction)).
    const ambient = lighting.ambient(late);
    expect(ambient[0]! + key.colour[0]! * Math.PI * 0.282095).toBeCloseTo(lighting.irradiance(late)[0]!, 4);
    rt.removeAvatar(late);
    frame(clock, engine);
    expect(() => lighting.irradiance(late)).toThrow(/not an avatar/);
    const again = rt.addAvatar('again');
    frame(clock, engine);
    // A reused entity id starts from the default environment, not the removed avatar's.
    expect(Array.from(lighting.environment(again))).toEqual(Array.from(DEFAULT_ENVIRONMENT));
  });
});
