/**
 * The GLB's JSON chunk as text and then JSON. Byte-order marks, NUL padding and bad UTF-8 are
 * tolerated with a warning; a syntax error is located by file byte, whatever the JS engine says.
 */

import { isRecord } from './json-read.ts';
import { RigReadError } from './rig-error.ts';

/** Decodes and parses the JSON chunk (`chunk` starts at file byte 20), locating errors by byte. */
export function parseJsonChunk(chunk: Uint8Array, file: string, warnings: string[]): unknown {
  let start = 0;
  let stop = chunk.length;
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
    warnings.push('byte 20: JSON chunk starts with a UTF-8 byte-order mark; skipped');
    start = 3;
  }
  // Some exporters pad the JSON chunk with NUL instead of spaces.
  while (stop > start && chunk[stop - 1] === 0) stop--;
  if (stop < chunk.length)
    warnings.push(`byte ${20 + stop}: JSON chunk padded with NUL bytes instead of spaces`);
  const body = chunk.subarray(start, stop);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    warnings.push(
      `byte ${20 + start + bad}: JSON chunk is not valid UTF-8; invalid bytes replaced with U+FFFD`,
    );
    text = new TextDecoder('utf-8').decode(body);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = syntaxErrorPosition(message, text);
    const byte =
      20 + start + (position === null ? 0 : new TextEncoder().encode(text.slice(0, position)).length);
    throw new RigReadError(file, { offset: byte }, `bad JSON chunk: ${message}`, { cause: e });
  }
  if (!isRecord(json)) throw new RigReadError(file, { path: '' }, 'glTF JSON is not an object');
  return json;
}

/**
 * Character position of a JSON.parse error, from the engine's message: `at position N` (V8),
 * `line L column C` (SpiderMonkey), or V8's `Unexpected token 'x', ..."context"...`, whose
 * context starts 10 characters before the token. Null when the message does not say.
 */
function syntaxErrorPosition(message: string, text: string): number | null {
  const at = /at position (\d+)/.exec(message);
  if (at?.[1] !== undefined) return Number(at[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc?.[1] !== undefined && lc[2] !== undefined) {
    let pos = 0;
    for (let line = 1; line < Number(lc[1]) && pos >= 0; line++) pos = text.indexOf('\n', pos) + 1;
    return pos > 0 || Number(lc[1]) === 1 ? pos + Number(lc[2]) - 1 : null;
  }
  const ctx = /^Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const [, token, cut, snippet] = ctx ?? [];
  if (token === undefined || snippet === undefined) return null;
  const from = cut ? text.indexOf(snippet) : 0;
  if (from < 0 || (cut && text.indexOf(snippet, from + 1) >= 0)) return null;
  const pos = from + (cut ? 10 : snippet.indexOf(token));
  return text.startsWith(token, pos) ? pos : null;
}

/** Index of the first byte where strict UTF-8 decoding fails (binary search; error path only). */
function firstInvalidUtf8(body: Uint8Array): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0;
  let hi = body.length;
  if (!fails(hi)) return hi; // only the tail is incomplete
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}
