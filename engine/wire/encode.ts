/**
 * Packet encoder: validates the packet (rules and limits, {@link checkPacket}), builds the per-packet
 * string table in order of first use, writes the records and appends a CRC-32. Same packet, same
 * bytes; `encodePacket(decodePacket(b))` gives `b` back for any `b` this encoder wrote.
 * Layout: docs/wire.md § Packet layout.
 */
import { crc32 } from '../capsules/byte-io.ts';
import { checkPacket } from './check-packet.ts';
import { ID_ALL, ID_STRING, compactId } from './compact-id.ts';
import { FLAG_GRANT, FLAG_WEIGHT16, WIRE } from './limits.ts';
import type { Packet, PacketRecord, WireAnchors } from './packet-types.ts';
import { ANCHOR_NAMES, LEAD_LAG_NAMES, RECORD_CODES } from './packet-types.ts';
import { WireError } from './wire-error.ts';
import type { WireWriter } from './wire-io.ts';
import { createWireWriter, utf8Bytes } from './wire-io.ts';

/** Say-record flag bits. */
export const SAY_TEXT = 1 << 0;
export const SAY_PHONEMES = 1 << 1;
export const SAY_PROFILE = 1 << 2;
export const SAY_VOICE = 1 << 3;
export const SAY_AUDIO_FIRST_SET = 1 << 4;
export const SAY_LEAD_LAG = 1 << 5;
export const SAY_AUDIO_FIRST = 1 << 6;
export const SAY_KNOWN = 0x7f;
/** Emotion-record flag bits. */
export const EMOTION_VAD = 1 << 0;
export const EMOTION_NAMED = 1 << 1;
export const EMOTION_KNOWN = 0x03;

/** Quantises a 0..1 weight to `bits`. */
export const quantise = (w: number, bits: 8 | 16): number => Math.round(w * (bits === 16 ? 65535 : 255));
/** Quantises a −1..1 value to a signed step count (±127 or ±32767). */
export const quantiseSigned = (v: number, bits: 8 | 16): number =>
  Math.round(v * (bits === 16 ? 32767 : 127));

/** Scratch writers reused by every encode (encoding is synchronous, so never shared mid-write). */
const BODY = createWireWriter(1024);
const HEADER = createWireWriter(1024);

/** Encodes a packet; throws a {@link WireError} (source `encode`) naming the field that breaks a rule or limit. */
export function encodePacket(packet: Packet): Uint8Array {
  checkPacket(packet, 'encode');
  const bits = packet.weight_bits ?? 8;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      if (i >= WIRE.MAX_STRINGS)
        throw new WireError({
          source: 'encode',
          offset: -1,
          path: 'records',
          message: `more than ${WIRE.MAX_STRINGS} distinct strings (profiles, voices, phonemes, names): split the packet`,
        });
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };

  const body = BODY;
  body.reset();
  const weight = (w: number): void => {
    const q = quantise(w, bits);
    body.u8(q & 0xff);
    if (bits === 16) body.u8(q >>> 8);
  };
  const signed = (v: number): void => {
    const q = quantiseSigned(v, bits) + (bits === 16 ? 32768 : 128);
    body.u8(q & 0xff);
    if (bits === 16) body.u8(q >>> 8);
  };
  const id = (capsule: string | null): void => {
    if (capsule === null) return body.u8(ID_ALL);
    const c = compactId(capsule);
    if (c) {
      body.u8(c.head);
      body.varint(c.number);
    } else {
      body.u8(ID_STRING);
      body.varint(ref(capsule));
    }
  };
  body.varint(packet.records.length);
  for (const r of packet.records) writeRecord(body, r, packet.base_ms, { weight, signed, id, ref });

  const out = HEADER;
  out.reset();
  out.u8(WIRE.MAGIC0);
  out.u8(WIRE.MAGIC1);
  out.u8(WIRE.VERSION);
  out.u8((bits === 16 ? FLAG_WEIGHT16 : 0) | (packet.grant !== undefined ? FLAG_GRANT : 0));
  out.varint(packet.seq);
  out.varint(packet.base_ms);
  if (packet.grant !== undefined) out.varint(packet.grant);
  out.varint(strings.length);
  for (const s of strings) {
    const b = utf8Bytes(s);
    out.varint(b.length);
    out.bytes(b);
  }
  const size = out.length + body.length + WIRE.CRC_BYTES;
  if (size > WIRE.MAX_PACKET_BYTES)
    throw new WireError({
      source: 'encode',
      offset: -1,
      path: '',
      message: `packet would be ${size} bytes, above the limit ${WIRE.MAX_PACKET_BYTES}: split it`,
    });
  const bytes = new Uint8Array(size);
  bytes.set(out.view());
  bytes.set(body.view(), out.length);
  const crc = crc32(bytes, 0, size - 4);
  bytes[size - 4] = crc & 0xff;
  bytes[size - 3] = (crc >>> 8) & 0xff;
  bytes[size - 2] = (crc >>> 16) & 0xff;
  bytes[size - 1] = crc >>> 24;
  return bytes;
}

