/**
 * The packet's JSON form, for logs, debugging and hand-written test packets: the same fields as the
 * {@link Packet} type, keys in one fixed order, so `packetToJson(packetFromJson(s)) === s` for any
 * `s` it wrote and `packetFromJson(packetToJson(p))` deep-equals `p`. Weights are the decoded
 * quantised values (q/255), which JSON carries exactly.
 */
import { checkPacket } from './check-packet.ts';
import type { Packet, PacketRecord } from './packet-types.ts';
import { ANCHOR_NAMES, LEAD_LAG_NAMES } from './packet-types.ts';
import { WireError } from './wire-error.ts';

/** The packet as JSON text (2-space indented, keys in canonical order). */
export function packetToJson(packet: Packet): string {
  return JSON.stringify(canonicalPacket(checkPacket(packet, 'json')), null, 2);
}

/** Parses and validates the JSON form; throws a {@link WireError} naming `source` and the JSON path. */
export function packetFromJson(text: string, source = 'json'): Packet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new WireError({ source, offset: -1, message: `not valid JSON (${(e as Error).message})` });
  }
  return canonicalPacket(checkPacket(value, source));
}

/** A copy with keys in canonical order and absent optionals left out (not `undefined`). */
export function canonicalPacket(p: Packet): Packet {
  return {
    seq: p.seq,
    base_ms: p.base_ms,
    ...(p.grant === undefined ? {} : { grant: p.grant }),
    ...(p.weight_bits === undefined ? {} : { weight_bits: p.weight_bits }),
    records: p.records.map(canonicalRecord),
  };
}

function canonicalRecord(r: PacketRecord): PacketRecord {
  const { avatar, at_ms } = r;
  switch (r.type) {
    case 'play':
      return { type: r.type, avatar, at_ms, capsule: r.capsule, weight: r.weight };
    case 'trigger':
    case 'profile': {
      const head =
        r.type === 'trigger'
          ? { type: r.type, avatar, at_ms, capsule: r.capsule, weight: r.weight }
          : { type: r.type, avatar, at_ms, profile: r.profile, weight: r.weight };
      if (r.anchors === undefined) return head;
      const anchors: Record<string, number> = {};
      for (const name of ANCHOR_NAMES) if (r.anchors[name] !== undefined) anchors[name] = r.anchors[name]!;
      return { ...head, anchors };
    }
    case 'cancel':
      return { type: r.type, avatar, at_ms, capsule: r.capsule, fade_ms: r.fade_ms };
    case 'say': {
      const out: PacketRecord = { type: r.type, avatar, at_ms };
      if (r.text !== undefined) out.text = r.text;
      if (r.phonemes !== undefined)
        out.phonemes = r.phonemes.map((p) => ({
          phoneme: p.phoneme,
          start_ms: p.start_ms,
          duration_ms: p.duration_ms,
        }));
      if (r.profile !== undefined) out.profile = r.profile;
      if (r.voice !== undefined) out.voice = r.voice;
      if (r.audio_first !== undefined) out.audio_first = r.audio_first;
      if (r.lead_lag !== undefined) {
        const ll: Record<string, number> = {};
        for (const name of LEAD_LAG_NAMES) if (r.lead_lag[name] !== undefined) ll[name] = r.lead_lag[name]!;
        out.lead_lag = ll;
      }
      return out;
    }
    case 'emotion': {
      const out: PacketRecord = { type: r.type, avatar, at_ms };
      if (r.vad !== undefined)
        out.vad = { valence: r.vad.valence, arousal: r.vad.arousal, dominance: r.vad.dominance };
      if (r.emotions !== undefined) out.emotions = r.emotions.map((e) => ({ name: e.name, value: e.value }));
      return out;
    }
  }
}
