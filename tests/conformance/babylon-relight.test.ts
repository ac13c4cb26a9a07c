/**
 * The Babylon adapter with the lighting plugin, in Node (NullEngine): the default avatar's MToon
 * materials get the SH relight plugin, the generated fragment shader contains
 * `shaders/sh-irradiance.glsl` verbatim and the relit block after the light loop (the rewrite is
 * pinned to Babylon 9.28), the state carries this frame's ambient SH and the key light in Babylon's
 * left-handed world (x flipped), relighting switches off with `LIGHTING.enabled`, and without the
 * lighting plugin no material gets the plugin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Scene } from '@babylonjs/core/scene.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BABYLON_ADAPTER,
  babylonAdapterPlugin,
  loadVrmBabylon,
} from '../../engine/adapters/babylon/index.ts';
import type { BabylonAdapter, BabylonVrm } from '../../engine/adapters/babylon/index.ts';
import { babylonMaterialsOf } from '../../engine/adapters/babylon/relight.ts';
import { getRelightPlugin, RELIGHT_SHADER_PATCH } from '../../engine/adapters/babylon/relight-plugin.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { LIGHTING, lightingPlugin } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import { testRegistry } from '../helpers/capsules.ts';

const AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));
const SHADER = readFileSync(
  fileURLToPath(new URL('../../shaders/sh-irradiance.glsl', import.meta.url)),
  'utf8',
);
const HAS_AVATAR = existsSync(AVATAR);
if (!HAS_AVATAR) console.warn(`babylon relight test skipped: ${AVATAR} is missing`);

function engineWith(plugins: Plugin[]) {
  const clock = createSimulatedClock();
  const engine = createEngine({ clock, seed: 3, plugins: [capsulePlugin(testRegistry([])), ...plugins] });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  return { clock, engine, avatar: runtime.addAvatar('a') };
}

describe.skipIf(!HAS_AVATAR)('babylon adapter: SH relighting', () => {
  let babylon: NullEngine;
  let scene: Scene;
  let vrm: BabylonVrm;
  let plain: BabylonVrm;
  beforeAll(async () => {
    babylon = new NullEngine();
    scene = new Scene(babylon);
    new DirectionalLight('sun', new Vector3(0, -1, 1), scene);
    vrm = await loadVrmBabylon(scene, readFileSync(AVATAR), 'default-avatar.vrm');
    plain = await loadVrmBabylon(scene, readFileSync(AVATAR), 'default-avatar.vrm');
  });
  afterAll(() => {
    scene.dispose();
    babylon.dispose();
  });

  it('adds the plugin to the MToon materials; the fragment shader holds the chunk and the relit block', async () => {
    const { engine, avatar } = engineWith([lightingPlugin(), babylonAdapterPlugin()]);
    engine.resource<BabylonAdapter>(BABYLON_ADAPTER).attach(avatar, vrm);
    engine.update();
    const materials = babylonMaterialsOf(vrm);
    expect(materials.length).toBeGreaterThanOrEqual(17);
    const state = getRelightPlugin(materials[0]!)!.state;
    for (const m of materials) expect(getRelightPlugin(m)?.state).toBe(state);
    const mesh = vrm.meshes.find((m) => m.material && m.subMeshes?.length)!;
    const material = mesh.material!;
    for (let i = 0; i < 200 && !material.isReadyForSubMesh(mesh, mesh.subMeshes[0]!); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const code = mesh.subMeshes[0]!.effect!.fragmentSourceCode;
    expect(code).toContain(SHADER.trim());
    expect(code).toContain('if (capsuleRelight>0.5) {');
    expect(code).toContain(RELIGHT_SHADER_PATCH.code.split('\n')[2]);
    // After the light loop, where the toon plugin's shade accumulator exists.
    expect(
      code.indexOf('diffuseBase=(capsuleKeyColor*capsuleLit+capsuleAmbient)*capsuleScale;'),
    ).toBeGreaterThan(code.indexOf('diffuseBase+=info.diffuse*shadow;'));
  });

  it('writes the ambient SH and the key light (x flipped for the left-handed scene); off when disabled', () => {
    const { engine, avatar, clock } = engineWith([lightingPlugin(), babylonAdapterPlugin()]);
    engine.resource<BabylonAdapter>(BABYLON_ADAPTER).attach(avatar, vrm);
    const lighting = engine.resource<Lighting>(LIGHTING);
    // A light from the avatar's left (+X in glTF): a strong band-1 x term.
    const env = new Float32Array(27);
    env.set([0.3, 0.3, 0.3], 0);
    env.set([1.5, 1.5, 1.5], 9);
    lighting.setEnvironment(avatar, env);
    engine.update();
    const state = getRelightPlugin(babylonMaterialsOf(vrm)[0]!)!.state;
    expect(state.relight).toBe(1);
    expect(state.flipX).toBe(-1);
    expect([...state.sh]).toEqual([...lighting.ambient(avatar)]);
    const key = lighting.keyLight(avatar);
    expect(key.direction[0]).toBeGreaterThan(0.9);
    expect(state.keyDirection[0]).toBeCloseTo(-key.direction[0]!, 6);
    expect(state.keyDirection[1]).toBeCloseTo(key.direction[1]!, 6);
    lighting.enabled = false;
    clock.advance(16);
    engine.update();
    expect(state.relight).toBe(0);
  });

  it('without the lighting plugin no material gets the plugin', () => {
    const { engine, avatar } = engineWith([babylonAdapterPlugin()]);
    engine.resource<BabylonAdapter>(BABYLON_ADAPTER).attach(avatar, plain);
    engine.update();
    for (const m of babylonMaterialsOf(plain)) expect(getRelightPlugin(m)).toBeNull();
  });
});
