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
  finish(): Uint8Array;
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
      buf.set(b, pos);
      pos += b.length;
    },
    finish: () => buf.slice(0, pos),
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

/** UTF-8 bytes of a string (for length checks before writing). */
export const utf8Bytes = (() => {
  const enc = new TextEncoder();
  return (s: string): Uint8Array => enc.encode(s);
})();
