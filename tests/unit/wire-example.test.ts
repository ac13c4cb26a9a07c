/** The sample packet the README encodes stays a valid packet and round-trips through the bytes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, packetFromJson, packetToJson } from '../../engine/wire/index.ts';

describe('examples/packets/hello.packet.json', () => {
  it('encodes to a small packet whose JSON form round-trips', () => {
    const file = 'examples/packets/hello.packet.json';
    const text = readFileSync(file, 'utf8');
    const packet = packetFromJson(text, file);
    const bytes = encodePacket(packet);
    expect(bytes.length).toBeLessThan(128);
    expect(JSON.parse(packetToJson(decodePacket(bytes, file)))).toEqual(JSON.parse(text));
  });
});
