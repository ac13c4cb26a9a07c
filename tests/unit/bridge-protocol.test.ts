/**
 * The bridge protocol's pure parts: every message shape parses, bad ones come back as named problems
 * (never a throw), and close reasons fit a close frame without splitting a character.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../engine/bridge/parse-message.ts';
import {
  CLOSE,
  MAX_TOKEN_CHARS,
  closeReason,
  truncateUtf8,
  utf8Length,
} from '../../engine/bridge/protocol.ts';

describe('bridge protocol', () => {
  it('parses every message type the protocol has', () => {
    const good = [
      { type: 'hello', protocol: 1, role: 'viewer', name: 'v' },
      { type: 'welcome', protocol: 1, client: 2, role: 'driver', heartbeatMs: 5000, maxFrameBytes: 65536 },
      { type: 'state', state: { mood: null } },
      { type: 'receipt', packet: 3, ok: false, error: 'x' },
      { type: 'token', ref: 1, token: 'abc' },
      { type: 'grant', ref: 1, grant: 4 },
      { type: 'grant', ref: 1, error: 'token: expired: …' },
      { type: 'ping', n: 1 },
      { type: 'pong', n: 1 },
      { type: 'error', code: 'malformed', message: 'm' },
    ];
    for (const m of good) expect(parseMessage(JSON.stringify(m), 'test')).toEqual({ ok: true, message: m });
  });

  it('names what is wrong with a bad message, by source and path, without throwing', () => {
    const problem = (text: string): string => {
      const parsed = parseMessage(text, 'client 9');
      if (parsed.ok) throw new Error(`accepted ${text}`);
      return `${parsed.problem.code} ${parsed.problem.message}`;
    };
    expect(problem('{"type":')).toMatch(/^malformed client 9: not JSON \(/);
    expect(problem('null')).toBe('malformed client 9: a message must be a JSON object');
    expect(problem('{"n":1}')).toBe('malformed client 9: type: missing or not a string');
    expect(problem('{"type":"__proto__"}')).toBe(
      'unknown-type client 9: type: unknown message type "__proto__"',
    );
    expect(problem('{"type":"hello","protocol":1.5,"role":"viewer"}')).toMatch(
      /^malformed client 9: hello\.protocol: must be a non-negative integer, got 1\.5/,
    );
    expect(problem('{"type":"hello","protocol":1,"role":"admin"}')).toMatch(
      /hello\.role: must be "viewer" or "driver"/,
    );
    expect(problem('{"type":"grant","ref":1}')).toBe('malformed client 9: grant: needs a grant or an error');
    expect(
      problem(JSON.stringify({ type: 'token', ref: 1, token: 'x'.repeat(MAX_TOKEN_CHARS + 1) })),
    ).toMatch(/token\.token: must be a token text of 1\.\.6000 characters/);
  });

  it('keeps close reasons within the 123 bytes a close frame allows, on a character boundary', () => {
    expect(closeReason(CLOSE.tooLarge, '70000 bytes > 65536')).toBe('frame-too-large: 70000 bytes > 65536');
    expect(closeReason(4999)).toBe('close-4999');
    const long = closeReason(CLOSE.helloExpected, 'é'.repeat(200));
    expect(utf8Length(long)).toBeLessThanOrEqual(123);
    expect(long).toMatch(/^hello-expected: é+$/);
    expect(truncateUtf8('a€b', 3)).toBe('a');
  });
});
