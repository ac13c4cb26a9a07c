/**
 * `window.capsuleBridge`: what the bridge's browser test (and a curious developer in the console)
 * reads from a viewer driven over `?bridge=` — the client's status, the states it emitted, the pose.
 * Kept apart from bridge-client.ts so tests can import the type without the viewer's modules.
 */
import type { BridgeClientStatus } from '../../engine/bridge/client.ts';
import type { AvatarState } from '../../engine/state/schema-types.ts';

/** The hook. */
export interface BridgeHook {
  status(): BridgeClientStatus;
  /** States the viewer emitted (and sent when connected), oldest first, at most 256. */
  states(): AvatarState[];
  /**
   * The avatar's resolved pose channels now, by layout name (`leftIndexProximal.z`, `aa`, `gaze.yaw`,
   * `custom:smirk`, …): the ones named, or every named channel.
   */
  channels(names?: readonly string[]): Record<string, number>;
  /** Packets the viewer refused and late problems (spoken lines that failed), oldest first. */
  problems(): string[];
}

declare global {
  interface Window {
    capsuleBridge?: BridgeHook;
  }
}
