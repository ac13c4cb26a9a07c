import { describe, expect, it } from 'vitest';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createRegistry } from '../../engine/capsules/registry.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { fromBase64Url, readTokenBody, toBase64Url, writeTokenBody } from '../../engine/wire/token-body.ts';
import {
  TOKEN,
  TokenError,
  createCapabilityGate,
  createPacketReceiver,
  encodePacket,
  inspectToken,
  issueToken,
} from '../../engine/wire/index.ts';
import type { Packet, TokenRejection, WireEvent } from '../../engine/wire/index.ts';
import { capsule, testEngine } from '../helpers/capsules.ts';

const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);
const OTHER_KEY = new Uint8Array(32).map((_, i) => 255 - i);
const NONCE = (n: number) => n.toString(16).padStart(32, '0');
const HOLD = { attack_ms: 50, hold_ms: 1900, release_ms: 50, easing: 'linear' as const };

async function reason(p: Promise<unknown>): Promise<TokenRejection> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenError);
    return (e as TokenError).reason;
  }
  throw new Error('accepted');
}

function world() {
  const clock = createSimulatedClock(0);
  const registry = createRegistry();
  const errors = registry.add([
    { file: 'a', json: capsule({ id: 'HK_001', duration_ms: 2000, envelope: HOLD }) },
    {
      file: 'b',
      json: capsule({
        id: 'FMM_002',
        domain: 'FMM',
        duration_ms: 2000,
        envelope: HOLD,
        tracks: [{ kind: 'expression', target: 'happy', value: 0.6 }],
      }),
    },
    {
      file: 'c',
      json: capsule({
        id: 'BK_003',
        domain: 'BK',
        duration_ms: 2000,
        envelope: HOLD,
        tracks: [{ kind: 'joint', target: 'spine', value: [5, 0, 0] }],
      }),
    },
    {
      file: 'p.profile.json',
      json: { format_version: 1, id: 'warm', capsules: [{ id: 'FMM_002', weight: 1 }] },
    },
  ]);
  expect(errors).toEqual([]);
  const { engine, runtime } = testEngine(registry, clock);
  const a = runtime.addAvatar('a');
  const gate = createCapabilityGate({ keys: { k1: KEY }, now: () => clock.now(), runtime, registry });
  const receiver = createPacketReceiver(engine, { avatars: { 0: { entity: a } }, gate, timeOffsetMs: 0 });
  const wireEvents: WireEvent[] = [];
  receiver.onEvent((e) => wireEvents.push(e));
  const runtimeEvents: RuntimeEvent[] = [];
  runtime.onEvent((e) => runtimeEvents.push(e));
  const frame = (t: number) => {
    clock.set(t);
    engine.update();
  };
  const hand = registry.layout.bone('rightIndexProximal', 2);
  const happy = registry.layout.expression('happy');
  const spine = registry.layout.bone('spine', 0);
  let seq = 0;
  const send = (grant: number | undefined, records: Packet['records']) =>
    receiver.receive(
      encodePacket({ seq: ++seq, base_ms: 0, ...(grant === undefined ? {} : { grant }), records }),
    );
  return {
    clock,
    engine,
    registry,
    runtime,
    a,
    gate,
    receiver,
    wireEvents,
    runtimeEvents,
    frame,
    hand,
    happy,
    spine,
    send,
  };
}

const play = (capsuleId: string, at = 0) => ({
  type: 'play' as const,
  avatar: 0,
  at_ms: at,
  capsule: capsuleId,
  weight: 1,
});

