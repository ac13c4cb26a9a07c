/**
 * The bridge server (Node only: it uses the `ws` package). It lives in the driving process — a
 * chatbot, a game server, `examples/drive-viewer/drive.ts` — because a browser page cannot listen:
 * viewers connect to it, the process hands it packet bytes with `sendPacket`, and the avatar state
 * the viewers emit comes back through `onState`. Other processes may connect as `driver` clients
 * instead; their packets are relayed to every viewer and the viewers' state and receipts to them.
 *
 * Every frame is bounded (`maxFrameBytes`), every text frame is checked before use; a bad one is
 * answered with an `error` message and the server keeps serving (see docs/bridge.md).
 */
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { parseMessage } from './parse-message.ts';
import { BRIDGE_DEFAULTS, BRIDGE_PROTOCOL, CLOSE, closeReason } from './protocol.ts';
import type {
  BridgeErrorCode,
  BridgeMessage,
  BridgeRole,
  GrantMessage,
  ReceiptMessage,
  WelcomeMessage,
} from './protocol.ts';

/** Options of {@link startBridgeServer}; every field has a default. */
export interface BridgeServerOptions {
  /** Port to listen on; 0 (default) picks a free one (read `server.port`). */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`: loopback only, as a bridge without TLS should be. */
  host?: string;
  maxFrameBytes?: number;
  heartbeatMs?: number;
  helloTimeoutMs?: number;
  maxConsecutiveErrors?: number;
  maxClients?: number;
  /** Accepts or refuses a browser's `Origin` (default: every origin). */
  allowOrigin?: (origin: string | undefined) => boolean;
}

/** A connected client as the server sees it. */
export interface BridgeClientInfo {
  readonly id: number;
  /** Null until it said hello. */
  readonly role: BridgeRole | null;
  readonly name: string;
  /** Remote address and port. */
  readonly remote: string;
}

/** What happened on the server, for logs and tests. */
export type BridgeServerEvent =
  | { kind: 'connect'; client: BridgeClientInfo }
  | { kind: 'hello'; client: BridgeClientInfo }
  | { kind: 'close'; client: BridgeClientInfo; code: number; reason: string }
  /** A frame was refused (answered with an `error` message, or the client closed). */
  | { kind: 'refused'; client: BridgeClientInfo; code: BridgeErrorCode | 'close'; message: string }
  /** A client reported an error (its `error` message), or its socket failed. */
  | { kind: 'client-error'; client: BridgeClientInfo; message: string };

/** A receipt as relayed by the server: which viewer it came from. */
export type Receipt = ReceiptMessage & { from: number };

/** A viewer's answer to a token: the grant id its packets must carry, or why not. */
export type GrantReply = GrantMessage & { from: number };

/** The running server. */
export interface BridgeServer {
  readonly port: number;
  /** `ws://host:port` for a viewer's `?bridge=`. */
  readonly url: string;
  /** Clients connected now (optionally only those of one role). */
  clients(role?: BridgeRole): BridgeClientInfo[];
  /**
   * Sends one packet's bytes to every viewer (or only viewer `to`); returns how many it went to.
   * Throws a RangeError for bytes over `maxFrameBytes` — a driver's mistake, not the viewer's.
   */
  sendPacket(bytes: Uint8Array, to?: number): number;
  /**
   * Sends a capability token (engine/wire/tokens.ts) to every viewer (or viewer `to`) to redeem, and
   * resolves with the first answer: `grant` for packets' header, or `error` naming the refusal.
   * Grant ids are per viewer: with several gated viewers, redeem one token per viewer and send each
   * its packets with `to`.
   */
  redeemToken(token: string, to?: number, timeoutMs?: number): Promise<GrantReply>;
  /** Resolves with the first client of `role` to complete its hello (one already connected counts). */
  waitForClient(role?: BridgeRole, timeoutMs?: number): Promise<BridgeClientInfo>;
  /** Avatar-state documents viewers send; returns an unsubscribe function. */
  onState(listener: (state: Record<string, unknown>, from: number) => void): () => void;
  /** Viewers' receipts for the packets they received. */
  onReceipt(listener: (receipt: Receipt) => void): () => void;
  /** Viewers' answers to tokens (also those a driver client sent). */
  onGrant(listener: (reply: GrantReply) => void): () => void;
  onEvent(listener: (event: BridgeServerEvent) => void): () => void;
  /**
   * Closes every client (1001 server-closing) and stops listening; pending `waitForClient` and
   * `redeemToken` calls reject with "the server closed".
   */
  close(): Promise<void>;
}

