/**
 * The viewer, driven over the bridge: with `?bridge=ws://127.0.0.1:PORT` in its URL the viewer
 * connects to a bridge server (engine/bridge, docs/bridge.md), performs the packets it receives
 * (bridge-apply.ts) and sends its avatar state back — the state plugin, installed on every engine the
 * performance builds, writing to the client's socket sink. Without the parameter nothing happens.
 *
 * Also installs `window.capsuleBridge` (bridge-hook.ts), what the bridge's browser test reads.
 */
import { createBridgeClient } from '../../engine/bridge/client.ts';
import type { BridgeClient, BridgeClientStatus } from '../../engine/bridge/client.ts';
import type { Engine } from '../../engine/ecs/engine.ts';
import { statePlugin } from '../../engine/state/plugin.ts';
import type { AvatarState } from '../../engine/state/schema-types.ts';
import { callbackSink, socketSink } from '../../engine/state/sinks.ts';
import { AVATAR_STATE } from '../../engine/state/state-types.ts';
import type { AvatarStateResource } from '../../engine/state/state-types.ts';
import { decodePacket } from '../../engine/wire/decode.ts';
import { fromBase64Url } from '../../engine/wire/token-body.ts';
import { createCapabilityGate } from '../../engine/wire/tokens.ts';
import type { CapabilityGate } from '../../engine/wire/tokens.ts';
import type { Library } from '../shared/library.ts';
import type { Performance } from '../shared/performance.ts';
import { createPacketApplier } from './bridge-apply.ts';
import type {} from './bridge-hook.ts';
import { createBridgeStatus } from './bridge-status.ts';
import type { SpeakPanel } from './speak-panel.ts';
import type { Stage } from './stage.ts';

/** States kept for the hook, newest last. */
const KEPT_STATES = 256;

/** The bridge URL from a query string: null without `bridge=`; an Error for a URL that is not ws(s). */
export function bridgeUrl(search: string): string | Error | null {
  const raw = new URLSearchParams(search).get('bridge');
  if (raw === null || raw === '') return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
      return new Error(`bridge=${raw}: a bridge URL starts with ws:// or wss://`);
    return url.href;
  } catch {
    return new Error(`bridge=${raw}: not a URL`);
  }
}

/**
 * The token key from a URL fragment, `#bridgeKey=<key id>:<base64url key>` (a fragment never
 * reaches a server): null without one; an Error for a malformed one.
 */
export function bridgeKey(hash: string): { keyId: string; key: Uint8Array } | Error | null {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get('bridgeKey');
  if (raw === null || raw === '') return null;
  const colon = raw.indexOf(':');
  const key = colon > 0 ? fromBase64Url(raw.slice(colon + 1)) : null;
  if (!key || key.length < 16)
    return new Error('bridgeKey: expected <key id>:<base64url key of at least 16 bytes>');
  return { keyId: raw.slice(0, colon), key };
}

/** Connects the viewer to the bridge named in its URL; null (and no effect) when there is none. */
export function startViewerBridge(deps: {
  readonly performance: Performance;
  readonly registry: Library['registry'];
  readonly stage: Stage;
  readonly speakPanel: SpeakPanel;
}): BridgeClient | null {
  const url = bridgeUrl(location.search);
  if (url === null) return null;
  const key = bridgeKey(location.hash);
  const parent = deps.stage.engine.getRenderingCanvas()?.parentElement ?? document.body;
  const view = createBridgeStatus(
    parent,
    url instanceof Error
      ? '(no connection)'
      : `${url}${key && !(key instanceof Error) ? ' · tokens required' : ''}`,
  );
  if (url instanceof Error || key instanceof Error) {
    view.problem((url instanceof Error ? url : (key as Error)).message);
    return null;
  }
  // With a key, packets need a grant from a redeemed token; expiry on the wall clock (epoch ms).
  const gate: CapabilityGate | null = key
    ? createCapabilityGate({ keys: { [key.keyId]: key.key }, now: () => Date.now(), registry: deps.registry })
    : null;
  const { performance, registry } = deps;
  const states: AvatarState[] = [];
  const problems: string[] = [];
  const note = (message: string): void => {
    problems.push(message);
    if (problems.length > KEPT_STATES) problems.shift();
    view.problem(message);
  };
  const applier = createPacketApplier({
    performance,
    speakPanel: deps.speakPanel,
    onLateProblem: note,
    gate,
  });

  let lastPhase: BridgeClientStatus['phase'] | null = null;
  const client = createBridgeClient({
    url,
    name: 'viewer',
    random: Math.random,
    ...(gate ? { onToken: async (token: string) => (await gate.redeem(token)).id } : {}),
    onPacket(bytes, n) {
      attach();
      try {
        applier.apply(decodePacket(bytes, `bridge packet ${n}`), `bridge packet ${n}`, n === 1);
      } catch (error) {
        note(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    onStatus(status) {
      view.show(status);
      // On each (re)connection the driver hears the current state at once, not at the next change.
      if (status.phase === 'open' && lastPhase !== 'open') stateOf(performance.engine)?.request();
      lastPhase = status.phase;
    },
  });

  // Every engine the performance builds (each seek rebuilds) gets the state emitter and the
  // bridge's commands again, before its first frame after the build is drawn.
  let attached: Engine | null = null;
  const attach = (): void => {
    const engine = performance.engine;
    if (engine === attached) return;
    const first = attached === null;
    attached = engine;
    if (!engine.world.resources.has(AVATAR_STATE))
      statePlugin({
        sinks: [
          socketSink(client.sink, 'bridge'),
          callbackSink((state) => {
            states.push(state);
            if (states.length > KEPT_STATES) states.shift();
          }, 'viewer-hook'),
        ],
        onError: note,
      })(engine);
    if (!first) applier.rebuilt();
    stateOf(engine)?.request();
  };
  attach();
  performance.addBuildListener(attach);

  window.capsuleBridge = {
    status: () => client.status(),
    states: () => states.map((s) => structuredClone(s)),
    problems: () => [...problems],
    channels(names) {
      const pose = performance.runtime.pose(performance.avatar);
      const layout = registry.layout;
      const wanted = names ? new Set(names) : null;
      const out: Record<string, number> = {};
      for (let i = 0; i < pose.channels.length; i++) {
        const name = layout.name(i);
        if (name !== '' && (wanted === null || wanted.has(name))) out[name] = pose.channels[i]!;
      }
      return out;
    },
  };
  addEventListener('pagehide', () => client.close());
  return client;
}

const stateOf = (engine: Engine): AvatarStateResource | undefined =>
  engine.world.resources.get(AVATAR_STATE) as AvatarStateResource | undefined;
