/**
 * The Babylon adapter on the shared VRM fixtures, in Node with NullEngine: VRM 0.x and 1.0 loaded
 * through the project's loader extensions, the humanoid posed in the VRM 1.0 normalized frame,
 * expression rules (isBinary, overrideBlink 'blend') on the spec sample's texture-transform meters,
 * MToon as the toon material with UV animation, clear errors for bad files, and the engine plugin.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.pure.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import { Texture } from '@babylonjs/core/Materials/Textures/texture.pure.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.pure.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';
import { Scene } from '@babylonjs/core/scene.pure.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  babylonAdapterPlugin,
  BABYLON_ADAPTER,
  loadVrmBabylon,
} from '../../engine/adapters/babylon/index.ts';
import type { BabylonAdapter, BabylonVrm } from '../../engine/adapters/babylon/index.ts';
import { getToonPlugin, TOON_SHADER_PATCHES } from '../../engine/adapters/babylon/toon-plugin.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';
import { ChannelLayout, EXPRESSION_BASE } from '../../engine/rig/channels.ts';
import { createPoseBuffer } from '../../engine/rig/pose-buffer.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { RigReadError, describeRig, readGlbJson } from '../../engine/rig/vrm-reader.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';
import { FIXTURES, HAS_FIXTURES } from './shared-fixtures.ts';

if (!HAS_FIXTURES) console.warn(`babylon adapter conformance skipped: no VRM fixtures at ${FIXTURES}`);

const DEG = Math.PI / 180;
const DEFAULT_AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));
const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, file)));

type Quat = [number, number, number, number];
const mul = (a: Quat, b: Quat): Quat => [
  a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
  a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
  a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
  a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
];
const axisAngle = (axis: [number, number, number], degrees: number): Quat => {
  const s = Math.sin((degrees * DEG) / 2);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos((degrees * DEG) / 2)];
};
/** Sign-blind distance between unit quaternions. */
const distance = (a: Quat, b: Quat): number =>
  Math.min(...[1, -1].map((s) => Math.hypot(...a.map((v, i) => v - s * b[i]!))));

function world(vrm: BabylonVrm, bone: HumanBoneName): Quat {
  const out = new Float32Array(4);
  vrm.boneWorldQuaternion(bone, out);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

function setBone(pose: PoseBuffer, bone: HumanBoneName, q: Quat): void {
  pose.rotations.set(q, HUMAN_BONE_NAMES.indexOf(bone) * 4);
}

/** Babylon world position of a node, with every ancestor's matrix refreshed (no render loop in Node). */
function babylonWorld(node: TransformNode): Vector3 {
  const chain: TransformNode[] = [];
  for (let n: TransformNode | null = node; n; n = n.parent as TransformNode | null) chain.unshift(n);
  for (const n of chain) n.computeWorldMatrix(true);
  return node.getAbsolutePosition().clone();
}

function rawNode(vrm: BabylonVrm, bone: HumanBoneName): TransformNode {
  const node = vrm.boneNode(bone);
  if (!node) throw new Error(`no ${bone} node`);
  const name = vrm.rig.humanBones[bone]!.nodeName;
  expect(vrm.root.getChildTransformNodes(false).find((n) => n.name === name)).toBe(node);
  return node;
}

/** Rewrites a GLB's JSON chunk (keeps the BIN chunk), for building broken variants of a fixture. */
function withJson(bytes: Uint8Array, edit: (json: Record<string, unknown>) => void): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as Record<
    string,
    unknown
  >;
  edit(json);
  let text = new TextEncoder().encode(JSON.stringify(json));
  const padded = new Uint8Array(Math.ceil(text.length / 4) * 4).fill(0x20);
  padded.set(text);
  text = padded;
  const rest = bytes.subarray(20 + jsonLength);
  const out = new Uint8Array(20 + text.length + rest.length);
  const o = new DataView(out.buffer);
  out.set(bytes.subarray(0, 12));
  o.setUint32(8, out.length, true);
  o.setUint32(12, text.length, true);
  o.setUint32(16, 0x4e4f534a, true);
  out.set(text, 20);
  out.set(rest, 20 + text.length);
  return out;
}

