/**
 * Reads the rig description of a VRM avatar straight from the bytes of a .vrm/.glb file, with no
 * renderer: humanoid bones, expressions and their binds, look-at, first-person annotations, meta.
 * Both `VRMC_vrm` (1.0) and `VRM` (0.x) are read and expressed in VRM 1.0 terms, so the engine and
 * every renderer adapter bind capsule channels the same way.
 *
 * Bad input policy: what leaves the rig unusable (not a GLB, truncated, unparsable JSON, no VRM
 * extension, a humanoid bone on a node that does not exist or on a node another bone already
 * uses) throws a {@link RigReadError} naming the file and the byte offset or JSON pointer. What a
 * viewer can still show (unknown bone names, a broken expression bind, odd meta) becomes a
 * warning and is dropped or defaulted. No other exception escapes, for any byte sequence.
 */

import { HUMAN_BONES, HUMAN_BONE_NAMES, isHumanBoneName, type HumanBoneName } from './bones.ts';
import {
  CUSTOM_EXPRESSION_PATTERN,
  VRM_PRESET_EXPRESSIONS,
  type VrmPresetExpression,
} from './expressions.ts';
import {
  VRM0_TEXTURE_TRANSFORM_PROPERTY,
  VRM1_MATERIAL_COLOR_TYPES,
  mapVrm0BoneName,
  mapVrm0ExpressionPreset,
  mapVrm0FirstPersonFlag,
  mapVrm0LookAtType,
  mapVrm0MaterialColorProperty,
  vrm0BindWeight,
  vrm0TextureTransform,
  type FirstPersonType,
  type MaterialColorType,
} from './vrm0-mapping.ts';

// ── Public types ──────────────────────────────────────────────────────────────────────────────

/**
 * Thrown for input that leaves the rig unusable. Carries where the problem is so a viewer, the
 * CLI or a log can point at it: `path` is a JSON pointer into the glTF JSON, `offset` a byte
 * offset into the file. The message always starts with the file name and that location.
 */
export class RigReadError extends Error {
  override readonly name = 'RigReadError';
  /** The file name the caller passed in. */
  readonly file: string;
  /** JSON pointer into the glTF JSON (`''` is the root), when the problem is in the JSON. */
  readonly path: string | undefined;
  /** Byte offset into the file, when the problem is in the GLB container. */
  readonly offset: number | undefined;

