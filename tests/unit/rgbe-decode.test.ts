import { describe, expect, it } from 'vitest';
import { decodeRgbe } from '../../scenes/viewer/rgbe-decode.ts';

describe('decodeRgbe: bad headers', () => {
  it('rejects a very long header line with an error naming the file and offset', () => {
    // A binary file with no newline for a megabyte: must not overflow the stack turning it into a string.
    const bytes = new Uint8Array(1_000_001).fill(65);
    bytes[1_000_000] = 0x0a;
    expect(() => decodeRgbe(bytes, 'big.hdr')).toThrow('big.hdr: byte 0: header line too long');
  });

  it('rejects a long line after the signature, naming its offset', () => {
    const text = `#?RADIANCE\n# ${'x'.repeat(5000)}\n\n-Y 1 +X 1\n`;
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(() => decodeRgbe(bytes, 'long.hdr')).toThrow('long.hdr: byte 11: header line too long');
  });
});