/** The right upper arm turns in avatar space exactly as the normalized rotation says. */
function expectArmLowered(vrm: BabylonVrm): void {
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  vrm.applyPose(pose, layout);
  const rest = world(vrm, 'rightUpperArm');
  const restHand = world(vrm, 'rightHand');
  const spine = world(vrm, 'spine');
  const turn = axisAngle([0, 0, 1], 60);
  setBone(pose, 'rightUpperArm', turn);
  vrm.applyPose(pose, layout);
  vrm.update(1 / 60);
  expect(distance(world(vrm, 'rightUpperArm'), mul(turn, rest))).toBeLessThan(1e-4);
  // Children follow; unrelated bones stay.
  expect(distance(world(vrm, 'rightHand'), mul(turn, restHand))).toBeLessThan(1e-4);
  expect(distance(world(vrm, 'spine'), spine)).toBeLessThan(1e-6);
  setBone(pose, 'rightUpperArm', [0, 0, 0, 1]);
  vrm.applyPose(pose, layout);
  expect(distance(world(vrm, 'rightUpperArm'), rest)).toBeLessThan(1e-6);
}

describe.skipIf(!HAS_FIXTURES)('babylon adapter: VRM 0.0 (cryptovoxels.vrm)', () => {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  let vrm: BabylonVrm;
  beforeAll(async () => {
    vrm = await loadVrmBabylon(scene, bytesOf('cryptovoxels.vrm'), 'cryptovoxels.vrm');
  });
  afterAll(() => {
    vrm.dispose();
    engine.dispose();
  });

  it('reads the rig through the VRM 0.x extension and maps every humanoid bone to a node', () => {
    expect(vrm.rig.specVersion).toBe('0.x');
    expect(vrm.rig.forward).toBe('-z');
    expect(Object.keys(vrm.rig.humanBones)).toHaveLength(43);
    for (const bone of Object.keys(vrm.rig.humanBones) as HumanBoneName[])
      expect(() => world(vrm, bone), bone).not.toThrow();
    expect(vrm.meshes.map((m) => m.name)).toContain('Body');
    expect(vrm.meshes.find((m) => m.name === 'Body')?.skeleton).toBeTruthy();
  });

  it('turns the right upper arm as a VRM 1.0 normalized rotation says, 0.x facing handled', () => {
    // Facing +Z in avatar space, the right arm points to −X at rest.
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    vrm.applyPose(pose, layout);
    const shoulder = babylonWorld(rawNode(vrm, 'rightUpperArm'));
    const elbow = babylonWorld(rawNode(vrm, 'rightLowerArm'));
    // Babylon (left-handed) shows avatar-space x at −x: the right arm is at Babylon +X.
    expect(elbow.x - shoulder.x).toBeGreaterThan(0.1);
    expectArmLowered(vrm);
  });

  it('moves the hips by the offset in avatar space (Babylon left-handed: x mirrored)', () => {
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    vrm.applyPose(pose, layout);
    const hips = rawNode(vrm, 'hips');
    const rest = babylonWorld(hips);
    pose.hipsOffset.set([0.1, 0.05, 0.2]);
    vrm.applyPose(pose, layout);
    const moved = babylonWorld(hips).subtract(rest);
    expect(moved.x).toBeCloseTo(-0.1, 5);
    expect(moved.y).toBeCloseTo(0.05, 5);
    expect(moved.z).toBeCloseTo(0.2, 5);
    pose.hipsOffset.fill(0);
    vrm.applyPose(pose, layout);
    expect(babylonWorld(hips).subtract(rest).length()).toBeLessThan(1e-6);
  });

  it('names the file and the bone when a bone is missing', () => {
    expect(() => world(vrm, 'jaw')).toThrow('cryptovoxels.vrm has no jaw bone');
    expect(vrm.boneNode('jaw')).toBeNull();
  });
});

