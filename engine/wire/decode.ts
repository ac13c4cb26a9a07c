/**
 * Packet decoder. Order of checks: size limits, magic, version, flags, CRC-32, then the body with
 * every count checked against its limit and against the bytes left before anything is built — so a
 * hostile length field can neither read out of bounds nor make it allocate. The only thing it throws
 * is a {@link WireError} naming the source and the byte offset.
 */
import { crc32 } from '../capsules/byte-io.ts';
import { ID_ALL, ID_STRING, expandId } from './compact-id.ts';
import {
  EMOTION_KNOWN,
  EMOTION_NAMED,
  EMOTION_VAD,
  SAY_AUDIO_FIRST,
  SAY_AUDIO_FIRST_SET,
  SAY_KNOWN,
  SAY_LEAD_LAG,
  SAY_PHONEMES,
  SAY_PROFILE,
  SAY_TEXT,
  SAY_VOICE,
} from './encode.ts';
import { FLAG_GRANT, FLAG_WEIGHT16, KNOWN_FLAGS, WIRE } from './limits.ts';
import type { Packet, PacketRecord, WireAnchors, WireLeadLag, WirePhoneme } from './packet-types.ts';
import { ANCHOR_NAMES, LEAD_LAG_NAMES } from './packet-types.ts';
import { WireError } from './wire-error.ts';
import type { WireReader } from './wire-io.ts';
import { createWireReader } from './wire-io.ts';

/** Smallest possible packet: fixed header, seq, base, string count, record count, CRC. */
export const MIN_PACKET_BYTES = WIRE.FIXED_HEADER + 4 + WIRE.CRC_BYTES;

const CODE_TYPES: readonly (PacketRecord['type'] | undefined)[] = [
  undefined,
  'play',
  'trigger',
  'profile',
  'cancel',
  'say',
  'emotion',
];

/** Decodes a packet; `source` (a socket or file name) is put on every error. */
export function decodePacket(bytes: Uint8Array, source = 'packet'): Packet {
  if (!(bytes instanceof Uint8Array))
    throw new WireError({ source, offset: 0, message: 'a packet must be a Uint8Array' });
  const n = bytes.length;
  if (n > WIRE.MAX_PACKET_BYTES)
    throw new WireError({
      source,
      offset: WIRE.MAX_PACKET_BYTES,
      message: `packet is ${n} bytes, above the limit ${WIRE.MAX_PACKET_BYTES}`,
    });
  if (n < MIN_PACKET_BYTES)
    throw new WireError({
      source,
      offset: n,
      message: `packet is truncated: ${n} bytes, the smallest packet is ${MIN_PACKET_BYTES}`,
    });
  if (bytes[0] !== WIRE.MAGIC0 || bytes[1] !== WIRE.MAGIC1)
    throw new WireError({ source, offset: 0, message: 'not a capsule packet (magic is not "CW")' });
  if (bytes[2] !== WIRE.VERSION)
    throw new WireError({
      source,
      offset: 2,
      message: `unsupported packet version ${bytes[2]} (this codec reads version ${WIRE.VERSION})`,
    });
  const flags = bytes[3]!;
  if ((flags & ~KNOWN_FLAGS) !== 0)
    throw new WireError({
      source,
      offset: 3,
      message: `unknown header flags 0x${(flags & ~KNOWN_FLAGS).toString(16)} (version ${WIRE.VERSION} knows 0x${KNOWN_FLAGS.toString(16)})`,
    });
  const bodyEnd = n - WIRE.CRC_BYTES;
  const stored =
    (bytes[bodyEnd]! |
      (bytes[bodyEnd + 1]! << 8) |
      (bytes[bodyEnd + 2]! << 16) |
      (bytes[bodyEnd + 3]! << 24)) >>>
    0;
  const actual = crc32(bytes, 0, bodyEnd);
  if (stored !== actual)
    throw new WireError({
      source,
      offset: bodyEnd,
      message: `checksum mismatch: CRC-32 stored 0x${hex(stored)}, computed 0x${hex(actual)} (corrupted or truncated)`,
    });

  const r = createWireReader(bytes, source, bodyEnd);
  r.offset = WIRE.FIXED_HEADER;
  const bits: 8 | 16 = flags & FLAG_WEIGHT16 ? 16 : 8;
  const packet: Packet = {
    seq: r.varint('seq', WIRE.MAX_SEQ),
    base_ms: r.varint('base_ms', WIRE.MAX_BASE_MS),
    records: [],
  };
  if (flags & FLAG_GRANT) packet.grant = r.varint('grant', WIRE.MAX_GRANT);
  if (bits === 16) packet.weight_bits = 16;

  const stringCount = r.varint('string count', WIRE.MAX_STRINGS);
  // Each string takes at least one byte (its length): a count beyond the bytes left is a lie.
  if (stringCount > bodyEnd - r.offset)
    throw r.error(`string count ${stringCount} exceeds the ${bodyEnd - r.offset} bytes left`);
  const strings: string[] = [];
  for (let i = 0; i < stringCount; i++) {
    r.path = `strings[${i}]`;
    const at = r.offset;
    const s = r.utf8('string', WIRE.MAX_STRING_BYTES);
    if (s === '') throw r.error('empty string in the string table', at);
    strings.push(s);
  }
  r.path = '';
  const string = (what: string): string => {
    const at = r.offset;
    const i = r.varint(what, WIRE.MAX_STRINGS);
    if (i >= strings.length)
      throw r.error(`${what} refers to string ${i}, but the table has ${strings.length}`, at);
    return strings[i]!;
  };

  const recordCount = r.varint('record count', WIRE.MAX_RECORDS);
  // A record is at least 4 bytes (type, avatar, time, one field).
  if (recordCount * 4 > bodyEnd - r.offset)
    throw r.error(`record count ${recordCount} cannot fit in the ${bodyEnd - r.offset} bytes left`);
  for (let i = 0; i < recordCount; i++) {
    r.path = `records[${i}]`;
    packet.records.push(readRecord(r, packet.base_ms, bits, string));
  }
  r.path = '';
  if (r.offset !== bodyEnd)
    throw r.error(`${bodyEnd - r.offset} unexpected byte(s) after the last record, before the checksum`);
  return packet;
}

