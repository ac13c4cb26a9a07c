import { describe, expect, it } from 'vitest';
import {
  WIRE,
  WireError,
  decodePacket,
  encodePacket,
  packetFromJson,
  packetToJson,
} from '../../engine/wire/index.ts';
import type { Packet } from '../../engine/wire/index.ts';
import { samplePacket } from '../fuzz/packet-mutate.ts';

describe('packet codec', () => {
  it('round-trips bytes → packet → bytes exactly, and packet → bytes → packet up to weight quantisation', () => {
    const p = samplePacket();
    const bytes = encodePacket(p);
    const back = decodePacket(bytes, 'test');
    expect(encodePacket(back)).toEqual(bytes);
    expect(back.records.length).toBe(p.records.length);
    expect(back.records[0]).toEqual(p.records[0]);
    expect(back.records[1]).toMatchObject({ capsule: 'weird-id' });
    expect((back.records[1] as { weight: number }).weight).toBeCloseTo(0.5, 2);
    expect(back.records[2]).toMatchObject({
      capsule: 'FMM_004',
      anchors: { speech_onset: 120_600, phrase_end: 119_900 },
    });
    expect(back.records[4]).toMatchObject({ capsule: 'HF_092', fade_ms: 200 });
    expect(back.records[5]).toMatchObject({ capsule: null });
    expect(back.records[6]).toEqual({ ...p.records[6] });
    expect(back.records[7]).toEqual(p.records[7]);
    expect(back.grant).toBe(3);
    const e = back.records[8] as Extract<Packet['records'][number], { type: 'emotion' }>;
    expect(e.vad!.valence).toBeCloseTo(-0.5, 2);
    expect(e.vad!.dominance).toBe(1);
  });

  it('keeps u16 weights to 1/65535', () => {
    const p: Packet = {
      seq: 1,
      base_ms: 0,
      weight_bits: 16,
      records: [{ type: 'play', avatar: 0, at_ms: 0, capsule: 'BK_003', weight: 0.123456 }],
    };
    const back = decodePacket(encodePacket(p));
    expect(back.weight_bits).toBe(16);
    expect(Math.abs((back.records[0] as { weight: number }).weight - 0.123456)).toBeLessThan(1 / 65535);
  });

  it('encodes a capsule id compactly (head byte + varint)', () => {
    const one = (capsule: string) =>
      encodePacket({
        seq: 0,
        base_ms: 0,
        records: [{ type: 'play', avatar: 0, at_ms: 0, capsule, weight: 1 }],
      });
    // magic+version+flags 4, seq+base+string count+record count 4, record 6 (type, avatar, time, head, number, weight), CRC 4.
    expect(one('HK_031').length).toBe(18);
    expect(one('NOPE_1').length).toBeGreaterThan(one('HK_031').length);
  });

  it('JSON form round-trips exactly in both directions', () => {
    const decoded = decodePacket(encodePacket(samplePacket()));
    const json = packetToJson(decoded);
    const back = packetFromJson(json);
    expect(back).toEqual(decoded);
    expect(packetToJson(back)).toBe(json);
    expect(encodePacket(back)).toEqual(encodePacket(decoded));
  });

  it('refuses bad values with the JSON path', () => {
    const bad = (mut: (p: Packet) => void, path: string) => {
      const p = samplePacket();
      mut(p);
      let err: unknown;
      try {
        encodePacket(p);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WireError);
      expect((err as WireError).path).toBe(path);
    };
    bad((p) => ((p.records[0] as { weight: number }).weight = Number.NaN), 'records[0].weight');
    bad((p) => ((p.records[0] as { weight: number }).weight = 1.5), 'records[0].weight');
    bad((p) => (p.records[0]!.at_ms = p.base_ms - 1), 'records[0].at_ms');
    bad((p) => (p.records[0]!.avatar = 256), 'records[0].avatar');
    bad(
      (p) => ((p.records[6] as { text: string }).text = 'x'.repeat(WIRE.MAX_TEXT_BYTES + 1)),
      'records[6].text',
    );
    bad((p) => ((p.records[3] as { profile: string }).profile = 'p'.repeat(65)), 'records[3].profile');
    bad(
      (p) => (
        (p.records.length = 0),
        p.records.push(...Array(WIRE.MAX_RECORDS + 1).fill(samplePacket().records[0]))
      ),
      'records',
    );
    bad((p) => ((p.records[0] as unknown as Record<string, unknown>).extra = 1), 'records[0].extra');
    expect(() => packetFromJson('{', 'j.json')).toThrow(/j\.json: \/: not valid JSON/);
  });

  it('refuses hostile bytes with a WireError naming source and offset', () => {
    const bytes = encodePacket(samplePacket());
    const err = (b: Uint8Array): WireError => {
      try {
        decodePacket(b, 'sock');
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
        expect((e as WireError).message).toMatch(/^sock: byte \d+/);
        return e as WireError;
      }
      throw new Error('decoded');
    };
    expect(err(bytes.subarray(0, 5)).detail).toMatch(/truncated/);
    const flipped = bytes.slice();
    flipped[10] = flipped[10]! ^ 0x10;
    expect(err(flipped)).toMatchObject({ offset: bytes.length - 4 });
    const v2 = bytes.slice();
    v2[2] = 2;
    expect(err(v2).detail).toMatch(/version 2/);
    expect(err(new Uint8Array(WIRE.MAX_PACKET_BYTES + 1)).detail).toMatch(/above the limit/);
  });
});