  constructor(
    file: string,
    where: { readonly path?: string; readonly offset?: number },
    detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${file}: ${locate(where)}${detail}`, options);
    this.file = file;
    this.path = where.path;
    this.offset = where.offset;
  }
}

function locate(where: { readonly path?: string; readonly offset?: number }): string {
  if (where.offset !== undefined) return `byte ${where.offset}: `;
  if (where.path !== undefined) return where.path === '' ? 'JSON root: ' : `${where.path}: `;
  return '';
}

/** Where a humanoid bone lives in the glTF: bind by `node` (index); `nodeName` is for display. */
export interface HumanBoneBinding {
  /** glTF node index. */
  readonly node: number;
  /** The glTF node's `name`, or `''` when it has none. */
  readonly nodeName: string;
}

/** How an expression suppresses the blink, look-at or mouth expressions while it is active. */
export type ExpressionOverride = 'none' | 'block' | 'blend';

/**
 * One morph target driven by an expression. `weight` is 0..1 (0.x's 0..100 is converted).
 * `nodes` lists every node that instantiates `mesh` (1.0 binds name one node; 0.x binds name a
 * mesh, which any number of nodes may use).
 */
export interface MorphTargetBind {
  readonly mesh: number;
  readonly nodes: readonly number[];
  readonly index: number;
  readonly weight: number;
}

/** A material colour an expression moves towards (RGBA, as written in the file). */
export interface MaterialColorBind {
  readonly material: number;
  readonly type: MaterialColorType;
  readonly targetValue: readonly [number, number, number, number];
}

/** A texture transform an expression moves towards (glTF UV convention, origin top-left). */
export interface TextureTransformBind {
  readonly material: number;
  readonly scale: readonly [number, number];
  readonly offset: readonly [number, number];
}

/** One expression of the avatar, in VRM 1.0 terms, ready to bind to a capsule channel. */
export interface ExpressionDescription {
  /**
   * The capsule channel name: a VRM 1.0 preset (`happy`, `aa`, …) or `custom:<name>` matching
   * `CUSTOM_EXPRESSION_PATTERN` (custom names that do not fit are sanitised, with a warning).
   */
  readonly name: string;
  /** The name as the file writes it (1.0 key, 0.x group name), for display. */
  readonly sourceName: string;
  /** The VRM 1.0 preset this is, or null for a custom expression. */
  readonly preset: VrmPresetExpression | null;
  readonly isBinary: boolean;
  readonly overrideBlink: ExpressionOverride;
  readonly overrideLookAt: ExpressionOverride;
  readonly overrideMouth: ExpressionOverride;
  readonly morphTargetBinds: readonly MorphTargetBind[];
  readonly materialColorBinds: readonly MaterialColorBind[];
  readonly textureTransformBinds: readonly TextureTransformBind[];
}

/** Maps a look-at angle (degrees, up to `inputMaxValue`) to a bone angle or expression weight. */
export interface LookAtRangeMap {
  readonly inputMaxValue: number;
  readonly outputScale: number;
}

/** How the eyes follow a target: by eye bones or by lookUp/Down/Left/Right expressions. */
export interface LookAtDescription {
  readonly type: 'bone' | 'expression';
  /** Eye position relative to the head bone, in the head node's glTF space, metres. */
  readonly offsetFromHeadBone: readonly [number, number, number];
  readonly rangeMapHorizontalInner: LookAtRangeMap;
  readonly rangeMapHorizontalOuter: LookAtRangeMap;
  readonly rangeMapVerticalDown: LookAtRangeMap;
  readonly rangeMapVerticalUp: LookAtRangeMap;
}

/** Which camera sees a mesh node in first-person (VR) views. */
export interface FirstPersonAnnotation {
  readonly node: number;
  readonly type: FirstPersonType;
}

/** Who made the avatar and on what terms; a viewer shows this before anyone performs with it. */
export interface RigMeta {
  /** 1.0 `name`, 0.x `title`. */
  readonly name: string | null;
  readonly version: string | null;
  /** 1.0 `authors`, 0.x `author` as a one-element list. */
  readonly authors: readonly string[];
  readonly copyrightInformation: string | null;
  readonly contactInformation: string | null;
  /** 1.0 `references`, 0.x `reference` as a one-element list. */
  readonly references: readonly string[];
  /** glTF image index of the thumbnail (0.x's texture index is resolved to its image). */
  readonly thumbnailImage: number | null;
  /** 0.x `licenseName` (e.g. `CC_BY`); null for 1.0, whose licence is `licenseUrl`. */
  readonly licenseName: string | null;
  /** 1.0 `licenseUrl`, 0.x `otherLicenseUrl`. */
  readonly licenseUrl: string | null;
  /** The licence and permission fields exactly as present in the file (names differ 0.x vs 1.0). */
  readonly permissions: Readonly<Record<string, string | boolean>>;
}

/**
 * The renderer-neutral description of a VRM avatar's rig: everything the engine and a renderer
 * loader extension need to bind capsule channels (bones, expressions, look-at) to the avatar.
 */
export interface RigDescription {
  readonly file: string;
  /** Which VRM extension was read. */
  readonly specVersion: '1.0' | '0.x';
  /** The spec version string exactly as the file writes it (`'1.0'`, `'1.0-beta'`, `'0.0'`), or `''`. */
  readonly sourceSpecVersion: string;
  /** 0.x `exporterVersion`, else glTF `asset.generator`; null when neither is present. */
  readonly generator: string | null;
  /** Direction the avatar faces in the file: VRM 0.x models face −Z and are turned by adapters. */
  readonly forward: '+z' | '-z';
  readonly meta: RigMeta;
  /** VRM 1.0 bone name → node, for the bones the file maps (0.x names already translated). */
  readonly humanBones: Readonly<Partial<Record<HumanBoneName, HumanBoneBinding>>>;
  /** Bones VRM requires that the file does not map, in skeleton order. */
  readonly missingRequiredBones: readonly HumanBoneName[];
  readonly expressions: readonly ExpressionDescription[];
  /** Null when the file has no look-at section. */
  readonly lookAt: LookAtDescription | null;
  readonly firstPersonAnnotations: readonly FirstPersonAnnotation[];
  /** Problems that did not stop the read, each prefixed with its JSON pointer or byte offset. */
  readonly warnings: readonly string[];
}

// ── Entry points ──────────────────────────────────────────────────────────────────────────────

/**
 * Reads a rig description from the bytes of a .vrm/.glb file (VRM 1.0 or 0.x).
 * Async so callers can treat it like any other loader; the work itself is synchronous.
 * @throws {RigReadError} for input that leaves the rig unusable; never anything else.
 */
export async function readRigDescription(bytes: Uint8Array, file: string): Promise<RigDescription> {
  return guard(file, () => {
    const glb = readGlbJsonUnguarded(bytes, file);
    const rig = describeRigUnguarded(glb.json, file);
    return { ...rig, warnings: [...glb.warnings, ...rig.warnings] };
  });
}

/**
 * Extracts the glTF JSON from a GLB container, checking the header and chunk framing first so an
 * error names the byte offset. The BIN chunk is checked for truncation but not read.
 * @throws {RigReadError}
 */
export function readGlbJson(bytes: Uint8Array, file: string): { json: unknown; warnings: string[] } {
  return guard(file, () => readGlbJsonUnguarded(bytes, file));
}

/**
 * Describes the rig from already-parsed glTF JSON — the entry point for a renderer's glTF loader
 * extension, which has the JSON in hand.
 * @throws {RigReadError}
 */
export function describeRig(json: unknown, file: string): RigDescription {
  return guard(file, () => describeRigUnguarded(json, file));
}

/**
 * The capsule channel name for a custom expression: `custom:<name>`, with characters outside
 * `[A-Za-z0-9_.-]` replaced (ASCII by `_`, others by `u<hex code point>` so distinct non-Latin
 * names stay distinct) and the length capped at 64.
 */
export function customExpressionChannel(sourceName: string): string {
  let out = '';
  for (const ch of sourceName) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9_.-]$/.test(ch)) out += ch;
    else if (cp < 0x80) out += '_';
    else out += `u${cp.toString(16).toUpperCase()}`;
    if (out.length >= 64) break;
  }
  out = out.slice(0, 64);
  return `custom:${out === '' ? 'unnamed' : out}`;
}

/** Turns any unexpected exception into a RigReadError so callers only ever see one error type. */
function guard<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RigReadError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new RigReadError(file, {}, `unexpected failure while reading the rig (${reason})`, { cause: e });
  }
}

// ── GLB container ─────────────────────────────────────────────────────────────────────────────

const CHUNK_JSON = 0x4e4f534a; // 'JSON'
const CHUNK_BIN = 0x004e4942; // 'BIN\0'
const MAGIC_BYTES = [0x67, 0x6c, 0x54, 0x46]; // 'glTF'

function hex32(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;
}

function readGlbJsonUnguarded(bytes: Uint8Array, file: string): { json: unknown; warnings: string[] } {
  const fail = (offset: number, detail: string): never => {
    throw new RigReadError(file, { offset }, detail);
  };
  if (!(bytes instanceof Uint8Array)) fail(0, 'input is not a byte array (Uint8Array)');
  const warnings: string[] = [];
  const n = bytes.byteLength;
  if (n === 0) fail(0, 'file is empty, expected a GLB (.vrm/.glb)');

  for (let i = 0; i < Math.min(4, n); i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) {
      const head = Array.from(bytes.subarray(0, Math.min(8, n)), (b) => b.toString(16).padStart(2, '0'));
      const hint = bytes[0] === 0x7b ? ' (this looks like .gltf JSON text; VRM avatars are binary GLB)' : '';
      fail(0, `not a GLB file: expected magic "glTF" (67 6c 54 46), found ${head.join(' ')}${hint}`);
    }
  }
  if (n < 12) fail(n, `file is truncated: it ends inside the 12-byte GLB header (${n} bytes)`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const u32 = (offset: number): number => view.getUint32(offset, true);

  const version = u32(4);
  if (version !== 2) {
    const hint = version === 1 ? ' (glTF 1.0 binary is not supported)' : '';
    fail(4, `GLB version ${version}, expected 2${hint}`);
  }
  const declared = u32(8);
  if (declared > n)
    fail(n, `file is truncated: the header (byte 8) declares ${declared} bytes, file has ${n}`);
  if (declared < 20) {
    fail(8, `header declares a total length of ${declared} bytes, too short for a JSON chunk (20 minimum)`);
  }
  if (declared < n)
    warnings.push(`byte ${declared}: ${n - declared} bytes after the declared end of the GLB ignored`);
  const end = declared;

  const jsonLength = u32(12);
  const jsonType = u32(16);
  if (jsonType !== CHUNK_JSON)
    fail(16, `first chunk has type ${hex32(jsonType)}, expected JSON (${hex32(CHUNK_JSON)})`);
  if (jsonLength === 0) fail(12, 'JSON chunk is empty');
  if (20 + jsonLength > end) {
    fail(
      12,
      `JSON chunk length ${jsonLength} runs past the end of the GLB (would end at byte ${20 + jsonLength}, GLB ends at ${end})`,
    );
  }
  if (jsonLength % 4 !== 0) warnings.push(`byte 12: JSON chunk length ${jsonLength} is not a multiple of 4`);

  // Later chunks: only a truncated BIN chunk is fatal (the renderer could not load the geometry).
  let offset = 20 + jsonLength;
  let sawBin = false;
  while (offset < end) {
    if (end - offset < 8) {
      warnings.push(`byte ${offset}: ${end - offset} stray bytes after the last chunk ignored`);
      break;
    }
    const length = u32(offset);
    const type = u32(offset + 4);
    if (offset + 8 + length > end) {
      if (type === CHUNK_BIN) {
        fail(
          offset,
          `BIN chunk length ${length} runs past the end of the GLB (would end at byte ${offset + 8 + length}, GLB ends at ${end})`,
        );
      }
      warnings.push(`byte ${offset}: chunk of type ${hex32(type)} runs past the end of the GLB; ignored`);
      break;
    }
    if (type === CHUNK_BIN) {
      if (sawBin) warnings.push(`byte ${offset}: second BIN chunk ignored`);
      sawBin = true;
    } else if (type === CHUNK_JSON) {
      warnings.push(`byte ${offset}: second JSON chunk ignored`);
    }
    offset += 8 + length;
  }

  return { json: parseJsonChunk(bytes.subarray(20, 20 + jsonLength), file, warnings), warnings };
}

/** Decodes and parses the JSON chunk (`chunk` starts at file byte 20), locating errors by byte. */
function parseJsonChunk(chunk: Uint8Array, file: string, warnings: string[]): unknown {
  let start = 0;
  let stop = chunk.length;
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
    warnings.push('byte 20: JSON chunk starts with a UTF-8 byte-order mark; skipped');
    start = 3;
  }
  // Some exporters pad the JSON chunk with NUL instead of spaces.
  while (stop > start && chunk[stop - 1] === 0) stop--;
  if (stop < chunk.length)
    warnings.push(`byte ${20 + stop}: JSON chunk padded with NUL bytes instead of spaces`);
  const body = chunk.subarray(start, stop);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    warnings.push(
      `byte ${20 + start + bad}: JSON chunk is not valid UTF-8; invalid bytes replaced with U+FFFD`,
    );
    text = new TextDecoder('utf-8').decode(body);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = syntaxErrorPosition(message, text);
    const byte =
      20 + start + (position === null ? 0 : new TextEncoder().encode(text.slice(0, position)).length);
    throw new RigReadError(file, { offset: byte }, `bad JSON chunk: ${message}`, { cause: e });
  }
  if (!isRecord(json)) throw new RigReadError(file, { path: '' }, 'glTF JSON is not an object');
  return json;
}

/**
 * Character position of a JSON.parse error, from the engine's message: `at position N` (V8),
 * `line L column C` (SpiderMonkey), or V8's `Unexpected token 'x', ..."context"...`, whose
 * context starts 10 characters before the token. Null when the message does not say.
 */
function syntaxErrorPosition(message: string, text: string): number | null {
  const at = /at position (\d+)/.exec(message);
  if (at?.[1] !== undefined) return Number(at[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc?.[1] !== undefined && lc[2] !== undefined) {
    let pos = 0;
    for (let line = 1; line < Number(lc[1]) && pos >= 0; line++) pos = text.indexOf('\n', pos) + 1;
    return pos > 0 || Number(lc[1]) === 1 ? pos + Number(lc[2]) - 1 : null;
  }
  const ctx = /^Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const [, token, cut, snippet] = ctx ?? [];
  if (token === undefined || snippet === undefined) return null;
  const from = cut ? text.indexOf(snippet) : 0;
  if (from < 0 || (cut && text.indexOf(snippet, from + 1) >= 0)) return null;
  const pos = from + (cut ? 10 : snippet.indexOf(token));
  return text.startsWith(token, pos) ? pos : null;
}

/** Index of the first byte where strict UTF-8 decoding fails (binary search; error path only). */
function firstInvalidUtf8(body: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0;
  let hi = body.length;
  if (!fails(hi)) return hi; // only the tail is incomplete
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

// ── JSON helpers ──────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON pointer built from segments, escaped per RFC 6901. */
function ptr(base: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (p, s) => `${p}/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`,
    base,
  );
}

/** A short, safe rendering of an untrusted JSON value for messages (never recursive). */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) {
    const flat = v.length <= 4 && v.every((x) => x === null || typeof x !== 'object');
    return flat ? `[${v.map(show).join(', ')}]` : `an array of ${v.length}`;
  }
  if (v === null || typeof v !== 'object') return String(v);
  return 'an object';
}

function isIndex(v: unknown, count: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count;
}

function nonEmptyString(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function finiteTuple(v: unknown, length: number): number[] | null {
  if (!Array.isArray(v) || v.length !== length) return null;
  return v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : null;
}

const MAX_WARNINGS = 200;

/** What every section reader shares: the file, the glTF arrays it indexes into, the warnings. */
interface Ctx {
  readonly file: string;
  readonly nodes: readonly unknown[];
  readonly meshes: readonly unknown[];
  readonly materials: readonly unknown[];
  readonly textures: readonly unknown[];
  readonly images: readonly unknown[];
  /** Node indices per mesh index, for 0.x binds that name a mesh. */
  readonly meshNodes: ReadonlyMap<number, readonly number[]>;
  readonly warnings: string[];
  omitted: number;
}

function warn(ctx: Ctx, path: string, detail: string): void {
  if (ctx.warnings.length < MAX_WARNINGS) ctx.warnings.push(`${path === '' ? 'JSON root' : path}: ${detail}`);
  else ctx.omitted++;
}

function fail(ctx: Ctx, path: string, detail: string): never {
  throw new RigReadError(ctx.file, { path }, detail);
}

function arrayAt(json: Json, key: string, warnings: string[]): readonly unknown[] {
  const v = json[key];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v;
  warnings.push(`/${key}: is ${show(v)}, expected an array; treated as empty`);
  return [];
}

// ── Rig description ───────────────────────────────────────────────────────────────────────────

function describeRigUnguarded(json: unknown, file: string): RigDescription {
  if (!isRecord(json)) throw new RigReadError(file, { path: '' }, 'glTF JSON is not an object');
  const warnings: string[] = [];
  const nodes = arrayAt(json, 'nodes', warnings);
  const meshNodes = new Map<number, number[]>();
  nodes.forEach((node, i) => {
    const mesh = isRecord(node) ? node.mesh : undefined;
    if (typeof mesh === 'number' && Number.isInteger(mesh)) {
      const list = meshNodes.get(mesh);
      if (list) list.push(i);
      else meshNodes.set(mesh, [i]);
    }
  });
  const ctx: Ctx = {
    file,
    nodes,
    meshes: arrayAt(json, 'meshes', warnings),
    materials: arrayAt(json, 'materials', warnings),
    textures: arrayAt(json, 'textures', warnings),
    images: arrayAt(json, 'images', warnings),
    meshNodes,
    warnings,
    omitted: 0,
  };

  const extensions = json.extensions;
  if (extensions !== undefined && !isRecord(extensions)) {
    fail(ctx, '/extensions', `is ${show(extensions)}, expected an object holding VRMC_vrm or VRM`);
  }
  const v1 = extensions?.['VRMC_vrm'];
  const v0 = extensions?.['VRM'];
  const used = Array.isArray(json.extensionsUsed) ? json.extensionsUsed : [];
  const asset = isRecord(json.asset) ? json.asset : {};
  const generator = nonEmptyString(asset.generator);

  let rig: Omit<RigDescription, 'file' | 'warnings'>;
  if (isRecord(v1)) {
    if (v0 !== undefined)
      warn(ctx, '/extensions/VRM', 'file also has VRMC_vrm (1.0); the VRM 0.x extension is ignored');
    if (!used.includes('VRMC_vrm')) warn(ctx, '/extensionsUsed', 'does not list VRMC_vrm');
    rig = describeV1(ctx, v1, generator);
  } else if (isRecord(v0)) {
    if (v1 !== undefined)
      warn(ctx, '/extensions/VRMC_vrm', `is ${show(v1)}, not an object; reading VRM 0.x instead`);
    if (!used.includes('VRM')) warn(ctx, '/extensionsUsed', 'does not list VRM');
    rig = describeV0(ctx, v0, generator);
  } else if (v1 !== undefined || v0 !== undefined) {
    const [key, value] = v1 !== undefined ? ['VRMC_vrm', v1] : ['VRM', v0];
    fail(ctx, `/extensions/${key}`, `is ${show(value)}, expected an object`);
  } else {
    fail(
      ctx,
      '/extensions',
      'no VRMC_vrm (VRM 1.0) or VRM (VRM 0.x) extension: a plain glTF, not a VRM avatar',
    );
  }

  if (ctx.omitted > 0) warnings.push(`${ctx.omitted} more warnings omitted`);
  return { file, ...rig, warnings };
}

function finishBones(
  ctx: Ctx,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
  path: string,
): Pick<RigDescription, 'humanBones' | 'missingRequiredBones'> {
  const humanBones: Partial<Record<HumanBoneName, HumanBoneBinding>> = {};
  for (const name of HUMAN_BONE_NAMES) {
    const binding = bones.get(name);
    if (binding) humanBones[name] = binding;
  }
  const missingRequiredBones = HUMAN_BONES.filter((b) => b.required && !bones.has(b.name)).map((b) => b.name);
  if (missingRequiredBones.length > 0) {
    warn(ctx, path, `missing required bones: ${missingRequiredBones.join(', ')}`);
  }
  return { humanBones, missingRequiredBones };
}

/** Validates a bone's node index; a bad one makes the rig unusable, so it throws. */
function boneNode(
  ctx: Ctx,
  value: unknown,
  path: string,
  bone: HumanBoneName,
  usedBy: Map<number, HumanBoneName>,
): HumanBoneBinding {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(ctx, path, `node of bone ${bone} is ${show(value)}, expected a node index`);
  }
  if (value >= ctx.nodes.length) {
    fail(ctx, path, `node ${value} of bone ${bone} is out of range: the file has ${ctx.nodes.length} nodes`);
  }
  const other = usedBy.get(value);
  if (other !== undefined) fail(ctx, path, `node ${value} is used by two bones, ${other} and ${bone}`);
  usedBy.set(value, bone);
  const node = ctx.nodes[value];
  const nodeName = isRecord(node) && typeof node.name === 'string' ? node.name : '';
  return { node: value, nodeName };
}

function morphTargetCount(ctx: Ctx, mesh: number): number {
  const def = ctx.meshes[mesh];
  const primitives: readonly unknown[] = isRecord(def) && Array.isArray(def.primitives) ? def.primitives : [];
  if (primitives.length === 0) return 0;
  // Every primitive of a mesh must carry the same targets; the smallest count is the safe one.
  let count = Infinity;
  for (const p of primitives)
    count = Math.min(count, isRecord(p) && Array.isArray(p.targets) ? p.targets.length : 0);
  return count;
}

/** Validates a morph bind's mesh and target index; a string is the problem, as a warning text. */
function morphTarget(ctx: Ctx, mesh: unknown, index: unknown): { mesh: number; index: number } | string {
  if (!isIndex(mesh, ctx.meshes.length))
    return `mesh ${show(mesh)} does not exist (${ctx.meshes.length} meshes)`;
  const count = morphTargetCount(ctx, mesh);
  if (!isIndex(index, count))
    return `morph target ${show(index)} does not exist on mesh ${mesh} (${count} targets)`;
  return { mesh, index };
}

function uniqueName(ctx: Ctx, taken: Set<string>, name: string, path: string): string {
  let out = name;
  for (let k = 2; taken.has(out); k++) {
    const suffix = `-${k}`;
    out = `custom:${name.slice('custom:'.length, 'custom:'.length + 64 - suffix.length)}${suffix}`;
  }
  if (out !== name) warn(ctx, path, `expression name ${name} is already taken; renamed ${out}`);
  taken.add(out);
  return out;
}

function customName(ctx: Ctx, sourceName: string, taken: Set<string>, path: string): string {
  const channel = customExpressionChannel(sourceName);
  if (`custom:${sourceName}` !== channel || !CUSTOM_EXPRESSION_PATTERN.test(channel)) {
    warn(
      ctx,
      path,
      `custom expression ${show(sourceName)} renamed ${channel} to fit ${CUSTOM_EXPRESSION_PATTERN}`,
    );
  }
  return uniqueName(ctx, taken, channel, path);
}

function readBinary(ctx: Ctx, value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  warn(ctx, path, `is ${show(value)}, expected true or false; read as false`);
  return false;
}

const PRESETS = new Set<string>(VRM_PRESET_EXPRESSIONS);
const OVERRIDES = new Set<string>(['none', 'block', 'blend']);
const COLOR_TYPES = new Set<string>(VRM1_MATERIAL_COLOR_TYPES);
const FIRST_PERSON_TYPES = new Set<string>(['auto', 'both', 'thirdPersonOnly', 'firstPersonOnly']);

function readOverride(ctx: Ctx, value: unknown, path: string): ExpressionOverride {
  if (value === undefined) return 'none';
  if (typeof value === 'string' && OVERRIDES.has(value)) return value as ExpressionOverride;
  warn(ctx, path, `is ${show(value)}, expected "none", "block" or "blend"; read as "none"`);
  return 'none';
}

/**
 * Reads a look-at range map; `keys` names its input/output fields (1.0 `inputMaxValue`/`outputScale`,
 * 0.x `xRange`/`yRange`). A zero or negative input range would divide by zero downstream.
 */
function readRangeMap(
  ctx: Ctx,
  value: unknown,
  path: string,
  keys: readonly [input: string, output: string],
  defaultScale: number,
): LookAtRangeMap {
  if (value === undefined) return { inputMaxValue: 90, outputScale: defaultScale };
  if (!isRecord(value)) {
    warn(ctx, path, `is ${show(value)}, expected an object; defaults used`);
    return { inputMaxValue: 90, outputScale: defaultScale };
  }
  const inputMax = value[keys[0]];
  const outputScale = value[keys[1]];
  let inputMaxValue = 90;
  if (inputMax !== undefined) {
    if (typeof inputMax === 'number' && Number.isFinite(inputMax) && inputMax > 0) inputMaxValue = inputMax;
    else warn(ctx, `${path}/${keys[0]}`, `is ${show(inputMax)}, expected a positive number; 90 used`);
  }
  let scale = defaultScale;
  if (outputScale !== undefined) {
    if (typeof outputScale === 'number' && Number.isFinite(outputScale) && outputScale >= 0)
      scale = outputScale;
    else
      warn(ctx, `${path}/${keys[1]}`, `is ${show(outputScale)}, expected a number ≥ 0; ${defaultScale} used`);
  }
  return { inputMaxValue, outputScale: scale };
}

function warnEyes(
  ctx: Ctx,
  lookAt: LookAtDescription | null,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
  path: string,
): void {
  if (lookAt?.type === 'bone' && !(bones.has('leftEye') && bones.has('rightEye'))) {
    warn(ctx, path, 'look-at type is bone but the humanoid has no leftEye/rightEye; the eyes cannot turn');
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

function permissionsFrom(meta: Json, keys: readonly string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const key of keys) {
    const v = meta[key];
    if (typeof v === 'string' || typeof v === 'boolean') out[key] = v;
  }
  return out;
}

// ── VRM 1.0 ───────────────────────────────────────────────────────────────────────────────────

const V1 = '/extensions/VRMC_vrm';

const V1_PERMISSION_KEYS = [
  'avatarPermission',
  'allowExcessivelyViolentUsage',
  'allowExcessivelySexualUsage',
  'commercialUsage',
  'allowPoliticalOrReligiousUsage',
  'allowAntisocialOrHateUsage',
  'creditNotation',
  'allowRedistribution',
  'modification',
  'otherLicenseUrl',
] as const;

function describeV1(
  ctx: Ctx,
  ext: Json,
  generator: string | null,
): Omit<RigDescription, 'file' | 'warnings'> {
  const sourceSpecVersion = typeof ext.specVersion === 'string' ? ext.specVersion : '';
  if (sourceSpecVersion === '')
    warn(ctx, `${V1}/specVersion`, `is ${show(ext.specVersion)}; read as VRM 1.0`);
  else if (sourceSpecVersion !== '1.0' && sourceSpecVersion !== '1.0-beta') {
    warn(ctx, `${V1}/specVersion`, `unknown version ${show(sourceSpecVersion)}; read as VRM 1.0`);
  }

  const bones = readHumanoidV1(ctx, ext.humanoid);
  const lookAt = readLookAtV1(ctx, ext.lookAt);
  warnEyes(ctx, lookAt, bones, `${V1}/lookAt/type`);
  return {
    specVersion: '1.0',
    sourceSpecVersion,
    generator,
    forward: '+z',
    meta: readMetaV1(ctx, ext.meta),
    ...finishBones(ctx, bones, `${V1}/humanoid/humanBones`),
    expressions: readExpressionsV1(ctx, ext.expressions),
    lookAt,
    firstPersonAnnotations: readFirstPersonV1(ctx, ext.firstPerson),
  };
}

function readMetaV1(ctx: Ctx, meta: unknown): RigMeta {
  const path = `${V1}/meta`;
  if (!isRecord(meta)) {
    const problem = meta === undefined ? 'missing' : `is ${show(meta)}, expected an object`;
    warn(ctx, path, `${problem} (VRM 1.0 requires name, authors and licenseUrl)`);
  }
  const m: Json = isRecord(meta) ? meta : {};
  const name = nonEmptyString(m.name);
  const authors = stringList(m.authors);
  const licenseUrl = nonEmptyString(m.licenseUrl);
  const missing = [
    ...(name === null ? ['name'] : []),
    ...(authors.length === 0 ? ['authors'] : []),
    ...(licenseUrl === null ? ['licenseUrl'] : []),
  ];
  if (isRecord(meta) && missing.length > 0) {
    warn(ctx, path, `missing ${missing.join(', ')} (VRM 1.0 requires them)`);
  }
  let thumbnailImage: number | null = null;
  if (m.thumbnailImage !== undefined) {
    if (isIndex(m.thumbnailImage, ctx.images.length)) thumbnailImage = m.thumbnailImage;
    else warn(ctx, `${path}/thumbnailImage`, `image ${show(m.thumbnailImage)} does not exist; no thumbnail`);
  }
  return {
    name,
    version: nonEmptyString(m.version),
    authors,
    copyrightInformation: nonEmptyString(m.copyrightInformation),
    contactInformation: nonEmptyString(m.contactInformation),
    references: stringList(m.references),
    thumbnailImage,
    licenseName: null,
    licenseUrl,
    permissions: permissionsFrom(m, V1_PERMISSION_KEYS),
  };
}

function readHumanoidV1(ctx: Ctx, humanoid: unknown): Map<HumanBoneName, HumanBoneBinding> {
  const path = `${V1}/humanoid`;
  const bones = new Map<HumanBoneName, HumanBoneBinding>();
  if (humanoid === undefined) {
    warn(ctx, path, 'missing: the avatar has no humanoid bones');
    return bones;
  }
  if (!isRecord(humanoid)) fail(ctx, path, `is ${show(humanoid)}, expected an object`);
  const humanBones = humanoid.humanBones;
  if (humanBones === undefined) {
    warn(ctx, `${path}/humanBones`, 'missing: the avatar has no humanoid bones');
    return bones;
  }
  if (!isRecord(humanBones)) fail(ctx, `${path}/humanBones`, `is ${show(humanBones)}, expected an object`);

  // Files written against the 1.0-beta draft still use the 0.x thumb names.
  const betaThumbs =
    Object.hasOwn(humanBones, 'leftThumbIntermediate') || Object.hasOwn(humanBones, 'rightThumbIntermediate');
  if (betaThumbs) {
    warn(
      ctx,
      `${path}/humanBones`,
      'uses the 1.0-beta thumb names (…ThumbIntermediate); renamed to 1.0 (…ThumbMetacarpal/Proximal)',
    );
  }
  const usedBy = new Map<number, HumanBoneName>();
  for (const [raw, entry] of Object.entries(humanBones)) {
    const bonePath = ptr(path, 'humanBones', raw);
    const name =
      betaThumbs && raw.includes('Thumb') ? mapVrm0BoneName(raw) : isHumanBoneName(raw) ? raw : null;
    if (name === null) {
      warn(ctx, bonePath, `unknown humanoid bone ${show(raw)} ignored`);
      continue;
    }
    if (!isRecord(entry)) fail(ctx, bonePath, `is ${show(entry)}, expected { "node": <index> }`);
    bones.set(name, boneNode(ctx, entry.node, `${bonePath}/node`, name, usedBy));
  }
  return bones;
}

function readExpressionsV1(ctx: Ctx, expressions: unknown): ExpressionDescription[] {
  const path = `${V1}/expressions`;
  const out: ExpressionDescription[] = [];
  if (expressions === undefined) return out;
  if (!isRecord(expressions)) {
    warn(ctx, path, `is ${show(expressions)}, expected an object; no expressions read`);
    return out;
  }
  const taken = new Set<string>();
  for (const group of ['preset', 'custom'] as const) {
    const defs = expressions[group];
    if (defs === undefined) continue;
    if (!isRecord(defs)) {
      warn(ctx, `${path}/${group}`, `is ${show(defs)}, expected an object; ignored`);
      continue;
    }
    for (const [key, def] of Object.entries(defs)) {
      const exprPath = ptr(path, group, key);
      if (!isRecord(def)) {
        warn(ctx, exprPath, `is ${show(def)}, expected an object; expression ignored`);
        continue;
      }
      let preset: VrmPresetExpression | null = null;
      let name: string;
      if (group === 'preset' && PRESETS.has(key)) {
        preset = key as VrmPresetExpression;
        name = key;
        taken.add(name);
      } else {
        if (group === 'preset')
          warn(ctx, exprPath, `${show(key)} is not a VRM 1.0 preset; read as a custom expression`);
        name = customName(ctx, key, taken, exprPath);
      }
      out.push(readExpressionV1(ctx, def, exprPath, name, key, preset));
    }
  }
  return out;
}

function readExpressionV1(
  ctx: Ctx,
  def: Json,
  path: string,
  name: string,
  sourceName: string,
  preset: VrmPresetExpression | null,
): ExpressionDescription {
  const morphTargetBinds: MorphTargetBind[] = [];
  forEachBind(ctx, def.morphTargetBinds, `${path}/morphTargetBinds`, (bind, bindPath) => {
    const node = bind.node;
    if (!isIndex(node, ctx.nodes.length))
      return `node ${show(node)} does not exist (${ctx.nodes.length} nodes)`;
    const nodeDef = ctx.nodes[node];
    const mesh = isRecord(nodeDef) ? nodeDef.mesh : undefined;
    const target = morphTarget(ctx, mesh, bind.index);
    if (typeof target === 'string') return `node ${node}: ${target}`;
    morphTargetBinds.push({
      ...target,
      nodes: [node],
      weight: bindWeight(ctx, bind.weight, `${bindPath}/weight`),
    });
    return null;
  });

  const materialColorBinds: MaterialColorBind[] = [];
  forEachBind(ctx, def.materialColorBinds, `${path}/materialColorBinds`, (bind) => {
    if (!isIndex(bind.material, ctx.materials.length)) {
      return `material ${show(bind.material)} does not exist (${ctx.materials.length} materials)`;
    }
    if (typeof bind.type !== 'string' || !COLOR_TYPES.has(bind.type))
      return `type is ${show(bind.type)}, expected one of ${VRM1_MATERIAL_COLOR_TYPES.join(', ')}`;
    const rgba = colour(bind.targetValue);
    if (rgba === null) return `targetValue is ${show(bind.targetValue)}, expected 3 or 4 finite numbers`;
    materialColorBinds.push({
      material: bind.material,
      type: bind.type as MaterialColorType,
      targetValue: rgba,
    });
    return null;
  });

  const textureTransformBinds: TextureTransformBind[] = [];
  forEachBind(ctx, def.textureTransformBinds, `${path}/textureTransformBinds`, (bind) => {
    if (!isIndex(bind.material, ctx.materials.length)) {
      return `material ${show(bind.material)} does not exist (${ctx.materials.length} materials)`;
    }
    const scale = bind.scale === undefined ? [1, 1] : finiteTuple(bind.scale, 2);
    const offset = bind.offset === undefined ? [0, 0] : finiteTuple(bind.offset, 2);
    if (scale === null) return `scale is ${show(bind.scale)}, expected 2 finite numbers`;
    if (offset === null) return `offset is ${show(bind.offset)}, expected 2 finite numbers`;
    textureTransformBinds.push({
      material: bind.material,
      scale: [scale[0] ?? 1, scale[1] ?? 1],
      offset: [offset[0] ?? 0, offset[1] ?? 0],
    });
    return null;
  });

  return {
    name,
    sourceName,
    preset,
    isBinary: readBinary(ctx, def.isBinary, `${path}/isBinary`),
    overrideBlink: readOverride(ctx, def.overrideBlink, `${path}/overrideBlink`),
    overrideLookAt: readOverride(ctx, def.overrideLookAt, `${path}/overrideLookAt`),
    overrideMouth: readOverride(ctx, def.overrideMouth, `${path}/overrideMouth`),
    morphTargetBinds,
    materialColorBinds,
    textureTransformBinds,
  };
}

/** Runs `read` on each object in a bind list; a returned string is a warning and drops that bind. */
function forEachBind(
  ctx: Ctx,
  list: unknown,
  path: string,
  read: (bind: Json, bindPath: string) => string | null,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    warn(ctx, path, `is ${show(list)}, expected an array; ignored`);
    return;
  }
  list.forEach((bind: unknown, i) => {
    const bindPath = `${path}/${i}`;
    const problem = isRecord(bind) ? read(bind, bindPath) : `is ${show(bind)}, expected an object`;
    if (problem !== null) warn(ctx, bindPath, `${problem}; bind ignored`);
  });
}

function bindWeight(ctx: Ctx, value: unknown, path: string): number {
  if (value === undefined) return 1;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 0 && value <= 1) return value;
    warn(ctx, path, `weight ${value} is outside 0..1; clamped`);
    return Math.min(1, Math.max(0, value));
  }
  warn(ctx, path, `weight ${show(value)} is not a number; 1 used`);
  return 1;
}

function colour(v: unknown): [number, number, number, number] | null {
  const rgba = finiteTuple(v, 4) ?? finiteTuple(v, 3);
  if (rgba === null) return null;
  return [rgba[0] ?? 0, rgba[1] ?? 0, rgba[2] ?? 0, rgba[3] ?? 1];
}

function readLookAtV1(ctx: Ctx, lookAt: unknown): LookAtDescription | null {
  const path = `${V1}/lookAt`;
  if (lookAt === undefined) return null;
  if (!isRecord(lookAt)) {
    warn(ctx, path, `is ${show(lookAt)}, expected an object; no look-at`);
    return null;
  }
  let type: 'bone' | 'expression' = 'bone';
  if (lookAt.type === 'expression' || lookAt.type === 'bone') type = lookAt.type;
  else if (lookAt.type !== undefined)
    warn(ctx, `${path}/type`, `is ${show(lookAt.type)}, expected "bone" or "expression"; read as "bone"`);
  let offset: [number, number, number] = [0, 0.06, 0];
  if (lookAt.offsetFromHeadBone !== undefined) {
    const o = finiteTuple(lookAt.offsetFromHeadBone, 3);
    if (o) offset = [o[0] ?? 0, o[1] ?? 0.06, o[2] ?? 0];
    else
      warn(
        ctx,
        `${path}/offsetFromHeadBone`,
        `is ${show(lookAt.offsetFromHeadBone)}, expected 3 finite numbers; [0, 0.06, 0] used`,
      );
  }
  const scale = type === 'expression' ? 1 : 10;
  const range = (key: string): LookAtRangeMap =>
    readRangeMap(ctx, lookAt[key], `${path}/${key}`, ['inputMaxValue', 'outputScale'], scale);
  return {
    type,
    offsetFromHeadBone: offset,
    rangeMapHorizontalInner: range('rangeMapHorizontalInner'),
    rangeMapHorizontalOuter: range('rangeMapHorizontalOuter'),
    rangeMapVerticalDown: range('rangeMapVerticalDown'),
    rangeMapVerticalUp: range('rangeMapVerticalUp'),
  };
}

function readFirstPersonV1(ctx: Ctx, firstPerson: unknown): FirstPersonAnnotation[] {
  const path = `${V1}/firstPerson`;
  const out: FirstPersonAnnotation[] = [];
  if (firstPerson === undefined) return out;
  if (!isRecord(firstPerson)) {
    warn(ctx, path, `is ${show(firstPerson)}, expected an object; ignored`);
    return out;
  }
  forEachBind(ctx, firstPerson.meshAnnotations, `${path}/meshAnnotations`, (a) => {
    if (!isIndex(a.node, ctx.nodes.length))
      return `node ${show(a.node)} does not exist (${ctx.nodes.length} nodes)`;
    if (typeof a.type !== 'string' || !FIRST_PERSON_TYPES.has(a.type))
      return `type is ${show(a.type)}, expected auto, both, thirdPersonOnly or firstPersonOnly`;
    out.push({ node: a.node, type: a.type as FirstPersonType });
    return null;
  });
  return out;
}

// ── VRM 0.x ───────────────────────────────────────────────────────────────────────────────────

const V0 = '/extensions/VRM';

const V0_PERMISSION_KEYS = [
  'allowedUserName',
  'violentUssageName',
  'sexualUssageName',
  'commercialUssageName',
  'licenseName',
  'otherPermissionUrl',
  'otherLicenseUrl',
] as const;

/** UniVRM's default look-at curve (linear, as Unity keyframes); the only one VRM 1.0 can express. */
const V0_DEFAULT_CURVE = [0, 0, 0, 1, 1, 1, 1, 0] as const;

function isDefaultCurve(curve: unknown): boolean {
  return (
    Array.isArray(curve) &&
    curve.length === V0_DEFAULT_CURVE.length &&
    curve.every((v, i) => v === V0_DEFAULT_CURVE[i])
  );
}

function describeV0(
  ctx: Ctx,
  ext: Json,
  generator: string | null,
): Omit<RigDescription, 'file' | 'warnings'> {
  const sourceSpecVersion = typeof ext.specVersion === 'string' ? ext.specVersion : '';
  if (sourceSpecVersion === '')
    warn(ctx, `${V0}/specVersion`, `is ${show(ext.specVersion)}; read as VRM 0.x`);
  else if (!sourceSpecVersion.startsWith('0.')) {
    warn(
      ctx,
      `${V0}/specVersion`,
      `unexpected version ${show(sourceSpecVersion)} in the VRM 0.x extension; read as 0.x`,
    );
  }
  const bones = readHumanoidV0(ctx, ext.humanoid);
  const lookAt = readLookAtV0(ctx, ext.firstPerson, bones);
  warnEyes(ctx, lookAt, bones, `${V0}/firstPerson/lookAtTypeName`);
  return {
    specVersion: '0.x',
    sourceSpecVersion,
    generator: nonEmptyString(ext.exporterVersion) ?? generator,
    forward: '-z',
    meta: readMetaV0(ctx, ext.meta),
    ...finishBones(ctx, bones, `${V0}/humanoid/humanBones`),
    expressions: readExpressionsV0(ctx, ext.blendShapeMaster),
    lookAt,
    firstPersonAnnotations: readFirstPersonV0(ctx, ext.firstPerson),
  };
}

function readMetaV0(ctx: Ctx, meta: unknown): RigMeta {
  const path = `${V0}/meta`;
  if (!isRecord(meta)) {
    warn(ctx, path, meta === undefined ? 'missing' : `is ${show(meta)}, expected an object`);
  }
  const m: Json = isRecord(meta) ? meta : {};
  let thumbnailImage: number | null = null;
  if (m.texture !== undefined && m.texture !== -1) {
    const texture = isIndex(m.texture, ctx.textures.length) ? ctx.textures[m.texture] : undefined;
    const source = isRecord(texture) ? texture.source : undefined;
    if (isIndex(source, ctx.images.length)) thumbnailImage = source;
    else warn(ctx, `${path}/texture`, `texture ${show(m.texture)} has no image; no thumbnail`);
  }
  const author = nonEmptyString(m.author);
  const reference = nonEmptyString(m.reference);
  return {
    name: nonEmptyString(m.title),
    version: nonEmptyString(m.version),
    authors: author ? [author] : [],
    copyrightInformation: null,
    contactInformation: nonEmptyString(m.contactInformation),
    references: reference ? [reference] : [],
    thumbnailImage,
    licenseName: nonEmptyString(m.licenseName),
    licenseUrl: nonEmptyString(m.otherLicenseUrl),
    permissions: permissionsFrom(m, V0_PERMISSION_KEYS),
  };
}

function readHumanoidV0(ctx: Ctx, humanoid: unknown): Map<HumanBoneName, HumanBoneBinding> {
  const path = `${V0}/humanoid`;
  const bones = new Map<HumanBoneName, HumanBoneBinding>();
  if (humanoid === undefined) {
    warn(ctx, path, 'missing: the avatar has no humanoid bones');
    return bones;
  }
  if (!isRecord(humanoid)) fail(ctx, path, `is ${show(humanoid)}, expected an object`);
  const humanBones = humanoid.humanBones;
  if (humanBones === undefined) {
    warn(ctx, `${path}/humanBones`, 'missing: the avatar has no humanoid bones');
    return bones;
  }
  if (!Array.isArray(humanBones))
    fail(ctx, `${path}/humanBones`, `is ${show(humanBones)}, expected an array`);
  const usedBy = new Map<number, HumanBoneName>();
  humanBones.forEach((entry: unknown, i) => {
    const bonePath = `${path}/humanBones/${i}`;
    if (!isRecord(entry)) {
      warn(ctx, bonePath, `is ${show(entry)}, expected { "bone", "node" }; ignored`);
      return;
    }
    const raw = entry.bone;
    if (typeof raw !== 'string') {
      warn(ctx, `${bonePath}/bone`, `is ${show(raw)}, expected a bone name; entry ignored`);
      return;
    }
    const name = mapVrm0BoneName(raw);
    if (name === null) {
      warn(ctx, `${bonePath}/bone`, `unknown humanoid bone ${show(raw)} ignored`);
      return;
    }
    if (bones.has(name)) {
      warn(ctx, `${bonePath}/bone`, `bone ${show(raw)} is mapped twice; the first mapping is kept`);
      return;
    }
    bones.set(name, boneNode(ctx, entry.node, `${bonePath}/node`, name, usedBy));
  });
  return bones;
}

function readExpressionsV0(ctx: Ctx, master: unknown): ExpressionDescription[] {
  const path = `${V0}/blendShapeMaster`;
  const out: ExpressionDescription[] = [];
  if (master === undefined) return out;
  const groups = isRecord(master) ? master.blendShapeGroups : master;
  if (groups === undefined) return out;
  if (!Array.isArray(groups)) {
    warn(
      ctx,
      isRecord(master) ? `${path}/blendShapeGroups` : path,
      `is ${show(groups)}, not a list of groups; no expressions read`,
    );
    return out;
  }
  const taken = new Set<string>();
  groups.forEach((group: unknown, i) => {
    const groupPath = `${path}/blendShapeGroups/${i}`;
    if (!isRecord(group)) {
      warn(ctx, groupPath, `is ${show(group)}, expected an object; expression ignored`);
      return;
    }
    const groupName = nonEmptyString(group.name);
    const presetName = group.presetName === undefined ? 'unknown' : group.presetName;
    let mapped = typeof presetName === 'string' ? mapVrm0ExpressionPreset(presetName) : null;
    if (mapped === null) {
      warn(
        ctx,
        `${groupPath}/presetName`,
        `${show(presetName)} is not a VRM 0.x preset; read as a custom expression`,
      );
      mapped = 'custom';
    }
    let name: string;
    if (mapped === 'custom') {
      if (groupName === null) {
        warn(ctx, `${groupPath}/name`, 'custom (unknown preset) group has no name; expression ignored');
        return;
      }
      name = customName(ctx, groupName, taken, groupPath);
    } else {
      if (taken.has(mapped)) {
        warn(
          ctx,
          `${groupPath}/presetName`,
          `preset ${show(presetName)} (${mapped}) appears twice; the first group is kept`,
        );
        return;
      }
      name = mapped;
      taken.add(name);
    }
    out.push(
      readExpressionV0(
        ctx,
        group,
        groupPath,
        name,
        groupName ?? String(presetName),
        mapped === 'custom' ? null : mapped,
      ),
    );
  });
  return out;
}

function readExpressionV0(
  ctx: Ctx,
  group: Json,
  path: string,
  name: string,
  sourceName: string,
  preset: VrmPresetExpression | null,
): ExpressionDescription {
  const morphTargetBinds: MorphTargetBind[] = [];
  forEachBind(ctx, group.binds, `${path}/binds`, (bind, bindPath) => {
    const target = morphTarget(ctx, bind.mesh, bind.index);
    if (typeof target === 'string') return target;
    const nodes = ctx.meshNodes.get(target.mesh) ?? [];
    if (nodes.length === 0) return `mesh ${target.mesh} is not used by any node`;
    let weight = 1;
    if (bind.weight !== undefined) {
      if (typeof bind.weight === 'number' && Number.isFinite(bind.weight)) {
        weight = vrm0BindWeight(bind.weight);
        if (bind.weight < 0 || bind.weight > 100)
          warn(ctx, `${bindPath}/weight`, `weight ${bind.weight} is outside 0..100; clamped`);
      } else {
        warn(ctx, `${bindPath}/weight`, `weight ${show(bind.weight)} is not a number; 100 used`);
      }
    }
    morphTargetBinds.push({ ...target, nodes, weight });
    return null;
  });

  const materialColorBinds: MaterialColorBind[] = [];
  const textureTransformBinds: TextureTransformBind[] = [];
  forEachBind(ctx, group.materialValues, `${path}/materialValues`, (value) => {
    const materialName = value.materialName;
    const material =
      typeof materialName === 'string'
        ? ctx.materials.findIndex((m) => isRecord(m) && m.name === materialName)
        : -1;
    if (material < 0) return `material ${show(materialName)} does not exist`;
    const property = value.propertyName;
    if (property === VRM0_TEXTURE_TRANSFORM_PROPERTY) {
      const st = finiteTuple(value.targetValue, 4);
      if (st === null) return `targetValue is ${show(value.targetValue)}, expected 4 finite numbers`;
      textureTransformBinds.push({
        material,
        ...vrm0TextureTransform([st[0] ?? 1, st[1] ?? 1, st[2] ?? 0, st[3] ?? 0]),
      });
      return null;
    }
    const type = typeof property === 'string' ? mapVrm0MaterialColorProperty(property) : null;
    if (type === null) return `property ${show(property)} has no VRM 1.0 equivalent`;
    const rgba = colour(value.targetValue);
    if (rgba === null) return `targetValue is ${show(value.targetValue)}, expected 3 or 4 finite numbers`;
    materialColorBinds.push({ material, type, targetValue: rgba });
    return null;
  });

  return {
    name,
    sourceName,
    preset,
    isBinary: readBinary(ctx, group.isBinary, `${path}/isBinary`),
    overrideBlink: 'none',
    overrideLookAt: 'none',
    overrideMouth: 'none',
    morphTargetBinds,
    materialColorBinds,
    textureTransformBinds,
  };
}

function readLookAtV0(
  ctx: Ctx,
  firstPerson: unknown,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
): LookAtDescription | null {
  const path = `${V0}/firstPerson`;
  if (firstPerson === undefined) return null;
  if (!isRecord(firstPerson)) {
    warn(ctx, path, `is ${show(firstPerson)}, expected an object; no look-at`);
    return null;
  }
  const fp = firstPerson;
  let type: 'bone' | 'expression' = 'bone';
  if (fp.lookAtTypeName !== undefined) {
    const mapped = typeof fp.lookAtTypeName === 'string' ? mapVrm0LookAtType(fp.lookAtTypeName) : null;
    if (mapped) type = mapped;
    else
      warn(
        ctx,
        `${path}/lookAtTypeName`,
        `is ${show(fp.lookAtTypeName)}, expected "Bone" or "BlendShape"; read as bone`,
      );
  }

  const head = bones.get('head');
  if (fp.firstPersonBone !== undefined && fp.firstPersonBone !== -1) {
    if (!isIndex(fp.firstPersonBone, ctx.nodes.length)) {
      warn(
        ctx,
        `${path}/firstPersonBone`,
        `node ${show(fp.firstPersonBone)} does not exist; the head is used`,
      );
    } else if (head && fp.firstPersonBone !== head.node) {
      warn(
        ctx,
        `${path}/firstPersonBone`,
        `is node ${fp.firstPersonBone}, not the head (node ${head.node}); the offset is applied to the head`,
      );
    }
  }

  // 0.x stores the offset in Unity space; in the file's glTF space z is negated.
  let offset: [number, number, number] = [0, 0.06, 0];
  const o = fp.firstPersonBoneOffset;
  if (o !== undefined) {
    const xyz = isRecord(o) ? finiteTuple([o.x ?? 0, o.y ?? 0.06, o.z ?? 0], 3) : null;
    if (xyz) {
      const [x = 0, y = 0.06, z = 0] = xyz;
      offset = [x, y, z === 0 ? 0 : -z];
    } else {
      warn(
        ctx,
        `${path}/firstPersonBoneOffset`,
        `is ${show(o)}, expected { x, y, z } numbers; (0, 0.06, 0) used`,
      );
    }
  }

  const scale = type === 'expression' ? 1 : 10;
  const range = (key: string): LookAtRangeMap => {
    const v = fp[key];
    const curve = isRecord(v) ? v.curve : undefined;
    if (curve !== undefined && !isDefaultCurve(curve)) {
      warn(
        ctx,
        `${path}/${key}/curve`,
        'custom look-at curves are not supported (VRM 1.0 is linear); read as linear',
      );
    }
    return readRangeMap(ctx, v, `${path}/${key}`, ['xRange', 'yRange'], scale);
  };
  return {
    type,
    offsetFromHeadBone: offset,
    rangeMapHorizontalInner: range('lookAtHorizontalInner'),
    rangeMapHorizontalOuter: range('lookAtHorizontalOuter'),
    rangeMapVerticalDown: range('lookAtVerticalDown'),
    rangeMapVerticalUp: range('lookAtVerticalUp'),
  };
}

function readFirstPersonV0(ctx: Ctx, firstPerson: unknown): FirstPersonAnnotation[] {
  const out: FirstPersonAnnotation[] = [];
  if (!isRecord(firstPerson)) return out; // already warned by readLookAtV0
  forEachBind(ctx, firstPerson.meshAnnotations, `${V0}/firstPerson/meshAnnotations`, (a) => {
    if (!isIndex(a.mesh, ctx.meshes.length))
      return `mesh ${show(a.mesh)} does not exist (${ctx.meshes.length} meshes)`;
    const type = typeof a.firstPersonFlag === 'string' ? mapVrm0FirstPersonFlag(a.firstPersonFlag) : null;
    if (type === null)
      return `firstPersonFlag is ${show(a.firstPersonFlag)}, expected Auto, Both, ThirdPersonOnly or FirstPersonOnly`;
    for (const node of ctx.meshNodes.get(a.mesh) ?? []) out.push({ node, type });
    return null;
  });
  return out;
}
