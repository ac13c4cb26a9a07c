/**
 * glTF index references, checked before a renderer's glTF loader sees the file. Babylon's and
 * three.js's loaders resolve indices in the middle of loading (a skin's skeleton, a primitive's
 * accessor, …); when one is out of range the load fails after sibling loads have started, and
 * those orphaned loads reject later with nobody listening — an unhandled rejection, which ends a
 * Node process. Rejecting such files up front, with the JSON pointer, keeps a bad file a clean error.
 */
import { RigReadError } from './rig-error.ts';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where an index in an item of a top-level array points: `[field, target array, is a list]`. */
const FIELDS: Readonly<Record<string, readonly (readonly [string, string, boolean])[]>> = {
  scenes: [['nodes', 'nodes', true]],
  nodes: [
    ['children', 'nodes', true],
    ['mesh', 'meshes', false],
    ['skin', 'skins', false],
    ['camera', 'cameras', false],
  ],
  skins: [
    ['joints', 'nodes', true],
    ['skeleton', 'nodes', false],
    ['inverseBindMatrices', 'accessors', false],
  ],
  accessors: [['bufferView', 'bufferViews', false]],
  bufferViews: [['buffer', 'buffers', false]],
  images: [['bufferView', 'bufferViews', false]],
  textures: [
    ['source', 'images', false],
    ['sampler', 'samplers', false],
  ],
};

const TEXTURE_SLOTS = ['normalTexture', 'occlusionTexture', 'emissiveTexture'];
const PBR_TEXTURE_SLOTS = ['baseColorTexture', 'metallicRoughnessTexture'];

/**
 * Throws a {@link RigReadError} naming the JSON pointer of the first glTF index reference that does
 * not point at an object of its array (core glTF 2.0 references only; extensions are not walked).
 */
export function checkGltfReferences(json: unknown, file: string): void {
  if (!isObj(json)) return;
  const count = (key: string): number => (Array.isArray(json[key]) ? (json[key] as unknown[]).length : 0);
  const fail = (path: string, detail: string): never => {
    throw new RigReadError(file, { path }, detail);
  };
  const index = (value: unknown, target: string, path: string): void => {
    if (value === undefined) return;
    const n = count(target);
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < n))
      fail(path, `is ${JSON.stringify(value) ?? String(value)}, not an index into ${target} (${n} entries)`);
  };
  const indexList = (value: unknown, target: string, path: string): void => {
    if (value === undefined) return;
    if (!Array.isArray(value)) fail(path, `is not a list of ${target} indices`);
    (value as unknown[]).forEach((v, i) => index(v, target, `${path}/${i}`));
  };
  const textureRef = (holder: unknown, slot: string, path: string): void => {
    if (!isObj(holder) || holder[slot] === undefined) return;
    const ref = holder[slot];
    if (!isObj(ref)) fail(`${path}/${slot}`, 'is not a texture reference object');
    index((ref as Json).index, 'textures', `${path}/${slot}/index`);
  };

  index(json.scene, 'scenes', '/scene');
  for (const [key, fields] of Object.entries(FIELDS)) {
    const items = json[key];
    if (items === undefined) continue;
    if (!Array.isArray(items)) fail(`/${key}`, 'is not a list');
    (items as unknown[]).forEach((item, i) => {
      const path = `/${key}/${i}`;
      if (!isObj(item)) fail(path, 'is not an object');
      for (const [field, target, isList] of fields) {
        if (isList) indexList((item as Json)[field], target, `${path}/${field}`);
        else index((item as Json)[field], target, `${path}/${field}`);
      }
      const sparse = (item as Json).sparse;
      if (key === 'accessors' && isObj(sparse)) {
        index(
          isObj(sparse.indices) ? sparse.indices.bufferView : -1,
          'bufferViews',
          `${path}/sparse/indices`,
        );
        index(isObj(sparse.values) ? sparse.values.bufferView : -1, 'bufferViews', `${path}/sparse/values`);
      }
    });
  }

  const meshes = Array.isArray(json.meshes) ? json.meshes : [];
  if (json.meshes !== undefined && !Array.isArray(json.meshes)) fail('/meshes', 'is not a list');
  meshes.forEach((mesh: unknown, m) => {
    const primitives = isObj(mesh) ? mesh.primitives : undefined;
    if (!Array.isArray(primitives) || primitives.length === 0)
      fail(`/meshes/${m}/primitives`, 'is not a non-empty list');
    (primitives as unknown[]).forEach((p, k) => {
      const path = `/meshes/${m}/primitives/${k}`;
      if (!isObj(p) || !isObj(p.attributes)) fail(path, 'is not a primitive with attributes');
      const prim = p as Json;
      for (const [name, v] of Object.entries(prim.attributes as Json))
        index(v, 'accessors', `${path}/attributes/${name}`);
      index(prim.indices, 'accessors', `${path}/indices`);
      index(prim.material, 'materials', `${path}/material`);
      if (prim.targets !== undefined) {
        if (!Array.isArray(prim.targets)) fail(`${path}/targets`, 'is not a list');
        (prim.targets as unknown[]).forEach((t, j) => {
          if (!isObj(t)) fail(`${path}/targets/${j}`, 'is not an object');
          for (const [name, v] of Object.entries(t as Json))
            index(v, 'accessors', `${path}/targets/${j}/${name}`);
        });
      }
    });
  });

  const materials = Array.isArray(json.materials) ? json.materials : [];
  materials.forEach((material: unknown, m) => {
    const path = `/materials/${m}`;
    if (!isObj(material)) fail(path, 'is not an object');
    for (const slot of TEXTURE_SLOTS) textureRef(material, slot, path);
    for (const slot of PBR_TEXTURE_SLOTS)
      textureRef((material as Json).pbrMetallicRoughness, slot, `${path}/pbrMetallicRoughness`);
  });

  const animations = Array.isArray(json.animations) ? json.animations : [];
  animations.forEach((animation: unknown, a) => {
    const path = `/animations/${a}`;
    if (!isObj(animation)) fail(path, 'is not an object');
    const samplers = Array.isArray((animation as Json).samplers)
      ? ((animation as Json).samplers as unknown[])
      : [];
    samplers.forEach((s, k) => {
      if (!isObj(s)) fail(`${path}/samplers/${k}`, 'is not an object');
      index((s as Json).input, 'accessors', `${path}/samplers/${k}/input`);
      index((s as Json).output, 'accessors', `${path}/samplers/${k}/output`);
    });
    const channels = Array.isArray((animation as Json).channels)
      ? ((animation as Json).channels as unknown[])
      : [];
    channels.forEach((c, k) => {
      if (!isObj(c)) fail(`${path}/channels/${k}`, 'is not an object');
      const sampler = (c as Json).sampler;
      if (!(
        typeof sampler === 'number' &&
        Number.isInteger(sampler) &&
        sampler >= 0 &&
        sampler < samplers.length
      ))
        fail(
          `${path}/channels/${k}/sampler`,
          `is not an index into the animation's ${samplers.length} samplers`,
        );
      const target = (c as Json).target;
      if (isObj(target)) index(target.node, 'nodes', `${path}/channels/${k}/target/node`);
    });
  });
}
