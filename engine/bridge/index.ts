/**
 * The bridge's platform-neutral half: the protocol and the reconnecting client (browser or Node).
 * The server needs Node and `ws`; import it from `engine/bridge/server.ts` directly, so pages never
 * bundle it.
 */
export * from './protocol.ts';
export { parseMessage } from './parse-message.ts';
export type { MessageProblem, ParsedMessage } from './parse-message.ts';
export { createBridgeClient } from './client.ts';
export type {
  Backoff,
  BridgeClient,
  BridgeClientOptions,
  BridgeClientStatus,
  SocketFactory,
  SocketLike,
} from './client.ts';
