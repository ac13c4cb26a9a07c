/**
 * Seeded mutators shared by the fuzz tests (tests/fuzz/) and benches (bench/fuzz.bench.ts): a PRNG,
 * GLB split/pack, and mutations of the GLB container, its JSON chunk and its BIN chunk. Every mutant
 * is a pure function of (source, seed), so a failure found in a bench run replays in a test.
 */

/** A deterministic PRNG (mulberry32) with the few draws the mutators need. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Creates a seeded PRNG. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('mutate: pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (p) => next() < p,
  };
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ── GLB ─────────────────────────────────────────────────────────────────────────────────────

const MAGIC = 0x46546c67;
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

/** A well-formed GLB taken apart (sources only: throws for a broken file). */
export interface GlbParts {
  readonly json: Json;
  readonly bin: Uint8Array | null;
}

/** Splits a trusted GLB into its JSON and BIN chunk. */
export function splitGlb(bytes: Uint8Array): GlbParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20 || view.getUint32(0, true) !== MAGIC) throw new Error('mutate: source is not a GLB');
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as Json;
  let bin: Uint8Array | null = null;
  const at = 20 + jsonLength;
  if (at + 8 <= bytes.length && view.getUint32(at + 4, true) === CHUNK_BIN) {
    const length = view.getUint32(at, true);
    bin = bytes.subarray(at + 8, at + 8 + length);
  }
  return { json, bin };
}

/** Packs JSON text (or bytes) and an optional BIN payload into a GLB, padded as exporters do. */
export function packGlb(json: string | Uint8Array, bin: Uint8Array | null): Uint8Array {
  const text = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  const jsonLength = Math.ceil(text.length / 4) * 4;
  const binLength = bin ? Math.ceil(bin.length / 4) * 4 : 0;
  const total = 20 + jsonLength + (bin ? 8 + binLength : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.fill(0x20, 20, 20 + jsonLength);
  out.set(text, 20);
  if (bin) {
    view.setUint32(20 + jsonLength, binLength, true);
    view.setUint32(24 + jsonLength, CHUNK_BIN, true);
    out.set(bin, 28 + jsonLength);
  }
  return out;
}

// ── Values ──────────────────────────────────────────────────────────────────────────────────

/** A number JSON cannot write (`1e999` parses to Infinity); spliced into the text by {@link stringifyRaw}. */
const RAW = '@@raw@@';
/** A JSON-text literal to splice in place of a value (non-finite numbers, -0, denormals). */
export const raw = (text: string): string => `${RAW}${text}${RAW}`;

/** JSON.stringify, then the {@link raw} markers replaced by their literal text. */
export function stringifyRaw(value: unknown): string {
  return JSON.stringify(value).replace(/"@@raw@@(.*?)@@raw@@"/g, '$1');
}

/** Number literals that parse to something a reader must not pass on. */
export const NASTY_NUMBERS: readonly string[] = ['1e999', '-1e999', '-0', '1e-320', '1.7976931348623157e308'];

/** Junk of every JSON type, for "wrong type" and "out of range" replacements. */
export function junk(rng: Rng): unknown {
  switch (rng.int(16)) {
    case 0:
      return null;
    case 1:
      return -1;
    case 2:
      return 0;
    case 3:
      return 1.5;
    case 4:
      return 2 ** 31;
    case 5:
      return 2 ** 53 + 2;
    case 6:
      return -1e308;
    case 7:
      return raw(rng.pick(NASTY_NUMBERS));
    case 8:
      return '';
    case 9:
      return rng.pick(['x', '__proto__', 'constructor', '😀'.repeat(3), 'a'.repeat(5000)]);
    case 10:
      return rng.chance(0.5);
    case 11:
      return [];
    case 12:
      return {};
    case 13:
      return [0, -1, 1e9];
    case 14:
      return { node: 0, index: 99999, '': null };
    default:
      return deep(rng.int(3) === 0 ? 3000 : 40);
  }
}

/** An array nested `depth` levels deep, as a {@link raw} literal (JSON.stringify would overflow). */
export function deep(depth: number): string {
  return raw(`${'['.repeat(depth)}0${']'.repeat(depth)}`);
}

/** A bad index for a list of `count`: negative, fractional, just past the end, huge, not a number. */
export function badIndex(rng: Rng, count: number): unknown {
  return rng.pick<unknown>([
    -1,
    count,
    count + 7,
    0.5,
    2 ** 31,
    2 ** 32 + 1,
    1e21,
    raw('1e999'),
    '0',
    null,
    [0],
  ]);
}

// ── JSON slots ──────────────────────────────────────────────────────────────────────────────

interface Slot {
  readonly parent: Json | unknown[];
  readonly key: string | number;
}

/** Every (container, key) slot below `root`, iteratively (no recursion on deep input). */
export function slots(root: unknown, limit = 200_000): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push({ parent: v, key: i });
        stack.push(child);
      });
    } else if (isObj(v)) {
      for (const [k, child] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        stack.push(child);
      }
    }
  }
  return out;
}

