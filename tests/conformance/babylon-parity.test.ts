/**
 * Babylon adapter ≡ three.js adapter (three-vrm): the same pose buffers give the same raw-bone world
 * rotations (1e-4), morph influences, material colours and texture transforms. Checked on synthetic
 * VRM 1.0 and 0.x avatars built here to be hard on the maths — non-identity rest rotations, a rotated
 * and scaled armature, a non-bone node inside the chain, asymmetric look-at range maps (bone and
 * expression type), overrides of every kind, binary expressions, shared textures — and on the shared
 * fixtures and the default avatar when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.pure.js';
import { Logger } from '@babylonjs/core/Misc/logger.js';
import type { PBRMaterial } from '@babylonjs/core/Materials/PBR/pbrMaterial.pure.js';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import type { Texture } from '@babylonjs/core/Materials/Textures/texture.pure.js';
import { Scene } from '@babylonjs/core/scene.pure.js';
import type { Mesh, MeshStandardMaterial, Object3D } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadVrmBabylon } from '../../engine/adapters/babylon/index.ts';
import type { BabylonVrm } from '../../engine/adapters/babylon/index.ts';
import { getToonPlugin } from '../../engine/adapters/babylon/toon-plugin.ts';
import { loadVrmThree } from '../../engine/adapters/three/index.ts';
import type { ThreeVrmAvatar } from '../../engine/adapters/three/index.ts';
import { BONE_COUNT } from '../../engine/rig/bones.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';
import { ChannelLayout, EXPRESSION_BASE } from '../../engine/rig/channels.ts';
import { createPoseBuffer, rotationVectorToQuaternion } from '../../engine/rig/pose-buffer.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { installDomShim } from './dom-shim.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { parseScript } from '../../engine/script/script.ts';
import { runPerformance } from '../../tools/perform/run-performance.ts';
import { FIXTURES, HAS_FIXTURES } from './shared-fixtures.ts';

installDomShim();
// The shim's document lacks listeners; Babylon's engine dispose unregisters some when a document exists.
const doc = globalThis.document as unknown as Record<string, unknown>;
doc.addEventListener ??= () => {};
doc.removeEventListener ??= () => {};
Logger.LogLevels = Logger.WarningLogLevel | Logger.ErrorLogLevel;
if (!HAS_FIXTURES) console.warn(`babylon parity on shared fixtures skipped: no VRM fixtures at ${FIXTURES}`);
const DEFAULT_AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));
const DEG = Math.PI / 180;

// ── A synthetic VRM ───────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;
type V3 = [number, number, number];
type Q = [number, number, number, number];

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomRotation(rand: () => number, maxDegrees: number): Q {
  const v: V3 = [rand() - 0.5, rand() - 0.5, rand() - 0.5];
  const len = Math.hypot(...v) || 1;
  const angle = (rand() * 2 - 1) * maxDegrees * DEG;
  const out = new Float32Array(4);
  rotationVectorToQuaternion((v[0] / len) * angle, (v[1] / len) * angle, (v[2] / len) * angle, out, 0);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

/** [bone, parent, translation]; `_twist` is a non-bone node inside the chain. */
const SKELETON: [string, string | null, V3][] = [
  ['hips', null, [0, 0.9, 0]],
  ['spine', 'hips', [0, 0.1, 0]],
  ['chest', 'spine', [0, 0.12, 0]],
  ['_twist', 'chest', [0, 0.05, 0]],
  ['upperChest', '_twist', [0, 0.08, 0.01]],
  ['neck', 'upperChest', [0, 0.15, 0]],
  ['head', 'neck', [0, 0.1, 0]],
  ['leftEye', 'head', [0.03, 0.06, 0.08]],
  ['rightEye', 'head', [-0.03, 0.06, 0.08]],
  ['jaw', 'head', [0, -0.02, 0.04]],
  ['leftUpperLeg', 'hips', [0.09, -0.05, 0]],
  ['leftLowerLeg', 'leftUpperLeg', [0, -0.4, 0]],
  ['leftFoot', 'leftLowerLeg', [0, -0.4, 0]],
  ['rightUpperLeg', 'hips', [-0.09, -0.05, 0]],
  ['rightLowerLeg', 'rightUpperLeg', [0, -0.4, 0]],
  ['rightFoot', 'rightLowerLeg', [0, -0.4, 0]],
  ['leftShoulder', 'upperChest', [0.04, 0.12, 0]],
  ['leftUpperArm', 'leftShoulder', [0.1, 0, 0]],
  ['leftLowerArm', 'leftUpperArm', [0.25, 0, 0]],
  ['leftHand', 'leftLowerArm', [0.24, 0, 0]],
  ['leftThumbMetacarpal', 'leftHand', [0.02, 0, 0.02]],
  ['leftIndexProximal', 'leftHand', [0.08, 0, 0.02]],
  ['leftIndexIntermediate', 'leftIndexProximal', [0.03, 0, 0]],
  ['rightShoulder', 'upperChest', [-0.04, 0.12, 0]],
  ['rightUpperArm', 'rightShoulder', [-0.1, 0, 0]],
  ['rightLowerArm', 'rightUpperArm', [-0.25, 0, 0]],
  ['rightHand', 'rightLowerArm', [-0.24, 0, 0]],
  ['rightThumbMetacarpal', 'rightHand', [-0.02, 0, 0.02]],
  ['rightIndexProximal', 'rightHand', [-0.08, 0, 0.02]],
  ['rightIndexIntermediate', 'rightIndexProximal', [-0.03, 0, 0]],
];

