import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPacket } from '../../tools/commands/packet.ts';
import { decodePacket, encodePacket, packetToJson } from '../../engine/wire/index.ts';
import { samplePacket } from '../fuzz/packet-mutate.ts';

function capture() {
  const logs: string[] = [];
  const errors: string[] = [];
  return { out: { log: (m: string) => logs.push(m), error: (m: string) => errors.push(m) }, logs, errors };
}

describe('capsule packet', () => {
  it('encodes JSON to bytes and decodes bytes back to the same JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wire-cli-'));
    const json = packetToJson(decodePacket(encodePacket(samplePacket())));
    writeFileSync(join(dir, 'p.json'), json);
    const c = capture();
    expect(runPacket(join(dir, 'p.json'), { out: join(dir, 'p.cwp') }, c.out)).toBe(0);
    const bytes = new Uint8Array(readFileSync(join(dir, 'p.cwp')));
    expect(bytes).toEqual(encodePacket(samplePacket()));
    const d = capture();
    expect(runPacket(join(dir, 'p.cwp'), {}, d.out)).toBe(0);
    expect(d.logs).toEqual([json]);
  });

  it('names the file and the JSON path or byte offset of a bad packet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wire-cli-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ seq: 1, base_ms: 0, records: [{ type: 'jump' }] }));
    writeFileSync(join(dir, 'bad.cwp'), new Uint8Array([0x43, 0x57, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const c = capture();
    expect(runPacket(join(dir, 'bad.json'), {}, c.out)).toBe(1);
    expect(runPacket(join(dir, 'bad.cwp'), {}, c.out)).toBe(1);
    expect(c.errors[0]).toMatch(/bad\.json: records\[0\]\.type: must be one of play/);
    expect(c.errors[1]).toMatch(/bad\.cwp: byte 2: unsupported packet version 9/);
  });
});
