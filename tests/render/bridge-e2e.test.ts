/**
 * The bridge end to end, over loopback: a bridge server in this process, the viewer opened in headless
 * Chromium with `?bridge=ws://127.0.0.1:PORT`, the drive example's performance sent as wire packets
 * (profile + gesture, emotion, a spoken line, a nod, a wipe), and the avatar state the viewer sends
 * back checked against it: mood follows the profile then the emotion, the gesture shows as motion,
 * `is_speaking` goes true with the line as `current_phrase` and false again after it; the pose read
 * through the page's hook shows a probe capsule's channel held while it plays — also across the
 * engine rebuild the first spoken line causes — and faded after the wipe; a malformed packet is refused with a receipt naming the byte, and the viewer carries on.
 * The viewer is gated (`#bridgeKey=`): the packets travel under the grant of a redeemed capability
 * token, and packets without a grant or beyond its scope are refused whole.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer } from '../../engine/bridge/server.ts';
import type { BridgeServer, Receipt } from '../../engine/bridge/server.ts';
import type { AvatarState } from '../../engine/state/schema-types.ts';
import type {} from '../../scenes/viewer/bridge-hook.ts';
import { encodePacket } from '../../engine/wire/encode.ts';
import { toBase64Url } from '../../engine/wire/token-body.ts';
import { issueToken } from '../../engine/wire/tokens.ts';
import {
  DEFAULT_LINE,
  DRIVE_SCOPE,
  drivePerformance,
  stepPacket,
} from '../../examples/drive-viewer/performance.ts';
import type { Step } from '../../examples/drive-viewer/performance.ts';
import { HAS_CHROMIUM, startRenderSession } from './harness.ts';
import type { RenderSession } from './harness.ts';

/** A capsule only this test plays: holds a custom expression channel nobody else drives at 1. */
const PROBE = {
  format_version: 1,
  id: 'FMM_900',
  domain: 'FMM',
  subtype: 'probe',
  description: 'Bridge test probe: holds a custom expression channel at 1.',
  trigger: { relative_to: 'scene_start', offset_ms: 0 },
  duration_ms: 30000,
  envelope: { attack_ms: 0, hold_ms: 30000, release_ms: 0, easing: 'none' },
  tracks: [{ kind: 'expression', target: 'custom:bridge_probe', value: 1 }],
  priority: 5,
  blend_mode: 'override',
};
const PROBE_CHANNEL = 'custom:bridge_probe';
/**
 * A hand gesture long enough to be seen at the state's 10 Hz on a slow machine (the library's hand
 * capsules last 80–400 ms): right index bent 20° for 3 s.
 */
const GESTURE = {
  format_version: 1,
  id: 'HK_900',
  domain: 'HK',
  subtype: 'probe',
  description: 'Bridge test gesture: right index bent 20° for 3 s.',
  trigger: { relative_to: 'scene_start', offset_ms: 0 },
  duration_ms: 3000,
  envelope: { attack_ms: 0, hold_ms: 3000, release_ms: 0, easing: 'none' },
  tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 20] }],
  priority: 5,
  blend_mode: 'additive',
};

/** The viewer's token key (test only). */
const KEY = new Uint8Array(32).map((_, i) => i * 7 + 1);

const probe = (page: Page): Promise<number | undefined> =>
  page.evaluate((name) => window.capsuleBridge!.channels([name])[name], PROBE_CHANNEL);

