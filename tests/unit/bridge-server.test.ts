/**
 * The bridge server over loopback with raw `ws` clients: the hello/welcome handshake and its
 * refusals, frame limits with named close reasons, malformed frames answered while the server keeps
 * serving, heartbeats, several viewers, and driver → viewer relaying.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBridgeServer } from '../../engine/bridge/server.ts';
import type { BridgeServer, BridgeServerOptions } from '../../engine/bridge/server.ts';
import { BRIDGE_PROTOCOL, CLOSE } from '../../engine/bridge/protocol.ts';
import type { BridgeMessage } from '../../engine/bridge/protocol.ts';

/** A raw test client that records everything it receives. */
interface Raw {
  socket: WebSocket;
  texts: BridgeMessage[];
  binaries: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first received message matching `pred` (already received ones count). */
  next(pred: (m: BridgeMessage) => boolean, timeoutMs?: number): Promise<BridgeMessage>;
}

let server: BridgeServer | null = null;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server?.close();
  server = null;
});

async function start(options: BridgeServerOptions = {}): Promise<BridgeServer> {
  server = await startBridgeServer(options);
  return server;
}

function raw(url: string): Promise<Raw> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const texts: BridgeMessage[] = [];
  const binaries: Uint8Array[] = [];
  const waiters: { pred: (m: BridgeMessage) => boolean; resolve: (m: BridgeMessage) => void }[] = [];
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      binaries.push(new Uint8Array(data as Buffer));
      return;
    }
    const m = JSON.parse(String(data)) as BridgeMessage;
    texts.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        texts,
        binaries,
        closed,
        next(pred, timeoutMs = 3000) {
          const found = texts.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no such message')), timeoutMs);
            waiters.push({
              pred,
              resolve: (m) => {
                clearTimeout(timer);
                res(m);
              },
            });
          });
        },
      }),
    );
  });
}

async function viewer(url: string, name = 'test viewer'): Promise<Raw & { id: number }> {
  const c = await raw(url);
  c.socket.send(JSON.stringify({ type: 'hello', protocol: BRIDGE_PROTOCOL, role: 'viewer', name }));
  const welcome = await c.next((m) => m.type === 'welcome');
  return Object.assign(c, { id: (welcome as { client: number }).client });
}

