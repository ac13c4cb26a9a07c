/**
 * Capability tokens: HMAC-SHA256 (WebCrypto, `globalThis.crypto.subtle` — Node 20 and browsers) over
 * a compact body of scope, expiry, single-use nonce and key id. A token is redeemed once at a
 * {@link CapabilityGate}, which opens a *grant* for the session; packets then name the grant in their
 * header and every capsule or profile they play is checked against its scope. Revoking the token (or
 * the grant) fades everything started under it to neutral from the next frame; `wipe()` stops every
 * capsule. Time comes from the caller (`now`): the engine core never reads the wall clock.
 */
import { DOMAINS } from '../capsules/compiled.ts';
import { ID_PREFIX_ALIASES, idPrefix } from '../capsules/id-prefix.ts';
import type { RegistryView } from '../capsules/registry-view.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Domain } from '../capsules/schema-types.ts';
import { TOKEN, fromBase64Url, readTokenBody, toBase64Url, writeTokenBody } from './token-body.ts';
import type { TokenClaims, TokenScope } from './token-body.ts';
import type { PacketRecord } from './packet-types.ts';

export type { TokenClaims, TokenScope } from './token-body.ts';
export { TOKEN } from './token-body.ts';

/** Why a token or a use of its grant was refused. */
export type TokenRejection =
  /** The text or bytes are not a token of this format. */
  | 'malformed'
  /** Signed with a key id the gate does not hold. */
  | 'unknown-key'
  /** The MAC does not match: forged, or scope/expiry/nonce altered. */
  | 'bad-mac'
  /** At or past its expiry. */
  | 'expired'
  /** Its nonce was redeemed before (single use). */
  | 'replayed'
  /** Revoked by `revokeToken` / `revokeGrant` / `wipe`. */
  | 'revoked'
  /** The capsule or profile is not in the token's scope. */
  | 'out-of-scope'
  /** A packet names a grant this gate never opened. */
  | 'unknown-grant'
  /** The gate holds as many unexpired spent nonces as it may (see `maxSpentNonces`). */
  | 'nonce-store-full';

/** A refused token or use, with its named reason. */
export class TokenError extends Error {
  constructor(
    readonly reason: TokenRejection,
    detail: string,
  ) {
    super(`token: ${reason}: ${detail}`);
    this.name = 'TokenError';
  }
}

/** Key material: raw bytes (imported once) or an HMAC-SHA256 CryptoKey. */
export type TokenKey = CryptoKey | Uint8Array;

const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('tokens: WebCrypto (globalThis.crypto.subtle) is not available here');
  return s;
}

/** Imports raw key bytes as an HMAC-SHA256 key (sign + verify). */
export async function importTokenKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length < 16) throw new RangeError('tokens: an HMAC key needs at least 16 bytes');
  return subtle().importKey('raw', raw as BufferSource, HMAC, false, ['sign', 'verify']);
}

const keyOf = async (k: TokenKey): Promise<CryptoKey> => (k instanceof Uint8Array ? importTokenKey(k) : k);

/** What {@link issueToken} needs; the nonce defaults to 16 random bytes (crypto.getRandomValues). */
export interface IssueRequest {
  keyId: string;
  expiresAt: number;
  scope: Partial<TokenScope>;
  /** 32 hex digits; give one for reproducible tokens (tests). */
  nonce?: string;
}