const PNG_1X1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  ),
);

/** Packs glTF JSON and one binary buffer as GLB. */
function glb(json: Json, bin: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = Math.ceil(text.length / 4) * 4;
  const binLength = Math.ceil(bin.length / 4) * 4;
  const out = new Uint8Array(12 + 8 + jsonLength + 8 + binLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, out.length, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.fill(0x20, 20, 20 + jsonLength);
  out.set(text, 20);
  view.setUint32(20 + jsonLength, binLength, true);
  view.setUint32(24 + jsonLength, 0x004e4942, true);
  out.set(bin, 28 + jsonLength);
  return out;
}

interface SyntheticOptions {
  version: '1.0' | '0.x';
  lookAt: 'bone' | 'expression';
  seed: number;
}

/** Builds a small VRM that exercises every part of the adapter's maths. */
function syntheticVrm({ version, lookAt, seed }: SyntheticOptions): Uint8Array {
  const rand = random(seed);
  const chunks: Uint8Array[] = [];
  let byteLength = 0;
  const bufferViews: Json[] = [];
  const accessors: Json[] = [];
  const addView = (bytes: Uint8Array): number => {
    bufferViews.push({ buffer: 0, byteOffset: byteLength, byteLength: bytes.length });
    chunks.push(bytes);
    const padded = Math.ceil(bytes.length / 4) * 4;
    if (padded > bytes.length) chunks.push(new Uint8Array(padded - bytes.length));
    byteLength += padded;
    return bufferViews.length - 1;
  };
  const addVec3 = (values: number[]): number => {
    const data = Float32Array.from(values);
    const view = addView(new Uint8Array(data.buffer));
    const min = [0, 1, 2].map((c) => Math.min(...values.filter((_, i) => i % 3 === c)));
    const max = [0, 1, 2].map((c) => Math.max(...values.filter((_, i) => i % 3 === c)));
    accessors.push({
      bufferView: view,
      componentType: 5126,
      count: values.length / 3,
      type: 'VEC3',
      min,
      max,
    });
    return accessors.length - 1;
  };
  const triangle = addVec3([0, 0, 0, 0.1, 0, 0, 0, 0.1, 0]);
  const uv = (() => {
    const data = Float32Array.from([0, 0, 1, 0, 0, 1]);
    accessors.push({
      bufferView: addView(new Uint8Array(data.buffer)),
      componentType: 5126,
      count: 3,
      type: 'VEC2',
    });
    return accessors.length - 1;
  })();
  const targets = (n: number): Json[] =>
    Array.from({ length: n }, (_, t) => ({ POSITION: addVec3([0, 0, 0.01 * (t + 1), 0, 0, 0, 0, 0, 0]) }));
  const imageView = addView(PNG_1X1);

  const nodes: Json[] = [];
  const index = new Map<string, number>();
  nodes.push({
    name: 'Armature',
    translation: [0.2, 0, -0.1],
    rotation: randomRotation(rand, 20),
    scale: [1.1, 1.1, 1.1],
    children: [],
  });
  for (const [name, parent, translation] of SKELETON) {
    index.set(name, nodes.length);
    nodes.push({
      name: name === '_twist' ? 'Twist' : `J_${name}`,
      translation,
      rotation: randomRotation(rand, 35),
    });
    const p = parent === null ? nodes[0]! : nodes[index.get(parent)!]!;
    ((p.children ??= []) as number[]).push(nodes.length - 1);
  }
  const meshNode = (name: string, mesh: number): number => {
    nodes.push({ name, mesh });
    return nodes.length - 1;
  };
  const face = meshNode('Face', 0);
  const body = meshNode('Body', 1);
  const bodyCopy = meshNode('BodyCopy', 1);
  const hat = meshNode('Hat', 2);
  const prim = (material: number, n: number): Json => ({
    attributes: { POSITION: triangle, TEXCOORD_0: uv },
    material,
    ...(n > 0 ? { targets: targets(n) } : {}),
  });
  const meshes = [
    { name: 'FaceMesh', primitives: [prim(1, 4)] },
    { name: 'BodyMesh', primitives: [prim(0, 3)] },
    { name: 'HatMesh', primitives: [prim(2, 0)] },
  ];
  const materials = [
    {
      name: 'Skin',
      pbrMetallicRoughness: { baseColorFactor: [0.8, 0.6, 0.5, 1] },
      emissiveFactor: [0.1, 0, 0],
    },
    {
      name: 'Eye',
      pbrMetallicRoughness: { baseColorFactor: [0.9, 0.8, 0.7, 1], baseColorTexture: { index: 0 } },
      emissiveFactor: [0, 0.1, 0.2],
    },
    { name: 'Other', pbrMetallicRoughness: { baseColorTexture: { index: 0 } } },
  ];
  const bone = (name: string): number => index.get(name)!;
  const json: Json = {
    asset: { version: '2.0', generator: 'babylon-parity.test' },
    scene: 0,
    scenes: [{ nodes: [0, face, body, bodyCopy, hat] }],
    nodes,
    meshes,
    materials,
    accessors,
    bufferViews,
    buffers: [{ byteLength }],
    images: [{ bufferView: imageView, mimeType: 'image/png' }],
    samplers: [{}],
    textures: [{ source: 0, sampler: 0 }],
  };
  const boneNames = SKELETON.map(([name]) => name).filter((n) => n !== '_twist');
  const ranges =
    lookAt === 'bone'
      ? { inner: [30, 8], outer: [60, 12], down: [40, 9], up: [25, 7] }
      : { inner: [30, 0.8], outer: [60, 0.9], down: [40, 1], up: [25, 0.6] };

  if (version === '1.0') {
    const m = (node: number, i: number, weight: number): Json => ({ node, index: i, weight });
    const range = ([inputMaxValue, outputScale]: number[]): Json => ({ inputMaxValue, outputScale });
    json.extensionsUsed = ['VRMC_vrm'];
    json.extensions = {
      VRMC_vrm: {
        specVersion: '1.0',
        meta: { name: 'synthetic', authors: ['test'], licenseUrl: 'https://vrm.dev/licenses/1.0/' },
        humanoid: { humanBones: Object.fromEntries(boneNames.map((b) => [b, { node: bone(b) }])) },
        expressions: {
          preset: {
            happy: {
              morphTargetBinds: [m(face, 0, 1), m(body, 0, 0.5)],
              materialColorBinds: [
                { material: 1, type: 'color', targetValue: [1, 0, 0, 0.5] },
                { material: 1, type: 'emissionColor', targetValue: [0, 0.5, 0, 1] },
              ],
              overrideBlink: 'block',
              overrideMouth: 'blend',
            },
            blink: { morphTargetBinds: [m(face, 1, 1)] },
            aa: {
              morphTargetBinds: [m(face, 2, 0.8)],
              textureTransformBinds: [{ material: 1, scale: [2, 2], offset: [0.5, 0.25] }],
            },
            angry: { isBinary: true, overrideMouth: 'block', morphTargetBinds: [m(body, 1, 1)] },
            sad: { overrideLookAt: 'blend', morphTargetBinds: [m(body, 2, 1)] },
            lookUp: { morphTargetBinds: [m(face, 3, 1)] },
            lookDown: { morphTargetBinds: [m(body, 2, 0.7)] },
            lookLeft: { morphTargetBinds: [m(face, 0, 0.3)] },
            lookRight: { morphTargetBinds: [m(face, 1, 0.6)] },
          },
          custom: {
            jawOpen: { morphTargetBinds: [m(face, 2, 0.3)] },
            smirk: { morphTargetBinds: [m(bodyCopy, 0, 1)] },
          },
        },
        lookAt: {
          type: lookAt,
          offsetFromHeadBone: [0, 0.06, 0.02],
          rangeMapHorizontalInner: range(ranges.inner),
          rangeMapHorizontalOuter: range(ranges.outer),
          rangeMapVerticalDown: range(ranges.down),
          rangeMapVerticalUp: range(ranges.up),
        },
      },
    };
  } else {
    const b = (mesh: number, i: number, weight: number): Json => ({ mesh, index: i, weight });
    const curve = [0, 0, 0, 1, 1, 1, 1, 0];
    const range = ([xRange, yRange]: number[]): Json => ({ curve, xRange, yRange });
    const v0Name = (n: string): string =>
      n === 'leftThumbMetacarpal'
        ? 'leftThumbProximal'
        : n === 'rightThumbMetacarpal'
          ? 'rightThumbProximal'
          : n;
    json.extensionsUsed = ['VRM'];
    json.extensions = {
      VRM: {
        specVersion: '0.0',
        meta: { title: 'synthetic', author: 'test', licenseName: 'CC0' },
        humanoid: { humanBones: boneNames.map((n) => ({ bone: v0Name(n), node: bone(n) })) },
        blendShapeMaster: {
          blendShapeGroups: [
            {
              name: 'Joy',
              presetName: 'joy',
              binds: [b(0, 0, 100), b(1, 0, 50)],
              materialValues: [
                { materialName: 'Eye', propertyName: '_Color', targetValue: [1, 0, 0, 0.5] },
                { materialName: 'Eye', propertyName: '_EmissionColor', targetValue: [0, 0.5, 0, 1] },
              ],
            },
            { name: 'Blink', presetName: 'blink', binds: [b(0, 1, 100)] },
            {
              name: 'A',
              presetName: 'a',
              binds: [b(0, 2, 80)],
              materialValues: [
                { materialName: 'Eye', propertyName: '_MainTex_ST', targetValue: [2, 2, 0.5, 0.25] },
              ],
            },
            { name: 'Angry', presetName: 'angry', isBinary: true, binds: [b(1, 1, 100)] },
            { name: 'Sorrow', presetName: 'sorrow', binds: [b(1, 2, 100)] },
            { name: 'LookUp', presetName: 'lookup', binds: [b(0, 3, 100)] },
            { name: 'LookDown', presetName: 'lookdown', binds: [b(1, 2, 70)] },
            { name: 'LookLeft', presetName: 'lookleft', binds: [b(0, 0, 30)] },
            { name: 'LookRight', presetName: 'lookright', binds: [b(0, 1, 60)] },
            { name: 'jawOpen', presetName: 'unknown', binds: [b(0, 2, 30)] },
            { name: 'smirk', presetName: 'unknown', binds: [b(1, 0, 100)] },
          ],
        },
        firstPerson: {
          firstPersonBone: bone('head'),
          firstPersonBoneOffset: { x: 0, y: 0.06, z: 0.02 },
          lookAtTypeName: lookAt === 'bone' ? 'Bone' : 'BlendShape',
          lookAtHorizontalInner: range(ranges.inner),
          lookAtHorizontalOuter: range(ranges.outer),
          lookAtVerticalDown: range(ranges.down),
          lookAtVerticalUp: range(ranges.up),
        },
        materialProperties: [
          { name: 'Skin', shader: 'VRM_USE_GLTFSHADER' },
          { name: 'Eye', shader: 'VRM_USE_GLTFSHADER' },
          {
            name: 'Other',
            shader: 'VRM/MToon',
            floatProperties: { _ShadeToony: 0.7, _ShadeShift: -0.2, _CullMode: 0 },
            vectorProperties: { _Color: [0.9, 0.8, 0.7, 1], _ShadeColor: [0.5, 0.4, 0.3, 1] },
            textureProperties: { _MainTex: 0 },
            keywordMap: {},
          },
        ],
      },
    };
  }
  const bin = new Uint8Array(byteLength);
  let at = 0;
  for (const c of chunks) {
    bin.set(c, at);
    at += c.length;
  }
  return glb(json, bin);
}

// ── Comparing the two adapters ──────────────────────────────────────────────────────────────

interface Pair {
  readonly babylon: BabylonVrm;
  readonly three: ThreeVrmAvatar;
  readonly scene: Scene;
}

async function loadBoth(engine: NullEngine, bytes: Uint8Array, file: string): Promise<Pair> {
  const scene = new Scene(engine);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const babylon = await loadVrmBabylon(scene, bytes, file);
    const three = await loadVrmThree(bytes, file, { optimize: false });
    return { babylon, three, scene };
  } finally {
    warn.mockRestore();
  }
}

