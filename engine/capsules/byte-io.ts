/**
 * Little-endian byte writing and bounds-checked reading for the capsule pack. Every read checks the
 * remaining length first and fails with a {@link CapsuleError} naming the file and byte offset, so a
 * truncated or hostile pack can never surface as a RangeError or an out-of-bounds NaN.
 */
import { CapsuleError } from './capsule-error.ts';

const POW2 = Float64Array.from({ length: 64 }, (_, i) => 2 ** (i - 32));
const F64 = new Float64Array(1);
const F64_HI = new Uint32Array(F64.buffer, 4, 1);

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && (f & 1) === 1) ? f + 1 : f;
}

/**
 * IEEE 754 binary16 bits of `v`, rounded to nearest even straight from float64 (no double rounding
 * through float32). Inline instead of the float16 polyfill's DataView helpers, which cost about a
 * microsecond per value — too slow for a 10,000-capsule pack.
 */
export function toHalfBits(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal (1024 carries into the exponent)
  F64[0] = a;
  const e = ((F64_HI[0]! >>> 20) & 0x7ff) - 1023;
  const m = roundHalfEven((a * POW2[32 - e]! - 1) * 1024);
  return sign | (((e + 15) << 10) + m);
}

/** The number a binary16 bit pattern stands for. */
export function fromHalfBits(h: number): number {
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + m / 1024) * POW2[e - 15 + 32]!;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib and PNG) of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A growable little-endian writer. */
export interface ByteWriter {
  readonly length: number;
  u8(v: number): void;
  u16(v: number): void;
  u32(v: number): void;
  f64(v: number): void;
  /** Writes an IEEE half float (rounded to nearest even). */
  f16(v: number): void;
  bytes(b: Uint8Array): void;
  /** Overwrites a u32 written earlier (offsets and lengths known only later). */
  patchU32(offset: number, v: number): void;
  /** The bytes written so far (a copy sized exactly). */
  finish(): Uint8Array;
}

/** Creates a {@link ByteWriter}. */
export function createByteWriter(initialCapacity = 4096): ByteWriter {
  let buf = new Uint8Array(initialCapacity);
  let view = new DataView(buf.buffer);
  let pos = 0;
  const room = (n: number): void => {
    if (pos + n <= buf.length) return;
    const next = new Uint8Array(Math.max(buf.length * 2, pos + n));
    next.set(buf);
    buf = next;
    view = new DataView(buf.buffer);
  };
  return {
    get length() {
      return pos;
    },
    u8(v) {
      room(1);
      view.setUint8(pos, v);
      pos += 1;
    },
    u16(v) {
      room(2);
      view.setUint16(pos, v, true);
      pos += 2;
    },
    u32(v) {
      room(4);
      view.setUint32(pos, v, true);
      pos += 4;
    },
    f64(v) {
      room(8);
      view.setFloat64(pos, v, true);
      pos += 8;
    },
    f16(v) {
      room(2);
      view.setUint16(pos, toHalfBits(v), true);
      pos += 2;
    },
    bytes(b) {
      room(b.length);
      buf.set(b, pos);
      pos += b.length;
    },
    patchU32(offset, v) {
      view.setUint32(offset, v, true);
    },
    finish: () => buf.slice(0, pos),
  };
}

/**
 * A bounds-checked little-endian reader. `id` and `track` are put on errors so they name the capsule
 * (and track) being read; `what` arguments are constant labels, so reading allocates no strings.
 */
export interface ByteReader {
  offset: number;
  id: string;
  /** Index of the track being read, or −1. */
  track: number;
  readonly length: number;
  u8(what: string): number;
  u16(what: string): number;
  u32(what: string): number;
  /** Reads a float64 and rejects NaN and ±Infinity. */
  f64(what: string): number;
  /** Reads a half float and rejects NaN and ±Infinity. */
  f16(what: string): number;
  bytes(n: number, what: string): Uint8Array;
  /** A CapsuleError at `offset` (default: the current position). */
  error(message: string, offset?: number): CapsuleError;
}

/** Creates a {@link ByteReader} over `bytes`, naming `file` in its errors. */
export function createByteReader(bytes: Uint8Array, file: string): ByteReader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r: ByteReader = {
    offset: 0,
    id: '?',
    track: -1,
    length: bytes.length,
    error(message, offset = r.offset) {
      return new CapsuleError({ file, id: r.id, path: `byte ${offset}`, offset, message });
    },
    u8: (what) => view.getUint8(take(1, what)),
    u16: (what) => view.getUint16(take(2, what), true),
    u32: (what) => view.getUint32(take(4, what), true),
    f64(what) {
      const at = take(8, what);
      const v = view.getFloat64(at, true);
      if (!Number.isFinite(v)) throw r.error(`${label(what)} is not a finite number (${v})`, at);
      return v;
    },
    f16(what) {
      const at = take(2, what);
      const v = fromHalfBits(view.getUint16(at, true));
      if (!Number.isFinite(v)) throw r.error(`${label(what)} is not a finite number (${v})`, at);
      return v;
    },
    bytes(n, what) {
      const at = take(n, what);
      return bytes.subarray(at, at + n);
    },
  };
  function label(what: string): string {
    return r.track >= 0 ? `tracks[${r.track}] ${what}` : what;
  }
  function take(n: number, what: string): number {
    const at = r.offset;
    if (at + n > bytes.length)
      throw r.error(
        `pack is truncated: ${label(what)} needs ${n} bytes at byte ${at}, but the pack ends at byte ${bytes.length}`,
        at,
      );
    r.offset = at + n;
    return at;
  }
  return r;
}
