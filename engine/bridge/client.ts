/**
 * The bridge client a viewer runs (any WHATWG-style WebSocket: the browser's, or `ws` in Node tests):
 * says hello, hands each binary frame — one packet — to `onPacket` and answers with a receipt, sends
 * avatar state through `sink` (the state plugin's socket sink), answers heartbeats, notices a silent
 * server, and reconnects with exponential backoff until closed. Never throws into the page: every
 * failure ends up in `status().lastError`.
 */
import { parseMessage } from './parse-message.ts';
import { BRIDGE_DEFAULTS, BRIDGE_PROTOCOL, CLOSE, PERMANENT_CLOSE_CODES, utf8Length } from './protocol.ts';
import type { BridgeMessage, BridgeRole } from './protocol.ts';

/** The part of a WebSocket the client uses (the browser's and `ws`'s both fit). */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a socket to `url`. */
export type SocketFactory = (url: string) => SocketLike;

/** Reconnect timing: `initialMs × factor^attempt`, at most `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/** Options of {@link createBridgeClient}. */
export interface BridgeClientOptions {
  /** `ws://127.0.0.1:PORT` (or `wss://…`). */
  url: string;
  /** Shown in the server's logs. */
  name?: string;
  /** Default `viewer`. */
  role?: BridgeRole;
  /** Default: `new WebSocket(url)` (the platform's). */
  connect?: SocketFactory;
  /**
   * One packet's bytes, the `n`-th of this connection (1-based). Throwing refuses it: the error's
   * message goes back to the server in the receipt, and the client goes on.
   */
  onPacket(bytes: Uint8Array, n: number): void;
  /**
   * Redeems a capability token a driver sent, resolving with the grant id its packets will carry
   * (rejecting names the refusal). Without it the client answers every token with an error: it
   * is an open receiver.
   */
  onToken?(token: string): Promise<number>;
  /** Called on every status change (connect, packet, error, reconnect). */
  onStatus?(status: BridgeClientStatus): void;
  backoff?: Partial<Backoff>;
  /** 0..1 draws spreading reconnects (e.g. `Math.random` in a page); default none (exact backoff). */
  random?: () => number;
}

/** What the client is doing, for a status readout. */
export interface BridgeClientStatus {
  readonly url: string;
  readonly phase: 'connecting' | 'open' | 'waiting' | 'stopped';
  /** The server's id for this client while open, else null. */
  readonly client: number | null;
  /** Packets received since the client was created, and how many of them were refused. */
  readonly packets: number;
  readonly packetErrors: number;
  /** State documents sent, and dropped (not connected, or over the frame limit). */
  readonly statesSent: number;
  readonly statesDropped: number;
  /** Connections made after the first. */
  readonly reconnects: number;
  /** Delay before the next attempt while `waiting`, ms. */
  readonly retryInMs: number | null;
  readonly lastError: string | null;
}

/** A running client. */
export interface BridgeClient {
  status(): BridgeClientStatus;
  /** The state plugin's socket sink: one avatar-state JSON document per call. */
  readonly sink: { send(json: string): void };
  /** Closes the connection (1000) and stops reconnecting. */
  close(): void;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000, factor: 2 };
const OPEN = 1;