/** A random pose: every bone turned up to `maxDegrees`, hips moved, gaze, expression weights. */
function randomPose(layout: ChannelLayout, pose: PoseBuffer, rand: () => number, maxDegrees: number): void {
  for (let b = 0; b < BONE_COUNT; b++) pose.rotations.set(randomRotation(rand, maxDegrees), b * 4);
  pose.hipsOffset.set([(rand() - 0.5) * 0.4, (rand() - 0.5) * 0.2, (rand() - 0.5) * 0.4]);
  pose.gaze.set([(rand() - 0.5) * 120, (rand() - 0.5) * 100]);
  pose.expressions.fill(0);
  const names = [
    'happy',
    'blink',
    'aa',
    'angry',
    'sad',
    'lookUp',
    'lookDown',
    'lookLeft',
    'lookRight',
    'jawOpen',
  ];
  for (const name of [...names, 'custom:smirk']) {
    // Binary thresholds and overrides get exercised: weights cluster around 0.5 and 0/1.
    const r = rand();
    const w = r < 0.2 ? 0 : r < 0.35 ? 1 : r < 0.6 ? 0.45 + rand() * 0.1 : rand();
    pose.expressions[layout.expression(name) - EXPRESSION_BASE] = w;
  }
}

const sameRotation = (a: Float32Array, b: Float32Array): number =>
  Math.min(...[1, -1].map((s) => Math.hypot(...[0, 1, 2, 3].map((i) => a[i]! - s * b[i]!))));

