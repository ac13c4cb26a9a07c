/**
 * The compiled binary capsule pack (`.capk`): the library in a form that loads without JSON parsing
 * and travels small — strings once in a table, only the channels a capsule touches, FP16 deltas.
 * Metadata (timing, envelope, priority, probabilities, weights) is kept exact as float64; deltas,
 * keyframe values and noise amplitudes are FP16 (about 3 significant digits, ample for degrees,
 * weights and metres), key phases u16 (t × 65535). `source` provenance is not packed.
 * Layout: docs/capsule-format.md § Pack format.
 */
import type { ByteReader, ByteWriter } from './byte-io.ts';
import { crc32, createByteReader, createByteWriter } from './byte-io.ts';
import { CapsuleError } from './capsule-error.ts';
import { DOMAINS } from './compiled.ts';
import { EASINGS } from './easing.ts';
import type { Capsule, CapsuleTrack, Profile } from './schema-types.ts';

/** First four bytes of every pack. */
export const PACK_MAGIC = 'CAPK';
/** Pack format version this runtime writes and reads. */
export const PACK_VERSION = 1;
/** Bytes before the string table. */
export const PACK_HEADER_SIZE = 28;

/** Trigger anchors in code order (pack format; append only). */
export const TRIGGER_ANCHORS: readonly Capsule['trigger']['relative_to'][] = [
  'speech_onset',
  'scene_start',
  'previous_capsule',
  'word_boundary',
  'stressed_syllable',
  'phrase_end',
];
const BLENDS: readonly Capsule['blend_mode'][] = ['additive', 'multiply', 'override'];
/**
 * Track kinds in code order (pack format; append only). Light, camera and environment (codes 6–8)
 * came after version 1 was first written; appending them kept every older pack readable, so the
 * version stays 1 (an older runtime refuses a pack using them with "kind code 6 is out of range").
 */
const KINDS = [
  'joint',
  'expression',
  'hips',
  'capsule',
  'gaze',
  'voice',
  'light',
  'camera',
  'environment',
] as const;
const CAPSULE_KIND = 3;
/** Sourced track kinds: channels per value and whether the track names a target. */
const SOURCED: Readonly<Record<string, { readonly width: number; readonly target: boolean }>> = {
  joint: { width: 3, target: true },
  expression: { width: 1, target: true },
  hips: { width: 3, target: false },
  gaze: { width: 2, target: false },
  voice: { width: 1, target: true },
  light: { width: 1, target: true },
  camera: { width: 1, target: true },
  environment: { width: 1, target: true },
};
const INTERPOLATIONS = ['linear', 'step', 'smooth'] as const;

// Capsule presence flags.
const C_DESCRIPTION = 1 << 0;
const C_PROBABILITY = 1 << 1;
const C_VARIATION = 1 << 2;
const C_VAR_TIMING = 1 << 3;
const C_VAR_INTENSITY = 1 << 4;
const C_ABORT = 1 << 5;
const C_RETRACT_SET = 1 << 6;
const C_RETRACT = 1 << 7;
const C_KNOWN = 0xff;
// Track flags: bits 0–1 source, 2–3 interpolation code.
const T_INTERP_SET = 1 << 4;
const T_AMP_VECTOR = 1 << 5;
const T_TIMES_F64 = 1 << 6;
const T_OFFSET_SET = 1 << 7;
// Profile flags.
const P_DESCRIPTION = 1 << 0;
const P_MODIFIERS = 1 << 1;
const P_TEMPO = 1 << 2;
const P_JITTER = 1 << 3;
const P_KNOWN = 0x0f;

/** The capsules and profiles a pack holds. */
export interface Unpacked {
  readonly capsules: Capsule[];
  readonly profiles: Profile[];
}

/**
 * Packs valid capsules and profiles (e.g. from a registry). Byte-identical for identical input, and
 * `pack(unpack(pack(x)))` equals `pack(x)`. Throws a CapsuleError for a value the format cannot hold.
 */
