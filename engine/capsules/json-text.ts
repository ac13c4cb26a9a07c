/**
 * Parsing capsule files with syntax errors an author can find: `JSON.parse` in Node 20 does not
 * always say where it failed, so on failure a small scanner locates the first bad byte and the error
 * names its line and column.
 */
import { CapsuleError } from './capsule-error.ts';

/** Result of {@link parseJsonText}: the value, or one error naming the file and line:column. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: CapsuleError };

/** Parses a capsule or profile file's text (a leading BOM is ignored). */
export function parseJsonText(text: string, file: string): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const m = /at position (\d+)/.exec(raw);
    const offset = m ? Number(m[1]) : findJsonSyntaxError(body);
    const { line, column } = lineColumn(body, offset);
    return {
      ok: false,
      error: new CapsuleError({
        file,
        path: '',
        offset,
        message: `invalid JSON at line ${line}, column ${column}: ${reasonOf(raw, body, offset, m !== null)}`,
      }),
    };
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

function reasonOf(raw: string, text: string, offset: number, v8Located: boolean): string {
  if (offset >= text.length) return 'the file ends before the JSON value is complete';
  // Without a V8 position the offset is the scanner's; name the character found there.
  if (!v8Located) return `unexpected token '${text.charAt(offset)}'`;
  // V8: "Expected ',' or '}' after property value in JSON at position 7 (line 1 column 8)".
  const reason = raw.replace(/ (in JSON )?at position \d+.*$/s, '').trim();
  const text0 = reason.length > 0 ? reason : 'syntax error';
  return text0.charAt(0).toLowerCase() + text0.slice(1);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Offset of the first syntax error in `text` (text.length when it ends early). Only called after
 * `JSON.parse` failed; iterative, so deeply nested input cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): number {
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  // Returns the offset of an error inside a string starting at i (a quote), or -1 and advances i.
  const scanString = (): number => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return -1;
      }
      if (c < 0x20) return i;
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return i + 1;
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else return i + 1; // V8 points at the character after the backslash
      } else i++;
    }
    return n;
  };
  const scanScalar = (): number => {
    const rest = text.slice(i, i + 5);
    for (const word of ['true', 'false', 'null']) {
      if (rest.startsWith(word)) {
        i += word.length;
        return -1;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '') return text.charAt(i) === '-' ? i + 1 : i; // after a bare minus, as V8
    i += m[0].length;
    return -1;
  };
  // expect: 0 value, 1 after value, 2 key (or '}' when `first`), 3 colon
  let expect = 0;
  let first = false;
  for (;;) {
    skipWs();
    if (i >= n) return n;
    const c = text.charCodeAt(i);
    if (expect === 0) {
      if (c === 0x7b || c === 0x5b) {
        stack.push(c);
        i++;
        first = true;
        if (c === 0x7b) expect = 2;
        else {
          skipWs();
          if (text.charCodeAt(i) === 0x5d) {
            stack.pop();
            i++;
            expect = 1;
          }
        }
        continue;
      }
      const bad = c === 0x22 ? scanString() : scanScalar();
      if (bad >= 0) return bad;
      expect = 1;
      continue;
    }
    if (expect === 2) {
      if (c === 0x7d && first) {
        stack.pop();
        i++;
        expect = 1;
        continue;
      }
      if (c !== 0x22) return i;
      const bad = scanString();
      if (bad >= 0) return bad;
      expect = 3;
      continue;
    }
    if (expect === 3) {
      if (c !== 0x3a) return i;
      i++;
      expect = 0;
      continue;
    }
    // expect === 1: after a value
    const top = stack[stack.length - 1];
    if (top === undefined) return i; // trailing characters after the top-level value
    if (c === 0x2c) {
      i++;
      first = false;
      expect = top === 0x7b ? 2 : 0;
      continue;
    }
    if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
      stack.pop();
      i++;
      continue;
    }
    return i;
  }
}