/** Raw-bone world rotations of every mapped bone agree within 1e-4. */
function expectSameBones(pair: Pair, context: string): void {
  const a = new Float32Array(4);
  const b = new Float32Array(4);
  for (const bone of Object.keys(pair.babylon.rig.humanBones) as HumanBoneName[]) {
    pair.babylon.boneWorldQuaternion(bone, a);
    pair.three.boneWorldQuaternion(bone, b);
    expect(sameRotation(a, b), `${context} ${bone}`).toBeLessThan(1e-4);
  }
}

/** Morph influences agree (three-vrm's sums above 1 clamped, the adapter's documented choice). */
function expectSameMorphs(pair: Pair, context: string): void {
  // Primitives of a multi-primitive mesh: Babylon names them `<node>_primitive<i>`, three.js `<node>_<i + 1>`.
  const babylon = Object.fromEntries(
    Object.entries(pair.babylon.morphInfluences()).map(([name, values]) => [
      name.replace(/_primitive(\d+)$/, (_, i: string) => `_${Number(i) + 1}`),
      values,
    ]),
  );
  const three = pair.three.morphInfluences();
  expect(Object.keys(babylon).sort(), context).toEqual(Object.keys(three).sort());
  for (const [mesh, values] of Object.entries(three)) {
    const clamped = values.map((v) => Math.min(1, Math.max(0, v)));
    babylon[mesh]!.forEach((v, i) => expect(v, `${context} ${mesh}[${i}]`).toBeCloseTo(clamped[i]!, 5));
  }
}

