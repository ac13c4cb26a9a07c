import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HUMAN_BONES } from '../../engine/rig/bones.ts';
import { CUSTOM_EXPRESSION_PATTERN, VRM_PRESET_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import {
  RigReadError,
  customExpressionChannel,
  describeRig,
  readGlbJson,
  readRigDescription,
  type RigDescription,
} from '../../engine/rig/vrm-reader.ts';

type Json = Record<string, unknown>;

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/vrm/', import.meta.url));
const HAVE_FIXTURES = existsSync(FIXTURES);
if (!HAVE_FIXTURES) {
  console.warn(`vrm-reader tests: fixture folder ${FIXTURES} is missing; real-file tests are skipped`);
}

const FILE = 'synthetic-avatar.vrm';
const REQUIRED = HUMAN_BONES.filter((b) => b.required).map((b) => b.name);

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}${name}`));
}

/** Packs glTF JSON (and an optional BIN payload) into a GLB the way exporters do. */
function glb(json: unknown, bin?: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = Math.ceil(text.length / 4) * 4;
  const binLength = bin ? Math.ceil(bin.length / 4) * 4 : 0;
  const total = 12 + 8 + jsonLength + (bin ? 8 + binLength : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.fill(0x20, 20, 20 + jsonLength);
  out.set(text, 20);
  if (bin) {
    view.setUint32(20 + jsonLength, binLength, true);
    view.setUint32(24 + jsonLength, 0x004e4942, true);
    out.set(bin, 28 + jsonLength);
  }
  return out;
}

/** A small valid VRM 1.0 avatar: required bones + eyes, one face mesh with 3 morph targets. */
function vrm1(ext: Json = {}): Json {
  const bones = [...REQUIRED, 'leftEye', 'rightEye'];
  return {
    asset: { version: '2.0', generator: 'vitest' },
    extensionsUsed: ['VRMC_vrm'],
    nodes: [...bones.map((n) => ({ name: `J_${n}` })), { name: 'Face', mesh: 0 }],
    meshes: [{ primitives: [{ attributes: {}, targets: [{}, {}, {}] }] }],
    materials: [{ name: 'Skin' }, { name: 'Eye' }],
    extensions: {
      VRMC_vrm: {
        specVersion: '1.0',
        meta: { name: 'Synthetic', authors: ['vitest'], licenseUrl: 'https://vrm.dev/licenses/1.0/' },
        humanoid: { humanBones: Object.fromEntries(bones.map((n, i) => [n, { node: i }])) },
        ...ext,
      },
    },
  };
}

/** A small valid VRM 0.x avatar with the three left thumb bones and a face mesh. */
function vrm0(ext: Json = {}): Json {
  const bones = [...REQUIRED, 'leftThumbProximal', 'leftThumbIntermediate', 'leftThumbDistal'];
  return {
    asset: { version: '2.0' },
    extensionsUsed: ['VRM'],
    nodes: [
      ...bones.map((n) => ({ name: `J_${n}` })),
      { name: 'Face', mesh: 0 },
      { name: 'FaceCopy', mesh: 0 },
    ],
    meshes: [{ primitives: [{ attributes: {}, targets: [{}, {}] }] }],
    materials: [{ name: 'Skin' }, { name: 'Eye' }],
    extensions: {
      VRM: {
        specVersion: '0.0',
        exporterVersion: 'UniVRM-0.99',
        meta: { title: 'Zero', author: 'vitest', licenseName: 'CC_BY', otherLicenseUrl: '' },
        humanoid: { humanBones: bones.map((bone, node) => ({ bone, node })) },
        ...ext,
      },
    },
  };
}

async function rigError(bytes: Uint8Array, file = FILE): Promise<RigReadError> {
  try {
    await readRigDescription(bytes, file);
  } catch (e) {
    expect(e).toBeInstanceOf(RigReadError);
    return e as RigReadError;
  }
  throw new Error('expected a RigReadError, but the read succeeded');
}

// ── Real files ────────────────────────────────────────────────────────────────────────────────

describe.skipIf(!HAVE_FIXTURES)('real VRM files (../shared/fixtures/vrm)', () => {
  it('cryptovoxels.vrm (VRM 0.0): 43 bones mapped to 1.0 names', async () => {
    const rig = await readRigDescription(fixture('cryptovoxels.vrm'), 'cryptovoxels.vrm');
    expect(rig.specVersion).toBe('0.x');
    expect(rig.sourceSpecVersion).toBe('0.0');
    expect(rig.generator).toBe('UniVRM-0.57.1');
    expect(rig.forward).toBe('-z');
    expect(Object.keys(rig.humanBones)).toHaveLength(43);
    expect(rig.missingRequiredBones).toEqual([]);
    expect(rig.humanBones.hips).toEqual({ node: 1, nodeName: 'Hips' });
    expect(rig.humanBones.leftIndexProximal).toEqual({ node: 18, nodeName: 'IndexFinger1_L' });
    expect(rig.humanBones.rightLittleDistal).toEqual({ node: 56, nodeName: 'LittleFinger3_R' });
    // The file maps no thumbs (its Thumb0_L… nodes are left out of the humanoid) and no eyes.
    expect(Object.keys(rig.humanBones).filter((n) => n.includes('Thumb'))).toEqual([]);
    expect(rig.humanBones.leftEye).toBeUndefined();
    expect(rig.expressions).toEqual([]);
    expect(rig.meta).toMatchObject({ name: 'cryptovoxels', authors: ['jin'], licenseName: 'Other' });
    expect(rig.meta.permissions.commercialUssageName).toBe('Allow');
    expect(rig.lookAt?.type).toBe('bone');
    expect(rig.lookAt?.rangeMapHorizontalInner).toEqual({ inputMaxValue: 90, outputScale: 10 });
    expect(rig.warnings).toEqual([
      '/extensions/VRM/firstPerson/lookAtTypeName: look-at type is bone but the humanoid has no leftEye/rightEye; the eyes cannot turn',
    ]);
  });

  it('cryptovoxels.vrm with its thumb nodes mapped: 0.x thumbs become Metacarpal/Proximal/Distal', async () => {
    const { json } = readGlbJson(fixture('cryptovoxels.vrm'), 'cryptovoxels.vrm');
    const copy = structuredClone(json) as Json;
    const vrm = (copy.extensions as Json).VRM as Json;
    const bones = (vrm.humanoid as Json).humanBones as Json[];
    // Nodes 37–39 are Thumb0_L, Thumb1_L, Thumb2_L; 68–70 the right-hand ones.
    bones.push(
      { bone: 'leftThumbProximal', node: 37 },
      { bone: 'leftThumbIntermediate', node: 38 },
      { bone: 'leftThumbDistal', node: 39 },
      { bone: 'rightThumbProximal', node: 68 },
      { bone: 'rightThumbIntermediate', node: 69 },
      { bone: 'rightThumbDistal', node: 70 },
    );
    const rig = await readRigDescription(glb(copy), 'cryptovoxels+thumbs.vrm');
    expect(Object.keys(rig.humanBones)).toHaveLength(49);
    expect(rig.humanBones.leftThumbMetacarpal).toEqual({ node: 37, nodeName: 'Thumb0_L' });
    expect(rig.humanBones.leftThumbProximal).toEqual({ node: 38, nodeName: 'Thumb1_L' });
    expect(rig.humanBones.leftThumbDistal).toEqual({ node: 39, nodeName: 'Thumb2_L' });
    expect(rig.humanBones.rightThumbMetacarpal).toEqual({ node: 68, nodeName: 'Thumb0_R' });
    expect(rig.humanBones.rightThumbProximal).toEqual({ node: 69, nodeName: 'Thumb1_R' });
  });

  it('VRMC_vrm_expressions_isBinary_Overrides.vrm (VRM 1.0): expression rules as in its JSON', async () => {
    const bytes = fixture('VRMC_vrm_expressions_isBinary_Overrides.vrm');
    const rig = await readRigDescription(bytes, 'isBinary.vrm');
    expect(rig.specVersion).toBe('1.0');
    expect(rig.sourceSpecVersion).toBe('1.0');
    expect(rig.forward).toBe('+z');
    expect(Object.keys(rig.humanBones)).toHaveLength(22);
    expect(rig.humanBones.upperChest).toEqual({ node: 10, nodeName: 'UpperChest' });
    expect(rig.missingRequiredBones).toEqual([]);
    expect(rig.warnings).toEqual([]);

    const byName = new Map(rig.expressions.map((e) => [e.name, e]));
    expect([...byName.keys()]).toEqual(['happy', 'blink']);
    expect(byName.get('happy')).toMatchObject({
      preset: 'happy',
      isBinary: true,
      overrideBlink: 'blend',
      overrideLookAt: 'none',
      overrideMouth: 'none',
      morphTargetBinds: [],
      materialColorBinds: [],
    });
    expect(byName.get('happy')?.textureTransformBinds.map((b) => b.material)).toEqual([0, 2]);
    expect(byName.get('blink')).toMatchObject({ isBinary: false, overrideBlink: 'none' });
    expect(byName.get('blink')?.textureTransformBinds[0]).toEqual({
      material: 0,
      scale: [0.125, 0.125],
      offset: [0, 0.875],
    });

    // Cross-check every preset against the raw JSON, with the spec defaults for absent fields.
    const { json } = readGlbJson(bytes, 'isBinary.vrm');
    const ext = (json as { extensions: { VRMC_vrm: { expressions: { preset: Record<string, Json> } } } })
      .extensions.VRMC_vrm;
    for (const [name, raw] of Object.entries(ext.expressions.preset)) {
      const e = byName.get(name);
      expect(e?.isBinary).toBe(raw.isBinary ?? false);
      expect(e?.overrideBlink).toBe(raw.overrideBlink ?? 'none');
      expect(e?.overrideLookAt).toBe(raw.overrideLookAt ?? 'none');
      expect(e?.overrideMouth).toBe(raw.overrideMouth ?? 'none');
      expect(e?.textureTransformBinds).toHaveLength((raw.textureTransformBinds as unknown[]).length);
    }

    expect(rig.lookAt).toEqual({
      type: 'expression',
      offsetFromHeadBone: [0, 0.06, 0],
      rangeMapHorizontalInner: { inputMaxValue: 90, outputScale: 1 },
      rangeMapHorizontalOuter: { inputMaxValue: 90, outputScale: 1 },
      rangeMapVerticalDown: { inputMaxValue: 90, outputScale: 1 },
      rangeMapVerticalUp: { inputMaxValue: 90, outputScale: 1 },
    });
    expect(rig.firstPersonAnnotations).toEqual([{ node: 22, type: 'thirdPersonOnly' }]);
  });

  it('VRMC_materials_mtoon_UV_Animation_Test.vrm (VRM 1.0): 53 bones incl. fingers and eyes', async () => {
    const rig = await readRigDescription(fixture('VRMC_materials_mtoon_UV_Animation_Test.vrm'), 'mtoon.vrm');
    expect(rig.specVersion).toBe('1.0');
    expect(Object.keys(rig.humanBones)).toHaveLength(53);
    expect(rig.humanBones.upperChest).toBeUndefined();
    expect(rig.humanBones.jaw).toBeUndefined();
    expect(rig.humanBones.leftThumbMetacarpal).toEqual({ node: 6, nodeName: 'thumb.proximal.L' });
    expect(rig.humanBones.leftEye).toEqual({ node: 0, nodeName: 'eye.L' });
    expect(rig.expressions).toEqual([]);
    expect(rig.lookAt).toBeNull();
    expect(rig.meta.name).toBe('VRMC_materials_mtoon UV Animation Test');
    expect(rig.warnings).toEqual([]);
  });

  it('names the JSON path when a real file points a bone at a missing node', async () => {
    const { json } = readGlbJson(fixture('VRMC_vrm_expressions_isBinary_Overrides.vrm'), 'x');
    const copy = structuredClone(json) as { extensions: { VRMC_vrm: { humanoid: { humanBones: Json } } } };
    copy.extensions.VRMC_vrm.humanoid.humanBones.leftHand = { node: 27 };
    const err = await rigError(glb(copy), 'isBinary-broken.vrm');
    expect(err.message).toBe(
      'isBinary-broken.vrm: /extensions/VRMC_vrm/humanoid/humanBones/leftHand/node: node 27 of bone leftHand is out of range: the file has 27 nodes',
    );
    expect(err.path).toBe('/extensions/VRMC_vrm/humanoid/humanBones/leftHand/node');
  });
});

// ── Synthetic files ───────────────────────────────────────────────────────────────────────────

describe('synthetic VRM 1.0', () => {
  it('reads bones, expressions and binds', async () => {
    const json = vrm1({
      expressions: {
        preset: {
          aa: { morphTargetBinds: [{ node: 17, index: 0, weight: 1 }], overrideMouth: 'block' },
          blink: {
            morphTargetBinds: [{ node: 17, index: 2, weight: 0.5 }],
            materialColorBinds: [{ material: 1, type: 'color', targetValue: [1, 0, 0, 1] }],
          },
        },
        custom: {
          Smirk: { morphTargetBinds: [{ node: 17, index: 1 }], isBinary: true },
          'big grin': {},
        },
      },
    });
    const rig = await readRigDescription(glb(json), FILE);
    expect(Object.keys(rig.humanBones)).toHaveLength(17);
    expect(rig.humanBones.leftHand).toEqual({ node: REQUIRED.indexOf('leftHand'), nodeName: 'J_leftHand' });
    expect(rig.expressions.map((e) => e.name)).toEqual(['aa', 'blink', 'custom:Smirk', 'custom:big_grin']);
    const [aa, blink, smirk] = rig.expressions;
    expect(aa).toMatchObject({ preset: 'aa', overrideMouth: 'block', isBinary: false });
    expect(aa?.morphTargetBinds).toEqual([{ mesh: 0, nodes: [17], index: 0, weight: 1 }]);
    expect(blink?.materialColorBinds).toEqual([{ material: 1, type: 'color', targetValue: [1, 0, 0, 1] }]);
    expect(smirk).toMatchObject({ preset: null, sourceName: 'Smirk', isBinary: true });
    expect(smirk?.morphTargetBinds[0]?.weight).toBe(1);
    expect(rig.warnings).toEqual([
      '/extensions/VRMC_vrm/expressions/custom/big grin: custom expression "big grin" renamed custom:big_grin to fit /^custom:[A-Za-z0-9_.-]{1,64}$/',
    ]);
  });

  it('warns about, and drops, binds a viewer can live without', async () => {
    const json = vrm1({
      expressions: {
        preset: {
          happy: {
            morphTargetBinds: [
              { node: 0, index: 0 }, // a bone node: no mesh
              { node: 17, index: 9 }, // no such morph target
              { node: 17, index: 1, weight: 3 }, // clamped
            ],
            textureTransformBinds: [{ material: 5 }],
            overrideBlink: 'sometimes',
          },
          grin: {},
        },
      },
      humanoid: {
        humanBones: { ...Object.fromEntries(REQUIRED.map((n, i) => [n, { node: i }])), tail: { node: 16 } },
      },
    });
    const rig = await readRigDescription(glb(json), FILE);
    const happy = rig.expressions[0];
    expect(happy?.morphTargetBinds).toEqual([{ mesh: 0, nodes: [17], index: 1, weight: 1 }]);
    expect(happy?.textureTransformBinds).toEqual([]);
    expect(happy?.overrideBlink).toBe('none');
    expect(rig.expressions[1]?.name).toBe('custom:grin');
    const w = rig.warnings.join('\n');
    expect(w).toContain(
      '/extensions/VRMC_vrm/humanoid/humanBones/tail: unknown humanoid bone "tail" ignored',
    );
    expect(w).toContain('/expressions/preset/happy/morphTargetBinds/0: node 0: mesh nothing does not exist');
    expect(w).toContain(
      '/expressions/preset/happy/morphTargetBinds/1: node 17: morph target 9 does not exist',
    );
    expect(w).toContain(
      '/expressions/preset/happy/morphTargetBinds/2/weight: weight 3 is outside 0..1; clamped',
    );
    expect(w).toContain('/expressions/preset/happy/textureTransformBinds/0: material 5 does not exist');
    expect(w).toContain('/expressions/preset/happy/overrideBlink: is "sometimes"');
    expect(w).toContain('/expressions/preset/grin: "grin" is not a VRM 1.0 preset');
  });

  it('reports missing required bones without failing', async () => {
    const json = vrm1({ humanoid: { humanBones: { hips: { node: 0 }, head: { node: 1 } } } });
    const rig = await readRigDescription(glb(json), FILE);
    expect(rig.missingRequiredBones).toEqual(REQUIRED.filter((n) => n !== 'hips' && n !== 'head'));
    expect(rig.warnings[0]).toMatch(
      /^\/extensions\/VRMC_vrm\/humanoid\/humanBones: missing required bones: spine, /,
    );
  });

  it('renames 1.0-beta thumb names', async () => {
    const json = vrm1({
      specVersion: '1.0-beta',
      humanoid: {
        humanBones: {
          hips: { node: 0 },
          leftThumbProximal: { node: 1 },
          leftThumbIntermediate: { node: 2 },
          leftThumbDistal: { node: 3 },
        },
      },
    });
    const rig = await readRigDescription(glb(json), FILE);
    expect(rig.sourceSpecVersion).toBe('1.0-beta');
    expect(rig.humanBones.leftThumbMetacarpal?.node).toBe(1);
    expect(rig.humanBones.leftThumbProximal?.node).toBe(2);
    expect(rig.humanBones.leftThumbDistal?.node).toBe(3);
  });

  it('sanitises custom names and keeps them unique', async () => {
    const json = vrm1({
      expressions: { custom: { 'a b': {}, a_b: {}, にっこり: {}, ['x'.repeat(80)]: {} } },
    });
    const rig = await readRigDescription(glb(json), FILE);
    const names = rig.expressions.map((e) => e.name);
    expect(names).toEqual([
      'custom:a_b',
      'custom:a_b-2',
      'custom:u306Bu3063u3053u308A',
      `custom:${'x'.repeat(64)}`,
    ]);
    expect(names.every((n) => CUSTOM_EXPRESSION_PATTERN.test(n))).toBe(true);
    expect(rig.warnings.some((w) => w.includes('already taken; renamed custom:a_b-2'))).toBe(true);
  });

  it('defaults and validates look-at numbers', async () => {
    const json = vrm1({
      lookAt: {
        type: 'bone',
        rangeMapHorizontalInner: { inputMaxValue: 0, outputScale: 8 },
        offsetFromHeadBone: [0, 1],
      },
    });
    const rig = await readRigDescription(glb(json), FILE);
    expect(rig.lookAt?.rangeMapHorizontalInner).toEqual({ inputMaxValue: 90, outputScale: 8 });
    expect(rig.lookAt?.rangeMapVerticalUp).toEqual({ inputMaxValue: 90, outputScale: 10 });
    expect(rig.lookAt?.offsetFromHeadBone).toEqual([0, 0.06, 0]);
    expect(rig.warnings).toHaveLength(2);
  });

  it('describeRig works on already-parsed JSON (the loader-extension path)', () => {
    const rig: RigDescription = describeRig(vrm1(), 'from-loader.vrm');
    expect(rig.file).toBe('from-loader.vrm');
    expect(rig.missingRequiredBones).toEqual([]);
  });
});

describe('synthetic VRM 0.x', () => {
  it('maps bones, blendShape groups, material values and look-at to 1.0', async () => {
    const json = vrm0({
      blendShapeMaster: {
        blendShapeGroups: [
          { name: 'Joy', presetName: 'joy', binds: [{ mesh: 0, index: 0, weight: 100 }] },
          { name: 'A', presetName: 'a', binds: [{ mesh: 0, index: 1, weight: 50 }], isBinary: true },
          { name: 'Blink_L', presetName: 'blink_l' },
          { name: 'Surprised', presetName: 'unknown' },
          { name: 'にっこり', presetName: 'unknown' },
          {
            name: 'Tint',
            presetName: 'unknown',
            materialValues: [
              { materialName: 'Skin', propertyName: '_Color', targetValue: [1, 0.5, 0.5, 1] },
              { materialName: 'Eye', propertyName: '_MainTex_ST', targetValue: [0.5, 0.5, 0.5, 0] },
              { materialName: 'Eye', propertyName: '_Cutoff', targetValue: [0.5, 0, 0, 0] },
            ],
          },
          { name: 'Joy again', presetName: 'joy' },
        ],
      },
      firstPerson: {
        firstPersonBoneOffset: { x: 0, y: 0.06, z: 0.02 },
        lookAtTypeName: 'BlendShape',
        lookAtHorizontalOuter: { curve: [0, 0, 0, 1, 1, 1, 1, 0], xRange: 60, yRange: 1 },
        meshAnnotations: [{ mesh: 0, firstPersonFlag: 'ThirdPersonOnly' }],
      },
    });
    const rig = await readRigDescription(glb(json), FILE);
    expect(rig.specVersion).toBe('0.x');
    expect(rig.generator).toBe('UniVRM-0.99');
    expect(rig.humanBones.leftThumbMetacarpal?.nodeName).toBe('J_leftThumbProximal');
    expect(rig.humanBones.leftThumbProximal?.nodeName).toBe('J_leftThumbIntermediate');
    expect(rig.humanBones.leftThumbDistal?.nodeName).toBe('J_leftThumbDistal');
    expect(rig.meta).toMatchObject({
      name: 'Zero',
      authors: ['vitest'],
      licenseName: 'CC_BY',
      licenseUrl: null,
    });

    expect(rig.expressions.map((e) => e.name)).toEqual([
      'happy',
      'aa',
      'blinkLeft',
      'custom:Surprised',
      'custom:u306Bu3063u3053u308A',
      'custom:Tint',
    ]);
    const [happy, aa, , , , tint] = rig.expressions;
    expect(happy?.morphTargetBinds).toEqual([{ mesh: 0, nodes: [18, 19], index: 0, weight: 1 }]);
    expect(aa).toMatchObject({
      isBinary: true,
      overrideBlink: 'none',
      overrideLookAt: 'none',
      overrideMouth: 'none',
    });
    expect(aa?.morphTargetBinds[0]?.weight).toBe(0.5);
    expect(tint?.materialColorBinds).toEqual([{ material: 0, type: 'color', targetValue: [1, 0.5, 0.5, 1] }]);
    expect(tint?.textureTransformBinds).toEqual([{ material: 1, scale: [0.5, 0.5], offset: [0.5, 0.5] }]);

    expect(rig.lookAt?.type).toBe('expression');
    expect(rig.lookAt?.offsetFromHeadBone).toEqual([0, 0.06, -0.02]);
    expect(rig.lookAt?.rangeMapHorizontalOuter).toEqual({ inputMaxValue: 60, outputScale: 1 });
    expect(rig.lookAt?.rangeMapHorizontalInner).toEqual({ inputMaxValue: 90, outputScale: 1 });
    expect(rig.firstPersonAnnotations).toEqual([
      { node: 18, type: 'thirdPersonOnly' },
      { node: 19, type: 'thirdPersonOnly' },
    ]);
    const w = rig.warnings.join('\n');
    expect(w).toContain('blendShapeGroups/5/materialValues/2: property "_Cutoff" has no VRM 1.0 equivalent');
    expect(w).toContain('blendShapeGroups/6/presetName: preset "joy" (happy) appears twice');
  });

  it('warns about unknown 0.x bones and keeps the first of a duplicated bone', async () => {
    const json = vrm0();
    const bones = ((json.extensions as Json).VRM as { humanoid: { humanBones: Json[] } }).humanoid.humanBones;
    bones.push({ bone: 'tail', node: 15 }, { bone: 'hips', node: 16 });
    const rig = await readRigDescription(glb(json), FILE);
    expect(rig.humanBones.hips?.node).toBe(0);
    expect(rig.warnings).toContain(
      '/extensions/VRM/humanoid/humanBones/18/bone: unknown humanoid bone "tail" ignored',
    );
    expect(rig.warnings).toContain(
      '/extensions/VRM/humanoid/humanBones/19/bone: bone "hips" is mapped twice; the first mapping is kept',
    );
  });
});

// ── Bad input ─────────────────────────────────────────────────────────────────────────────────

describe('bad input', () => {
  const good = glb(vrm1());

  it('empty file', async () => {
    const err = await rigError(new Uint8Array(0));
    expect(err.message).toBe(`${FILE}: byte 0: file is empty, expected a GLB (.vrm/.glb)`);
    expect(err.offset).toBe(0);
  });

  it('wrong magic', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const err = await rigError(png, 'photo.vrm');
    expect(err.message).toBe(
      'photo.vrm: byte 0: not a GLB file: expected magic "glTF" (67 6c 54 46), found 89 50 4e 47 0d 0a 1a 0a',
    );
  });

  it('glTF JSON text instead of GLB', async () => {
    const err = await rigError(new TextEncoder().encode('{"asset":{"version":"2.0"}}'), 'avatar.gltf');
    expect(err.message).toContain('avatar.gltf: byte 0: not a GLB file');
    expect(err.message).toContain('looks like .gltf JSON text');
  });

  it('truncated header', async () => {
    const err = await rigError(good.subarray(0, 7));
    expect(err.message).toBe(
      `${FILE}: byte 7: file is truncated: it ends inside the 12-byte GLB header (7 bytes)`,
    );
    expect(err.offset).toBe(7);
  });

  it('wrong GLB version', async () => {
    const bytes = good.slice();
    bytes[4] = 1;
    const err = await rigError(bytes);
    expect(err.message).toBe(`${FILE}: byte 4: GLB version 1, expected 2 (glTF 1.0 binary is not supported)`);
  });

  it('truncated file (declared length beyond the end)', async () => {
    const err = await rigError(good.subarray(0, 100));
    expect(err.message).toBe(
      `${FILE}: byte 100: file is truncated: the header (byte 8) declares ${good.length} bytes, file has 100`,
    );
  });

  it('JSON chunk with the wrong type', async () => {
    const bytes = good.slice();
    bytes.set([0x42, 0x49, 0x4e, 0x00], 16);
    const err = await rigError(bytes);
    expect(err.message).toBe(`${FILE}: byte 16: first chunk has type 0x004E4942, expected JSON (0x4E4F534A)`);
  });

  it('JSON chunk longer than the file', async () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint32(12, good.length, true);
    const err = await rigError(bytes);
    expect(err.message).toContain(
      `${FILE}: byte 12: JSON chunk length ${good.length} runs past the end of the GLB`,
    );
  });

  it('garbage in the JSON chunk names the byte', async () => {
    const bytes = good.slice();
    const at = 20 + new TextDecoder().decode(bytes.subarray(20)).indexOf('"nodes"');
    bytes[at] = 0x3f; // '?'
    const err = await rigError(bytes);
    expect(err.offset).toBe(at);
    expect(err.message).toMatch(new RegExp(`^${FILE}: byte ${at}: bad JSON chunk: `));
  });

  it('JSON that is not an object', async () => {
    const err = await rigError(glb([1, 2, 3]));
    expect(err.message).toBe(`${FILE}: JSON root: glTF JSON is not an object`);
    expect(err.path).toBe('');
  });

  it('no VRM extension', async () => {
    const err = await rigError(glb({ asset: { version: '2.0' }, nodes: [{}] }), 'plain.glb');
    expect(err.message).toBe(
      'plain.glb: /extensions: no VRMC_vrm (VRM 1.0) or VRM (VRM 0.x) extension: a plain glTF, not a VRM avatar',
    );
    expect(err.path).toBe('/extensions');
  });

  it('humanoid bone node out of range (1.0)', async () => {
    const json = vrm1();
    const humanBones = ((json.extensions as Json).VRMC_vrm as { humanoid: { humanBones: Json } }).humanoid
      .humanBones;
    humanBones.leftHand = { node: 99 };
    const err = await rigError(glb(json));
    expect(err.message).toBe(
      `${FILE}: /extensions/VRMC_vrm/humanoid/humanBones/leftHand/node: node 99 of bone leftHand is out of range: the file has 18 nodes`,
    );
    expect(err.path).toBe('/extensions/VRMC_vrm/humanoid/humanBones/leftHand/node');
  });

  it('humanoid bone node that is not an index (0.x)', async () => {
    const json = vrm0();
    const bones = ((json.extensions as Json).VRM as { humanoid: { humanBones: Json[] } }).humanoid.humanBones;
    bones[3] = { bone: bones[3]?.bone, node: -1 };
    const err = await rigError(glb(json));
    expect(err.message).toBe(
      `${FILE}: /extensions/VRM/humanoid/humanBones/3/node: node of bone ${REQUIRED[3]} is -1, expected a node index`,
    );
  });

  it('one node used by two bones', async () => {
    const json = vrm1();
    const humanBones = ((json.extensions as Json).VRMC_vrm as { humanoid: { humanBones: Json } }).humanoid
      .humanBones;
    humanBones.rightHand = { node: REQUIRED.indexOf('leftHand') };
    const err = await rigError(glb(json));
    expect(err.message).toContain(`${FILE}: /extensions/VRMC_vrm/humanoid/humanBones/`);
    expect(err.message).toContain('is used by two bones, leftHand and rightHand');
  });

  it('truncated BIN chunk', async () => {
    const bytes = glb(vrm1(), new Uint8Array(64));
    const binAt = 20 + new DataView(bytes.buffer).getUint32(12, true);
    new DataView(bytes.buffer).setUint32(binAt, 4096, true);
    const err = await rigError(bytes);
    expect(err.offset).toBe(binAt);
    expect(err.message).toContain(
      `${FILE}: byte ${binAt}: BIN chunk length 4096 runs past the end of the GLB`,
    );
  });

  it('tolerates what a viewer can still show: NUL padding, trailing bytes', async () => {
    const padded = new Uint8Array(good.length + 8);
    padded.set(good);
    const view = new DataView(padded.buffer);
    view.setUint32(12, view.getUint32(12, true) + 4, true); // JSON chunk now ends in 4 NULs
    view.setUint32(8, good.length + 4, true); // 4 bytes past the declared end
    const rig = await readRigDescription(padded, FILE);
    expect(rig.missingRequiredBones).toEqual([]);
    expect(rig.warnings).toEqual([
      `byte ${good.length + 4}: 4 bytes after the declared end of the GLB ignored`,
      `byte ${good.length}: JSON chunk padded with NUL bytes instead of spaces`,
    ]);
  });
});

describe('customExpressionChannel', () => {
  it('always yields a valid custom channel name', () => {
    for (const name of ['', 'ok', 'a/b~c', '😀', ' '.repeat(100), 'ü'.repeat(30)]) {
      expect(customExpressionChannel(name)).toMatch(CUSTOM_EXPRESSION_PATTERN);
    }
  });
});

// ── Mutation fuzz ─────────────────────────────────────────────────────────────────────────────

/** Deterministic PRNG (mulberry32) so a failing mutation can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRESET_SET = new Set<string>(VRM_PRESET_EXPRESSIONS);

/** What a successful read promises whatever the input: indices in range, numbers finite and bounded. */
function checkInvariants(rig: RigDescription, nodeCount: number): void {
  for (const [bone, b] of Object.entries(rig.humanBones)) {
    expect(Number.isInteger(b.node) && b.node >= 0 && b.node < nodeCount, bone).toBe(true);
  }
  const nodes = Object.values(rig.humanBones).map((b) => b.node);
  expect(new Set(nodes).size).toBe(nodes.length);
  const names = new Set<string>();
  for (const e of rig.expressions) {
    expect(PRESET_SET.has(e.name) || CUSTOM_EXPRESSION_PATTERN.test(e.name), e.name).toBe(true);
    expect(names.has(e.name), `duplicate ${e.name}`).toBe(false);
    names.add(e.name);
    for (const b of e.morphTargetBinds) expect(b.weight >= 0 && b.weight <= 1).toBe(true);
    for (const b of e.materialColorBinds) expect(b.targetValue.every(Number.isFinite)).toBe(true);
    for (const b of e.textureTransformBinds)
      expect([...b.scale, ...b.offset].every(Number.isFinite)).toBe(true);
  }
  if (rig.lookAt) {
    expect(rig.lookAt.offsetFromHeadBone.every(Number.isFinite)).toBe(true);
    for (const m of [
      rig.lookAt.rangeMapHorizontalInner,
      rig.lookAt.rangeMapHorizontalOuter,
      rig.lookAt.rangeMapVerticalDown,
      rig.lookAt.rangeMapVerticalUp,
    ]) {
      expect(m.inputMaxValue > 0 && Number.isFinite(m.inputMaxValue) && Number.isFinite(m.outputScale)).toBe(
        true,
      );
    }
  }
}

async function readOrExplain(bytes: Uint8Array, label: string): Promise<'ok' | 'error'> {
  try {
    const rig = await readRigDescription(bytes, label);
    const { json } = readGlbJson(bytes, label);
    const nodes = (json as Json).nodes;
    checkInvariants(rig, Array.isArray(nodes) ? nodes.length : 0);
    return 'ok';
  } catch (e) {
    if (!(e instanceof RigReadError)) throw new Error(`${label}: threw ${String(e)}`, { cause: e });
    expect(e.message.startsWith(`${label}: `), e.message).toBe(true);
    expect(e.message, 'the catch-all fired: a reader bug').not.toContain('unexpected failure');
    return 'error';
  }
}

/** Every (container, key) slot in a JSON tree, collected without recursion. */
function slots(root: unknown): { parent: Json | unknown[]; key: string | number }[] {
  const out: { parent: Json | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ parent: v, key: i });
        stack.push(child);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        out.push({ parent: v as Json, key: k });
        stack.push(child);
      }
    }
  }
  return out;
}

const JUNK: readonly unknown[] = [
  null,
  -1,
  0,
  1.5,
  1e9,
  -1e308,
  '',
  'x',
  '__proto__',
  true,
  [],
  {},
  [0, 0],
  { node: 0 },
];

describe.skipIf(!HAVE_FIXTURES)('mutation fuzz on real files', () => {
  const files = [
    'cryptovoxels.vrm',
    'VRMC_vrm_expressions_isBinary_Overrides.vrm',
    'VRMC_materials_mtoon_UV_Animation_Test.vrm',
  ];

  it('300 byte flips and truncations only ever throw RigReadError', async () => {
    const random = rng(0x5eed);
    const tally = { ok: 0, error: 0 };
    for (let i = 0; i < 300; i++) {
      const original = fixture(files[i % files.length] ?? '');
      const jsonEnd = 20 + new DataView(original.buffer).getUint32(12, true);
      let bytes = original.slice();
      const kind = random();
      if (kind < 0.15) {
        bytes = bytes.subarray(0, Math.floor(random() * bytes.length));
      } else {
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) {
          // Mostly inside the header and JSON chunk, where the reader looks.
          const at = random() < 0.9 ? Math.floor(random() * jsonEnd) : Math.floor(random() * bytes.length);
          bytes[at] =
            random() < 0.5 ? (bytes[at] ?? 0) ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
        }
      }
      tally[await readOrExplain(bytes, `mutant-${i}.vrm`)]++;
    }
    expect(tally.ok + tally.error).toBe(300);
  });

  it('200 structural JSON mutations only ever throw RigReadError', async () => {
    const random = rng(0xc0ffee);
    const tally = { ok: 0, error: 0 };
    for (let i = 0; i < 200; i++) {
      const { json } = readGlbJson(fixture(files[i % files.length] ?? ''), 'x');
      const copy = structuredClone(json) as Json;
      const edits = 1 + Math.floor(random() * 3);
      for (let k = 0; k < edits; k++) {
        const all = slots(copy.extensions);
        const slot = all[Math.floor(random() * all.length)];
        if (!slot) break;
        const junk = structuredClone(JUNK[Math.floor(random() * JUNK.length)]);
        if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = junk;
        else if (random() < 0.2) delete slot.parent[slot.key as string];
        else slot.parent[slot.key as string] = junk;
      }
      tally[await readOrExplain(glb(copy), `structural-${i}.vrm`)]++;
    }
    // Both outcomes must occur, or the mutations are not reaching the reader's checks.
    expect(tally.ok).toBeGreaterThan(0);
    expect(tally.error).toBeGreaterThan(0);
  });
});