interface Connection {
  info: { id: number; role: BridgeRole | null; name: string; remote: string };
  socket: WebSocket;
  missedPongs: number;
  pings: number;
  errorsInRow: number;
  helloTimer: ReturnType<typeof setTimeout> | null;
}

/** Starts a bridge server; resolves once it listens. */
export async function startBridgeServer(options: BridgeServerOptions = {}): Promise<BridgeServer> {
  const maxFrameBytes = options.maxFrameBytes ?? BRIDGE_DEFAULTS.maxFrameBytes;
  const heartbeatMs = options.heartbeatMs ?? BRIDGE_DEFAULTS.heartbeatMs;
  const helloTimeoutMs = options.helloTimeoutMs ?? BRIDGE_DEFAULTS.helloTimeoutMs;
  const maxErrors = options.maxConsecutiveErrors ?? BRIDGE_DEFAULTS.maxConsecutiveErrors;
  const maxClients = options.maxClients ?? BRIDGE_DEFAULTS.maxClients;
  const host = options.host ?? '127.0.0.1';
  const allowOrigin = options.allowOrigin;

  const wss = new WebSocketServer({
    host,
    port: options.port ?? 0,
    // Beyond this the socket refuses the frame from its header, before buffering it (1009, no
    // reason); between maxFrameBytes and this, the server closes with a named reason itself.
    maxPayload: maxFrameBytes * BRIDGE_DEFAULTS.hardLimitFactor,
    perMessageDeflate: false,
    ...(allowOrigin ? { verifyClient: (info: { origin: string }) => allowOrigin(info.origin) } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('error', () => {}); // after listening, errors arrive per socket
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const connections = new Map<number, Connection>();
  const stateListeners = new Set<(state: Record<string, unknown>, from: number) => void>();
  const receiptListeners = new Set<(receipt: Receipt) => void>();
  const grantListeners = new Set<(reply: GrantReply) => void>();
  let nextRef = 1;
  const eventListeners = new Set<(event: BridgeServerEvent) => void>();
  const waiters = new Set<{ role: BridgeRole; resolve: (c: BridgeClientInfo) => void }>();
  /** Pending waitForClient / redeemToken calls: close() rejects them so no timer outlives the server. */
  const pending = new Set<(reason: Error) => void>();
  let nextId = 1;

  const emit = (event: BridgeServerEvent): void => {
    for (const l of eventListeners) l(event);
  };
  const snapshot = (c: Connection): BridgeClientInfo => ({ ...c.info });
  const sendJson = (c: Connection, message: BridgeMessage): void => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(message));
  };
  const closeWith = (c: Connection, code: number, detail?: string): void => {
    emit({ kind: 'refused', client: snapshot(c), code: 'close', message: closeReason(code, detail) });
    c.socket.close(code, closeReason(code, detail));
  };
  /** Answers a refused frame with an error message; too many in a row close the connection. */
  const refuse = (c: Connection, code: BridgeErrorCode, message: string): void => {
    emit({ kind: 'refused', client: snapshot(c), code, message });
    sendJson(c, { type: 'error', code, message });
    if (++c.errorsInRow >= maxErrors)
      closeWith(c, CLOSE.tooManyErrors, `${c.errorsInRow} refused messages in a row`);
  };
  const viewers = (): Connection[] => [...connections.values()].filter((c) => c.info.role === 'viewer');

  const sendPacket = (bytes: Uint8Array, to?: number): number => {
    if (bytes.length > maxFrameBytes)
      throw new RangeError(`bridge: packet of ${bytes.length} bytes is over the ${maxFrameBytes}-byte limit`);
    let sent = 0;
    for (const c of viewers()) {
      if (to !== undefined && c.info.id !== to) continue;
      if (c.socket.readyState !== c.socket.OPEN) continue;
      c.socket.send(bytes, { binary: true });
      sent++;
    }
    return sent;
  };

  /** Sends a text frame to every viewer (or viewer `to`); returns how many it went to. */
  const sendText = (text: string, to?: number): number => {
    let sent = 0;
    for (const c of viewers())
      if ((to === undefined || c.info.id === to) && c.socket.readyState === c.socket.OPEN) {
        c.socket.send(text);
        sent++;
      }
    return sent;
  };

  const onHello = (c: Connection, message: BridgeMessage): void => {
    if (message.type !== 'hello') {
      closeWith(c, CLOSE.helloExpected, `first message was "${message.type}"`);
      return;
    }
    if (message.protocol !== BRIDGE_PROTOCOL) {
      closeWith(c, CLOSE.unsupportedProtocol, `client speaks ${message.protocol}, server ${BRIDGE_PROTOCOL}`);
      return;
    }
    if (c.helloTimer) clearTimeout(c.helloTimer);
    c.helloTimer = null;
    c.info.role = message.role;
    if (message.name) c.info.name = message.name.slice(0, 64);
    const welcome: WelcomeMessage = {
      type: 'welcome',
      protocol: BRIDGE_PROTOCOL,
      client: c.info.id,
      role: message.role,
      heartbeatMs,
      maxFrameBytes,
    };
    sendJson(c, welcome);
    const info = snapshot(c);
    emit({ kind: 'hello', client: info });
    for (const w of [...waiters])
      if (w.role === message.role) {
        waiters.delete(w);
        w.resolve(info);
      }
  };

  const onText = (c: Connection, text: string): void => {
    const parsed = parseMessage(text, `client ${c.info.id}`);
    if (c.info.role === null) {
      if (!parsed.ok) closeWith(c, CLOSE.helloExpected, parsed.problem.message);
      else onHello(c, parsed.message);
      return;
    }
    if (!parsed.ok) {
      refuse(c, parsed.problem.code, parsed.problem.message);
      return;
    }
    const m = parsed.message;
    const role = c.info.role;
    if (m.type === 'pong') c.missedPongs = 0;
    else if (m.type === 'state' && role === 'viewer') {
      for (const l of stateListeners) l(m.state, c.info.id);
      relayToDrivers({ type: 'state', from: c.info.id, state: m.state });
    } else if (m.type === 'receipt' && role === 'viewer') {
      const receipt: Receipt = { ...m, from: c.info.id };
      for (const l of receiptListeners) l(receipt);
      relayToDrivers(receipt);
    } else if (m.type === 'grant' && role === 'viewer') {
      const reply: GrantReply = { ...m, from: c.info.id };
      for (const l of grantListeners) l(reply);
      relayToDrivers(reply);
    } else if (m.type === 'token' && role === 'driver') {
      if (sendText(JSON.stringify(m)) === 0)
        refuse(c, 'no-viewer', `client ${c.info.id}: token reached no viewer`);
    } else if (m.type === 'error') {
      emit({ kind: 'client-error', client: snapshot(c), message: `${m.code}: ${m.message}` });
    } else {
      refuse(c, 'unexpected', `client ${c.info.id}: a ${role} may not send "${m.type}" here`);
      return;
    }
    c.errorsInRow = 0;
  };

  const relayToDrivers = (message: BridgeMessage): void => {
    let text: string | null = null;
    for (const c of connections.values())
      if (c.info.role === 'driver' && c.socket.readyState === c.socket.OPEN)
        c.socket.send((text ??= JSON.stringify(message)));
  };

  const onBinary = (c: Connection, bytes: Uint8Array): void => {
    if (c.info.role === null) {
      closeWith(c, CLOSE.helloExpected, 'binary frame before hello');
      return;
    }
    if (c.info.role !== 'driver') {
      refuse(c, 'unexpected', `client ${c.info.id}: a viewer sends no binary frames (${bytes.length} bytes)`);
      return;
    }
    if (sendPacket(bytes) === 0) refuse(c, 'no-viewer', `client ${c.info.id}: packet reached no viewer`);
    else c.errorsInRow = 0;
  };

  wss.on('connection', (socket, request) => {
    const id = nextId++;
    const remote = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const c: Connection = {
      info: { id, role: null, name: `client ${id}`, remote },
      socket,
      missedPongs: 0,
      pings: 0,
      errorsInRow: 0,
      helloTimer: null,
    };
    socket.on('error', (error) =>
      emit({ kind: 'client-error', client: snapshot(c), message: error.message }),
    );
    if (connections.size >= maxClients) {
      closeWith(c, CLOSE.serverFull, `${maxClients} clients connected`);
      return;
    }
    connections.set(id, c);
    c.helloTimer = setTimeout(
      () => closeWith(c, CLOSE.helloExpected, `no hello within ${helloTimeoutMs} ms`),
      helloTimeoutMs,
    );
    emit({ kind: 'connect', client: snapshot(c) });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = toBytes(data);
      if (bytes.length > maxFrameBytes) {
        closeWith(c, CLOSE.tooLarge, `${bytes.length} bytes > ${maxFrameBytes}`);
        return;
      }
      try {
        if (isBinary) onBinary(c, bytes);
        else onText(c, utf8.decode(bytes));
      } catch (error) {
        // A listener's bug must not take the server down; the client hears about it.
        const message = error instanceof Error ? error.message : String(error);
        emit({ kind: 'client-error', client: snapshot(c), message: `server: ${message}` });
      }
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (c.helloTimer) clearTimeout(c.helloTimer);
      connections.delete(id);
      emit({ kind: 'close', client: snapshot(c), code, reason: reason.toString('utf8') });
    });
  });

  const heartbeat = setInterval(() => {
    for (const c of connections.values()) {
      if (c.info.role === null) continue;
      // A close begun a heartbeat ago and still unanswered: the peer is gone; cut it off (once).
      if (c.socket.readyState === c.socket.CLOSING) {
        c.socket.terminate();
        continue;
      }
      if (c.socket.readyState !== c.socket.OPEN) continue;
      if (c.missedPongs >= 2) {
        closeWith(c, CLOSE.heartbeatTimeout, `no pong to 2 pings ${heartbeatMs} ms apart`);
        continue;
      }
      c.missedPongs++;
      sendJson(c, { type: 'ping', n: ++c.pings });
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    port,
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    clients: (role) =>
      [...connections.values()].filter((c) => role === undefined || c.info.role === role).map(snapshot),
    sendPacket,
    redeemToken(token, to, timeoutMs = 10_000) {
      const ref = nextRef++;
      return new Promise<GrantReply>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          off();
          pending.delete(cancel);
        };
        const cancel = (reason: Error): void => {
          done();
          reject(reason);
        };
        const timer = setTimeout(
          () => cancel(new Error(`bridge: no viewer answered token ${ref} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const off = subscribe(grantListeners, (reply: GrantReply) => {
          if (reply.ref !== ref || (to !== undefined && reply.from !== to)) return;
          done();
          resolve(reply);
        });
        pending.add(cancel);
        if (sendText(JSON.stringify({ type: 'token', ref, token }), to) === 0)
          cancel(new Error(`bridge: token ${ref} reached no viewer`));
      });
    },
    waitForClient(role = 'viewer', timeoutMs = 30_000) {
      const ready = [...connections.values()].find((c) => c.info.role === role);
      if (ready) return Promise.resolve(snapshot(ready));
      return new Promise((resolve, reject) => {
        const cancel = (reason: Error): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
          pending.delete(cancel);
          reject(reason);
        };
        const waiter = {
          role,
          resolve: (info: BridgeClientInfo) => {
            clearTimeout(timer);
            pending.delete(cancel);
            resolve(info);
          },
        };
        const timer = setTimeout(
          () => cancel(new Error(`bridge: no ${role} connected within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.add(waiter);
        pending.add(cancel);
      });
    },
    onState: (l) => subscribe(stateListeners, l),
    onReceipt: (l) => subscribe(receiptListeners, l),
    onGrant: (l) => subscribe(grantListeners, l),
    onEvent: (l) => subscribe(eventListeners, l),
    async close() {
      clearInterval(heartbeat);
      for (const cancel of [...pending]) cancel(new Error('bridge: the server closed'));
      for (const c of connections.values()) c.socket.close(CLOSE.goingAway, closeReason(CLOSE.goingAway));
      // Clients that do not answer the close frame are cut off after a short grace.
      const grace = setTimeout(() => {
        for (const c of connections.values()) c.socket.terminate();
      }, 1000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(grace);
    },
  };
}

const utf8 = new TextDecoder();

const subscribe = <T>(set: Set<T>, listener: T): (() => void) => {
  set.add(listener);
  return () => set.delete(listener);
};

/** A `ws` message payload as one byte array. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