function threeMaterial(three: ThreeVrmAvatar, name: string): MeshStandardMaterial {
  let found: MeshStandardMaterial | null = null;
  three.vrm.scene.traverse((o: Object3D) => {
    const material = (o as Mesh).material as MeshStandardMaterial | undefined;
    if (material?.name === name) found = material;
  });
  if (!found) throw new Error(`three: no material ${name}`);
  return found;
}

/** Colour and texture-transform binds agree on the synthetic avatar's materials. */
function expectSameMaterials(pair: Pair, context: string): void {
  const colored = pair.scene.getMaterialByName('Eye') as PBRMaterial;
  const colored3 = threeMaterial(pair.three, 'Eye');
  expect(colored.albedoColor.r, `${context} color.r`).toBeCloseTo(colored3.color.r, 5);
  expect(colored.albedoColor.g, `${context} color.g`).toBeCloseTo(colored3.color.g, 5);
  expect(colored.albedoColor.b, `${context} color.b`).toBeCloseTo(colored3.color.b, 5);
  expect(colored.alpha, `${context} alpha`).toBeCloseTo(colored3.opacity, 5);
  expect(colored.emissiveColor.g, `${context} emissive.g`).toBeCloseTo(colored3.emissive.g, 5);
  const eye = (pair.scene.getMaterialByName('Eye') as PBRMaterial).albedoTexture as Texture;
  const eye3 = threeMaterial(pair.three, 'Eye').map!;
  expect(
    [eye.uOffset, eye.vOffset, eye.uScale, eye.vScale].map((v) => v.toFixed(5)),
    context,
  ).toEqual([eye3.offset.x, eye3.offset.y, eye3.repeat.x, eye3.repeat.y].map((v) => v.toFixed(5)));
}