export function packCapsules(capsules: readonly Capsule[], profiles: readonly Profile[] = []): Uint8Array {
  const strings = new Map<string, number>();
  const str = (s: string): number => {
    let i = strings.get(s);
    if (i === undefined) {
      i = strings.size;
      strings.set(s, i);
    }
    return i;
  };
  const caps = createByteWriter(capsules.length * 96 + 64);
  caps.u32(capsules.length);
  for (const c of capsules) writeCapsule(caps, c, str);
  const profs = createByteWriter();
  profs.u32(profiles.length);
  for (const p of profiles) writeProfile(profs, p, str);

  const encoder = new TextEncoder();
  const table = createByteWriter();
  table.u32(strings.size);
  for (const s of strings.keys()) {
    const b = encoder.encode(s);
    if (b.length > 0xffff)
      throw packError('?', '', `string of ${b.length} bytes is too long for a pack (at most 65535)`);
    table.u16(b.length);
    table.bytes(b);
  }

  const out = createByteWriter(PACK_HEADER_SIZE + table.length + caps.length + profs.length);
  out.bytes(new TextEncoder().encode(PACK_MAGIC));
  out.u16(PACK_VERSION);
  out.u16(0);
  out.u32(0); // total length, patched below
  out.u32(0); // CRC-32, patched below
  out.u32(PACK_HEADER_SIZE);
  out.u32(PACK_HEADER_SIZE + table.length);
  out.u32(PACK_HEADER_SIZE + table.length + caps.length);
  out.bytes(table.finish());
  out.bytes(caps.finish());
  out.bytes(profs.finish());
  out.patchU32(8, out.length);
  const bytes = out.finish();
  new DataView(bytes.buffer).setUint32(12, crc32(bytes, 16), true);
  return bytes;
}

function packError(id: string, path: string, message: string): CapsuleError {
  return new CapsuleError({ file: '<pack>', id, path, message: `cannot pack: ${message}` });
}

function code<T>(table: readonly T[], v: T, id: string, path: string): number {
  const i = table.indexOf(v);
  if (i < 0) throw packError(id, path, `unknown value ${JSON.stringify(v)}`);
  return i;
}

function writeCapsule(w: ByteWriter, c: Capsule, str: (s: string) => number): void {
  const id = c.id;
  if (!Number.isInteger(c.priority) || c.priority < 0 || c.priority > 255)
    throw packError(id, 'priority', `priority must be an integer 0..255, got ${c.priority}`);
  let flags = 0;
  if (c.description !== undefined) flags |= C_DESCRIPTION;
  if (c.trigger.probability !== undefined) flags |= C_PROBABILITY;
  if (c.variation !== undefined) {
    flags |= C_VARIATION;
    if (c.variation.timing !== undefined) flags |= C_VAR_TIMING;
    if (c.variation.intensity !== undefined) flags |= C_VAR_INTENSITY;
  }
  if (c.abort !== undefined) {
    flags |= C_ABORT;
    if (c.abort.retract !== undefined) flags |= C_RETRACT_SET | (c.abort.retract ? C_RETRACT : 0);
  }
  w.u32(str(id));
  w.u8(code(DOMAINS, c.domain, id, 'domain'));
  w.u8(code(BLENDS, c.blend_mode, id, 'blend_mode'));
  w.u8(c.priority);
  w.u8(code(TRIGGER_ANCHORS, c.trigger.relative_to, id, 'trigger.relative_to'));
  w.u8(code(EASINGS, c.envelope.easing, id, 'envelope.easing'));
  w.u8(0);
  w.u16(flags);
  w.u32(str(c.subtype));
  if (c.description !== undefined) w.u32(str(c.description));
  w.f64(c.trigger.offset_ms);
  if (c.trigger.probability !== undefined) w.f64(c.trigger.probability);
  w.f64(c.duration_ms);
  w.f64(c.envelope.attack_ms);
  w.f64(c.envelope.hold_ms);
  w.f64(c.envelope.release_ms);
  if (c.variation?.timing !== undefined) w.f64(c.variation.timing);
  if (c.variation?.intensity !== undefined) w.f64(c.variation.intensity);
  if (c.abort !== undefined) {
    w.f64(c.abort.probability);
    w.f64(c.abort.at);
  }
  if (c.tracks.length > 0xffff) throw packError(id, 'tracks', `${c.tracks.length} tracks (at most 65535)`);
  w.u16(c.tracks.length);
  c.tracks.forEach((t, i) => writeTrack(w, t, str, id, `tracks[${i}]`));
}

