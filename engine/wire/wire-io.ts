/**
 * Byte writing and bounds-checked reading for packets: LEB128 varints (canonical only — an overlong
 * encoding is an error, so every value has exactly one byte form), zigzag for signed offsets, UTF-8
 * strings whose length is checked against a limit and the remaining bytes before anything is read.
 * Every read failure is a {@link WireError} with the field's byte offset.
 */
import { WireError } from './wire-error.ts';

/** A growable writer. */
export interface WireWriter {
  readonly length: number;
  u8(v: number): void;
  /** Unsigned LEB128 of a safe non-negative integer. */
  varint(v: number): void;
  /** Zigzag LEB128 of a safe integer. */
  zigzag(v: number): void;
  bytes(b: Uint8Array): void;
  /** A copy of the bytes written. */
  finish(): Uint8Array;
  /** The bytes written, without copying (valid until the next write or reset). */
  view(): Uint8Array;
  /** Forgets what was written, keeping the buffer (module-level scratch writers). */
  reset(): void;
}

/** Creates a {@link WireWriter}. */
export function createWireWriter(initial = 256): WireWriter {
  let buf = new Uint8Array(initial);
  let pos = 0;
  const room = (n: number): void => {
    if (pos + n <= buf.length) return;
    const next = new Uint8Array(Math.max(buf.length * 2, pos + n));
    next.set(buf);
    buf = next;
  };
  const w: WireWriter = {
    get length() {
      return pos;
    },
    u8(v) {
      room(1);
      buf[pos++] = v & 0xff;
    },
    varint(v) {
      room(8);
      let x = v;
      while (x >= 0x80) {
        buf[pos++] = (x % 0x80) | 0x80;
        x = Math.floor(x / 0x80);
      }
      buf[pos++] = x;
    },
    zigzag(v) {
      w.varint(v >= 0 ? v * 2 : -v * 2 - 1);
    },
    bytes(b) {
      room(b.length);
      for (let i = 0; i < b.length; i++) buf[pos + i] = b[i]!;
      pos += b.length;
    },
    finish: () => buf.slice(0, pos),
    view: () => buf.subarray(0, pos),
    reset() {
      pos = 0;
    },
  };
  return w;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A bounds-checked reader over `bytes[0, end)`; `path` names the record being read, for errors. */
export interface WireReader {
  offset: number;
  path: string;
  readonly end: number;
  u8(what: string): number;
  /** An unsigned varint ≤ `max`. */
  varint(what: string, max: number): number;
  /** A zigzag varint with |value| ≤ `max`. */
  zigzag(what: string, max: number): number;
  /** A UTF-8 string of a varint byte length ≤ `maxBytes`. */
  utf8(what: string, maxBytes: number): string;
  error(message: string, offset?: number): WireError;
}

/** Creates a {@link WireReader}; reads stop at `end` (the CRC is not part of the body). */
export function createWireReader(bytes: Uint8Array, source: string, end = bytes.length): WireReader {
  const r: WireReader = {
    offset: 0,
    path: '',
    end,
    error(message, offset = r.offset) {
      return new WireError({ source, offset, path: r.path, message });
    },
    u8(what) {
      if (r.offset >= end) throw truncated(what, 1);
      return bytes[r.offset++]!;
    },
    varint(what, max) {
      const at = r.offset;
      let value = 0;
      let scale = 1;
      for (let i = 0; ; i++) {
        if (r.offset >= end) throw truncated(what, 1, at);
        if (i === 8) throw r.error(`${what}: varint longer than 8 bytes`, at);
        const b = bytes[r.offset++]!;
        value += (b & 0x7f) * scale;
        scale *= 0x80;
        if ((b & 0x80) === 0) {
          if (b === 0 && i > 0) throw r.error(`${what}: overlong varint (not the shortest form)`, at);
          break;
        }
      }
      if (value > max) throw r.error(`${what} is ${value}, above the limit ${max}`, at);
      return value;
    },
    zigzag(what, max) {
      const at = r.offset;
      const z = r.varint(what, 2 * max + 1);
      const v = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      if (Math.abs(v) > max) throw r.error(`${what} is ${v}, beyond ±${max}`, at);
      return v;
    },
    utf8(what, maxBytes) {
      const at = r.offset;
      const n = r.varint(`${what} length`, maxBytes);
      if (r.offset + n > end)
        throw r.error(
          `${what}: ${n} bytes declared at byte ${at}, but only ${end - r.offset} remain before the checksum`,
          at,
        );
      const start = r.offset;
      r.offset += n;
      // ASCII (ids, profiles, most text) skips the TextDecoder call.
      let ascii = true;
      for (let i = start; i < start + n; i++)
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      if (ascii)
        return String.fromCharCode.apply(null, bytes.subarray(start, start + n) as unknown as number[]);
      try {
        return decoder.decode(bytes.subarray(start, start + n));
      } catch {
        throw r.error(`${what} is not valid UTF-8`, start);
      }
    },
  };
  function truncated(what: string, n: number, at = r.offset): WireError {
    return r.error(
      `packet is truncated: ${what} needs ${n} more byte(s) at byte ${r.offset}, but the body ends at byte ${end}`,
      at,
    );
  }
  return r;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (ASCII without a TextEncoder call). */
export function utf8Bytes(s: string): Uint8Array {
  const n = s.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encoder.encode(s);
    out[i] = c;
  }
  return out;
}

/** UTF-8 byte length of a string as TextEncoder would write it (lone surrogates become U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
