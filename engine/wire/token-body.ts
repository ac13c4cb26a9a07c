/**
 * The capability token's bytes: a compact body (key id, single-use nonce, expiry, scope) followed by
 * its HMAC-SHA256. Carried as base64url text (URLs, headers, JSON). Parsing is bounds-checked like
 * the packet decoder; a body that does not parse is a `malformed` token.
 */
import { DOMAINS } from '../capsules/compiled.ts';
import type { Domain } from '../capsules/schema-types.ts';
import { ID_STRING, compactId, expandId } from './compact-id.ts';
import { WIRE } from './limits.ts';
import { createWireReader, createWireWriter, utf8Bytes } from './wire-io.ts';

/** What a token lets its holder play. Empty lists grant nothing of that kind. */
export interface TokenScope {
  /** Capsule ids allowed one by one. */
  capsules: string[];
  /** Whole domains allowed (HF ids count as HK). */
  domains: Domain[];
  /** Profiles allowed (their capsules with them). */
  profiles: string[];
}

/** The signed claims of a token. */
export interface TokenClaims {
  /** Which verification key signed it. */
  keyId: string;
  /** Single-use nonce, 32 hex digits (16 bytes). */
  nonce: string;
  /** The token is refused at and after this time (the caller's clock: engine ms or epoch ms). */
  expiresAt: number;
  scope: TokenScope;
}

/** Token format constants and limits. */
export const TOKEN = {
  MAGIC0: 0x43, // 'C'
  MAGIC1: 0x54, // 'T'
  VERSION: 1,
  NONCE_BYTES: 16,
  MAC_BYTES: 32,
  MAX_KEY_ID_BYTES: 32,
  MAX_CAPSULES: 256,
  MAX_PROFILES: 64,
  MAX_BYTES: 4096,
} as const;

/** Serialises the claims (everything the MAC covers). Throws a RangeError for claims out of limits. */
export function writeTokenBody(c: TokenClaims): Uint8Array {
  const w = createWireWriter(128);
  const kid = utf8Bytes(c.keyId);
  if (kid.length === 0 || kid.length > TOKEN.MAX_KEY_ID_BYTES)
    throw new RangeError(`token: keyId must be 1..${TOKEN.MAX_KEY_ID_BYTES} UTF-8 bytes`);
  if (!/^[0-9a-f]{32}$/.test(c.nonce)) throw new RangeError('token: nonce must be 32 lowercase hex digits');
  if (!Number.isInteger(c.expiresAt) || c.expiresAt < 0 || c.expiresAt > WIRE.MAX_BASE_MS)
    throw new RangeError(`token: expiresAt must be an integer within 0..2^48, got ${c.expiresAt}`);
  const { capsules, domains, profiles } = c.scope;
  if (capsules.length > TOKEN.MAX_CAPSULES || profiles.length > TOKEN.MAX_PROFILES)
    throw new RangeError(`token: at most ${TOKEN.MAX_CAPSULES} capsules and ${TOKEN.MAX_PROFILES} profiles`);
  w.u8(TOKEN.MAGIC0);
  w.u8(TOKEN.MAGIC1);
  w.u8(TOKEN.VERSION);
  w.varint(kid.length);
  w.bytes(kid);
  for (let i = 0; i < TOKEN.NONCE_BYTES; i++) w.u8(parseInt(c.nonce.slice(i * 2, i * 2 + 2), 16));
  w.varint(c.expiresAt);
  let mask = 0;
  for (const d of domains) {
    const bit = DOMAINS.indexOf(d);
    if (bit < 0) throw new RangeError(`token: unknown domain "${d}"`);
    mask |= 1 << bit;
  }
  w.varint(mask);
  w.varint(capsules.length);
  for (const id of capsules) {
    const compact = compactId(id);
    if (compact) {
      w.u8(compact.head);
      w.varint(compact.number);
    } else {
      const b = utf8Bytes(id);
      if (b.length === 0 || b.length > WIRE.MAX_STRING_BYTES)
        throw new RangeError(`token: capsule id "${id}" must be 1..${WIRE.MAX_STRING_BYTES} bytes`);
      w.u8(ID_STRING);
      w.varint(b.length);
      w.bytes(b);
    }
  }
  w.varint(profiles.length);
  for (const p of profiles) {
    const b = utf8Bytes(p);
    if (b.length === 0 || b.length > WIRE.MAX_STRING_BYTES)
      throw new RangeError(`token: profile id "${p}" must be 1..${WIRE.MAX_STRING_BYTES} bytes`);
    w.varint(b.length);
    w.bytes(b);
  }
  return w.finish();
}

/** Parses a body (MAC already split off); throws a WireError (source `token`) when malformed. */
export function readTokenBody(body: Uint8Array): TokenClaims {
  const r = createWireReader(body, 'token');
  if (r.u8('magic') !== TOKEN.MAGIC0 || r.u8('magic') !== TOKEN.MAGIC1)
    throw r.error('not a capsule token (magic is not "CT")', 0);
  const version = r.u8('version');
  if (version !== TOKEN.VERSION) throw r.error(`unsupported token version ${version}`, 2);
  const keyId = r.utf8('key id', TOKEN.MAX_KEY_ID_BYTES);
  let nonce = '';
  for (let i = 0; i < TOKEN.NONCE_BYTES; i++) nonce += r.u8('nonce').toString(16).padStart(2, '0');
  const expiresAt = r.varint('expiry', WIRE.MAX_BASE_MS);
  const maskAt = r.offset;
  const mask = r.varint('domain mask', 2 ** DOMAINS.length - 1);
  if (mask >> DOMAINS.length) throw r.error('unknown domain bits', maskAt);
  const domains = DOMAINS.filter((_, bit) => (mask & (1 << bit)) !== 0);
  const capsuleCount = r.varint('capsule count', TOKEN.MAX_CAPSULES);
  const capsules: string[] = [];
  for (let i = 0; i < capsuleCount; i++) {
    const at = r.offset;
    const head = r.u8('capsule id');
    if (head === ID_STRING) capsules.push(r.utf8('capsule id', WIRE.MAX_STRING_BYTES));
    else {
      const id = expandId(head, r.varint('capsule number', WIRE.MAX_ID_NUMBER));
      if (id === null) throw r.error('invalid compact capsule id', at);
      capsules.push(id);
    }
  }
  const profileCount = r.varint('profile count', TOKEN.MAX_PROFILES);
  const profiles: string[] = [];
  for (let i = 0; i < profileCount; i++) profiles.push(r.utf8('profile id', WIRE.MAX_STRING_BYTES));
  if (r.offset !== body.length) throw r.error(`${body.length - r.offset} unexpected trailing byte(s)`);
  return { keyId, nonce, expiresAt, scope: { capsules, domains, profiles } };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Bytes of base64url text, or null when it is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const v = B64.indexOf(text[i]!);
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, so each byte string has exactly one text form.
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