/** A value/keys/noise track of any sourced kind, read loosely so new kinds need only a table row. */
interface SourcedTrack {
  kind: string;
  target?: string;
  value?: number | number[];
  keys?: { t: number; value: number | number[] }[];
  interpolation?: string;
  noise?: { amplitude: number | number[]; frequency_hz: number };
}

function writeTrack(
  w: ByteWriter,
  track: Capsule['tracks'][number],
  str: (s: string) => number,
  id: string,
  path: string,
): void {
  if (track.kind === 'capsule') {
    w.u8(CAPSULE_KIND);
    w.u8(track.offset_ms !== undefined ? T_OFFSET_SET : 0);
    w.u32(str(track.target));
    w.f64(track.weight);
    if (track.offset_ms !== undefined) w.f64(track.offset_ms);
    return;
  }
  const t = track as SourcedTrack;
  const spec = SOURCED[t.kind];
  if (!spec) throw packError(id, `${path}.kind`, `unknown track kind ${JSON.stringify(t.kind)}`);
  const kind = KINDS.indexOf(t.kind as (typeof KINDS)[number]);
  const width = spec.width;
  const given = Number(t.value !== undefined) + Number(t.keys !== undefined) + Number(t.noise !== undefined);
  if (given !== 1) throw packError(id, path, 'a track needs exactly one of value, keys or noise');
  let flags = t.value !== undefined ? 0 : t.keys !== undefined ? 1 : 2;
  if (t.interpolation !== undefined)
    flags |= (code(INTERPOLATIONS, t.interpolation, id, `${path}.interpolation`) << 2) | T_INTERP_SET;
  const vec = (v: number | number[], p: string): number[] => {
    const a = typeof v === 'number' ? [v] : v;
    if (a.length !== width) throw packError(id, p, `expected ${width} number(s), got ${a.length}`);
    return a;
  };
  let quantised: number[] | undefined;
  if (t.keys !== undefined) {
    const q = t.keys.map((k) => Math.round(k.t * 65535));
    const fits = t.keys.every((k) => k.t >= 0 && k.t <= 1) && q.every((v, i) => i === 0 || v > q[i - 1]!);
    if (fits) quantised = q;
    else flags |= T_TIMES_F64;
  }
  if (Array.isArray(t.noise?.amplitude)) flags |= T_AMP_VECTOR;
  w.u8(kind);
  w.u8(flags);
  if (spec.target) {
    if (typeof t.target !== 'string') throw packError(id, `${path}.target`, 'missing target');
    w.u32(str(t.target));
  }
  if (t.value !== undefined) {
    for (const v of vec(t.value, `${path}.value`)) w.f16(v);
  } else if (t.keys !== undefined) {
    if (t.keys.length > 0xffff) throw packError(id, `${path}.keys`, 'too many keys');
    w.u16(t.keys.length);
    if (quantised) for (const q of quantised) w.u16(q);
    else for (const k of t.keys) w.f64(k.t);
    t.keys.forEach((k, j) => {
      for (const v of vec(k.value, `${path}.keys[${j}].value`)) w.f16(v);
    });
  } else if (t.noise !== undefined) {
    w.f64(t.noise.frequency_hz);
    const a = t.noise.amplitude;
    if (Array.isArray(a)) {
      if (a.length < 1 || a.length > 3)
        throw packError(id, `${path}.noise.amplitude`, `expected 1 to 3 numbers, got ${a.length}`);
      w.u8(a.length);
      for (const v of a) w.f16(v);
    } else w.f16(a);
  }
}