describe.skipIf(!HAS_FIXTURES)('babylon adapter: right-handed scene', () => {
  it('places the avatar in avatar space directly, with the same bone world rotations', async () => {
    const engine = new NullEngine();
    const lh = new Scene(engine);
    const rh = new Scene(engine);
    rh.useRightHandedSystem = true;
    const a = await loadVrmBabylon(lh, bytesOf('cryptovoxels.vrm'), 'cryptovoxels.vrm');
    const b = await loadVrmBabylon(rh, bytesOf('cryptovoxels.vrm'), 'cryptovoxels.vrm');
    for (const bone of ['hips', 'rightUpperArm', 'leftHand', 'head'] as const)
      expect(distance(world(a, bone), world(b, bone)), bone).toBeLessThan(1e-6);
    const pa = babylonWorld(rawNode(a, 'rightLowerArm'));
    const pb = babylonWorld(rawNode(b, 'rightLowerArm'));
    expect(pb.x).toBeCloseTo(-pa.x, 5);
    expect(pb.y).toBeCloseTo(pa.y, 5);
    expect(pb.z).toBeCloseTo(pa.z, 5);
    engine.dispose();
  });
});

describe.skipIf(!HAS_FIXTURES)('babylon adapter: isBinary and overrideBlink (VRM 1.0 spec sample)', () => {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  const happy = layout.expression('happy') - EXPRESSION_BASE;
  const blink = layout.expression('blink') - EXPRESSION_BASE;
  let vrm: BabylonVrm;
  beforeAll(async () => {
    vrm = await loadVrmBabylon(scene, bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), 'isBinary.vrm');
  });
  afterAll(() => engine.dispose());

  /** A meter's reading: its expression's applied weight (texture offset 0.5009765625 at rest → 0.0009765625). */
  const meter = (name: string): number => {
    const texture = scene.getMaterialByName(name)?.getActiveTextures()[0];
    if (!(texture instanceof Texture)) throw new Error(`no texture on ${name}`);
    return (0.5009765625 - texture.uOffset) / 0.5;
  };
  const play = (happyWeight: number, blinkWeight: number): void => {
    pose.expressions[happy] = happyWeight;
    pose.expressions[blink] = blinkWeight;
    vrm.applyPose(pose, layout);
    vrm.update(1 / 60);
  };

  it('reads the binds from the file: texture transforms, happy binary with overrideBlink "blend"', () => {
    const { json } = readGlbJson(bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), 'isBinary.vrm');
    const rig = describeRig(json, 'isBinary.vrm');
    const h = rig.expressions.find((e) => e.name === 'happy')!;
    expect([h.isBinary, h.overrideBlink, h.morphTargetBinds.length]).toEqual([true, 'blend', 0]);
    expect(h.textureTransformBinds.map((b) => b.material)).toEqual([0, 2]);
    expect(vrm.rig.expressions.map((e) => e.name)).toEqual(['happy', 'blink']);
  });

  it('at rest both meters read 0', () => {
    play(0, 0);
    expect(meter('Meter Happy')).toBeCloseTo(0, 6);
    expect(meter('Meter Blink')).toBeCloseTo(0, 6);
  });

  it('happy 0.4 is treated as 0 and leaves blink whole', () => {
    play(0.4, 1);
    expect(meter('Meter Happy')).toBeCloseTo(0, 6);
    expect(meter('Meter Blink')).toBeCloseTo(1, 6);
  });

  it('happy 0.6 is treated as 1 and blends blink by 1 − 1 = 0', () => {
    play(0.6, 1);
    expect(meter('Meter Happy')).toBeCloseTo(1, 6);
    expect(meter('Meter Blink')).toBeCloseTo(0, 6);
    // The shared validation window shows happy's cell: offset (0.875, 0), scale 0.125.
    const window = scene.getMaterialByName('Validation Window')!.getActiveTextures()[0] as Texture;
    expect([window.uOffset, window.vOffset, window.uScale, window.vScale]).toEqual([0.875, 0, 0.125, 0.125]);
  });

  it('blink alone passes through at its weight, and weights outside 0..1 are clamped', () => {
    play(0, 0.3);
    expect(meter('Meter Blink')).toBeCloseTo(0.3, 6);
    play(-1, 7);
    expect(meter('Meter Happy')).toBeCloseTo(0, 6);
    expect(meter('Meter Blink')).toBeCloseTo(1, 6);
    play(0, 0);
  });

  it('gives each meter material its own texture, so one expression never moves the other meter', () => {
    const a = scene.getMaterialByName('Meter Happy')!.getActiveTextures()[0];
    const b = scene.getMaterialByName('Meter Blink')!.getActiveTextures()[0];
    expect(a).not.toBe(b);
  });
});

