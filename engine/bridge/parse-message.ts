/**
 * Reading a text frame as a bridge control message. Never throws: a frame that is not JSON, not an
 * object, or not one of the protocol's shapes comes back as a problem naming the source, the JSON
 * path (or the parser's position) and what was wrong, for the sender's `error` reply.
 */
import { MAX_TOKEN_CHARS } from './protocol.ts';
import type { BridgeErrorCode, BridgeMessage } from './protocol.ts';

/** A text frame that is not a message the protocol knows. */
export interface MessageProblem {
  readonly code: BridgeErrorCode;
  /** `source: path: message`. */
  readonly message: string;
}

/** Result of {@link parseMessage}. */
export type ParsedMessage = { ok: true; message: BridgeMessage } | { ok: false; problem: MessageProblem };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Field checks per message type: each returns the path and message of the first problem, or null. */
const SHAPES: Record<string, (m: Record<string, unknown>) => [string, string] | null> = {
  hello: (m) =>
    !isCount(m.protocol)
      ? ['protocol', `must be a non-negative integer, got ${JSON.stringify(m.protocol)}`]
      : m.role !== 'viewer' && m.role !== 'driver'
        ? ['role', `must be "viewer" or "driver", got ${JSON.stringify(m.role)}`]
        : m.name !== undefined && typeof m.name !== 'string'
          ? ['name', 'must be a string']
          : null,
  welcome: (m) =>
    !isCount(m.protocol) || !isCount(m.client) || !isCount(m.heartbeatMs) || !isCount(m.maxFrameBytes)
      ? ['', 'needs integer protocol, client, heartbeatMs and maxFrameBytes']
      : m.role !== 'viewer' && m.role !== 'driver'
        ? ['role', 'must be "viewer" or "driver"']
        : null,
  state: (m) => (!isObject(m.state) ? ['state', 'must be an object (an avatar-state document)'] : null),
  receipt: (m) =>
    !isCount(m.packet)
      ? ['packet', 'must be a non-negative integer']
      : typeof m.ok !== 'boolean'
        ? ['ok', 'must be a boolean']
        : m.error !== undefined && typeof m.error !== 'string'
          ? ['error', 'must be a string']
          : null,
  token: (m) =>
    !isCount(m.ref)
      ? ['ref', 'must be a non-negative integer']
      : typeof m.token !== 'string' || m.token.length === 0 || m.token.length > MAX_TOKEN_CHARS
        ? ['token', `must be a token text of 1..${MAX_TOKEN_CHARS} characters`]
        : null,
  grant: (m) =>
    !isCount(m.ref)
      ? ['ref', 'must be a non-negative integer']
      : m.grant !== undefined && !isCount(m.grant)
        ? ['grant', 'must be a non-negative integer']
        : m.error !== undefined && typeof m.error !== 'string'
          ? ['error', 'must be a string']
          : m.grant === undefined && m.error === undefined
            ? ['', 'needs a grant or an error']
            : null,
  ping: (m) => (!isCount(m.n) ? ['n', 'must be a non-negative integer'] : null),
  pong: (m) => (!isCount(m.n) ? ['n', 'must be a non-negative integer'] : null),
  error: (m) =>
    typeof m.code !== 'string' || typeof m.message !== 'string'
      ? ['', 'needs string code and message']
      : null,
};

/** Parses one text frame from `source` (e.g. `client 3`, `server`). */
export function parseMessage(text: string, source: string): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail('malformed', `${source}: not JSON (${detail})`);
  }
  if (!isObject(json)) return fail('malformed', `${source}: a message must be a JSON object`);
  const type = json.type;
  if (typeof type !== 'string') return fail('malformed', `${source}: type: missing or not a string`);
  const check = Object.hasOwn(SHAPES, type) ? SHAPES[type] : undefined;
  if (!check) return fail('unknown-type', `${source}: type: unknown message type ${JSON.stringify(type)}`);
  const problem = check(json);
  if (problem) {
    const [path, message] = problem;
    return fail('malformed', `${source}: ${type}${path ? `.${path}` : ''}: ${message}`);
  }
  return { ok: true, message: json as unknown as BridgeMessage };
}

const fail = (code: BridgeErrorCode, message: string): ParsedMessage => ({
  ok: false,
  problem: { code, message },
});