function setSlot(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else slot.parent[slot.key as string] = value;
}

function deleteSlot(slot: Slot): void {
  if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
  else delete slot.parent[slot.key as string];
}

/** Replaces, deletes or retypes one random slot under `root`; false when there is none. */
export function mutateSlot(root: unknown, rng: Rng, numbersOnly = false): boolean {
  let all = slots(root);
  if (numbersOnly) all = all.filter((s) => typeof (s.parent as Json)[s.key as string] === 'number');
  if (all.length === 0) return false;
  const slot = rng.pick(all);
  const current = (slot.parent as Json)[slot.key as string];
  if (numbersOnly || typeof current === 'number') {
    if (rng.chance(0.6)) {
      setSlot(slot, raw(rng.pick(NASTY_NUMBERS)));
      return true;
    }
  }
  const r = rng.next();
  if (r < 0.2) deleteSlot(slot);
  else if (r < 0.3 && typeof current === 'number') setSlot(slot, String(current));
  else if (r < 0.4 && Array.isArray(current)) setSlot(slot, { ...current });
  else if (r < 0.45 && isObj(current)) setSlot(slot, Object.values(current));
  else setSlot(slot, junk(rng));
  return true;
}

// ── VRM mutations ───────────────────────────────────────────────────────────────────────────

/** One mutated file: what was done, and the bytes. */
export interface Mutant {
  readonly label: string;
  readonly family: 'container' | 'json' | 'bin';
  readonly op: string;
  readonly bytes: Uint8Array;
}

/** A source file to mutate; `parts` is null for a source that is not a GLB. */
export interface VrmSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly parts: GlbParts | null;
}

/** Reads a source once (the JSON is re-parsed per mutant from `jsonText`). */
export function vrmSource(name: string, bytes: Uint8Array): VrmSource {
  let parts: GlbParts | null = null;
  try {
    parts = splitGlb(bytes);
  } catch {
    parts = null;
  }
  return { name, bytes, parts };
}

const U32_EDGES = [0, 1, 3, 12, 19, 20, 0x7fffffff, 0xffffffff];

