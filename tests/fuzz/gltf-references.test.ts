/**
 * checkGltfReferences, the check both renderer loaders run before parsing (added after the fuzz
 * found loads that failed half-way and left rejected promises behind): every core glTF index must
 * point at an entry of its array, and the error names the file and the JSON pointer.
 */
import { describe, expect, it } from 'vitest';
import { RigReadError, checkGltfReferences } from '../../engine/rig/vrm-reader.ts';

const base = () => ({
  scene: 0,
  scenes: [{ nodes: [0] }],
  nodes: [{ children: [1], mesh: 0 }, { skin: 0 }],
  meshes: [
    { primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0, targets: [{ POSITION: 0 }] }] },
  ],
  skins: [{ joints: [1], skeleton: 1, inverseBindMatrices: 0 }],
  accessors: [{ bufferView: 0 }, { bufferView: 0 }],
  bufferViews: [{ buffer: 0 }],
  buffers: [{ byteLength: 4 }],
  materials: [{ pbrMetallicRoughness: { baseColorTexture: { index: 0 } }, normalTexture: { index: 0 } }],
  textures: [{ source: 0, sampler: 0 }],
  images: [{ bufferView: 0 }],
  samplers: [{}],
  animations: [{ samplers: [{ input: 0, output: 1 }], channels: [{ sampler: 0, target: { node: 1 } }] }],
});

function errorOf(json: unknown): RigReadError {
  try {
    checkGltfReferences(json, 'refs.vrm');
  } catch (e) {
    expect(e).toBeInstanceOf(RigReadError);
    return e as RigReadError;
  }
  throw new Error('expected a RigReadError');
}

describe('checkGltfReferences', () => {
  it('accepts a glTF whose references all resolve', () => {
    expect(() => checkGltfReferences(base(), 'refs.vrm')).not.toThrow();
  });

  it.each([
    ['/scene', (j: ReturnType<typeof base>) => void (j.scene = 3)],
    ['/nodes/0/children/0', (j: ReturnType<typeof base>) => void (j.nodes[0]!.children = [7])],
    ['/skins/0/skeleton', (j: ReturnType<typeof base>) => void (j.skins[0]!.skeleton = 1e21)],
    ['/skins/0/joints/0', (j: ReturnType<typeof base>) => void (j.skins[0]!.joints = [-1])],
    [
      '/meshes/0/primitives/0/attributes/POSITION',
      (j: ReturnType<typeof base>) => void (j.meshes[0]!.primitives[0]!.attributes.POSITION = 2),
    ],
    [
      '/meshes/0/primitives/0/targets/0/POSITION',
      (j: ReturnType<typeof base>) => void (j.meshes[0]!.primitives[0]!.targets[0]!.POSITION = 0.5),
    ],
    ['/accessors/1/bufferView', (j: ReturnType<typeof base>) => void (j.accessors[1]!.bufferView = 4)],
    [
      '/materials/0/pbrMetallicRoughness/baseColorTexture/index',
      (j: ReturnType<typeof base>) => void (j.materials[0]!.pbrMetallicRoughness.baseColorTexture.index = 9),
    ],
    ['/textures/0/sampler', (j: ReturnType<typeof base>) => void (j.textures[0]!.sampler = 1)],
    [
      '/animations/0/channels/0/sampler',
      (j: ReturnType<typeof base>) => void (j.animations[0]!.channels[0]!.sampler = 1),
    ],
  ])('names %s when it points nowhere', (pointer, damage) => {
    const json = base();
    damage(json);
    const e = errorOf(json);
    expect(e.path).toBe(pointer);
    expect(e.message.startsWith(`refs.vrm: ${pointer}: `)).toBe(true);
  });

  it('rejects lists that are not lists and items that are not objects', () => {
    expect(errorOf({ ...base(), scene: undefined, scenes: [], nodes: 'x' }).path).toBe('/nodes');
    expect(errorOf({ ...base(), skins: [null] }).path).toBe('/skins/0');
    expect(errorOf({ ...base(), meshes: [{ primitives: [] }] }).path).toBe('/meshes/0/primitives');
  });
});