/** Issues a token (base64url text) signed with `key`. */
export async function issueToken(key: TokenKey, request: IssueRequest): Promise<string> {
  const nonce =
    request.nonce ??
    Array.from(globalThis.crypto.getRandomValues(new Uint8Array(TOKEN.NONCE_BYTES)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
  const body = writeTokenBody({
    keyId: request.keyId,
    nonce,
    expiresAt: request.expiresAt,
    scope: {
      capsules: request.scope.capsules ?? [],
      domains: request.scope.domains ?? [],
      profiles: request.scope.profiles ?? [],
    },
  });
  const mac = new Uint8Array(await subtle().sign(HMAC, await keyOf(key), body as BufferSource));
  const token = new Uint8Array(body.length + mac.length);
  token.set(body);
  token.set(mac, body.length);
  return toBase64Url(token);
}

/** Reads a token's claims WITHOUT checking its MAC (for logs and revocation lists). */
export function inspectToken(token: string): TokenClaims {
  const bytes = tokenBytes(token);
  try {
    return readTokenBody(bytes.subarray(0, bytes.length - TOKEN.MAC_BYTES));
  } catch (e) {
    throw new TokenError('malformed', (e as Error).message);
  }
}

function tokenBytes(token: string): Uint8Array {
  if (typeof token !== 'string' || token.length > Math.ceil((TOKEN.MAX_BYTES * 4) / 3))
    throw new TokenError('malformed', 'a token is base64url text of at most 4096 bytes');
  const bytes = fromBase64Url(token);
  if (!bytes) throw new TokenError('malformed', 'not base64url text');
  if (bytes.length < TOKEN.MAC_BYTES + 4) throw new TokenError('malformed', `only ${bytes.length} bytes`);
  return bytes;
}

/** An open grant: the claims of a redeemed token. */
export interface Grant extends TokenClaims {
  /** Grant id packets carry (the capsule runtime's grant id when the gate has a runtime). */
  readonly id: number;
}

/** What a packet wants to do under a grant. */
export type GrantUse = { capsule: string } | { profile: string };

/**
 * Why a packet record may not run under `grant`, or null — the one rule the receiver and the viewer
 * share: plays, triggers, profiles and profiled lines are checked against the scope; cancels, emotion
 * input and profile-less lines play nothing of their own, but the grant must still be open.
 */
export function recordRefusal(gate: CapabilityGate, r: PacketRecord, grant: number): TokenRejection | null {
  if (r.type === 'play' || r.type === 'trigger') return gate.check(grant, { capsule: r.capsule });
  if (r.type === 'profile') return gate.check(grant, { profile: r.profile });
  if (r.type === 'say' && r.profile !== undefined) return gate.check(grant, { profile: r.profile });
  return gate.status(grant);
}

/** Options of {@link createCapabilityGate}. */
export interface GateOptions {
  /** Verification keys by key id. */
  keys: Record<string, TokenKey>;
  /** The caller's clock for expiry (same unit and origin as the tokens' `expiresAt`). */
  now: () => number;
  /** Runtime whose grant ids instances carry; revocation fades them. Without one, ids are local. */
  runtime?: CapsuleRuntime;
  /** Resolves a capsule's domain and a profile's capsules (else the id prefix gives the domain). */
  registry?: RegistryView;
  /** Bound on remembered spent nonces (each kept until its token expires). Default 65,536. */
  maxSpentNonces?: number;
  /** Fade when a grant is revoked, ms. Default the runtime's cancel fade (120). */
  revokeFadeMs?: number;
}

/** Redeems tokens into grants, checks every use, revokes and wipes. */
export interface CapabilityGate {
  /** Verifies a token and opens its grant; rejects with a {@link TokenError} naming the reason. */
  redeem(token: string): Promise<Grant>;
  /** Null when `use` is allowed under `grant` now, else the reason it is not. */
  check(grant: number, use: GrantUse): TokenRejection | null;
  /** Null while the grant is open and unexpired, else `unknown-grant`, `revoked` or `expired`. */
  status(grant: number): TokenRejection | null;
  /** The open (unrevoked) grant by id. */
  grant(id: number): Grant | undefined;
  /** Revokes a token (text or nonce): it can never be redeemed, and its grant is revoked. */
  revokeToken(tokenOrNonce: string): boolean;
  /** Revokes a grant: its instances fade to neutral from the next frame. */
  revokeGrant(id: number): boolean;
  /** Revokes every grant and stops every capsule on every avatar ("wipe access"). */
  wipe(): void;
  /** Called with a grant id when it is revoked (receivers cancel its spoken lines). */
  onRevoke(listener: (grant: number) => void): () => void;
}

/** Creates a gate; see {@link CapabilityGate}. */
export function createCapabilityGate(options: GateOptions): CapabilityGate {
  const keys = new Map<string, Promise<CryptoKey>>();
  for (const [id, k] of Object.entries(options.keys)) keys.set(id, keyOf(k));
  const maxSpent = options.maxSpentNonces ?? 65536;
  /** Spent nonce → expiry (forgotten once expired: an expired token is refused anyway). */
  const spent = new Map<string, number>();
  /** Revoked nonce → expiry (Infinity when revoked by nonce alone, before redemption). */
  const revoked = new Map<string, number>();
  const grants = new Map<number, Grant>();
  const byNonce = new Map<string, number>();
  const listeners = new Set<(grant: number) => void>();
  let localId = 0;

  const prune = (now: number): void => {
    for (const [n, exp] of spent) if (exp <= now) spent.delete(n);
    for (const [n, exp] of revoked) if (exp <= now) revoked.delete(n);
    for (const [id, g] of grants)
      if (g.expiresAt <= now) {
        grants.delete(id);
        byNonce.delete(g.nonce);
      }
  };

  const domainOf = (capsule: string): Domain | undefined => {
    const slot = options.registry?.slot(capsule) ?? -1;
    if (slot >= 0) return DOMAINS[options.registry!.at(slot).domain];
    const p = idPrefix(capsule);
    return (DOMAINS as readonly string[]).includes(p) ? (p as Domain) : ID_PREFIX_ALIASES[p];
  };
  const capsuleInScope = (g: Grant, capsule: string): boolean => {
    if (g.scope.capsules.includes(capsule)) return true;
    const d = domainOf(capsule);
    return d !== undefined && g.scope.domains.includes(d);
  };

  const gate: CapabilityGate = {
    async redeem(token) {
      const bytes = tokenBytes(token);
      const body = bytes.subarray(0, bytes.length - TOKEN.MAC_BYTES);
      const mac = bytes.subarray(bytes.length - TOKEN.MAC_BYTES);
      let claims: TokenClaims;
      try {
        claims = readTokenBody(body);
      } catch (e) {
        throw new TokenError('malformed', (e as Error).message);
      }
      const key = keys.get(claims.keyId);
      if (!key) throw new TokenError('unknown-key', `no verification key "${claims.keyId}"`);
      const ok = await subtle().verify(HMAC, await key, mac as BufferSource, body as BufferSource);
      if (!ok) throw new TokenError('bad-mac', 'the MAC does not match the body (forged or altered)');
      const now = options.now();
      prune(now);
      if (revoked.has(claims.nonce)) throw new TokenError('revoked', `token ${claims.nonce} was revoked`);
      if (now >= claims.expiresAt)
        throw new TokenError('expired', `expired at ${claims.expiresAt}, now is ${now}`);
      if (spent.has(claims.nonce))
        throw new TokenError('replayed', `nonce ${claims.nonce} was already redeemed (single use)`);
      if (spent.size >= maxSpent)
        throw new TokenError('nonce-store-full', `${spent.size} unexpired tokens are already redeemed`);
      spent.set(claims.nonce, claims.expiresAt);
      const id = options.runtime ? options.runtime.openGrant() : ++localId;
      const grant: Grant = { ...claims, id };
      grants.set(id, grant);
      byNonce.set(claims.nonce, id);
      return grant;
    },
    status(id) {
      const g = grants.get(id);
      if (!g) return revokedGrant(id) ? 'revoked' : 'unknown-grant';
      return options.now() >= g.expiresAt ? 'expired' : null;
    },
    check(id, use) {
      const bad = gate.status(id);
      if (bad) return bad;
      const g = grants.get(id)!;
      if ('capsule' in use) return capsuleInScope(g, use.capsule) ? null : 'out-of-scope';
      if (g.scope.profiles.includes(use.profile)) return null;
      // A profile outside the list is allowed only when every capsule it plays is in scope.
      const profile = options.registry?.profile(use.profile);
      if (!profile || profile.capsules.length === 0) return 'out-of-scope';
      return profile.capsules.every((e) => capsuleInScope(g, e.id)) ? null : 'out-of-scope';
    },
    grant: (id) => grants.get(id),
    revokeToken(tokenOrNonce) {
      let nonce = tokenOrNonce;
      let expiry = Infinity;
      if (!/^[0-9a-f]{32}$/.test(tokenOrNonce)) {
        const claims = inspectToken(tokenOrNonce);
        nonce = claims.nonce;
        expiry = claims.expiresAt;
      }
      const id = byNonce.get(nonce);
      if (id !== undefined) expiry = grants.get(id)!.expiresAt;
      revoked.set(nonce, expiry);
      if (id !== undefined) gate.revokeGrant(id);
      return true;
    },
    revokeGrant(id) {
      const g = grants.get(id);
      if (!g) return false;
      grants.delete(id);
      byNonce.delete(g.nonce);
      revoked.set(g.nonce, g.expiresAt);
      revokedIds.add(id);
      options.runtime?.revokeGrant(id, options.revokeFadeMs);
      for (const l of listeners) l(id);
      return true;
    },
    wipe() {
      for (const id of [...grants.keys()]) gate.revokeGrant(id);
      options.runtime?.stopAll(
        options.revokeFadeMs === undefined ? undefined : { fadeMs: options.revokeFadeMs },
      );
    },
    onRevoke(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** Ids of revoked grants, so a packet naming one is told `revoked`, not `unknown-grant`. */
  const revokedIds = new Set<number>();
  const revokedGrant = (id: number): boolean => revokedIds.has(id);
  return gate;
}