describe('capability tokens', () => {
  it('issue → redeem opens a grant whose scope is checked on every use', async () => {
    const w = world();
    const token = await issueToken(KEY, {
      keyId: 'k1',
      expiresAt: 10_000,
      nonce: NONCE(1),
      scope: { capsules: ['HK_001'], domains: ['BK'], profiles: [] },
    });
    expect(token.length).toBeLessThan(120);
    expect(inspectToken(token)).toMatchObject({ keyId: 'k1', nonce: NONCE(1), expiresAt: 10_000 });
    const g = await w.gate.redeem(token);
    expect(w.gate.check(g.id, { capsule: 'HK_001' })).toBeNull();
    expect(w.gate.check(g.id, { capsule: 'BK_003' })).toBeNull(); // by domain
    expect(w.gate.check(g.id, { capsule: 'FMM_002' })).toBe('out-of-scope');
    expect(w.gate.check(g.id, { profile: 'warm' })).toBe('out-of-scope'); // FMM_002 not in scope
    expect(w.gate.check(g.id + 1, { capsule: 'HK_001' })).toBe('unknown-grant');
  });

  it('a profile is in scope by name, or when every capsule it plays is', async () => {
    const w = world();
    const byName = await w.gate.redeem(
      await issueToken(KEY, {
        keyId: 'k1',
        expiresAt: 10_000,
        nonce: NONCE(1),
        scope: { profiles: ['warm'] },
      }),
    );
    const byDomain = await w.gate.redeem(
      await issueToken(KEY, { keyId: 'k1', expiresAt: 10_000, nonce: NONCE(2), scope: { domains: ['FMM'] } }),
    );
    expect(w.gate.check(byName.id, { profile: 'warm' })).toBeNull();
    expect(w.gate.check(byDomain.id, { profile: 'warm' })).toBeNull();
  });

  it('rejects forged, altered, expired, replayed, revoked, unknown-key and malformed tokens with distinct reasons', async () => {
    const w = world();
    const claims = { keyId: 'k1', expiresAt: 10_000, scope: { capsules: ['HK_001'] } };
    const good = await issueToken(KEY, { ...claims, nonce: NONCE(1) });
    const bytes = fromBase64Url(good)!;
    const mac = bytes.subarray(bytes.length - TOKEN.MAC_BYTES);
    const withMac = (body: Uint8Array, m: Uint8Array) => {
      const out = new Uint8Array(body.length + m.length);
      out.set(body);
      out.set(m, body.length);
      return toBase64Url(out);
    };
    const body = readTokenBody(bytes.subarray(0, bytes.length - TOKEN.MAC_BYTES));

    // Forged: MAC flipped; signed with another key; scope widened; expiry extended (original MAC kept).
    const flipped = bytes.slice();
    flipped[flipped.length - 1]! ^= 1;
    expect(await reason(w.gate.redeem(toBase64Url(flipped)))).toBe('bad-mac');
    expect(await reason(w.gate.redeem(await issueToken(OTHER_KEY, { ...claims, nonce: NONCE(2) })))).toBe(
      'bad-mac',
    );
    const widened = writeTokenBody({ ...body, scope: { ...body.scope, domains: ['HK', 'FMM', 'BK'] } });
    expect(await reason(w.gate.redeem(withMac(widened, mac)))).toBe('bad-mac');
    const extended = writeTokenBody({ ...body, expiresAt: 99_999_999 });
    expect(await reason(w.gate.redeem(withMac(extended, mac)))).toBe('bad-mac');

    expect(
      await reason(w.gate.redeem(await issueToken(KEY, { ...claims, keyId: 'k9', nonce: NONCE(3) }))),
    ).toBe('unknown-key');
    expect(await reason(w.gate.redeem('not*base64'))).toBe('malformed');
    expect(await reason(w.gate.redeem(toBase64Url(new Uint8Array(40))))).toBe('malformed');

    w.clock.set(10_000);
    expect(await reason(w.gate.redeem(good))).toBe('expired');
    w.clock.set(0);
    await w.gate.redeem(good);
    expect(await reason(w.gate.redeem(good))).toBe('replayed');

    const later = await issueToken(KEY, { ...claims, nonce: NONCE(4) });
    w.gate.revokeToken(later);
    expect(await reason(w.gate.redeem(later))).toBe('revoked');
  });

  it('refuses a whole packet with an out-of-scope capsule, with no grant, or under an expired grant', async () => {
    const w = world();
    const g = await w.gate.redeem(
      await issueToken(KEY, {
        keyId: 'k1',
        expiresAt: 5_000,
        nonce: NONCE(1),
        scope: { capsules: ['HK_001'] },
      }),
    );
    expect(w.send(g.id, [play('HK_001'), play('FMM_002')])).toBe(false);
    expect(w.send(undefined, [play('HK_001')])).toBe(false);
    w.frame(100);
    expect(w.runtime.timeline).toEqual([]);
    expect(w.wireEvents.map((e) => [e.kind, e.reason])).toEqual([
      ['refused', 'out-of-scope'],
      ['no-grant', undefined],
    ]);
    expect(w.runtimeEvents.map((e) => e.kind)).toEqual(['out-of-scope']);
    expect(w.send(g.id, [play('HK_001', 100)])).toBe(true);
    w.clock.set(5_000);
    expect(w.send(g.id, [play('HK_001', 5_000)])).toBe(false);
    expect(w.wireEvents.at(-1)!.reason).toBe('expired');
  });

  it('revoking a token mid-performance fades its capsules to neutral from the next frame', async () => {
    const w = world();
    const token = await issueToken(KEY, {
      keyId: 'k1',
      expiresAt: 60_000,
      nonce: NONCE(1),
      scope: { domains: ['HK', 'BK'] },
    });
    const g = await w.gate.redeem(token);
    expect(w.send(g.id, [play('HK_001')])).toBe(true);
    w.runtime.play(w.a, 'BK_003', { atMs: 0 }); // not under the grant: keeps playing
    const step = 1000 / 60;
    let t = 0;
    for (; t < 500; t += step) w.frame(t);
    const before = w.runtime.pose(w.a).channels[w.hand]!;
    expect(before).not.toBe(0);
    w.gate.revokeToken(token);
    w.frame((t += step)); // the next frame: the fade to neutral begins here
    expect(w.runtime.timeline[0]).toMatchObject({ outcome: 'revoked', end: t + 120 });
    w.frame(t + 60);
    const half = w.runtime.pose(w.a).channels[w.hand]!;
    expect(Math.abs(half)).toBeLessThan(Math.abs(before) * 0.75); // a fade, not a cut
    expect(half).not.toBe(0);
    w.frame(t + 120); // + the fade (120 ms)
    expect(w.runtime.pose(w.a).channels[w.hand]).toBe(0);
    expect(w.runtime.pose(w.a).channels[w.spine]).not.toBe(0);
    expect(w.runtime.timeline[0]!.outcome).toBe('revoked');
    expect(w.runtimeEvents.map((e) => e.kind)).toContain('grant-revoked');
    expect(w.send(g.id, [play('HK_001', 700)])).toBe(false);
    expect(w.wireEvents.at(-1)!.reason).toBe('revoked');
  });

  it('an emotion record dated ahead is dropped when its grant is revoked before its time', async () => {
    const w = world();
    const got: number[] = [];
    const receiver = createPacketReceiver(w.engine, {
      avatars: { 0: { entity: w.a } },
      gate: w.gate,
      timeOffsetMs: 0,
      onEmotion: (_r, _a, at) => got.push(at),
    });
    const g = await w.gate.redeem(
      await issueToken(KEY, { keyId: 'k1', expiresAt: 60_000, nonce: NONCE(9), scope: { domains: ['FMM'] } }),
    );
    const emotion = (at: number) => ({
      type: 'emotion' as const,
      avatar: 0,
      at_ms: at,
      vad: { valence: 0.5, arousal: 0, dominance: 0 },
    });
    expect(receiver.receive(encodePacket({ seq: 1, base_ms: 0, grant: g.id, records: [emotion(100)] }))).toBe(
      true,
    );
    expect(receiver.receive(encodePacket({ seq: 2, base_ms: 0, grant: g.id, records: [emotion(500)] }))).toBe(
      true,
    );
    w.frame(200);
    expect(got).toEqual([100]);
    w.gate.revokeGrant(g.id);
    w.frame(600);
    expect(got).toEqual([100]);
  });

  it('wipe revokes every grant and stops every capsule, granted or not', async () => {
    const w = world();
    const g1 = await w.gate.redeem(
      await issueToken(KEY, { keyId: 'k1', expiresAt: 60_000, nonce: NONCE(1), scope: { domains: ['HK'] } }),
    );
    const g2 = await w.gate.redeem(
      await issueToken(KEY, {
        keyId: 'k1',
        expiresAt: 60_000,
        nonce: NONCE(2),
        scope: { profiles: ['warm'] },
      }),
    );
    w.send(g1.id, [play('HK_001')]);
    w.send(g2.id, [{ type: 'profile', avatar: 0, at_ms: 0, profile: 'warm', weight: 1 }]);
    w.runtime.play(w.a, 'BK_003', { atMs: 0 });
    w.frame(0);
    w.frame(400);
    const ch = w.runtime.pose(w.a).channels;
    expect([ch[w.hand], ch[w.happy], ch[w.spine]].every((v) => v !== 0)).toBe(true);
    w.gate.wipe();
    w.frame(416);
    w.frame(416 + 120);
    expect([ch[w.hand], ch[w.happy], ch[w.spine]]).toEqual([0, 0, 0]);
    expect(w.gate.status(g1.id)).toBe('revoked');
    expect(w.gate.status(g2.id)).toBe('revoked');
  });

  it('registry revocation and wipe stop capsules next frame; unknown ids fall back to neutral with an event', async () => {
    const w = world();
    const g = await w.gate.redeem(
      await issueToken(KEY, {
        keyId: 'k1',
        expiresAt: 60_000,
        nonce: NONCE(1),
        scope: { domains: ['HK', 'FMM'] },
      }),
    );
    w.send(g.id, [play('HK_001'), play('FMM_002'), play('HK_404')]);
    w.frame(0);
    w.frame(300);
    expect(w.runtimeEvents.map((e) => e.kind)).toEqual(['missing-capsule']);
    w.registry.revoke('HK_001');
    w.frame(316);
    expect(w.runtime.pose(w.a).channels[w.hand]).toBe(0);
    expect(w.runtime.pose(w.a).channels[w.happy]).not.toBe(0);
    w.registry.revokeAll();
    w.frame(332);
    expect(w.runtime.pose(w.a).channels[w.happy]).toBe(0);
  });
});

describe('token fuzz', () => {
  it('mutated tokens are refused with a TokenError, never accepted or thrown otherwise', async () => {
    const w = world();
    const good = await issueToken(KEY, {
      keyId: 'k1',
      expiresAt: 10_000,
      nonce: NONCE(9),
      scope: { capsules: ['HK_001', 'odd id'], domains: ['BK'], profiles: ['warm'] },
    });
    const bytes = fromBase64Url(good)!;
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const reasons = new Set<TokenRejection>();
    for (let i = 0; i < 400; i++) {
      const b = bytes.slice(0, next() < 0.2 ? Math.floor(next() * bytes.length) : bytes.length);
      for (let k = 1 + Math.floor(next() * 4); k > 0 && b.length; k--)
        b[Math.floor(next() * b.length)]! ^= 1 << Math.floor(next() * 8);
      reasons.add(await reason(w.gate.redeem(toBase64Url(b))));
    }
    expect([...reasons].every((r) => r === 'bad-mac' || r === 'malformed' || r === 'unknown-key')).toBe(true);
    expect(reasons.has('bad-mac') && reasons.has('malformed')).toBe(true);
  });
});