function writeProfile(w: ByteWriter, p: Profile, str: (s: string) => number): void {
  let flags = 0;
  if (p.description !== undefined) flags |= P_DESCRIPTION;
  if (p.modifiers !== undefined) {
    flags |= P_MODIFIERS;
    if (p.modifiers.tempo_factor !== undefined) flags |= P_TEMPO;
    if (p.modifiers.noise_jitter !== undefined) flags |= P_JITTER;
  }
  w.u32(str(p.id));
  w.u8(flags);
  if (p.description !== undefined) w.u32(str(p.description));
  if (p.modifiers?.tempo_factor !== undefined) w.f64(p.modifiers.tempo_factor);
  if (p.modifiers?.noise_jitter !== undefined) w.f64(p.modifiers.noise_jitter);
  w.u32(p.capsules.length);
  for (const e of p.capsules) {
    w.u32(str(e.id));
    w.f64(e.weight);
  }
}

/**
 * Decodes a pack. Throws a CapsuleError naming `file` and the byte offset for anything wrong: bad
 * magic or version, truncation, checksum mismatch, out-of-range codes or string indices, non-finite
 * numbers. The result still needs registry validation (see `loadPack`).
 */
export function unpackCapsules(bytes: Uint8Array, file = '<pack>'): Unpacked {
  const r = createByteReader(bytes, file);
  if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) !== PACK_MAGIC)
    throw r.error(`not a capsule pack: the file does not start with "${PACK_MAGIC}"`, 0);
  if (bytes.length < PACK_HEADER_SIZE)
    throw r.error(
      `pack is truncated: the header needs ${PACK_HEADER_SIZE} bytes, but the pack ends at byte ${bytes.length}`,
      bytes.length,
    );
  r.offset = 4;
  const version = r.u16('version');
  if (version !== PACK_VERSION)
    throw r.error(`unsupported pack version ${version} (this runtime reads version ${PACK_VERSION})`, 4);
  const headerFlags = r.u16('header flags');
  if (headerFlags !== 0) throw r.error(`unknown header flags 0x${headerFlags.toString(16)}`, 6);
  const length = r.u32('length');
  if (length > bytes.length)
    throw r.error(
      `pack is truncated: the header says ${length} bytes, but the pack ends at byte ${bytes.length}`,
      bytes.length,
    );
  if (length < bytes.length)
    throw r.error(
      `unexpected bytes after the pack's end (the header says ${length} bytes, found ${bytes.length})`,
      length,
    );
  const stored = r.u32('checksum');
  const actual = crc32(bytes, 16);
  if (stored !== actual)
    throw r.error(
      `checksum mismatch: stored 0x${hex(stored)}, computed 0x${hex(actual)} — the pack is corrupt`,
      12,
    );
  const sections = [
    r.u32('string table offset'),
    r.u32('capsule section offset'),
    r.u32('profile section offset'),
  ];

  const strings = readStrings(r, sections[0]!);
  const str = (what: string): string => {
    const at = r.offset;
    const i = r.u32(what);
    const s = strings[i];
    if (s === undefined)
      throw r.error(`${what}: string index ${i} is out of range (${strings.length} strings)`, at);
    return s;
  };
  expectSection(r, sections[1]!, 'capsule section');
  const capsuleCount = r.u32('capsule count');
  const capsules: Capsule[] = [];
  for (let i = 0; i < capsuleCount; i++) {
    r.id = '?';
    if (r.offset >= sections[2]!)
      throw r.error(`the capsule section ends after ${i} capsules, but its count says ${capsuleCount}`);
    capsules.push(readCapsule(r, str));
  }
  r.id = '?';
  expectSection(r, sections[2]!, 'profile section');
  const profileCount = r.u32('profile count');
  const profiles: Profile[] = [];
  for (let i = 0; i < profileCount; i++) {
    r.id = '?';
    profiles.push(readProfile(r, str));
  }
  r.id = '?';
  if (r.offset !== length)
    throw r.error(`unexpected bytes after the profile section (${length - r.offset} left)`);
  return { capsules, profiles };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function expectSection(r: ByteReader, offset: number, name: string): void {
  if (r.offset !== offset)
    throw r.error(
      `${name} should start at byte ${offset}, but the previous section ends at byte ${r.offset}`,
    );
}

