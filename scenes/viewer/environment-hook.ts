/** Installs the viewer's `window.capsuleEnvironment` (scenes/shared/environment-hook.ts) over its Environment section. */
import { optionValues } from '../shared/environment-hook.ts';
import type { EnvironmentPanel } from './environment-panel.ts';
import { ui } from './viewer-ui.ts';

/** Installs the hook over the panel. */
export function installEnvironmentHook(panel: EnvironmentPanel): void {
  window.capsuleEnvironment = {
    ready: panel.ready,
    ids: () => optionValues(ui.environment),
    current: () => panel.current().id,
    select: (id) => panel.select(id),
    loadBytes: (bytes, name) => panel.loadBytes(new Uint8Array(bytes), name),
    lastError: () => panel.lastError(),
    setRelighting: (on) => panel.setRelighting(on),
    previewMean: () => panel.previewMean(),
  };
}