const until = async (cond: () => boolean, timeoutMs = 3000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('bridge server', () => {
  it('welcomes a viewer that says hello with the protocol version, limits and heartbeat', async () => {
    const s = await start({ heartbeatMs: 1000, maxFrameBytes: 4096 });
    expect(s.url).toBe(`ws://127.0.0.1:${s.port}`);
    const v = await viewer(s.url);
    const welcome = v.texts[0]!;
    expect(welcome).toEqual({
      type: 'welcome',
      protocol: BRIDGE_PROTOCOL,
      client: v.id,
      role: 'viewer',
      heartbeatMs: 1000,
      maxFrameBytes: 4096,
    });
    expect(s.clients('viewer')).toEqual([expect.objectContaining({ id: v.id, name: 'test viewer' })]);
    await expect(s.waitForClient('viewer', 100)).resolves.toMatchObject({ id: v.id });
  });

  it('refuses a hello of another protocol version with 4000 unsupported-protocol', async () => {
    const s = await start();
    const c = await raw(s.url);
    c.socket.send(JSON.stringify({ type: 'hello', protocol: BRIDGE_PROTOCOL + 1, role: 'viewer' }));
    const { code, reason } = await c.closed;
    expect(code).toBe(CLOSE.unsupportedProtocol);
    expect(reason).toMatch(/^unsupported-protocol: client speaks 2, server 1/);
    expect(c.texts.some((m) => m.type === 'welcome')).toBe(false);
  });

  it('closes a client whose first message is not a hello, or that says nothing (4001)', async () => {
    const s = await start({ helloTimeoutMs: 150 });
    const a = await raw(s.url);
    a.socket.send(JSON.stringify({ type: 'state', state: {} }));
    expect(await a.closed).toEqual({
      code: CLOSE.helloExpected,
      reason: 'hello-expected: first message was "state"',
    });
    const b = await raw(s.url);
    b.socket.send(new Uint8Array([1, 2, 3]));
    expect((await b.closed).reason).toBe('hello-expected: binary frame before hello');
    const c = await raw(s.url);
    expect(await c.closed).toEqual({
      code: CLOSE.helloExpected,
      reason: 'hello-expected: no hello within 150 ms',
    });
    await until(() => s.clients().length === 0);
  });

  it('closes a client sending an oversize frame with 1009 frame-too-large and keeps serving others', async () => {
    const s = await start({ maxFrameBytes: 1024 });
    const big = await viewer(s.url);
    const other = await viewer(s.url);
    big.socket.send(JSON.stringify({ type: 'state', state: { pad: 'x'.repeat(2000) } }));
    const closed = await big.closed;
    expect(closed.code).toBe(CLOSE.tooLarge);
    expect(closed.reason).toMatch(/^frame-too-large: \d+ bytes > 1024$/);
    // Far beyond the limit the socket itself refuses the frame from its header (1009, no reason).
    const huge = await viewer(s.url);
    huge.socket.send(new Uint8Array(1024 * 64));
    expect((await huge.closed).code).toBe(CLOSE.tooLarge);
    // The other viewer still gets packets.
    expect(s.sendPacket(new Uint8Array([7, 7]))).toBe(1);
    await until(() => other.binaries.length === 1);
    expect([...other.binaries[0]!]).toEqual([7, 7]);
    // And the driver side refuses to send an oversize packet at all.
    expect(() => s.sendPacket(new Uint8Array(1025))).toThrow(/1025 bytes is over the 1024-byte limit/);
  });

  it('answers malformed frames with an error message naming the problem and keeps serving', async () => {
    const s = await start();
    const states: unknown[] = [];
    s.onState((state) => states.push(state));
    const v = await viewer(s.url);
    v.socket.send('{"type": "state", "state": ');
    v.socket.send('[1, 2]');
    v.socket.send(JSON.stringify({ type: 'teleport' }));
    v.socket.send(JSON.stringify({ type: 'state', state: 'happy' }));
    v.socket.send(JSON.stringify({ type: 'receipt', packet: -1, ok: true }));
    v.socket.send(new Uint8Array([1]));
    await until(() => v.texts.filter((m) => m.type === 'error').length === 6);
    const errors = v.texts.filter((m) => m.type === 'error') as { code: string; message: string }[];
    expect(errors.map((e) => e.code)).toEqual([
      'malformed',
      'malformed',
      'unknown-type',
      'malformed',
      'malformed',
      'unexpected',
    ]);
    expect(errors[0]!.message).toMatch(/^client \d+: not JSON/);
    expect(errors[2]!.message).toMatch(/type: unknown message type "teleport"/);
    expect(errors[3]!.message).toMatch(/state\.state: must be an object/);
    expect(errors[4]!.message).toMatch(/receipt\.packet: must be a non-negative integer/);
    // Still serving: a good state goes through, and packets still arrive.
    v.socket.send(JSON.stringify({ type: 'state', state: { mood: 'calm' } }));
    await until(() => states.length === 1);
    expect(states[0]).toEqual({ mood: 'calm' });
    s.sendPacket(new Uint8Array([9]));
    await until(() => v.binaries.length === 1);
    expect(v.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('gives up on a client after too many refused messages in a row (4003)', async () => {
    const s = await start({ maxConsecutiveErrors: 3 });
    const v = await viewer(s.url);
    for (let i = 0; i < 3; i++) v.socket.send('not json');
    const closed = await v.closed;
    expect(closed).toEqual({
      code: CLOSE.tooManyErrors,
      reason: 'too-many-errors: 3 refused messages in a row',
    });
  });

  it('sends packets to every viewer, or one, and reports each viewer state and receipt by client id', async () => {
    const s = await start();
    const a = await viewer(s.url, 'a');
    const b = await viewer(s.url, 'b');
    expect(s.sendPacket(new Uint8Array([1, 2, 3]))).toBe(2);
    expect(s.sendPacket(new Uint8Array([4]), b.id)).toBe(1);
    await until(() => a.binaries.length === 1 && b.binaries.length === 2);
    expect(b.binaries.map((x) => [...x])).toEqual([[1, 2, 3], [4]]);
    const states: [unknown, number][] = [];
    s.onState((state, from) => states.push([state, from]));
    const receipts: unknown[] = [];
    s.onReceipt((r) => receipts.push(r));
    a.socket.send(JSON.stringify({ type: 'state', state: { who: 'a' } }));
    b.socket.send(JSON.stringify({ type: 'state', state: { who: 'b' } }));
    b.socket.send(JSON.stringify({ type: 'receipt', packet: 2, ok: false, error: 'wire: byte 3: bad' }));
    await until(() => states.length === 2 && receipts.length === 1);
    expect(new Map(states.map(([st, from]) => [from, st]))).toEqual(
      new Map([
        [a.id, { who: 'a' }],
        [b.id, { who: 'b' }],
      ]),
    );
    expect(receipts[0]).toEqual({
      type: 'receipt',
      packet: 2,
      ok: false,
      error: 'wire: byte 3: bad',
      from: b.id,
    });
    // One viewer leaving does not disturb the other.
    a.socket.close();
    await a.closed;
    await until(() => s.clients('viewer').length === 1);
    expect(s.sendPacket(new Uint8Array([5]))).toBe(1);
  });

  it('relays a driver client’s packets to the viewers and their state back to the driver', async () => {
    const s = await start();
    const v = await viewer(s.url);
    const d = await raw(s.url);
    d.socket.send(JSON.stringify({ type: 'hello', protocol: BRIDGE_PROTOCOL, role: 'driver' }));
    await d.next((m) => m.type === 'welcome');
    d.socket.send(new Uint8Array([42, 43]));
    await until(() => v.binaries.length === 1);
    expect([...v.binaries[0]!]).toEqual([42, 43]);
    v.socket.send(JSON.stringify({ type: 'state', state: { is_speaking: true } }));
    const relayed = await d.next((m) => m.type === 'state');
    expect(relayed).toEqual({ type: 'state', from: v.id, state: { is_speaking: true } });
    // A driver's token goes to the viewers, their grant back to the driver.
    d.socket.send(JSON.stringify({ type: 'token', ref: 5, token: 'abc' }));
    const token = await v.next((m) => m.type === 'token');
    expect(token).toEqual({ type: 'token', ref: 5, token: 'abc' });
    v.socket.send(JSON.stringify({ type: 'grant', ref: 5, grant: 3 }));
    expect(await d.next((m) => m.type === 'grant')).toEqual({ type: 'grant', ref: 5, grant: 3, from: v.id });
    // A packet with no viewer connected is reported back.
    v.socket.close();
    await v.closed;
    await until(() => s.clients('viewer').length === 0);
    d.socket.send(new Uint8Array([1]));
    const err = await d.next((m) => m.type === 'error' && (m as { code: string }).code === 'no-viewer');
    expect((err as { message: string }).message).toMatch(/reached no viewer/);
  });

  it('closes a silent client once, not again every heartbeat while its close is pending', async () => {
    const s = await start({ heartbeatMs: 40 });
    const refused: string[] = [];
    s.onEvent((e) => {
      if (e.kind === 'refused' && e.code === 'close') refused.push(e.message);
    });
    const v = await viewer(s.url);
    // A peer that reads nothing more: it never sees the close frame, so the close stays pending.
    (v.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await until(() => refused.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(refused).toEqual(['heartbeat-timeout: no pong to 2 pings 40 ms apart']);
    expect(s.clients()).toEqual([]); // cut off at the next heartbeat, not after ws's 30 s close timeout
  });

  it('pings every heartbeat and closes a client that stops answering (4002)', async () => {
    const s = await start({ heartbeatMs: 60 });
    const v = await viewer(s.url);
    // This client never answers pings.
    const closed = await v.closed;
    expect(closed).toEqual({
      code: CLOSE.heartbeatTimeout,
      reason: 'heartbeat-timeout: no pong to 2 pings 60 ms apart',
    });
    expect(v.texts.filter((m) => m.type === 'ping').map((m) => (m as { n: number }).n)).toEqual([1, 2]);
    // One that answers stays.
    const w = await viewer(s.url);
    w.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as BridgeMessage;
      if (m.type === 'ping') w.socket.send(JSON.stringify({ type: 'pong', n: m.n }));
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(w.socket.readyState).toBe(WebSocket.OPEN);
    expect(w.texts.filter((m) => m.type === 'ping').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses clients beyond maxClients with 4004 server-full', async () => {
    const s = await start({ maxClients: 1 });
    await viewer(s.url);
    const extra = await raw(s.url);
    expect(await extra.closed).toEqual({
      code: CLOSE.serverFull,
      reason: 'server-full: 1 clients connected',
    });
  });

  it('close() rejects a pending waitForClient instead of leaving its timer running', async () => {
    const s = await start();
    const waiting = s.waitForClient('viewer', 60_000);
    await s.close();
    server = null;
    await expect(waiting).rejects.toThrow('bridge: the server closed');
  });

  it('closes its clients with 1001 server-closing on close()', async () => {
    const s = await start();
    const v = await viewer(s.url);
    await s.close();
    server = null;
    expect(await v.closed).toEqual({ code: CLOSE.goingAway, reason: 'server-closing' });
  });
});