describe.skipIf(!HAS_FIXTURES)('babylon adapter: MToon (VRMC_materials_mtoon UV animation sample)', () => {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  let vrm: BabylonVrm;
  beforeAll(async () => {
    vrm = await loadVrmBabylon(scene, bytesOf('VRMC_materials_mtoon_UV_Animation_Test.vrm'), 'mtoon.vrm');
  });
  afterAll(() => engine.dispose());

  it('loads every MToon material as the toon material, with base and shade textures', () => {
    for (const name of ['ScrollX', 'ScrollY', 'ScrollRot']) {
      const material = scene.getMaterialByName(name);
      expect(material, name).toBeInstanceOf(StandardMaterial);
      const toon = getToonPlugin(material!);
      expect(toon, name).not.toBeNull();
      expect(toon!.shadeTexture).toBeInstanceOf(Texture);
      expect((material as StandardMaterial).diffuseTexture).toBeInstanceOf(Texture);
      expect(material!.backFaceCulling).toBe(false);
    }
  });

  it('patches Babylon’s generated StandardMaterial shader at every toon point (GLSL)', async () => {
    new DirectionalLight('sun', new Vector3(0, -1, 1), scene);
    const mesh = scene.meshes.find((m) => m.material?.name === 'ScrollX')!;
    const material = mesh.material!;
    for (let i = 0; i < 100 && !material.isReadyForSubMesh(mesh, mesh.subMeshes[0]!); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const code = mesh.subMeshes[0]!.effect!.fragmentSourceCode;
    for (const patch of Object.values(TOON_SHADER_PATCHES))
      expect(code, patch.pattern).toContain(patch.code.split('\n')[0]);
    expect(code).toContain('color.rgb+=vrmToonShade*vrmToonShadeColorAt;');
    expect(code).toContain('uniform sampler2D vrmToonShadeSampler;');
  });

  it('animates UVs on update: scroll in UV units per second, rotation in radians per second', () => {
    const x = (scene.getMaterialByName('ScrollX') as StandardMaterial).diffuseTexture as Texture;
    const y = (scene.getMaterialByName('ScrollY') as StandardMaterial).diffuseTexture as Texture;
    const rot = (scene.getMaterialByName('ScrollRot') as StandardMaterial).diffuseTexture as Texture;
    const start = [x.uOffset, y.vOffset, rot.wAng];
    vrm.update(0.25);
    vrm.update(0.25);
    expect(x.uOffset - start[0]!).toBeCloseTo(0.5, 6);
    expect(y.vOffset - start[1]!).toBeCloseTo(0.5, 6);
    expect(rot.wAng - start[2]!).toBeCloseTo(-0.5, 6);
    expect([rot.uRotationCenter, rot.vRotationCenter]).toEqual([0.5, 0.5]);
  });

  it('poses a VRM 1.0 humanoid the same way as the 0.x one', () => {
    expect(vrm.rig.forward).toBe('+z');
    expectArmLowered(vrm);
  });

  it('takes eye rotations from the pose when the avatar has no lookAt', () => {
    expect(vrm.rig.lookAt).toBeNull();
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    vrm.applyPose(pose, layout);
    const rest = world(vrm, 'leftEye');
    const turn = axisAngle([0, 1, 0], 10);
    setBone(pose, 'leftEye', turn);
    vrm.applyPose(pose, layout);
    expect(distance(world(vrm, 'leftEye'), mul(turn, rest))).toBeLessThan(1e-4);
  });

  it('frees what it loaded on dispose', () => {
    const before = scene.meshes.length;
    expect(before).toBeGreaterThan(0);
    vrm.dispose();
    expect(scene.meshes).toHaveLength(0);
    expect(scene.materials.filter((m) => ['ScrollX', 'ScrollY', 'ScrollRot'].includes(m.name))).toHaveLength(
      0,
    );
    expect(scene.transformNodes).toHaveLength(0);
    vrm.dispose();
  });
});

describe.skipIf(!HAS_FIXTURES)('babylon adapter: bad files', () => {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  afterAll(() => engine.dispose());

  const expectError = async (bytes: Uint8Array, file: string, message: RegExp): Promise<RigReadError> => {
    const meshes = scene.meshes.length;
    const nodes = scene.transformNodes.length;
    const error = await loadVrmBabylon(scene, bytes, file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RigReadError);
    expect((error as RigReadError).message).toMatch(message);
    expect(scene.meshes).toHaveLength(meshes);
    expect(scene.transformNodes).toHaveLength(nodes);
    return error as RigReadError;
  };

  it('a truncated file names the file and the byte offset', async () => {
    const bytes = bytesOf('cryptovoxels.vrm');
    const error = await expectError(
      bytes.subarray(0, 100_000),
      'cut.vrm',
      /^cut\.vrm: byte \d+: .*truncated/,
    );
    expect(error.offset).toBeGreaterThan(0);
  });

  it('a corrupted JSON chunk names the file and the byte offset', async () => {
    const bytes = bytesOf('cryptovoxels.vrm').slice();
    bytes[40] = 0x7d; // '}' in the middle of the JSON
    await expectError(bytes, 'corrupt.vrm', /^corrupt\.vrm: byte \d+: bad JSON chunk/);
  });

  it('bytes that are not a GLB say so', async () => {
    await expectError(
      new TextEncoder().encode('not a vrm'),
      'junk.vrm',
      /^junk\.vrm: byte 0: not a GLB file/,
    );
  });

  it('an unknown required extension names the file and the JSON path', async () => {
    const bytes = withJson(bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), (json) => {
      json.extensionsUsed = [...(json.extensionsUsed as string[]), 'EXT_made_up'];
      json.extensionsRequired = ['KHR_texture_transform', 'EXT_made_up'];
    });
    const error = await expectError(
      bytes,
      'required.vrm',
      /^required\.vrm: \/extensionsRequired\/1: .*"EXT_made_up"/,
    );
    expect(error.path).toBe('/extensionsRequired/1');
  });

  it('required VRM extensions the adapter does not render are tolerated', async () => {
    const bytes = withJson(bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), (json) => {
      json.extensionsUsed = [...(json.extensionsUsed as string[]), 'VRMC_springBone', 'VRMC_node_constraint'];
      json.extensionsRequired = ['VRMC_vrm', 'VRMC_springBone', 'VRMC_node_constraint'];
    });
    const vrm = await loadVrmBabylon(scene, bytes, 'tolerated.vrm');
    expect(vrm.rig.specVersion).toBe('1.0');
    vrm.dispose();
  });

  it('broken VRM data names the file and the JSON pointer', async () => {
    const bytes = withJson(bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), (json) => {
      const ext = (json.extensions as Record<string, { humanoid: { humanBones: Record<string, unknown> } }>)
        .VRMC_vrm!;
      ext.humanoid.humanBones.head = { node: 999 };
    });
    const error = await expectError(
      bytes,
      'bones.vrm',
      /^bones\.vrm: \/extensions\/VRMC_vrm\/humanoid\/humanBones\/head\/node: /,
    );
    expect(error.path).toBe('/extensions/VRMC_vrm/humanoid/humanBones/head/node');
  });

  it('a plain glTF without a VRM extension says so', async () => {
    const bytes = withJson(bytesOf('VRMC_vrm_expressions_isBinary_Overrides.vrm'), (json) => {
      delete json.extensions;
      json.extensionsUsed = ['KHR_texture_transform'];
    });
    await expectError(bytes, 'plain.glb', /^plain\.glb: \/extensions: no VRMC_vrm/);
  });

  it('geometry Babylon cannot read is reported with the file name, and nothing is left behind', async () => {
    const bytes = withJson(bytesOf('cryptovoxels.vrm'), (json) => {
      const accessors = json.accessors as { count: number }[];
      accessors[0]!.count = 1e9;
    });
    await expectError(bytes, 'geometry.vrm', /^geometry\.vrm: Babylon\.js could not load the glTF: /);
  });
});

