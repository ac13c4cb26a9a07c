/**
 * Validates a packet value from anywhere (a JS caller, the JSON form) against the format's rules and
 * limits before it is encoded, so the encoder never writes what the decoder would refuse. Errors are
 * {@link WireError}s with the JSON path of the field (offset −1).
 */
import { compactId } from './compact-id.ts';
import { WIRE } from './limits.ts';
import type { Packet, PacketRecord, WirePhoneme } from './packet-types.ts';
import { ANCHOR_NAMES, LEAD_LAG_NAMES, RECORD_CODES } from './packet-types.ts';
import { utf8Length } from './wire-io.ts';
import { WireError } from './wire-error.ts';

type Obj = Record<string, unknown>;

/** Checks `value` is a valid {@link Packet}; returns it typed, or throws a WireError naming `source` and the path. */
export function checkPacket(value: unknown, source: string): Packet {
  const fail = (path: string, message: string): never => {
    throw new WireError({ source, offset: -1, path, message });
  };
  const obj = (v: unknown, path: string, keys: readonly string[]): Obj => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'must be an object');
    for (const k of Object.keys(v as Obj))
      if (!keys.includes(k) && (v as Obj)[k] !== undefined)
        fail(path ? `${path}.${k}` : k, `unknown field (allowed: ${keys.join(', ')})`);
    return v as Obj;
  };
  const int = (v: unknown, path: string, min: number, max: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, `must be an integer, got ${show(v)}`);
    if ((v as number) < min || (v as number) > max) fail(path, `must be within ${min}..${max}, got ${v}`);
    return v as number;
  };
  const real = (v: unknown, path: string, min: number, max: number): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a finite number, got ${show(v)}`);
    if ((v as number) < min || (v as number) > max) fail(path, `must be within ${min}..${max}, got ${v}`);
    return v as number;
  };
  const str = (v: unknown, path: string, maxBytes: number): string => {
    if (typeof v !== 'string') fail(path, `must be a string, got ${show(v)}`);
    if (v === '') fail(path, 'must not be empty');
    const n = utf8Length(v as string);
    if (n > maxBytes) fail(path, `is ${n} UTF-8 bytes, above the limit ${maxBytes}`);
    return v as string;
  };
  const capsuleId = (v: unknown, path: string): string =>
    typeof v === 'string' && compactId(v) ? v : str(v, path, WIRE.MAX_STRING_BYTES);

  const p = obj(value, '', ['seq', 'base_ms', 'grant', 'weight_bits', 'records']);
  int(p.seq, 'seq', 0, WIRE.MAX_SEQ);
  const base = int(p.base_ms, 'base_ms', 0, WIRE.MAX_BASE_MS);
  if (p.grant !== undefined) int(p.grant, 'grant', 0, WIRE.MAX_GRANT);
  if (p.weight_bits !== undefined && p.weight_bits !== 8 && p.weight_bits !== 16)
    fail('weight_bits', `must be 8 or 16, got ${show(p.weight_bits)}`);
  if (!Array.isArray(p.records)) fail('records', 'must be an array');
  const records = p.records as unknown[];
  if (records.length > WIRE.MAX_RECORDS)
    fail('records', `${records.length} records, above the limit ${WIRE.MAX_RECORDS}`);

  records.forEach((rv, i) => {
    const path = `records[${i}]`;
    const type = (rv as Obj | null)?.type;
    if (typeof type !== 'string' || !(type in RECORD_CODES))
      fail(`${path}.type`, `must be one of ${Object.keys(RECORD_CODES).join(', ')}, got ${show(type)}`);
    const t = type as PacketRecord['type'];
    const common = ['type', 'avatar', 'at_ms'];
    const fields: Record<PacketRecord['type'], string[]> = {
      play: ['capsule', 'weight'],
      trigger: ['capsule', 'weight', 'anchors'],
      profile: ['profile', 'weight', 'anchors'],
      cancel: ['capsule', 'fade_ms'],
      say: ['text', 'phonemes', 'profile', 'voice', 'audio_first', 'lead_lag'],
      emotion: ['vad', 'emotions'],
    };
    const r = obj(rv, path, [...common, ...fields[t]]);
    int(r.avatar, `${path}.avatar`, 0, WIRE.MAX_AVATAR);
    const at = int(r.at_ms, `${path}.at_ms`, base, base + WIRE.MAX_OFFSET_MS);
    if (t === 'play' || t === 'trigger') capsuleId(r.capsule, `${path}.capsule`);
    if (t === 'profile') str(r.profile, `${path}.profile`, WIRE.MAX_STRING_BYTES);
    if (t === 'play' || t === 'trigger' || t === 'profile') real(r.weight, `${path}.weight`, 0, 1);
    if ((t === 'trigger' || t === 'profile') && r.anchors !== undefined) {
      const a = obj(r.anchors, `${path}.anchors`, ANCHOR_NAMES);
      for (const name of ANCHOR_NAMES)
        if (a[name] !== undefined)
          int(a[name], `${path}.anchors.${name}`, at - WIRE.MAX_OFFSET_MS, at + WIRE.MAX_OFFSET_MS);
    }
    if (t === 'cancel') {
      if (r.capsule !== null) capsuleId(r.capsule, `${path}.capsule`);
      int(r.fade_ms, `${path}.fade_ms`, 0, WIRE.MAX_FADE_MS);
    }
    if (t === 'say') {
      if (r.text === undefined && r.phonemes === undefined)
        fail(path, 'a say record needs text, phonemes or both');
      if (r.text !== undefined) {
        if (typeof r.text !== 'string') fail(`${path}.text`, `must be a string, got ${show(r.text)}`);
        const n = utf8Length(r.text as string);
        if (n > WIRE.MAX_TEXT_BYTES)
          fail(`${path}.text`, `is ${n} UTF-8 bytes, above the limit ${WIRE.MAX_TEXT_BYTES}`);
      }
      if (r.phonemes !== undefined) checkPhonemes(r.phonemes, `${path}.phonemes`);
      if (r.profile !== undefined) str(r.profile, `${path}.profile`, WIRE.MAX_STRING_BYTES);
      if (r.voice !== undefined) str(r.voice, `${path}.voice`, WIRE.MAX_STRING_BYTES);
      if (r.audio_first !== undefined && typeof r.audio_first !== 'boolean')
        fail(`${path}.audio_first`, `must be a boolean, got ${show(r.audio_first)}`);
      if (r.lead_lag !== undefined) {
        const ll = obj(r.lead_lag, `${path}.lead_lag`, LEAD_LAG_NAMES);
        for (const name of LEAD_LAG_NAMES)
          if (ll[name] !== undefined)
            int(ll[name], `${path}.lead_lag.${name}`, -WIRE.MAX_LEAD_LAG_MS, WIRE.MAX_LEAD_LAG_MS);
      }
    }
    if (t === 'emotion') {
      if (r.vad === undefined && r.emotions === undefined)
        fail(path, 'an emotion record needs vad, emotions or both');
      if (r.vad !== undefined) {
        const v = obj(r.vad, `${path}.vad`, ['valence', 'arousal', 'dominance']);
        for (const k of ['valence', 'arousal', 'dominance']) real(v[k], `${path}.vad.${k}`, -1, 1);
      }
      if (r.emotions !== undefined) {
        if (!Array.isArray(r.emotions)) fail(`${path}.emotions`, 'must be an array');
        const list = r.emotions as unknown[];
        if (list.length > WIRE.MAX_EMOTIONS)
          fail(`${path}.emotions`, `${list.length} emotions, above the limit ${WIRE.MAX_EMOTIONS}`);
        list.forEach((e, k) => {
          const ep = `${path}.emotions[${k}]`;
          const o = obj(e, ep, ['name', 'value']);
          str(o.name, `${ep}.name`, WIRE.MAX_STRING_BYTES);
          real(o.value, `${ep}.value`, 0, 1);
        });
      }
    }
  });
  return value as Packet;

  function checkPhonemes(v: unknown, path: string): void {
    if (!Array.isArray(v)) fail(path, 'must be an array');
    const list = v as unknown[];
    if (list.length > WIRE.MAX_PHONEMES)
      fail(path, `${list.length} phonemes, above the limit ${WIRE.MAX_PHONEMES}`);
    let previous = 0;
    list.forEach((e, k) => {
      const ep = `${path}[${k}]`;
      const o = obj(e, ep, ['phoneme', 'start_ms', 'duration_ms']) as Partial<WirePhoneme>;
      str(o.phoneme, `${ep}.phoneme`, WIRE.MAX_STRING_BYTES);
      const start = int(o.start_ms, `${ep}.start_ms`, 0, WIRE.MAX_PHONEME_MS);
      if (start < previous)
        fail(`${ep}.start_ms`, `phonemes must be in start order (${start} < ${previous})`);
      previous = start;
      int(o.duration_ms, `${ep}.duration_ms`, 0, WIRE.MAX_PHONEME_MS);
    });
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}
