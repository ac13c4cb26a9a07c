/**
 * The three.js adapter with the lighting plugin, in Node (DOM shim, no WebGL): every lit material of
 * the default avatar is patched with the shared SH chunk, the injected fragment source contains
 * `shaders/sh-irradiance.glsl` verbatim, uniforms carry this frame's ambient SH and key light (and
 * relighting off when `LIGHTING.enabled` is false), and without the plugin no material is touched.
 * ER: wind from an environment capsule moves spring-bone tails downwind on a copy of the default
 * avatar given a spring-bone tail (the avatar itself has no spring bones).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MeshBasicMaterial, MeshStandardMaterial, ShaderLib, Vector3 } from 'three';
import type { Material, Object3D, WebGLProgramParametersWithUniforms, WebGLRenderer } from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREE_ADAPTER, loadVrmThree, threeAdapterPlugin } from '../../engine/adapters/three/index.ts';
import type { ThreeAdapter, ThreeVrmAvatar } from '../../engine/adapters/three/index.ts';
import {
  materialsOf,
  patchMaterialForRelight,
  createThreeRelightUniforms,
  relightUniformsOf,
} from '../../engine/adapters/three/relight.ts';
import { createSpringWind, WIND_POWER } from '../../engine/adapters/three/wind.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { LIGHTING, lightingPlugin } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';
import { installDomShim } from './dom-shim.ts';

installDomShim();
const AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));
const SHADER = readFileSync(
  fileURLToPath(new URL('../../shaders/sh-irradiance.glsl', import.meta.url)),
  'utf8',
);
const HAS_AVATAR = existsSync(AVATAR);
if (!HAS_AVATAR) console.warn(`three relight/wind test skipped: ${AVATAR} is missing`);

/** Runs a material's onBeforeCompile on its own shader source, as WebGLRenderer would. */
function compiledFragment(material: Material): { fragment: string; uniforms: Record<string, unknown> } {
  const m = material as Material & { fragmentShader?: string; uniforms?: Record<string, unknown> };
  const source =
    m.fragmentShader ??
    (material instanceof MeshStandardMaterial
      ? ShaderLib.physical.fragmentShader
      : ShaderLib.lambert.fragmentShader);
  const shader = {
    fragmentShader: source,
    vertexShader: '',
    uniforms: m.uniforms ?? {},
  } as unknown as WebGLProgramParametersWithUniforms;
  material.onBeforeCompile(shader, undefined as unknown as WebGLRenderer);
  return { fragment: shader.fragmentShader, uniforms: shader.uniforms };
}

