/**
 * Where emitted states go. A sink gets the state object and its JSON text (serialised once per
 * emission, shared by every sink). The socket sink is the seam the WebSocket bridge plugs into: it
 * needs only `send(json)`, so the core never imports a socket library.
 */
import type { AvatarState } from './schema-types.ts';

/** A destination of emitted states. `write` may throw: the emitter logs it and keeps running. */
export interface StateSink {
  /** Shown in error messages. */
  readonly name: string;
  write(state: AvatarState, json: string): void;
  /** Flushes anything pending and releases resources. */
  close?(): void;
}

/** Calls `fn` with every emitted state. */
export function callbackSink(fn: (state: AvatarState, json: string) => void, name = 'callback'): StateSink {
  if (typeof fn !== 'function') throw new TypeError('callbackSink: fn must be a function');
  return { name, write: fn };
}

/** Anything that sends text: a WebSocket, the bridge's connection set, a test double. */
export interface StateSocket {
  send(json: string): void;
}

/** Sends each state's JSON text through `socket` (the bridge's WebSocket sink). */
export function socketSink(socket: StateSocket, name = 'socket'): StateSink {
  if (!socket || typeof socket.send !== 'function')
    throw new TypeError('socketSink: socket.send must be a function');
  return { name, write: (_state, json) => socket.send(json) };
}
