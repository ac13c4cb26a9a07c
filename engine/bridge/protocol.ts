/**
 * The bridge protocol: how packet bytes reach a viewer over WebSocket and how avatar state comes
 * back. Renderer- and platform-neutral (no `ws`, no DOM), so the Node server, the browser client
 * and tests share one definition. See docs/bridge.md.
 *
 * Binary frames carry exactly one wire packet each, untouched; text frames carry the JSON control
 * messages below. The first message a client sends is a `hello` naming the protocol version.
 */

/** Version of this protocol (not of the wire packet format, which versions itself). */
export const BRIDGE_PROTOCOL = 1;

/** What a client is: a viewer receives packets and sends state; a driver sends packets and receives state. */
export type BridgeRole = 'viewer' | 'driver';

/** Defaults of the limits and timers; both ends read them from the server's `welcome`. */
export const BRIDGE_DEFAULTS = {
  /** Largest frame accepted (binary packet or JSON text), bytes. */
  maxFrameBytes: 64 * 1024,
  /** Frames above `maxFrameBytes × hardLimitFactor` are cut off by the socket before buffering. */
  hardLimitFactor: 4,
  /** The server pings every this many ms; a client missing two pongs is closed. */
  heartbeatMs: 5000,
  /** A client must say hello within this many ms. */
  helloTimeoutMs: 5000,
  /** Malformed messages in a row before the server gives up on a client. */
  maxConsecutiveErrors: 16,
  /** Connected clients at most (viewers and drivers). */
  maxClients: 32,
} as const;

/**
 * Close codes: 1000/1001/1009 from RFC 6455, the 4000 range this protocol's own. The close reason
 * always starts with the named reason below (`frame-too-large: 70000 bytes > 65536`).
 */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  tooLarge: 1009,
  unsupportedProtocol: 4000,
  helloExpected: 4001,
  heartbeatTimeout: 4002,
  tooManyErrors: 4003,
  serverFull: 4004,
} as const;

/** Named close reasons, by close code. */
export const CLOSE_REASON: Readonly<Record<number, string>> = {
  [CLOSE.normal]: 'normal',
  [CLOSE.goingAway]: 'server-closing',
  [CLOSE.tooLarge]: 'frame-too-large',
  [CLOSE.unsupportedProtocol]: 'unsupported-protocol',
  [CLOSE.helloExpected]: 'hello-expected',
  [CLOSE.heartbeatTimeout]: 'heartbeat-timeout',
  [CLOSE.tooManyErrors]: 'too-many-errors',
  [CLOSE.serverFull]: 'server-full',
};

/** Longest token text a `token` message may carry, characters (a token is at most 4096 bytes). */
export const MAX_TOKEN_CHARS = 6000;

/** Close codes after which reconnecting cannot help (the client stops). */
export const PERMANENT_CLOSE_CODES: readonly number[] = [CLOSE.unsupportedProtocol];

/** Codes of `error` messages. */
export type BridgeErrorCode =
  | 'malformed' // not JSON, or not a known message shape
  | 'unknown-type' // JSON with a `type` this protocol does not have
  | 'unexpected' // a known message the sender's role may not send (e.g. binary from a viewer)
  | 'too-large' // a frame over the limit that the sender dropped instead of sending
  | 'no-viewer'; // a driver's packet reached no viewer

/** Client → server, first message. */
export interface HelloMessage {
  type: 'hello';
  protocol: number;
  role: BridgeRole;
  /** Shown in logs and `clients()`. */
  name?: string;
}

/** Server → client, answer to a good hello. */
export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  /** This client's id on the server. */
  client: number;
  role: BridgeRole;
  heartbeatMs: number;
  maxFrameBytes: number;
}

/** Viewer → server (relayed to drivers with `from`): one avatar-state document. */
export interface StateMessage {
  type: 'state';
  /** Client id of the viewer it came from (set by the server when relaying). */
  from?: number;
  state: Record<string, unknown>;
}

/** Viewer → server (relayed to drivers with `from`): how the n-th packet this viewer received went. */
export interface ReceiptMessage {
  type: 'receipt';
  from?: number;
  /** 1-based count of binary frames this viewer has received on this connection. */
  packet: number;
  ok: boolean;
  /** The decoder's or receiver's message when `ok` is false (names source and byte offset). */
  error?: string;
}

/**
 * Driver → viewers (relayed by the server): a capability token (engine/wire/tokens.ts, base64url) for
 * the viewer to redeem. Its answer is a `grant` with the same `ref`.
 */
export interface TokenMessage {
  type: 'token';
  /** The driver's number for this request, echoed in the answer. */
  ref: number;
  token: string;
}

/** Viewer → drivers (relayed with `from`): the grant id packets must carry, or why the token was refused. */
export interface GrantMessage {
  type: 'grant';
  from?: number;
  ref: number;
  grant?: number;
  /** `token: <reason>: …` (TokenError) or why this viewer takes no tokens. */
  error?: string;
}

/** Server → client heartbeat; the client answers with a `pong` of the same `n`. */
export interface PingMessage {
  type: 'ping';
  n: number;
}

/** Client → server heartbeat answer. */
export interface PongMessage {
  type: 'pong';
  n: number;
}

/** Either direction: a message or frame was refused; the connection stays open. */
export interface ErrorMessage {
  type: 'error';
  code: BridgeErrorCode;
  message: string;
}

/** Every JSON control message. */
export type BridgeMessage =
  | HelloMessage
  | WelcomeMessage
  | StateMessage
  | ReceiptMessage
  | TokenMessage
  | GrantMessage
  | PingMessage
  | PongMessage
  | ErrorMessage;

/** A close reason for `code` with a detail, cut to the 123 bytes a close frame allows. */
export function closeReason(code: number, detail?: string): string {
  const name = CLOSE_REASON[code] ?? `close-${code}`;
  const text = detail ? `${name}: ${detail}` : name;
  return truncateUtf8(text, 123);
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = utf8.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return utf8decoder.decode(bytes.subarray(0, end));
}

const utf8 = new TextEncoder();
const utf8decoder = new TextDecoder();

/** UTF-8 length of a string, bytes. */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