function drive(pair: Pair, layout: ChannelLayout, pose: PoseBuffer): void {
  pair.babylon.applyPose(pose, layout);
  pair.babylon.update(1 / 60);
  pair.three.applyPose(pose, layout);
  pair.three.update(1 / 60);
}

const CASES: SyntheticOptions[] = [
  { version: '1.0', lookAt: 'bone', seed: 1 },
  { version: '1.0', lookAt: 'expression', seed: 2 },
  { version: '0.x', lookAt: 'bone', seed: 3 },
  { version: '0.x', lookAt: 'expression', seed: 4 },
];

describe.each(CASES)('babylon ≡ three-vrm: synthetic VRM $version, $lookAt look-at', (options) => {
  const engine = new NullEngine();
  // One layout for the whole avatar life, as in an engine: custom channels are interned once.
  const layout = new ChannelLayout();
  layout.expression('custom:smirk');
  let pair: Pair;
  beforeAll(async () => {
    pair = await loadBoth(engine, syntheticVrm(options), `synthetic-${options.version}.vrm`);
  });
  afterAll(() => {
    pair.babylon.dispose();
    pair.three.dispose();
    engine.dispose();
  });

  it('agrees at rest', () => {
    const pose = createPoseBuffer(layout);
    drive(pair, layout, pose);
    expectSameBones(pair, 'rest');
    expectSameMorphs(pair, 'rest');
    expectSameMaterials(pair, 'rest');
  });

  it('agrees on 40 random poses: bones, hips, gaze, expressions with binary and override rules', () => {
    const pose = createPoseBuffer(layout);
    const rand = random(options.seed * 101);
    for (let i = 0; i < 40; i++) {
      randomPose(layout, pose, rand, 70);
      drive(pair, layout, pose);
      expectSameBones(pair, `pose ${i}`);
      expectSameMorphs(pair, `pose ${i}`);
      expectSameMaterials(pair, `pose ${i}`);
    }
  });

  it('moves the eyes (bone look-at) or the look expressions from gaze alone', () => {
    const pose = createPoseBuffer(layout);
    drive(pair, layout, pose);
    const rest = JSON.stringify([pair.babylon.morphInfluences(), [...eye(pair.babylon)]]);
    pose.gaze.set([25, -15]);
    drive(pair, layout, pose);
    expect(JSON.stringify([pair.babylon.morphInfluences(), [...eye(pair.babylon)]])).not.toBe(rest);
    expectSameBones(pair, 'gaze');
    expectSameMorphs(pair, 'gaze');
  });

  if (options.version === '0.x') {
    it('renders VRM 0.x MToon materials with the toon material, parameters as three-vrm converts them', () => {
      const other = pair.scene.getMaterialByName('Other') as StandardMaterial;
      const toon = getToonPlugin(other);
      expect(toon).not.toBeNull();
      const mtoon = threeMaterial(pair.three, 'Other') as unknown as {
        shadingToonyFactor: number;
        shadingShiftFactor: number;
        shadeColorFactor: { r: number };
        color: { r: number };
      };
      expect(toon!.shadingToony).toBeCloseTo(mtoon.shadingToonyFactor, 6);
      expect(toon!.shadingShift).toBeCloseTo(mtoon.shadingShiftFactor, 6);
      expect(toon!.shadeColor.toLinearSpace().r).toBeCloseTo(mtoon.shadeColorFactor.r, 3);
      expect(other.diffuseColor.toLinearSpace().r).toBeCloseTo(mtoon.color.r, 3);
      expect(other.backFaceCulling).toBe(false);
    });
  }
});