const until = async (
  what: string,
  cond: () => boolean,
  timeoutMs = 15_000,
  seen: () => unknown = () => '',
): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(!HAS_CHROMIUM)('bridge: a driven viewer over loopback (Chromium)', () => {
  let session: RenderSession & { pageErrors: string[] };
  let server: BridgeServer;
  let page: Page;
  const states: AvatarState[] = [];
  const receipts: Receipt[] = [];
  let seq = 0;
  let grant: number | undefined;
  /** Sends a step as a packet under the test's grant (`null`: no grant). */
  const send = (step: Step, withGrant: number | null = grant ?? null): void => {
    expect(server.sendPacket(encodePacket(stepPacket(step, ++seq, Date.now(), withGrant ?? undefined)))).toBe(
      1,
    );
  };

  beforeAll(async () => {
    server = await startBridgeServer();
    server.onState((state) => states.push(state as unknown as AvatarState));
    server.onReceipt((r) => receipts.push(r));
    session = await startRenderSession('bridge-e2e');
    page = await session.open(
      'viewer',
      `?seed=3&bridge=${encodeURIComponent(server.url)}#bridgeKey=test:${toBase64Url(KEY)}`,
    );
    await server.waitForClient('viewer', 30_000);
    const token = await issueToken(KEY, {
      keyId: 'test',
      expiresAt: Date.now() + 10 * 60_000,
      scope: { ...DRIVE_SCOPE, capsules: [...DRIVE_SCOPE.capsules, 'FMM_900', 'HK_900'], domains: ['HK'] },
    });
    const reply = await server.redeemToken(token);
    expect(reply.error).toBeUndefined();
    grant = reply.grant;
    for (const capsule of [PROBE, GESTURE])
      expect(await page.evaluate((c) => window.capsuleViewer!.addCapsule(c), capsule)).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('performs the packets and sends back state that follows them', async () => {
    const steps = drivePerformance({ voice: 'silence' });
    const [profileStep, emotionStep, sayStep, nodStep, cancelStep] = steps as [Step, Step, Step, Step, Step];
    await until('the viewer to report connected', () => states.length > 0);
    expect(await probe(page)).toBe(0);

    // 1. Profile + gesture, and the probe.
    // The probe goes by trigger: a command the viewer gives its engine directly (not through the
    // performance's own log), so it must survive the rebuild the first spoken line causes.
    send({
      ...profileStep,
      records: [
        ...profileStep.records,
        { type: 'trigger', avatar: 0, at_ms: 0, capsule: 'FMM_900', weight: 1, anchors: { scene_start: 0 } },
        { type: 'play', avatar: 0, at_ms: 400, capsule: 'HK_900', weight: 1 },
      ],
    });
    await until('mood friendly', () => states.some((s) => s.mood === 'friendly'));
    await until(
      'the HK_900 gesture as motion',
      () => states.some((s) => s.motion === 'gesture:HK_900'),
      15_000,
      () => [...new Set(states.map((s) => s.motion))],
    );
    await page.waitForFunction(
      (name) => (window.capsuleBridge!.channels([name])[name] ?? 0) > 0.5,
      PROBE_CHANNEL,
      {
        timeout: 10_000,
      },
    );
    const ids = await page.evaluate(() => window.capsuleViewer!.timeline().map((r) => r.id));
    expect(ids).toEqual(expect.arrayContaining(['HK_037', 'HK_900', 'FMM_900']));

    // 2. Emotion: the mood follows the strongest named emotion.
    send(emotionStep);
    await until('mood joy', () => states.at(-1)?.mood === 'joy');

    // 3. A spoken line (silent voice): is_speaking with the line, then not.
    const before = states.length;
    send(sayStep);
    await until('is_speaking', () =>
      states.slice(before).some((s) => s.is_speaking && s.current_phrase === DEFAULT_LINE),
    );
    const speaking = states.slice(before).find((s) => s.is_speaking)!;
    expect(speaking.viseme_timeline.length).toBeGreaterThan(0);
    // The emotion outranks the line's profile as the mood, across the rebuild the line caused.
    expect(speaking.mood).toBe('joy');
    await until('the line to end', () => states.at(-1)!.is_speaking === false, 20_000);
    expect(await probe(page)).toBeGreaterThan(0.5);

    // 4. A nod, then 5. wipe everything: the probe fades out.
    send(nodStep);
    await page.waitForFunction(
      () => window.capsuleViewer!.timeline().some((r) => r.id === 'BK_014' && r.outcome !== 'skipped'),
      undefined,
      { timeout: 10_000 },
    );
    expect(await probe(page)).toBeGreaterThan(0.5);
    send(cancelStep);
    await page.waitForFunction(
      (name) => (window.capsuleBridge!.channels([name])[name] ?? 1) < 0.01,
      PROBE_CHANNEL,
      {
        timeout: 10_000,
      },
    );

    await until('a receipt per packet', () => receipts.length === 5);
    expect(receipts.map((r) => [r.packet, r.ok, r.error])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, true, undefined]),
    );
    // Every state the viewer sent is an avatar-state document of the one avatar.
    for (const s of states) {
      expect(s.format_version).toBe(1);
      expect(s.intensity).toBeGreaterThanOrEqual(0);
      expect(s.intensity).toBeLessThanOrEqual(1);
    }
    const status = await page.locator('#bridge-status').textContent();
    expect(status).toMatch(/connected · client \d+/);
    expect(status).toMatch(/5 packets received/);
    expect(session.pageErrors).toEqual([]);
  }, 90_000);

  it('refuses malformed, ungranted and out-of-scope packets with receipts saying why, and keeps performing', async () => {
    const from = receipts.length;
    // Counted from here, so this test reads the same whatever the first one got through.
    const before = await page.evaluate(() => window.capsuleBridge!.status());
    const n = before.packets;
    expect(server.sendPacket(new Uint8Array([0x43, 0x57, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(1);
    await until('the refusal', () => receipts.length > from);
    const refused = receipts[from]!;
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(
      new RegExp(`^bridge packet ${n + 1}: byte 2: unsupported packet version 9`),
    );
    // No grant, or beyond the grant's scope: refused whole, nothing played.
    const probes = async (): Promise<number> =>
      page.evaluate(() => window.capsuleViewer!.timeline().filter((r) => r.id === 'FMM_900').length);
    const probesBefore = await probes();
    const probeOnly: Step = { atMs: 0, label: 'probe', records: [{ ...probeRecord, at_ms: 0 }] };
    send(probeOnly, null);
    const beyond: Step = {
      atMs: 0,
      label: 'out of scope + probe',
      records: [
        { type: 'play', avatar: 0, at_ms: 0, capsule: 'BK_020', weight: 1 },
        { ...probeRecord, at_ms: 0 },
      ],
    };
    send(beyond);
    await until('the refusals', () => receipts.length > from + 2);
    expect(receipts[from + 1]!.error).toMatch(
      new RegExp(`^bridge packet ${n + 2}: no grant: this viewer needs a capability token`),
    );
    expect(receipts[from + 2]!.error).toMatch(
      new RegExp(
        `^bridge packet ${n + 3}: grant ${grant} refused records\\[0\\] \\(play BK_020\\): out-of-scope; nothing applied`,
      ),
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(await probes()).toBe(probesBefore);
    // An unknown capsule: the rest of the packet still plays; the receipt names the record.
    const step: Step = {
      atMs: 0,
      label: 'unknown + probe',
      records: [
        { type: 'play', avatar: 0, at_ms: 0, capsule: 'HK_999', weight: 1 },
        { ...probeRecord, at_ms: 0 },
      ],
    };
    send(step);
    await until('the last receipt', () => receipts.length > from + 3);
    expect(receipts[from + 3]!.ok).toBe(false);
    expect(receipts[from + 3]!.error).toMatch(
      new RegExp(`^bridge packet ${n + 4}: records\\[0\\] \\(play\\): unknown capsule HK_999`),
    );
    await page.waitForFunction(
      (name) => (window.capsuleBridge!.channels([name])[name] ?? 0) > 0.5,
      PROBE_CHANNEL,
      {
        timeout: 10_000,
      },
    );
    const status = await page.evaluate(() => window.capsuleBridge!.status());
    expect(status).toMatchObject({ phase: 'open', packets: n + 4, packetErrors: before.packetErrors + 4 });
    expect(await page.locator('#bridge-status').textContent()).toContain(
      `${n + 4} packets received (${before.packetErrors + 4} refused)`,
    );
  }, 60_000);
});

const probeRecord = { type: 'play', avatar: 0, capsule: 'FMM_900', weight: 1 } as const;