describe.skipIf(!HAS_FIXTURES)('babylon adapter: engine plugin', () => {
  it('writes each attached avatar’s pose in the apply phase', async () => {
    const engine = new NullEngine();
    const scene = new Scene(engine);
    const vrm = await loadVrmBabylon(scene, bytesOf('cryptovoxels.vrm'), 'cryptovoxels.vrm');
    const registry = testRegistry([
      capsule({
        id: 'HK_900',
        duration_ms: 1000,
        envelope: { attack_ms: 0, hold_ms: 1000, release_ms: 0, easing: 'none' },
        tracks: [{ kind: 'joint', target: 'rightUpperArm', value: [0, 0, 40] }],
      }),
    ]);
    const clock = createSimulatedClock();
    const world = createEngine({
      clock,
      seed: 1,
      plugins: [capsulePlugin(registry), babylonAdapterPlugin()],
    });
    expect(world.systemOrder()).toContain('apply:babylon-apply');
    const runtime = world.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const avatar = runtime.addAvatar('a');
    const adapter = world.resource<BabylonAdapter>(BABYLON_ADAPTER);
    adapter.attach(avatar, vrm);
    world.update();
    const rest = world_(vrm);
    runtime.play(avatar, 'HK_900', { atMs: 0 });
    clock.set(500);
    world.update();
    const turned = world_(vrm);
    expect(distance(turned, rest)).toBeGreaterThan(0.1);
    expect(distance(turned, mul(axisAngle([0, 0, 1], 40), rest))).toBeLessThan(1e-4);
    adapter.detach(avatar);
    runtime.cancel(avatar, null, { fadeMs: 0 });
    clock.set(600);
    world.update();
    expect(distance(world_(vrm), turned)).toBeLessThan(1e-9);
    vrm.dispose();
    engine.dispose();
  });
  const world_ = (vrm: BabylonVrm): Quat => world(vrm, 'rightUpperArm');
});

