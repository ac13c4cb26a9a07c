/** The sample packet the README encodes stays a valid packet and round-trips through the bytes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPerformRequest } from '../../engine/avatar/check-request.ts';
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

  it("its say record's lead-lag is one perform() accepts (hand lead is a positive ms before onset)", () => {
    const packet = packetFromJson(readFileSync('examples/packets/hello.packet.json', 'utf8'));
    const say = packet.records.find((r) => r.type === 'say')!;
    const ll = say.type === 'say' ? say.lead_lag : undefined;
    expect(ll).toBeDefined();
    expect(() =>
      checkPerformRequest({
        text: 'Hello there!',
        leadLag: {
          ...(ll!.hands_ms === undefined ? {} : { handsMs: ll!.hands_ms }),
          ...(ll!.face_ms === undefined ? {} : { faceMs: ll!.face_ms }),
          ...(ll!.voice_ms === undefined ? {} : { voiceMs: ll!.voice_ms }),
        },
      }),
    ).not.toThrow();
  });
});
