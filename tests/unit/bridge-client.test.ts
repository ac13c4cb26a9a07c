/**
 * The reconnecting bridge client (the viewer's half) against the real server over loopback, on the
 * `ws` package's WebSocket: packets in with receipts out, state through the sink, a refused packet
 * that does not stop the client, reconnection with backoff after the server restarts, and stopping
 * for good on a protocol mismatch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createBridgeClient } from '../../engine/bridge/client.ts';
import type { BridgeClient, BridgeClientStatus, SocketLike } from '../../engine/bridge/client.ts';
import { startBridgeServer } from '../../engine/bridge/server.ts';
import type { BridgeServer, Receipt } from '../../engine/bridge/server.ts';
import { BRIDGE_PROTOCOL, CLOSE } from '../../engine/bridge/protocol.ts';
import { createCapabilityGate, issueToken } from '../../engine/wire/tokens.ts';

const connect = (url: string): SocketLike => new WebSocket(url) as unknown as SocketLike;

let server: BridgeServer | null = null;
let client: BridgeClient | null = null;
afterEach(async () => {
  client?.close();
  client = null;
  await server?.close();
  server = null;
});

const until = async (cond: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('bridge client', () => {
  it('hands packets to onPacket, answers with receipts, and sends state through its sink', async () => {
    server = await startBridgeServer();
    const got: [number[], number][] = [];
    const c = (client = createBridgeClient({
      url: server.url,
      name: 'unit',
      connect,
      onPacket: (bytes, n) => {
        if (bytes[0] === 0xff) throw new Error('wire: packet: byte 0: bad magic 0xff');
        got.push([[...bytes], n]);
      },
    }));
    const receipts: Receipt[] = [];
    server.onReceipt((r) => receipts.push(r));
    const states: unknown[] = [];
    server.onState((s) => states.push(s));
    const info = await server.waitForClient('viewer', 5000);
    expect(info.name).toBe('unit');
    await until(() => c.status().phase === 'open');
    expect(c.status().client).toBe(info.id);

    server.sendPacket(new Uint8Array([1, 2]));
    server.sendPacket(new Uint8Array([0xff, 0]));
    server.sendPacket(new Uint8Array([3]));
    await until(() => receipts.length === 3);
    expect(got).toEqual([
      [[1, 2], 1],
      [[3], 3],
    ]);
    expect(receipts.map((r) => [r.packet, r.ok, r.error])).toEqual([
      [1, true, undefined],
      [2, false, 'wire: packet: byte 0: bad magic 0xff'],
      [3, true, undefined],
    ]);
    expect(c.status()).toMatchObject({
      packets: 3,
      packetErrors: 1,
      lastError: 'wire: packet: byte 0: bad magic 0xff',
    });

    c.sink.send(JSON.stringify({ mood: 'calm', is_speaking: false }));
    await until(() => states.length === 1);
    expect(states[0]).toEqual({ mood: 'calm', is_speaking: false });
    expect(c.status().statesSent).toBe(1);
  });

  it('drops state it cannot send (not connected, over the frame limit) and says why', async () => {
    server = await startBridgeServer({ maxFrameBytes: 256 });
    const c = (client = createBridgeClient({ url: server.url, connect, onPacket: () => {} }));
    c.sink.send('{"early":true}');
    expect(c.status().statesDropped).toBe(1);
    await until(() => c.status().phase === 'open');
    c.sink.send(JSON.stringify({ pad: 'x'.repeat(300) }));
    expect(c.status().statesDropped).toBe(2);
    expect(c.status().lastError).toMatch(/over the 256-byte frame limit; not sent/);
    // The connection is still good.
    expect(c.status().phase).toBe('open');
  });

  it('reconnects with growing backoff while the server is away, then carries on', async () => {
    server = await startBridgeServer();
    const port = server.port;
    const phases: BridgeClientStatus['phase'][] = [];
    const waits: number[] = [];
    const c = (client = createBridgeClient({
      url: server.url,
      connect,
      onPacket: () => {},
      backoff: { initialMs: 20, maxMs: 80, factor: 2 },
      onStatus: (s) => {
        if (s.phase === 'waiting' && phases.at(-1) !== 'waiting') waits.push(s.retryInMs!);
        if (phases.at(-1) !== s.phase) phases.push(s.phase);
      },
    }));
    await until(() => c.status().phase === 'open');
    await server.close();
    server = null;
    // Attempts fail while nothing listens: 20, 40, 80, 80… ms apart.
    await until(() => waits.length >= 4);
    expect(waits.slice(0, 4)).toEqual([20, 40, 80, 80]);
    expect(c.status().lastError).toMatch(/closed 1001 server-closing|cannot reach/);
    server = await startBridgeServer({ port });
    await until(() => c.status().phase === 'open');
    expect(c.status().reconnects).toBeGreaterThanOrEqual(1);
    const seen: number[] = [];
    server.onReceipt((r) => seen.push(r.packet));
    server.sendPacket(new Uint8Array([1]));
    // Receipts count packets per connection, from 1 again.
    await until(() => seen.length === 1);
    expect(seen).toEqual([1]);
    expect(phases).toEqual(expect.arrayContaining(['connecting', 'open', 'waiting']));
  });

  it('stops for good when the server speaks another protocol version', async () => {
    // A stand-in server that welcomes with the wrong version.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let connections = 0;
    wss.on('connection', (socket) => {
      connections++;
      socket.on('message', () =>
        socket.send(
          JSON.stringify({
            type: 'welcome',
            protocol: BRIDGE_PROTOCOL + 1,
            client: 1,
            role: 'viewer',
            heartbeatMs: 5000,
            maxFrameBytes: 1024,
          }),
        ),
      );
    });
    const closes: number[] = [];
    wss.on('connection', (socket) => socket.on('close', (code) => closes.push(code)));
    const c = (client = createBridgeClient({
      url: `ws://127.0.0.1:${port}`,
      connect,
      onPacket: () => {},
      backoff: { initialMs: 10 },
    }));
    await until(() => c.status().phase === 'stopped');
    expect(c.status().lastError).toBe(
      `server speaks protocol ${BRIDGE_PROTOCOL + 1}, client ${BRIDGE_PROTOCOL}`,
    );
    await until(() => closes.length === 1);
    expect(closes).toEqual([CLOSE.unsupportedProtocol]);
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toBe(1);
    await new Promise<void>((r) => wss.close(() => r()));
  });

  it('closes and reconnects when the server goes silent past 2.5 heartbeats', async () => {
    // A stand-in server that welcomes with a 40 ms heartbeat and then never pings.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as { port: number }).port;
    let connections = 0;
    wss.on('connection', (socket) => {
      connections++;
      socket.once('message', () =>
        socket.send(
          JSON.stringify({
            type: 'welcome',
            protocol: BRIDGE_PROTOCOL,
            client: connections,
            role: 'viewer',
            heartbeatMs: 40,
            maxFrameBytes: 1024,
          }),
        ),
      );
    });
    const c = (client = createBridgeClient({
      url: `ws://127.0.0.1:${port}`,
      connect,
      onPacket: () => {},
      backoff: { initialMs: 10 },
    }));
    await until(() => connections >= 2);
    expect(c.status().lastError).toMatch(/server silent for 100 ms|heartbeat-timeout/);
    c.close();
    client = null;
    for (const s of wss.clients) s.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  });
  it('redeems capability tokens through onToken and answers with the grant, or the named refusal', async () => {
    server = await startBridgeServer();
    const key = new Uint8Array(32).fill(7);
    const gate = createCapabilityGate({ keys: { demo: key }, now: () => 1000 });
    const c = (client = createBridgeClient({
      url: server.url,
      connect,
      onPacket: () => {},
      onToken: async (token) => (await gate.redeem(token)).id,
    }));
    const viewer = await server.waitForClient('viewer', 5000);
    await until(() => c.status().phase === 'open');
    const token = await issueToken(key, {
      keyId: 'demo',
      expiresAt: 60_000,
      scope: { profiles: ['friendly'] },
    });
    const granted = await server.redeemToken(token);
    expect(granted).toMatchObject({ type: 'grant', from: viewer.id, grant: 1 });
    expect(granted.error).toBeUndefined();
    // Single use: the same token again is refused, with the gate's reason.
    const again = await server.redeemToken(token, viewer.id);
    expect(again.grant).toBeUndefined();
    expect(again.error).toMatch(/^token: replayed:/);
    const forged = await issueToken(new Uint8Array(32).fill(9), {
      keyId: 'demo',
      expiresAt: 60_000,
      scope: {},
    });
    expect((await server.redeemToken(forged)).error).toMatch(/^token: bad-mac/);
  });

  it('an open client (no onToken) answers tokens with an error saying so', async () => {
    server = await startBridgeServer();
    const c = (client = createBridgeClient({ url: server.url, connect, onPacket: () => {} }));
    await until(() => c.status().phase === 'open');
    const reply = await server.redeemToken('AAAA');
    expect(reply.error).toMatch(/takes no tokens \(an open receiver/);
    await expect(server.redeemToken('AAAA', 999, 200)).rejects.toThrow(/reached no viewer/);
  });
});