function containerMutation(src: VrmSource, rng: Rng): { op: string; bytes: Uint8Array } {
  const bytes = src.bytes.slice();
  const n = bytes.length;
  const view = new DataView(bytes.buffer);
  const jsonLength = n >= 16 ? view.getUint32(12, true) : 0;
  const binAt = 20 + jsonLength;
  const hasBin = binAt + 8 <= n;
  const setU32 = (at: number, v: number): void => {
    if (at + 4 <= n) view.setUint32(at, v >>> 0, true);
  };
  const near = (v: number): number => rng.pick([v - 1, v + 1, v - 4, v + 4, v * 2, v >>> 1, ...U32_EDGES]);
  switch (rng.int(11)) {
    case 0: {
      // Truncation anywhere, or just around a structural boundary.
      const at = rng.chance(0.5)
        ? rng.int(n)
        : Math.max(0, Math.min(n - 1, rng.pick([4, 8, 12, 16, 20, binAt, binAt + 8]) + rng.int(9) - 4));
      return { op: 'truncate', bytes: bytes.subarray(0, at) };
    }
    case 1:
      setU32(8, near(n));
      return { op: 'header-length', bytes };
    case 2:
      setU32(12, near(jsonLength));
      return { op: 'json-chunk-length', bytes };
    case 3:
      setU32(16, rng.pick([CHUNK_BIN, 0, 0x4e4f534b, rng.int(2 ** 32)]));
      return { op: 'json-chunk-type', bytes };
    case 4:
      if (hasBin) setU32(binAt, near(view.getUint32(binAt, true)));
      return { op: 'bin-chunk-length', bytes };
    case 5:
      if (hasBin) setU32(binAt + 4, rng.pick([CHUNK_JSON, 0, 0x004e4943]));
      return { op: 'bin-chunk-type', bytes };
    case 6:
      if (rng.chance(0.5)) {
        const at = rng.int(4);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(8));
      } else setU32(4, rng.pick([0, 1, 3, 0xffffffff]));
      return { op: 'magic-version', bytes };
    case 7: {
      // Byte flips, mostly in the header and JSON chunk where readers look first.
      const flips = 1 + rng.int(8);
      for (let f = 0; f < flips; f++) {
        const at = rng.chance(0.85) ? rng.int(Math.min(n, binAt)) : rng.int(n);
        bytes[at] = rng.chance(0.5) ? (bytes[at] ?? 0) ^ (1 << rng.int(8)) : rng.int(256);
      }
      return { op: 'byte-flips', bytes };
    }
    case 8: {
      // Extra bytes: a stray tail, or an extra chunk of unknown or repeated type.
      const extra = rng.pick([3, 8, 16, 64]);
      const out = new Uint8Array(n + extra);
      out.set(bytes);
      const v = new DataView(out.buffer);
      if (extra >= 8) {
        v.setUint32(n, rng.pick([extra - 8, 0xffff, 0]), true);
        v.setUint32(n + 4, rng.pick([CHUNK_BIN, CHUNK_JSON, 0x12345678]), true);
      }
      if (rng.chance(0.7)) v.setUint32(8, out.length, true);
      return { op: 'extra-chunk', bytes: out };
    }
    case 9: {
      // The JSON chunk's text: invalid UTF-8, NULs, a BOM, a cut or a splice, length unchanged.
      if (jsonLength < 8 || 20 + jsonLength > n) return { op: 'json-text', bytes };
      const at = 20 + rng.int(jsonLength - 4);
      const patch = rng.pick([
        [0xff],
        [0xc3, 0x28],
        [0xe2, 0x82],
        [0xf0, 0x9f, 0x98],
        [0],
        [0xef, 0xbb, 0xbf],
        [0x7b],
        [0x5d],
        [0x22],
        [0x2c, 0x2c],
      ]);
      bytes.set(patch, rng.chance(0.2) ? 20 : at);
      return { op: 'json-text', bytes };
    }
    default: {
      // Chunks swapped or the JSON chunk duplicated.
      if (!hasBin) return { op: 'chunk-order', bytes };
      const header = bytes.subarray(0, 12);
      const json = bytes.subarray(12, binAt);
      const rest = bytes.subarray(binAt);
      const out = new Uint8Array(n + (rng.chance(0.5) ? json.length : 0));
      out.set(header);
      if (out.length === n) {
        out.set(rest, 12);
        out.set(json, 12 + rest.length);
      } else {
        out.set(json, 12);
        out.set(json, 12 + json.length);
        out.set(rest, 12 + 2 * json.length);
        new DataView(out.buffer).setUint32(8, out.length, true);
      }
      return { op: 'chunk-order', bytes: out };
    }
  }
}

const list = (json: Json, key: string): unknown[] =>
  Array.isArray(json[key]) ? (json[key] as unknown[]) : [];
const objects = (json: Json, key: string): Json[] => list(json, key).filter(isObj);

function anyObj(rng: Rng, json: Json, key: string): Json | undefined {
  const all = objects(json, key);
  return all.length === 0 ? undefined : rng.pick(all);
}

const BONES_V1 = ['hips', 'spine', 'head', 'leftUpperArm', 'rightHand', 'leftIndexProximal', 'leftEye'];