function readRecord(
  r: WireReader,
  base: number,
  bits: 8 | 16,
  string: (what: string) => string,
): PacketRecord {
  const codeAt = r.offset;
  const code = r.u8('record type');
  const type = CODE_TYPES[code];
  if (type === undefined) throw r.error(`unknown record type ${code}`, codeAt);
  const avatar = r.varint('avatar', WIRE.MAX_AVATAR);
  const at_ms = base + r.varint('at offset', WIRE.MAX_OFFSET_MS);

  const weight = (what: string): number => {
    if (bits === 8) return r.u8(what) / 255;
    const lo = r.u8(what);
    return (lo | (r.u8(what) << 8)) / 65535;
  };
  const signed = (what: string): number => {
    const at = r.offset;
    let q: number;
    if (bits === 8) q = r.u8(what) - 128;
    else {
      const lo = r.u8(what);
      q = (lo | (r.u8(what) << 8)) - 32768;
    }
    const scale = bits === 16 ? 32767 : 127;
    if (q < -scale) throw r.error(`${what} is below −1 (step ${q})`, at);
    return q / scale;
  };
  const id = (what: string, allowAll: boolean): string | null => {
    const at = r.offset;
    const head = r.u8(what);
    if (head === ID_ALL) {
      if (allowAll) return null;
      throw r.error(`${what}: "every capsule" (0xFF) is only valid in a cancel record`, at);
    }
    if (head === ID_STRING) return string(what);
    const num = r.varint(`${what} number`, WIRE.MAX_ID_NUMBER);
    const expanded = expandId(head, num);
    if (expanded === null)
      throw r.error(
        `${what}: head byte 0x${head.toString(16)} with number ${num} is not a valid capsule id`,
        at,
      );
    return expanded;
  };
  const anchors = (at: number): WireAnchors | undefined => {
    const maskAt = r.offset;
    const mask = r.u8('anchor mask');
    if (mask >> ANCHOR_NAMES.length)
      throw r.error(`unknown anchor bits in mask 0x${mask.toString(16)}`, maskAt);
    if (mask === 0) return undefined;
    const out: WireAnchors = {};
    ANCHOR_NAMES.forEach((name, bit) => {
      if (mask & (1 << bit)) out[name] = at + r.zigzag(name, WIRE.MAX_OFFSET_MS);
    });
    return out;
  };

  switch (type) {
    case 'play':
      return { type, avatar, at_ms, capsule: id('capsule', false)!, weight: weight('weight') };
    case 'trigger': {
      const rec: PacketRecord = {
        type,
        avatar,
        at_ms,
        capsule: id('capsule', false)!,
        weight: weight('weight'),
      };
      const a = anchors(at_ms);
      if (a) rec.anchors = a;
      return rec;
    }
    case 'profile': {
      const rec: PacketRecord = { type, avatar, at_ms, profile: string('profile'), weight: weight('weight') };
      const a = anchors(at_ms);
      if (a) rec.anchors = a;
      return rec;
    }
    case 'cancel':
      return {
        type,
        avatar,
        at_ms,
        capsule: id('capsule', true),
        fade_ms: r.varint('fade_ms', WIRE.MAX_FADE_MS),
      };
    case 'say': {
      const flagsAt = r.offset;
      const f = r.u8('say flags');
      if (f & ~SAY_KNOWN) throw r.error(`unknown say flags 0x${(f & ~SAY_KNOWN).toString(16)}`, flagsAt);
      if ((f & (SAY_TEXT | SAY_PHONEMES)) === 0)
        throw r.error('a say record needs text, phonemes or both', flagsAt);
      if (f & SAY_AUDIO_FIRST && !(f & SAY_AUDIO_FIRST_SET))
        throw r.error('say flags: audio-first value set without its presence bit', flagsAt);
      const rec: PacketRecord = { type, avatar, at_ms };
      if (f & SAY_TEXT) rec.text = r.utf8('text', WIRE.MAX_TEXT_BYTES);
      if (f & SAY_PHONEMES) {
        const countAt = r.offset;
        const count = r.varint('phoneme count', WIRE.MAX_PHONEMES);
        if (count * 3 > r.end - r.offset)
          throw r.error(`phoneme count ${count} cannot fit in the ${r.end - r.offset} bytes left`, countAt);
        const list: WirePhoneme[] = [];
        let start = 0;
        for (let k = 0; k < count; k++) {
          const phoneme = string('phoneme');
          const deltaAt = r.offset;
          start += r.varint('phoneme start delta', WIRE.MAX_PHONEME_MS);
          if (start > WIRE.MAX_PHONEME_MS)
            throw r.error(
              `phoneme ${k} starts at ${start} ms, above the limit ${WIRE.MAX_PHONEME_MS}`,
              deltaAt,
            );
          list.push({
            phoneme,
            start_ms: start,
            duration_ms: r.varint('phoneme duration', WIRE.MAX_PHONEME_MS),
          });
        }
        rec.phonemes = list;
      }
      if (f & SAY_PROFILE) rec.profile = string('profile');
      if (f & SAY_VOICE) rec.voice = string('voice');
      if (f & SAY_AUDIO_FIRST_SET) rec.audio_first = (f & SAY_AUDIO_FIRST) !== 0;
      if (f & SAY_LEAD_LAG) {
        const maskAt = r.offset;
        const mask = r.u8('lead-lag mask');
        if (mask >> LEAD_LAG_NAMES.length)
          throw r.error(`unknown lead-lag bits in mask 0x${mask.toString(16)}`, maskAt);
        const ll: WireLeadLag = {};
        LEAD_LAG_NAMES.forEach((name, bit) => {
          if (mask & (1 << bit)) ll[name] = r.zigzag(name, WIRE.MAX_LEAD_LAG_MS);
        });
        rec.lead_lag = ll;
      }
      return rec;
    }
    case 'emotion': {
      const flagsAt = r.offset;
      const f = r.u8('emotion flags');
      if (f & ~EMOTION_KNOWN)
        throw r.error(`unknown emotion flags 0x${(f & ~EMOTION_KNOWN).toString(16)}`, flagsAt);
      if (f === 0) throw r.error('an emotion record needs vad, emotions or both', flagsAt);
      const rec: PacketRecord = { type, avatar, at_ms };
      if (f & EMOTION_VAD)
        rec.vad = { valence: signed('valence'), arousal: signed('arousal'), dominance: signed('dominance') };
      if (f & EMOTION_NAMED) {
        const countAt = r.offset;
        const count = r.varint('emotion count', WIRE.MAX_EMOTIONS);
        if (count * 2 > r.end - r.offset)
          throw r.error(`emotion count ${count} cannot fit in the ${r.end - r.offset} bytes left`, countAt);
        const list: { name: string; value: number }[] = [];
        for (let k = 0; k < count; k++)
          list.push({ name: string('emotion name'), value: weight('emotion value') });
        rec.emotions = list;
      }
      return rec;
    }
  }
}

const hex = (v: number): string => v.toString(16).padStart(8, '0');