function eye(vrm: BabylonVrm): Float32Array {
  const out = new Float32Array(4);
  vrm.boneWorldQuaternion('leftEye', out);
  return out;
}

describe.skipIf(!HAS_FIXTURES)('babylon ≡ three-vrm: shared fixtures', () => {
  const engine = new NullEngine();
  afterAll(() => engine.dispose());

  it.each(['cryptovoxels.vrm', 'VRMC_materials_mtoon_UV_Animation_Test.vrm'])(
    '%s: bones agree on random poses',
    async (file) => {
      const pair = await loadBoth(engine, new Uint8Array(readFileSync(join(FIXTURES, file))), file);
      const layout = new ChannelLayout();
      const pose = createPoseBuffer(layout);
      const rand = random(7);
      for (let i = 0; i < 20; i++) {
        randomPose(layout, pose, rand, 60);
        drive(pair, layout, pose);
        expectSameBones(pair, `${file} pose ${i}`);
      }
      pair.babylon.dispose();
      pair.three.dispose();
    },
  );

  it('isBinary sample: the meters agree for weights around the binary threshold', async () => {
    const file = 'VRMC_vrm_expressions_isBinary_Overrides.vrm';
    const pair = await loadBoth(engine, new Uint8Array(readFileSync(join(FIXTURES, file))), file);
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    const happy = layout.expression('happy') - EXPRESSION_BASE;
    const blink = layout.expression('blink') - EXPRESSION_BASE;
    for (const [h, b] of [
      [0, 0],
      [0.4, 1],
      [0.5, 1],
      [0.51, 1],
      [0.6, 0.3],
      [0.2, 0.7],
      [1, 1],
    ] as const) {
      pose.expressions[happy] = h;
      pose.expressions[blink] = b;
      drive(pair, layout, pose);
      for (const name of ['Validation Window', 'Meter Happy', 'Meter Blink']) {
        const t = pair.scene.getMaterialByName(name)!.getActiveTextures()[0] as Texture;
        const t3 = threeMaterial(pair.three, name).map!;
        expect(
          [t.uOffset, t.vOffset, t.uScale, t.vScale].map((v) => v.toFixed(6)),
          `${name} ${h} ${b}`,
        ).toEqual([t3.offset.x, t3.offset.y, t3.repeat.x, t3.repeat.y].map((v) => v.toFixed(6)));
      }
    }
    pair.babylon.dispose();
    pair.three.dispose();
  });
});