/** Starts connecting at once. */
export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const connect: SocketFactory = options.connect ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const role = options.role ?? 'viewer';
  let status: BridgeClientStatus = {
    url: options.url,
    phase: 'connecting',
    client: null,
    packets: 0,
    packetErrors: 0,
    statesSent: 0,
    statesDropped: 0,
    reconnects: 0,
    retryInMs: null,
    lastError: null,
  };
  let socket: SocketLike | null = null;
  let welcomed = false;
  let maxFrameBytes: number = BRIDGE_DEFAULTS.maxFrameBytes;
  let silenceMs = 0;
  let connectionPackets = 0;
  let attempt = 0;
  let connections = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;

  const update = (patch: Partial<BridgeClientStatus>): void => {
    status = { ...status, ...patch };
    options.onStatus?.(status);
  };
  const sendJson = (message: BridgeMessage): void => {
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  };
  const clearWatchdog = (): void => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = null;
  };
  /** After the welcome, any message proves the server alive; silence for 2.5 heartbeats does not. */
  const armWatchdog = (): void => {
    clearWatchdog();
    if (silenceMs <= 0) return;
    watchdog = setTimeout(() => {
      update({ lastError: `server silent for ${silenceMs} ms` });
      socket?.close(CLOSE.heartbeatTimeout, 'heartbeat-timeout: server silent');
      // A socket that cannot even close cleanly is abandoned now.
      drop(socket);
    }, silenceMs);
  };

  const onText = (text: string): void => {
    const parsed = parseMessage(text, 'server');
    if (!parsed.ok) {
      update({ lastError: parsed.problem.message });
      sendJson({ type: 'error', code: parsed.problem.code, message: parsed.problem.message });
      return;
    }
    const m = parsed.message;
    if (m.type === 'welcome') {
      if (m.protocol !== BRIDGE_PROTOCOL) {
        update({ lastError: `server speaks protocol ${m.protocol}, client ${BRIDGE_PROTOCOL}` });
        stop(CLOSE.unsupportedProtocol, 'unsupported-protocol');
        return;
      }
      welcomed = true;
      attempt = 0;
      maxFrameBytes = m.maxFrameBytes;
      silenceMs = Math.round(m.heartbeatMs * 2.5);
      update({ phase: 'open', client: m.client, retryInMs: null });
    } else if (m.type === 'ping') sendJson({ type: 'pong', n: m.n });
    else if (m.type === 'error') update({ lastError: m.message });
    else if (m.type === 'token') redeem(m.ref, m.token);
    // state and receipt messages are for drivers; a viewer ignores them.
  };

  const redeem = (ref: number, token: string): void => {
    const from = socket;
    const answer = (reply: { grant: number } | { error: string }): void => {
      // An answer for a connection that has since closed is dropped: its grant means nothing now.
      if (socket === from) sendJson({ type: 'grant', ref, ...reply });
      if ('error' in reply) update({ lastError: reply.error });
    };
    if (!options.onToken) {
      answer({ error: 'this viewer takes no tokens (an open receiver: packets need no grant)' });
      return;
    }
    options.onToken(token).then(
      (grant) => answer({ grant }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    );
  };

  const onBinary = (bytes: Uint8Array): void => {
    const n = ++connectionPackets;
    try {
      options.onPacket(bytes, n);
      update({ packets: status.packets + 1 });
      sendJson({ type: 'receipt', packet: n, ok: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      update({ packets: status.packets + 1, packetErrors: status.packetErrors + 1, lastError: message });
      sendJson({ type: 'receipt', packet: n, ok: false, error: message });
    }
  };

  /** Forgets a socket (its late events are ignored) and plans the next attempt. */
  const drop = (old: SocketLike | null): void => {
    if (!old || old !== socket) return;
    old.onopen = old.onmessage = old.onerror = old.onclose = null;
    socket = null;
    welcomed = false;
    clearWatchdog();
    if (status.phase === 'stopped') return;
    const delay = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt++);
    const wait = Math.round(options.random ? delay * (0.5 + 0.5 * options.random()) : delay);
    update({ phase: 'waiting', client: null, retryInMs: wait });
    retryTimer = setTimeout(open, wait);
  };

  const open = (): void => {
    retryTimer = null;
    if (status.phase === 'stopped') return;
    update({
      phase: 'connecting',
      retryInMs: null,
      reconnects: connections > 0 ? status.reconnects + 1 : status.reconnects,
    });
    connections++;
    connectionPackets = 0;
    let s: SocketLike;
    try {
      s = connect(options.url);
    } catch (error) {
      // A malformed URL throws at once; retrying cannot fix it.
      update({ lastError: error instanceof Error ? error.message : String(error) });
      stop();
      return;
    }
    socket = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      sendJson({
        type: 'hello',
        protocol: BRIDGE_PROTOCOL,
        role,
        ...(options.name ? { name: options.name } : {}),
      });
    };
    s.onmessage = (event) => {
      if (welcomed) armWatchdog();
      const data = event.data;
      if (typeof data === 'string') onText(data);
      else if (data instanceof ArrayBuffer) onBinary(new Uint8Array(data));
      else if (ArrayBuffer.isView(data))
        onBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (welcomed && !watchdog) armWatchdog();
    };
    s.onerror = () => {
      // The close event follows with the code; only note that something went wrong.
      if (!welcomed) update({ lastError: `cannot reach ${options.url}` });
    };
    s.onclose = (event) => {
      if (event.code === 1006 && !welcomed) update({ lastError: `cannot reach ${options.url}` });
      else if (event.code !== CLOSE.normal && event.code !== 1005)
        update({ lastError: `closed ${event.code}${event.reason ? ` ${event.reason}` : ''}` });
      if (PERMANENT_CLOSE_CODES.includes(event.code)) stop();
      drop(s);
    };
  };

  const stop = (code: number = CLOSE.normal, reason = 'normal'): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    clearWatchdog();
    const s = socket;
    update({ phase: 'stopped', client: null, retryInMs: null });
    if (s) {
      s.onopen = s.onmessage = s.onerror = s.onclose = null;
      socket = null;
      welcomed = false;
      try {
        s.close(code, reason);
      } catch {
        // already closing
      }
    }
  };

  open();
  return {
    status: () => status,
    sink: {
      send(json) {
        if (!welcomed || !socket || socket.readyState !== OPEN) {
          update({ statesDropped: status.statesDropped + 1 });
          return;
        }
        const text = `{"type":"state","state":${json}}`;
        const bytes = utf8Length(text);
        if (bytes > maxFrameBytes) {
          update({
            statesDropped: status.statesDropped + 1,
            lastError: `state of ${bytes} bytes is over the ${maxFrameBytes}-byte frame limit; not sent`,
          });
          return;
        }
        socket.send(text);
        update({ statesSent: status.statesSent + 1 });
      },
    },
    close: () => stop(),
  };
}