function engineWith(plugins: Plugin[], capsules: Capsule[] = []) {
  const clock = createSimulatedClock();
  const engine = createEngine({
    clock,
    seed: 3,
    plugins: [capsulePlugin(testRegistry(capsules)), ...plugins],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  return { clock, engine, runtime, avatar: runtime.addAvatar('a') };
}

describe.skipIf(!HAS_AVATAR)('three adapter: SH relighting', () => {
  let vrm: ThreeVrmAvatar;
  let plain: ThreeVrmAvatar;
  beforeAll(async () => {
    vrm = await loadVrmThree(readFileSync(AVATAR), 'default-avatar.vrm');
    plain = await loadVrmThree(readFileSync(AVATAR), 'default-avatar.vrm');
  });
  afterAll(() => {
    vrm.dispose();
    plain.dispose();
  });

  it('patches every MToon material; the injected fragment holds the chunk verbatim', () => {
    const { engine, avatar } = engineWith([lightingPlugin(), threeAdapterPlugin()]);
    engine.resource<ThreeAdapter>(THREE_ADAPTER).attach(avatar, vrm);
    engine.update();
    const materials = materialsOf(vrm.scene);
    const toon = materials.filter((m) => (m as { isMToonMaterial?: boolean }).isMToonMaterial);
    expect(toon.length).toBeGreaterThanOrEqual(17);
    const uniforms = relightUniformsOf(toon[0]!);
    expect(uniforms).not.toBeNull();
    for (const m of toon) {
      expect(relightUniformsOf(m)).toBe(uniforms);
      const { fragment, uniforms: u } = compiledFragment(m);
      expect(fragment).toContain(SHADER);
      expect(fragment).toContain(
        'capsuleShIrradiance( inverseTransformDirection( geometryNormal, viewMatrix ) )',
      );
      // The block runs before the light maps and after MToon's own irradiance.
      expect(fragment.indexOf('if ( capsuleRelight > 0.5 )')).toBeGreaterThan(
        fragment.indexOf('getAmbientLightIrradiance( ambientLightColor )'),
      );
      expect(u['capsuleSH']).toBe(uniforms!.capsuleSH);
      expect(m.customProgramCacheKey()).toMatch(/capsule-sh-relight$/);
    }
  });

  it('writes this frame’s ambient SH and key light; off when LIGHTING.enabled is false', () => {
    const { engine, avatar, clock } = engineWith([lightingPlugin(), threeAdapterPlugin()]);
    engine.resource<ThreeAdapter>(THREE_ADAPTER).attach(avatar, vrm);
    engine.update();
    const lighting = engine.resource<Lighting>(LIGHTING);
    const u = relightUniformsOf(materialsOf(vrm.scene)[0]!)!;
    expect(u.capsuleRelight.value).toBe(1);
    expect([...u.capsuleSH.value]).toEqual([...lighting.ambient(avatar)]);
    expect([...u.capsuleKeyDirection.value]).toEqual([...lighting.keyLight(avatar).direction]);
    expect([...u.capsuleKeyColor.value]).toEqual([...lighting.keyLight(avatar).colour]);
    expect(u.capsuleSH.value.some((x) => x !== 0)).toBe(true);
    lighting.enabled = false;
    clock.advance(16);
    engine.update();
    expect(u.capsuleRelight.value).toBe(0);
  });

  it('leaves materials alone without the lighting plugin', () => {
    const { engine, avatar } = engineWith([threeAdapterPlugin()]);
    engine.resource<ThreeAdapter>(THREE_ADAPTER).attach(avatar, plain);
    engine.update();
    for (const m of materialsOf(plain.scene)) {
      expect(relightUniformsOf(m)).toBeNull();
      expect(compiledFragment(m).fragment).not.toContain('capsuleSH');
    }
  });

  it('patches three.js lit materials after their light loop; unlit ones stay unlit', () => {
    const u = createThreeRelightUniforms();
    const standard = new MeshStandardMaterial();
    expect(patchMaterialForRelight(standard, u)).toBe(true);
    const { fragment } = compiledFragment(standard);
    expect(fragment).toContain(SHADER);
    expect(fragment.indexOf('capsuleRelight > 0.5')).toBeGreaterThan(
      fragment.indexOf('#include <lights_fragment_begin>'),
    );
    expect(fragment.indexOf('capsuleRelight > 0.5')).toBeLessThan(
      fragment.indexOf('#include <lights_fragment_maps>'),
    );
    expect(patchMaterialForRelight(new (class extends MeshStandardMaterial {})(), u)).toBe(true);
    expect(patchMaterialForRelight(new MeshBasicMaterial(), u)).toBe(false);
  });
});

// ── ER: wind on spring bones ─────────────────────────────────────────────────────────────────────

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default avatar plus a three-joint tail hanging behind the head, simulated as a spring. */
function withSpringTail(bytes: Buffer): Uint8Array {
  const jsonLength = bytes.readUInt32LE(12);
  const json = JSON.parse(bytes.subarray(20, 20 + jsonLength).toString('utf8')) as Json;
  const bin = bytes.subarray(20 + jsonLength);
  const head = json.extensions.VRMC_vrm.humanoid.humanBones.head.node as number;
  const first = json.nodes.length;
  json.nodes.push(
    { name: 'tail0', translation: [0, 0.05, -0.1], children: [first + 1] },
    { name: 'tail1', translation: [0, -0.12, 0], children: [first + 2] },
    { name: 'tail2', translation: [0, -0.12, 0] },
  );
  (json.nodes[head].children ??= []).push(first);
  const joint = (node: number) => ({
    node,
    hitRadius: 0.01,
    stiffness: 0.5,
    gravityPower: 0.2,
    gravityDir: [0, -1, 0],
    dragForce: 0.4,
  });
  json.extensions.VRMC_springBone = {
    specVersion: '1.0',
    springs: [{ name: 'tail', joints: [joint(first), joint(first + 1), joint(first + 2)] }],
  };
  json.extensionsUsed = [...(json.extensionsUsed ?? []), 'VRMC_springBone'];
  let text = Buffer.from(JSON.stringify(json), 'utf8');
  if (text.length % 4) text = Buffer.concat([text, Buffer.alloc(4 - (text.length % 4), 0x20)]);
  const header = Buffer.alloc(20);
  header.write('glTF', 0, 'ascii');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(20 + text.length + bin.length, 8);
  header.writeUInt32LE(text.length, 12);
  header.write('JSON', 16, 'ascii');
  return new Uint8Array(Buffer.concat([header, text, bin]));
}

const windCapsule = (yaw: number): Capsule =>
  capsule({
    id: 'ER_900',
    domain: 'ER',
    trigger: { relative_to: 'scene_start', offset_ms: 0, probability: 1 },
    duration_ms: 10_000,
    envelope: { attack_ms: 100, hold_ms: 9_800, release_ms: 100, easing: 'linear' },
    tracks: [
      { kind: 'environment', target: 'wind_strength', value: 1 },
      { kind: 'environment', target: 'wind_yaw_deg', value: yaw },
    ] as unknown as Capsule['tracks'],
  });

/** World position of the tail's end after `ms` of engine time at 60 fps, with or without wind. */
async function tailAfter(bytes: Uint8Array, ms: number, yaw: number | null): Promise<Vector3> {
  const vrm = await loadVrmThree(bytes, 'tail.vrm');
  const { engine, avatar, clock, runtime } = engineWith(
    [threeAdapterPlugin()],
    yaw === null ? [] : [windCapsule(yaw)],
  );
  if (yaw !== null) runtime.play(avatar, 'ER_900');
  engine.resource<ThreeAdapter>(THREE_ADAPTER).attach(avatar, vrm);
  for (let t = 0; t <= ms; t += 1000 / 60) {
    clock.set(t);
    engine.update();
  }
  let tail: Object3D | undefined;
  vrm.scene.traverse((o) => {
    if (o.name === 'tail2') tail = o;
  });
  const out = tail!.getWorldPosition(new Vector3());
  vrm.dispose();
  return out;
}

describe.skipIf(!HAS_AVATAR)('three adapter: ER wind on spring bones', () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = withSpringTail(readFileSync(AVATAR));
  });

  it('the tail moves downwind: from the left it swings right (−X), from the right it swings left', async () => {
    const calm = await tailAfter(bytes, 2000, null);
    const fromLeft = await tailAfter(bytes, 2000, 90);
    const fromRight = await tailAfter(bytes, 2000, -90);
    expect(fromLeft.x - calm.x).toBeLessThan(-0.02);
    expect(fromRight.x - calm.x).toBeGreaterThan(0.02);
    // A headwind (yaw 0) blows it back (−Z).
    const headwind = await tailAfter(bytes, 2000, 0);
    expect(headwind.z - calm.z).toBeLessThan(-0.01);
  });

  it('detaching a VRM gives its joints back the file’s settings (no wind frozen in)', async () => {
    const vrm = await loadVrmThree(bytes, 'tail.vrm');
    const { engine, avatar, clock, runtime } = engineWith([threeAdapterPlugin()], [windCapsule(90)]);
    runtime.play(avatar, 'ER_900');
    const adapter = engine.resource<ThreeAdapter>(THREE_ADAPTER);
    adapter.attach(avatar, vrm);
    for (let t = 0; t <= 500; t += 1000 / 60) {
      clock.set(t);
      engine.update();
    }
    const joint = [
      ...(vrm.vrm as unknown as { springBoneManager: { joints: Set<{ settings: Json }> } }).springBoneManager
        .joints,
    ][0]!;
    expect(joint.settings.gravityPower).toBeGreaterThan(0.2);
    adapter.detach(avatar);
    expect(joint.settings.gravityPower).toBe(0.2);
    expect(joint.settings.gravityDir.toArray()).toEqual([0, -1, 0]);
    vrm.dispose();
  });

  it('motion delay softens stiffness and drag; neutral channels restore the file’s settings exactly', async () => {
    const vrm = await loadVrmThree(bytes, 'tail.vrm');
    const wind = createSpringWind(vrm.vrm);
    expect(wind.jointCount).toBe(2); // a joint per bone with a child: tail0, tail1
    const joint = [
      ...(vrm.vrm as unknown as { springBoneManager: { joints: Set<{ settings: Json }> } }).springBoneManager
        .joints,
    ][0]!;
    wind.apply(Float32Array.of(0, 0, 0, 100), 0);
    expect(joint.settings.stiffness).toBeCloseTo(0.25, 6);
    expect(joint.settings.dragForce).toBeCloseTo(0.2, 6);
    wind.apply(Float32Array.of(1, 90, 0, 0), 0);
    expect(joint.settings.gravityPower).toBeCloseTo(Math.hypot(0.2, WIND_POWER), 5);
    wind.apply(Float32Array.of(0, 90, 0, 0), 0);
    expect(joint.settings.stiffness).toBe(0.5);
    expect(joint.settings.gravityPower).toBe(0.2);
    expect(joint.settings.gravityDir.toArray()).toEqual([0, -1, 0]);
    // Staying neutral writes nothing (no per-frame writes to every joint while there is no wind).
    let writes = 0;
    const settings = joint.settings;
    joint.settings = new Proxy(settings, {
      set(target, key, value) {
        writes++;
        return Reflect.set(target, key, value);
      },
    });
    for (let t = 0; t < 5; t++) wind.apply(Float32Array.of(0, 0, 0, 0), t * 16);
    expect(writes).toBe(0);
    wind.apply(Float32Array.of(0, 0, 0, 100), 100);
    wind.apply(Float32Array.of(0, 0, 0, 0), 116);
    expect(joint.settings.stiffness).toBe(0.5);
    joint.settings = settings;
    vrm.dispose();
  });
});