function readStrings(r: ByteReader, offset: number): string[] {
  if (offset !== PACK_HEADER_SIZE)
    throw r.error(`string table should start at byte ${PACK_HEADER_SIZE}, header says ${offset}`, 16);
  r.offset = offset;
  const count = r.u32('string count');
  if (count > r.length) throw r.error(`string count ${count} cannot fit in a ${r.length}-byte pack`, offset);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.u16(`length of string ${i}`);
    const at = r.offset;
    const b = r.bytes(len, `string ${i}`);
    try {
      out.push(decoder.decode(b));
    } catch {
      throw r.error(`string ${i} is not valid UTF-8`, at);
    }
  }
  return out;
}

function readCode<T>(r: ByteReader, table: readonly T[], what: string): T {
  const at = r.offset;
  const c = r.u8(what);
  const v = table[c];
  if (v === undefined) throw r.error(`${what} code ${c} is out of range (0..${table.length - 1})`, at);
  return v;
}

function readCapsule(r: ByteReader, str: (what: string) => string): Capsule {
  const id = str('capsule id');
  r.id = id;
  const domain = readCode(r, DOMAINS, 'domain');
  const blend = readCode(r, BLENDS, 'blend mode');
  const priority = r.u8('priority');
  const relative = readCode(r, TRIGGER_ANCHORS, 'trigger anchor');
  const easing = readCode(r, EASINGS, 'easing');
  const reservedAt = r.offset;
  if (r.u8('reserved byte') !== 0) throw r.error('reserved byte is not 0', reservedAt);
  const flagsAt = r.offset;
  const flags = r.u16('capsule flags');
  if ((flags & ~C_KNOWN) !== 0) throw r.error(`unknown capsule flags 0x${flags.toString(16)}`, flagsAt);
  const subtype = str('subtype');
  const description = flags & C_DESCRIPTION ? str('description') : undefined;
  const offsetMs = r.f64('trigger.offset_ms');
  const probability = flags & C_PROBABILITY ? r.f64('trigger.probability') : undefined;
  const duration = r.f64('duration_ms');
  const attack = r.f64('envelope.attack_ms');
  const hold = r.f64('envelope.hold_ms');
  const release = r.f64('envelope.release_ms');
  const timing = flags & C_VAR_TIMING ? r.f64('variation.timing') : undefined;
  const intensity = flags & C_VAR_INTENSITY ? r.f64('variation.intensity') : undefined;
  const abortProbability = flags & C_ABORT ? r.f64('abort.probability') : 0;
  const abortAt = flags & C_ABORT ? r.f64('abort.at') : 0;
  const count = r.u16('track count');
  const tracks: Capsule['tracks'] = [];
  for (let i = 0; i < count; i++) tracks.push(readTrack(r, str, i));

  // Optional fields are assigned, not spread: spreading conditional objects is several times slower.
  const trigger: Capsule['trigger'] = { relative_to: relative, offset_ms: offsetMs };
  if (probability !== undefined) trigger.probability = probability;
  const capsule: Capsule = {
    format_version: 1,
    id,
    domain,
    subtype,
    trigger,
    duration_ms: duration,
    envelope: { attack_ms: attack, hold_ms: hold, release_ms: release, easing },
    tracks,
    priority,
    blend_mode: blend,
  };
  if (description !== undefined) capsule.description = description;
  if (flags & C_VARIATION) {
    const variation: NonNullable<Capsule['variation']> = {};
    if (timing !== undefined) variation.timing = timing;
    if (intensity !== undefined) variation.intensity = intensity;
    capsule.variation = variation;
  }
  if (flags & C_ABORT) {
    const abort: NonNullable<Capsule['abort']> = { probability: abortProbability, at: abortAt };
    if (flags & C_RETRACT_SET) abort.retract = (flags & C_RETRACT) !== 0;
    capsule.abort = abort;
  }
  return capsule;
}