interface Writers {
  weight(w: number): void;
  signed(v: number): void;
  id(capsule: string | null): void;
  ref(s: string): number;
}

function writeAnchors(w: WireWriter, anchors: WireAnchors | undefined, at: number): void {
  let mask = 0;
  ANCHOR_NAMES.forEach((name, bit) => {
    if (anchors?.[name] !== undefined) mask |= 1 << bit;
  });
  w.u8(mask);
  for (const name of ANCHOR_NAMES) if (anchors?.[name] !== undefined) w.zigzag(anchors[name]! - at);
}

function writeRecord(w: WireWriter, r: PacketRecord, base: number, x: Writers): void {
  w.u8(RECORD_CODES[r.type]);
  w.varint(r.avatar);
  w.varint(r.at_ms - base);
  switch (r.type) {
    case 'play':
      x.id(r.capsule);
      x.weight(r.weight);
      return;
    case 'trigger':
      x.id(r.capsule);
      x.weight(r.weight);
      writeAnchors(w, r.anchors, r.at_ms);
      return;
    case 'profile':
      w.varint(x.ref(r.profile));
      x.weight(r.weight);
      writeAnchors(w, r.anchors, r.at_ms);
      return;
    case 'cancel':
      x.id(r.capsule);
      w.varint(r.fade_ms);
      return;
    case 'say': {
      const flags =
        (r.text !== undefined ? SAY_TEXT : 0) |
        (r.phonemes !== undefined ? SAY_PHONEMES : 0) |
        (r.profile !== undefined ? SAY_PROFILE : 0) |
        (r.voice !== undefined ? SAY_VOICE : 0) |
        (r.audio_first !== undefined ? SAY_AUDIO_FIRST_SET : 0) |
        (r.audio_first === true ? SAY_AUDIO_FIRST : 0) |
        (r.lead_lag !== undefined ? SAY_LEAD_LAG : 0);
      w.u8(flags);
      if (r.text !== undefined) {
        const b = utf8Bytes(r.text);
        w.varint(b.length);
        w.bytes(b);
      }
      if (r.phonemes !== undefined) {
        w.varint(r.phonemes.length);
        let previous = 0;
        for (const p of r.phonemes) {
          w.varint(x.ref(p.phoneme));
          w.varint(p.start_ms - previous);
          w.varint(p.duration_ms);
          previous = p.start_ms;
        }
      }
      if (r.profile !== undefined) w.varint(x.ref(r.profile));
      if (r.voice !== undefined) w.varint(x.ref(r.voice));
      if (r.lead_lag !== undefined) {
        const ll = r.lead_lag;
        let mask = 0;
        LEAD_LAG_NAMES.forEach((name, bit) => {
          if (ll[name] !== undefined) mask |= 1 << bit;
        });
        w.u8(mask);
        for (const name of LEAD_LAG_NAMES) if (ll[name] !== undefined) w.zigzag(ll[name]!);
      }
      return;
    }
    case 'emotion': {
      w.u8((r.vad !== undefined ? EMOTION_VAD : 0) | (r.emotions !== undefined ? EMOTION_NAMED : 0));
      if (r.vad !== undefined) {
        x.signed(r.vad.valence);
        x.signed(r.vad.arousal);
        x.signed(r.vad.dominance);
      }
      if (r.emotions !== undefined) {
        w.varint(r.emotions.length);
        for (const e of r.emotions) {
          w.varint(x.ref(e.name));
          x.weight(e.value);
        }
      }
      return;
    }
  }
}