describe.skipIf(!existsSync(DEFAULT_AVATAR))('babylon adapter: the default avatar', () => {
  const engine = new NullEngine();
  const scene = new Scene(engine);
  let vrm: BabylonVrm;
  beforeAll(async () => {
    vrm = await loadVrmBabylon(scene, new Uint8Array(readFileSync(DEFAULT_AVATAR)), 'default-avatar.vrm');
  });
  afterAll(() => engine.dispose());

  it('moves morph influences through expression binds (ARKit channel → custom expression)', () => {
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    vrm.applyPose(pose, layout);
    const rest = JSON.stringify(vrm.morphInfluences());
    const jawOpen = vrm.rig.expressions.find((e) => e.name === 'custom:jawOpen' || e.name === 'aa');
    expect(jawOpen).toBeTruthy();
    pose.expressions[layout.expression(jawOpen!.name === 'aa' ? 'aa' : 'jawOpen') - EXPRESSION_BASE] = 1;
    vrm.applyPose(pose, layout);
    expect(JSON.stringify(vrm.morphInfluences())).not.toBe(rest);
  });

  it('rotates finger bones', () => {
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    vrm.applyPose(pose, layout);
    const rest = world(vrm, 'rightIndexProximal');
    const curl = axisAngle([0, 0, 1], 30);
    setBone(pose, 'rightIndexProximal', curl);
    vrm.applyPose(pose, layout);
    expect(distance(world(vrm, 'rightIndexProximal'), mul(curl, rest))).toBeLessThan(1e-4);
  });

  it('poses its humanoid in the VRM 1.0 frame', () => {
    expectArmLowered(vrm);
  });
});