function readTrack(r: ByteReader, str: (what: string) => string, i: number): Capsule['tracks'][number] {
  r.track = i;
  const kind = readCode(r, KINDS, 'kind');
  const flagsAt = r.offset;
  const flags = r.u8('flags');
  if (kind === 'capsule') {
    if ((flags & ~T_OFFSET_SET) !== 0) throw invalidFlags(r, flags, flagsAt);
    const track: CapsuleTrack = { kind, target: str('target'), weight: r.f64('weight') };
    if (flags & T_OFFSET_SET) track.offset_ms = r.f64('offset_ms');
    r.track = -1;
    return track;
  }
  const spec = SOURCED[kind]!;
  const source = flags & 3;
  const interp = (flags >> 2) & 3;
  if (source > 2 || flags & T_OFFSET_SET || interp > 2 || (!(flags & T_INTERP_SET) && interp !== 0))
    throw invalidFlags(r, flags, flagsAt);
  if ((flags & T_TIMES_F64 && source !== 1) || (flags & T_AMP_VECTOR && source !== 2))
    throw invalidFlags(r, flags, flagsAt);
  const track: SourcedTrack = spec.target ? { kind, target: str('target') } : { kind };
  const width = spec.width;
  if (source === 0) track.value = readVector(r, width, 'value');
  else if (source === 1) {
    const n = r.u16('key count');
    const keys: { t: number; value: number | number[] }[] = [];
    for (let k = 0; k < n; k++)
      keys.push({ t: flags & T_TIMES_F64 ? r.f64('key t') : r.u16('key t') / 65535, value: 0 });
    for (const key of keys) key.value = readVector(r, width, 'key value');
    track.keys = keys;
  } else {
    const frequency = r.f64('noise frequency');
    let amplitude: number | number[];
    if (flags & T_AMP_VECTOR) {
      const at = r.offset;
      const n = r.u8('noise amplitude count');
      if (n < 1 || n > 3)
        throw r.error(`tracks[${i}]: noise amplitude count ${n} is out of range (1..3)`, at);
      amplitude = [];
      for (let k = 0; k < n; k++) amplitude.push(r.f16('noise amplitude'));
    } else amplitude = r.f16('noise amplitude');
    track.noise = { amplitude, frequency_hz: frequency };
  }
  if (flags & T_INTERP_SET) track.interpolation = INTERPOLATIONS[interp]!;
  r.track = -1;
  return track as unknown as Capsule['tracks'][number];
}

function invalidFlags(r: ByteReader, flags: number, at: number): CapsuleError {
  return r.error(`tracks[${r.track}]: invalid track flags 0x${flags.toString(16)}`, at);
}

function readVector(r: ByteReader, width: number, what: string): number | number[] {
  if (width === 1) return r.f16(what);
  const out: number[] = [];
  for (let a = 0; a < width; a++) out.push(r.f16(what));
  return out;
}

function readProfile(r: ByteReader, str: (what: string) => string): Profile {
  const id = str('profile id');
  r.id = id;
  const flagsAt = r.offset;
  const flags = r.u8('profile flags');
  if ((flags & ~P_KNOWN) !== 0 || (!(flags & P_MODIFIERS) && flags & (P_TEMPO | P_JITTER)))
    throw r.error(`unknown profile flags 0x${flags.toString(16)}`, flagsAt);
  const description = flags & P_DESCRIPTION ? str('description') : undefined;
  const tempo = flags & P_TEMPO ? r.f64('modifiers.tempo_factor') : undefined;
  const jitter = flags & P_JITTER ? r.f64('modifiers.noise_jitter') : undefined;
  const countAt = r.offset;
  const count = r.u32('capsule count');
  if (count > r.length)
    throw r.error(`capsule count ${count} cannot fit in a ${r.length}-byte pack`, countAt);
  const capsules: Profile['capsules'] = [];
  for (let i = 0; i < count; i++)
    capsules.push({ id: str('capsule entry id'), weight: r.f64('capsule entry weight') });
  const profile: Profile = { format_version: 1, id, capsules };
  if (description !== undefined) profile.description = description;
  if (flags & P_MODIFIERS) {
    const modifiers: NonNullable<Profile['modifiers']> = {};
    if (tempo !== undefined) modifiers.tempo_factor = tempo;
    if (jitter !== undefined) modifiers.noise_jitter = jitter;
    profile.modifiers = modifiers;
  }
  return profile;
}
