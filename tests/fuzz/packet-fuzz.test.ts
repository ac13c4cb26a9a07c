import { describe, expect, it } from 'vitest';
import { decodePacket, WireError } from '../../engine/wire/index.ts';
import { demoPackets } from '../../bench/wire.bench.ts';
import { fuzzPackets, mutant, packetCorpus, randomPacket } from './packet-mutate.ts';
import { encodePacket } from '../../engine/wire/index.ts';

/** CI count; `npm run bench` runs 100,000+ (bench/wire.bench.ts). */
const COUNT = 5000;

describe('packet decoder fuzz', () => {
  it(`${COUNT} seeded mutants: each decodes (and re-encodes) or throws a WireError with a byte offset`, () => {
    const corpus = packetCorpus(demoPackets().packets);
    const r = fuzzPackets(COUNT, 1, corpus);
    expect(r.violations).toEqual([]);
    // The mutants reach deep into the body, not just the checksum.
    expect(Object.keys(r.errorsByKind).length).toBeGreaterThanOrEqual(8);
    expect(r.errorsByKind.checksum).toBeLessThan(COUNT * 0.6);
  });

  it('mutants are a pure function of the seed', () => {
    const corpus = packetCorpus();
    expect(mutant(corpus, 42)).toEqual(mutant(corpus, 42));
  });

  it('an empty array, a lone magic and a huge declared length all fail as WireErrors', () => {
    for (const b of [
      new Uint8Array(0),
      new Uint8Array([0x43, 0x57]),
      Uint8Array.from([0x43, 0x57, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0]),
    ]) {
      expect(() => decodePacket(b, 'x')).toThrow(WireError);
    }
  });

  it('random valid packets encode, decode and re-encode to the same bytes', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = encodePacket(randomPacket(seed));
      expect(encodePacket(decodePacket(bytes))).toEqual(bytes);
    }
  });
});