/** Targeted glTF/VRM mutations: each returns its op name, or null when the file lacks the part. */
const JSON_OPS: readonly ((json: Json, rng: Rng) => string | null)[] = [
  (json, rng) => (mutateSlot(rng.chance(0.6) ? json.extensions : json, rng) ? 'slot' : null),
  (json, rng) => (mutateSlot(json, rng, true) ? 'non-finite-number' : null),
  (json, rng) => {
    const a = anyObj(rng, json, 'accessors');
    if (!a) return null;
    const field = rng.pick(['count', 'byteOffset', 'componentType', 'type', 'bufferView', 'min', 'sparse']);
    a[field] =
      field === 'count'
        ? rng.pick<unknown>([0, -1, 2 ** 31, 1e9, 2 ** 53, raw('1e999'), 3.5])
        : field === 'byteOffset'
          ? rng.pick<unknown>([-4, 1, 3, 2 ** 31, 1e12])
          : field === 'componentType'
            ? rng.pick<unknown>([0, 5120, 5125, 5130, 9999, 'FLOAT'])
            : field === 'type'
              ? rng.pick<unknown>(['VEC9', 'SCALAR', 'MAT4', '', 7])
              : field === 'bufferView'
                ? badIndex(rng, list(json, 'bufferViews').length)
                : field === 'min'
                  ? [raw('1e999'), raw('-1e999')]
                  : {
                      count: rng.pick([1, 2 ** 30]),
                      indices: { bufferView: rng.int(4), componentType: 5125 },
                      values: { bufferView: badIndex(rng, 4) },
                    };
    return `accessor.${field}`;
  },
  (json, rng) => {
    const v = anyObj(rng, json, 'bufferViews');
    if (!v) return null;
    const field = rng.pick(['byteOffset', 'byteLength', 'byteStride', 'buffer']);
    v[field] =
      field === 'buffer'
        ? badIndex(rng, list(json, 'buffers').length)
        : rng.pick<unknown>([0, -1, 1, 3, 255, 2 ** 31, 1e12, raw('1e999')]);
    return `bufferView.${field}`;
  },
  (json, rng) => {
    const b = anyObj(rng, json, 'buffers');
    if (!b) return null;
    if (rng.chance(0.6)) b.byteLength = rng.pick<unknown>([0, 1, -1, 2 ** 31, 1e12]);
    else b.uri = rng.pick(['missing.bin', 'data:application/octet-stream;base64,!!!!', 'data:,', '']);
    return 'buffer';
  },
  (json, rng) => {
    const nodes = objects(json, 'nodes');
    if (nodes.length === 0) return null;
    const i = rng.int(nodes.length);
    const node = nodes[i]!;
    switch (rng.int(6)) {
      case 0:
        // A cycle: the node is its own child, or an ancestor becomes its child.
        node.children = [...(Array.isArray(node.children) ? node.children : []), rng.chance(0.5) ? i : 0];
        return 'node.children-cycle';
      case 1:
        node.children = [badIndex(rng, nodes.length)];
        return 'node.children-range';
      case 2:
        node[rng.pick(['mesh', 'skin', 'camera'])] = badIndex(rng, 8);
        return 'node.reference';
      case 3:
        node.matrix = rng.chance(0.5) ? [1, 0, 0] : Array.from({ length: 16 }, () => raw('1e999'));
        return 'node.matrix';
      case 4:
        node[rng.pick(['translation', 'rotation', 'scale'])] = rng.pick<unknown>([
          [raw('1e999'), 0, 0],
          [0, 0, 0, 0],
          [0],
          'x',
        ]);
        return 'node.trs';
      default:
        // Two parents for one node (a DAG, which glTF forbids).
        if (nodes.length < 3) return null;
        nodes[rng.int(nodes.length)]!.children = [i, i];
        return 'node.two-parents';
    }
  },
  (json, rng) => {
    const mesh = anyObj(rng, json, 'meshes');
    const prims = mesh && Array.isArray(mesh.primitives) ? mesh.primitives.filter(isObj) : [];
    if (prims.length === 0) return null;
    const p = rng.pick(prims);
    const accessors = list(json, 'accessors').length;
    switch (rng.int(5)) {
      case 0:
        if (isObj(p.attributes))
          p.attributes[rng.pick(['POSITION', 'NORMAL', 'JOINTS_0', 'TEXCOORD_0'])] = rng.chance(0.7)
            ? badIndex(rng, accessors)
            : rng.int(accessors);
        return 'primitive.attribute';
      case 1:
        p.indices = rng.chance(0.5) ? badIndex(rng, accessors) : rng.int(accessors);
        return 'primitive.indices';
      case 2:
        p.mode = rng.pick<unknown>([7, 99, -1, 'TRIANGLES']);
        return 'primitive.mode';
      case 3:
        p.targets = rng.pick<unknown>([[], [{ POSITION: badIndex(rng, accessors) }], 'x', [{}]]);
        return 'primitive.targets';
      default:
        p.material = badIndex(rng, list(json, 'materials').length);
        return 'primitive.material';
    }
  },
  (json, rng) => {
    const skin = anyObj(rng, json, 'skins');
    if (!skin) return null;
    const field = rng.pick(['joints', 'inverseBindMatrices', 'skeleton']);
    skin[field] =
      field === 'joints'
        ? rng.pick<unknown>([[], [badIndex(rng, list(json, 'nodes').length)], [0, 0, 0], 'x'])
        : badIndex(rng, list(json, field === 'skeleton' ? 'nodes' : 'accessors').length);
    return `skin.${field}`;
  },
  (json, rng) => {
    const r = rng.int(4);
    if (r === 0) {
      const image = anyObj(rng, json, 'images');
      if (!image) return null;
      if (rng.chance(0.5)) image.bufferView = badIndex(rng, list(json, 'bufferViews').length);
      else image.mimeType = rng.pick(['image/x-nope', '', 7]);
      return 'image';
    }
    if (r === 1) {
      const texture = anyObj(rng, json, 'textures');
      if (!texture) return null;
      texture[rng.pick(['source', 'sampler'])] = badIndex(rng, 4);
      return 'texture';
    }
    const material = anyObj(rng, json, 'materials');
    if (!material) return null;
    if (r === 2) {
      material.pbrMetallicRoughness = {
        baseColorTexture: { index: badIndex(rng, list(json, 'textures').length) },
        baseColorFactor: [raw('1e999'), 0, 0],
      };
      return 'material.pbr';
    }
    const ext = isObj(material.extensions) ? material.extensions : (material.extensions = {});
    const mtoon = isObj(ext.VRMC_materials_mtoon)
      ? ext.VRMC_materials_mtoon
      : (ext.VRMC_materials_mtoon = {});
    if (!mutateSlot(mtoon, rng)) mtoon.shadeColorFactor = [raw('1e999'), 'x'];
    return 'material.mtoon';
  },
  (json, rng) => {
    const ext = isObj(json.extensions) ? json.extensions : undefined;
    const humanoid = isObj(ext?.VRMC_vrm) && isObj(ext.VRMC_vrm.humanoid) ? ext.VRMC_vrm.humanoid : undefined;
    if (!humanoid) return null;
    const bones = isObj(humanoid.humanBones) ? humanoid.humanBones : undefined;
    if (!bones || rng.chance(0.1)) {
      humanoid.humanBones = rng.pick<unknown>([[], 'x', null, [{ bone: 'hips', node: 0 }]]);
      return 'vrm1.humanBones-type';
    }
    const name = rng.pick([...Object.keys(bones), ...BONES_V1]);
    switch (rng.int(5)) {
      case 0:
        delete bones[name];
        return 'vrm1.bone-deleted';
      case 1:
        bones[name] = { node: badIndex(rng, list(json, 'nodes').length) };
        return 'vrm1.bone-node';
      case 2: {
        const other = bones[rng.pick(Object.keys(bones).length ? Object.keys(bones) : ['hips'])];
        bones[name] = structuredClone(other ?? { node: 0 });
        return 'vrm1.bone-duplicate-node';
      }
      case 3:
        bones[rng.pick(['tail', '', 'leftThumbIntermediate', 'Hips', '__proto__'])] = { node: 0 };
        return 'vrm1.bone-unknown';
      default:
        bones[name] = junk(rng);
        return 'vrm1.bone-junk';
    }
  },
  (json, rng) => {
    const ext = isObj(json.extensions) ? json.extensions : undefined;
    const humanoid = isObj(ext?.VRM) && isObj(ext.VRM.humanoid) ? ext.VRM.humanoid : undefined;
    if (!humanoid) return null;
    const bones = Array.isArray(humanoid.humanBones) ? humanoid.humanBones.filter(isObj) : null;
    if (!bones || bones.length === 0 || rng.chance(0.1)) {
      humanoid.humanBones = rng.pick<unknown>([{}, 'x', null, [null, 1]]);
      return 'vrm0.humanBones-type';
    }
    const entry = rng.pick(bones);
    switch (rng.int(5)) {
      case 0:
        entry.bone = rng.pick(['tail', '', 'Hips', 'leftThumbMetacarpal', 7]);
        return 'vrm0.bone-name';
      case 1:
        entry.node = badIndex(rng, list(json, 'nodes').length);
        return 'vrm0.bone-node';
      case 2:
        (humanoid.humanBones as unknown[]).push(structuredClone(entry));
        return 'vrm0.bone-duplicate';
      case 3:
        entry.bone = 'hips';
        return 'vrm0.two-hips';
      default:
        (humanoid.humanBones as unknown[]).splice(rng.int(bones.length), 1);
        return 'vrm0.bone-deleted';
    }
  },
  (json, rng) => {
    const ext = isObj(json.extensions) ? json.extensions : undefined;
    const target = isObj(ext?.VRMC_vrm)
      ? ext.VRMC_vrm.expressions
      : isObj(ext?.VRM)
        ? ext.VRM.blendShapeMaster
        : undefined;
    if (target === undefined) return null;
    if (!mutateSlot(target, rng)) return null;
    return 'expressions';
  },
  (json, rng) => {
    const ext = isObj(json.extensions) ? json.extensions : undefined;
    const vrm = isObj(ext?.VRMC_vrm) ? ext.VRMC_vrm : isObj(ext?.VRM) ? ext.VRM : undefined;
    if (!vrm) return null;
    const key = rng.pick(['lookAt', 'firstPerson', 'meta', 'specVersion']);
    vrm[key] = junk(rng);
    return `vrm.${key}`;
  },
  (json, rng) => {
    const ext = isObj(json.extensions) ? json.extensions : undefined;
    if (!ext) return null;
    switch (rng.int(3)) {
      case 0:
        delete ext[rng.pick(['VRMC_vrm', 'VRM'])];
        return 'vrm.extension-deleted';
      case 1:
        ext[rng.pick(['VRMC_vrm', 'VRM'])] = rng.pick<unknown>([null, [], 'x', 1]);
        return 'vrm.extension-type';
      default:
        if (isObj(ext.VRMC_vrm)) ext.VRM = { humanoid: { humanBones: [] } };
        else ext.VRMC_vrm = { specVersion: '1.0', humanoid: { humanBones: {} } };
        return 'vrm.both-extensions';
    }
  },
  (json, rng) => {
    const name = rng.pick<unknown>([
      'KHR_totally_unknown',
      'EXT_meshopt_compression',
      'KHR_draco_mesh_compression',
      'KHR_texture_basisu',
      7,
      null,
    ]);
    if (rng.chance(0.5)) json.extensionsRequired = [...list(json, 'extensionsRequired'), name];
    else json.extensionsRequired = rng.pick<unknown>([name, {}, [name, name]]);
    if (rng.chance(0.5)) json.extensionsUsed = [...list(json, 'extensionsUsed'), name];
    return 'extensionsRequired';
  },
  (json, rng) => {
    if (rng.chance(0.5)) json.scene = badIndex(rng, list(json, 'scenes').length);
    else {
      const scene = anyObj(rng, json, 'scenes');
      if (!scene) return null;
      scene.nodes = rng.pick<unknown>([[badIndex(rng, 100)], [0, 0], 'x', []]);
    }
    return 'scene';
  },
  (json, rng) => {
    const anim = anyObj(rng, json, 'animations');
    if (!anim) return null;
    return mutateSlot(anim, rng) ? 'animation' : null;
  },
  (json, rng) => {
    // Deep nesting and huge arrays where the schema allows anything.
    const holder = anyObj(rng, json, 'nodes') ?? json;
    holder.extras = rng.chance(0.5) ? deep(rng.pick([100, 2000, 8000])) : new Array(200_000).fill(0);
    return 'extras-deep-or-huge';
  },
  (json, rng) => {
    json.asset = rng.pick<unknown>([
      { version: '1.0' },
      { version: 3 },
      null,
      {},
      { version: '2.0', minVersion: '9.0' },
    ]);
    return 'asset';
  },
];

