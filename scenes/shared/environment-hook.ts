/**
 * `window.capsuleEnvironment`: the Environment section's handle for the browser tests and the
 * console (the viewer's `window.capsuleViewer` is the scene's; this one is the light's).
 */
import type { EnvironmentPanel } from './environment-panel.ts';

/** What the viewer exposes on `window.capsuleEnvironment`. */
export interface EnvironmentHook {
  /** Resolves once the opening environment's background is drawn. */
  readonly ready: Promise<void>;
  /** Bundled ids and loaded `file:` ids in the picker. */
  ids(): string[];
  /** Picker value in use. */
  current(): string;
  select(id: string): Promise<boolean>;
  loadBytes(bytes: Uint8Array | ArrayBuffer, name: string): Promise<boolean>;
  lastError(): string | null;
  setRelighting(on: boolean): void;
  /** Mean linear colour of the preview sphere as last drawn. */
  previewMean(): [number, number, number];
}

declare global {
  interface Window {
    capsuleEnvironment?: EnvironmentHook;
  }
}

/** Installs the hook over the panel. */
export function installEnvironmentHook(panel: EnvironmentPanel, ready: Promise<void>): void {
  window.capsuleEnvironment = {
    ready,
    ids: () =>
      Array.from(document.querySelectorAll<HTMLOptionElement>('#environment option'), (o) => o.value),
    current: () => panel.current().id,
    select: (id) => panel.select(id),
    loadBytes: (bytes, name) => panel.loadBytes(new Uint8Array(bytes), name),
    lastError: () => panel.lastError(),
    setRelighting: (on) => panel.setRelighting(on),
    previewMean: () => panel.previewMean(),
  };
}
