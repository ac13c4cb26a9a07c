import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { createRegistry } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import {
  DEFAULT_ENVIRONMENT,
  LIGHTING,
  lightingPlugin,
  radianceToIrradiance,
} from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import { environmentChoicePlugin } from '../../scenes/shared/environment-plugin.ts';
import index from '../../assets/environments/environments.json' with { type: 'json' };

const radiance = (id: string): Float32Array =>
  Float32Array.from(index.environments.find((e) => e.id === id)!.radiance_sh);

function setup(state: { radiance: Float32Array; relighting: boolean | null; version: number }) {
  const clock = createSimulatedClock(0);
  const engine = createEngine({
    clock,
    seed: 1,
    plugins: [capsulePlugin(createRegistry()), lightingPlugin(), environmentChoicePlugin(() => state)],
  });
  const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const lighting = engine.resource<Lighting>(LIGHTING);
  return { clock, engine, rt, lighting, avatar: rt.addAvatar('a') };
}

describe('the page environment plugin (scenes/shared/environment-plugin.ts)', () => {
  it("lights an engine's avatars with the page's choice from the very first frame", () => {
    const state = { radiance: radiance('sunset'), relighting: true, version: 0 };
    const { engine, lighting, avatar } = setup(state);
    engine.update();
    expect(Array.from(lighting.environment(avatar))).toEqual(Array.from(state.radiance));
    // No LD capsules: this frame's irradiance is the sunset's, not the default studio's.
    const want = radianceToIrradiance(state.radiance, new Float32Array(27));
    const got = lighting.irradiance(avatar);
    for (let i = 0; i < 27; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    expect(Array.from(got)).not.toEqual(
      Array.from(radianceToIrradiance(DEFAULT_ENVIRONMENT, new Float32Array(27))),
    );
  });

  it('applies a changed choice (version bump) and the switch; avatars added later get it too', () => {
    const state = { radiance: radiance('studio'), relighting: true as boolean | null, version: 0 };
    const { clock, engine, rt, lighting, avatar } = setup(state);
    engine.update();
    state.radiance = radiance('night-neon');
    state.relighting = false;
    state.version++;
    clock.advance(16);
    engine.update();
    expect(Array.from(lighting.environment(avatar))).toEqual(Array.from(radiance('night-neon')));
    expect(lighting.enabled).toBe(false);
    const second = rt.addAvatar('b');
    clock.advance(16);
    engine.update();
    expect(Array.from(lighting.environment(second))).toEqual(Array.from(radiance('night-neon')));
    // null leaves the switch to the page's other code.
    lighting.enabled = true;
    state.relighting = null;
    state.version++;
    clock.advance(16);
    engine.update();
    expect(lighting.enabled).toBe(true);
  });

  it('does nothing without the lighting plugin', () => {
    const state = { radiance: radiance('studio'), relighting: true, version: 0 };
    const engine = createEngine({
      clock: createSimulatedClock(0),
      seed: 1,
      plugins: [capsulePlugin(createRegistry()), environmentChoicePlugin(() => state)],
    });
    engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME).addAvatar('a');
    expect(() => engine.update()).not.toThrow();
  });
});