function jsonMutation(src: VrmSource, rng: Rng): { op: string; bytes: Uint8Array } {
  const parts = src.parts!;
  const json = structuredClone(parts.json);
  const edits = 1 + (rng.chance(0.3) ? rng.int(3) : 0);
  const ops: string[] = [];
  for (let k = 0; k < edits; k++) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const op = rng.pick(JSON_OPS)(json, rng);
      if (op !== null) {
        ops.push(op);
        break;
      }
    }
  }
  return { op: ops.join('+') || 'none', bytes: packGlb(stringifyRaw(json), parts.bin) };
}

const COMPONENT_BYTES: Readonly<Record<number, number>> = {
  5120: 1,
  5121: 1,
  5122: 2,
  5123: 2,
  5125: 4,
  5126: 4,
};
const TYPE_SIZE: Readonly<Record<string, number>> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

/** The BIN-chunk byte range of an accessor, or null when it is not plainly in the BIN chunk. */
function accessorRange(json: Json, a: Json): { from: number; to: number; component: number } | null {
  const view =
    isObj(a) && typeof a.bufferView === 'number' ? list(json, 'bufferViews')[a.bufferView] : undefined;
  if (!isObj(view) || (view.buffer ?? 0) !== 0) return null;
  const size = (COMPONENT_BYTES[a.componentType as number] ?? 0) * (TYPE_SIZE[a.type as string] ?? 0);
  const count = typeof a.count === 'number' ? a.count : 0;
  if (size === 0 || count === 0) return null;
  const from = ((view.byteOffset as number) ?? 0) + ((a.byteOffset as number) ?? 0);
  const stride = typeof view.byteStride === 'number' ? view.byteStride : size;
  return { from, to: from + stride * (count - 1) + size, component: a.componentType as number };
}