describe.skipIf(!existsSync(DEFAULT_AVATAR))('babylon ≡ three-vrm: the default avatar', () => {
  it('bones and morph influences agree on random poses', async () => {
    const engine = new NullEngine();
    const pair = await loadBoth(engine, new Uint8Array(readFileSync(DEFAULT_AVATAR)), 'default-avatar.vrm');
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    const rand = random(11);
    for (let i = 0; i < 10; i++) {
      randomPose(layout, pose, rand, 50);
      drive(pair, layout, pose);
      expectSameBones(pair, `pose ${i}`);
      expectSameMorphs(pair, `pose ${i}`);
    }
    pair.babylon.dispose();
    pair.three.dispose();
    engine.dispose();
  });
});

describe.skipIf(!existsSync(DEFAULT_AVATAR))(
  'babylon ≡ three-vrm: a seeded performance on the default avatar',
  () => {
    it('gives the same bone world rotations and morph influences at sampled frames', async () => {
      const { registry } = loadFolder('capsules');
      // Every fourth capsule of the library, one after another: hands, and face/body/voice when present.
      const ids = registry.ids().filter((_, i) => i % 4 === 0);
      const script = parseScript(
        JSON.stringify({
          format_version: 1,
          duration_ms: 200 * ids.length + 1000,
          avatars: ['ada'],
          events: [
            { at_ms: 0, avatar: 'ada', profile: 'hands_explaining', speech_onset_ms: 400 },
            ...ids.map((id, i) => ({ at_ms: 200 * i, avatar: 'ada', capsule: id })),
          ],
        }),
        'parity.script.json',
      );
      const engine = new NullEngine();
      const pair = await loadBoth(engine, new Uint8Array(readFileSync(DEFAULT_AVATAR)), 'default-avatar.vrm');
      let sampled = 0;
      let moved = 0;
      runPerformance({
        script,
        registry,
        seed: 7,
        fps: 30,
        onFrame: (t, avatars, frame) => {
          if (frame % 9 !== 0) return;
          drive(pair, registry.layout, avatars[0]!.pose);
          expectSameBones(pair, `t=${t.toFixed(1)}`);
          expectSameMorphs(pair, `t=${t.toFixed(1)}`);
          sampled++;
          if (avatars[0]!.pose.rotations.some((q, i) => i % 4 !== 3 && Math.abs(q) > 1e-3)) moved++;
        },
      });
      expect(sampled).toBeGreaterThan(10);
      expect(moved).toBeGreaterThan(sampled / 3); // the comparison ran on a moving avatar, not a rest pose
      pair.babylon.dispose();
      pair.three.dispose();
      engine.dispose();
    });
  },
);

/** Sanity: the synthetic file really is what the parity tests think they are testing. */
describe('synthetic VRM', () => {
  it('has non-identity rest rotations on every bone and both look-at types', async () => {
    const engine = new NullEngine();
    const scene = new Scene(engine);
    const vrm = await loadVrmBabylon(scene, syntheticVrm(CASES[0]!), 'synthetic.vrm');
    expect(Object.keys(vrm.rig.humanBones)).toHaveLength(29);
    expect(vrm.rig.lookAt?.type).toBe('bone');
    expect(vrm.rig.expressions.map((e) => e.name)).toContain('custom:jawOpen');
    vrm.dispose();
    engine.dispose();
  });
});