function binMutation(src: VrmSource, rng: Rng): { op: string; bytes: Uint8Array } {
  const parts = src.parts!;
  const bin = parts.bin!.slice();
  const accessors = objects(parts.json, 'accessors');
  const ranges = accessors.map((a) => accessorRange(parts.json, a)).filter((r) => r !== null);
  const range = ranges.length > 0 ? rng.pick(ranges) : { from: 0, to: bin.length, component: 5121 };
  const to = Math.min(range.to, bin.length);
  const span = Math.max(1, to - range.from);
  const view = new DataView(bin.buffer);
  let op: string;
  const r = rng.int(4);
  if (r === 0) {
    const flips = 1 + rng.int(32);
    for (let f = 0; f < flips; f++) {
      const at = range.from + rng.int(span);
      if (at < bin.length) bin[at] = (bin[at] ?? 0) ^ (1 << rng.int(8));
    }
    op = 'bit-flips';
  } else if (r === 1 && range.component === 5126) {
    // Floats become NaN, ±Infinity or huge: positions, weights, inverse bind matrices.
    const count = 1 + rng.int(16);
    for (let k = 0; k < count; k++) {
      const at = range.from + 4 * rng.int(Math.max(1, span >> 2));
      if (at + 4 <= bin.length) view.setFloat32(at, rng.pick([NaN, Infinity, -Infinity, 3e38, -1e-45]), true);
    }
    op = 'float-non-finite';
  } else if (r <= 2) {
    // Integers at their maximum: indices and joints that point past every array.
    const width = COMPONENT_BYTES[range.component] ?? 1;
    const count = 1 + rng.int(16);
    for (let k = 0; k < count; k++) {
      const at = range.from + width * rng.int(Math.max(1, Math.floor(span / width)));
      for (let b = 0; b < width && at + b < bin.length; b++) bin[at + b] = 0xff;
    }
    op = 'int-max';
  } else {
    bin.fill(rng.chance(0.5) ? 0 : 0xff, range.from, Math.min(bin.length, range.from + span));
    op = 'accessor-filled';
  }
  return { op, bytes: packGlb(JSON.stringify(parts.json), bin) };
}

/**
 * The `index`-th mutant of `source` under `seed`: a container (≈30 %), JSON (≈50 %) or BIN (≈20 %)
 * mutation; a source that is not a GLB, or has no BIN chunk, gets container/JSON mutations only.
 */
export function mutateVrm(source: VrmSource, seed: number): Mutant {
  const rng = createRng(seed);
  const r = rng.next();
  const family: Mutant['family'] =
    source.parts === null || r < 0.3 ? 'container' : r < 0.8 || source.parts.bin === null ? 'json' : 'bin';
  const m =
    family === 'container'
      ? containerMutation(source, rng)
      : family === 'json'
        ? jsonMutation(source, rng)
        : binMutation(source, rng);
  const stem = source.name.replace(/\.[^.]*$/, '');
  return { label: `${stem}~${family}-${m.op}~s${seed}.vrm`, family, op: m.op, bytes: m.bytes };
}
