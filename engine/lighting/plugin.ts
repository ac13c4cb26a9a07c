/**
 * The lighting plugin: the `LIGHTING` resource and its system in phase `solve` (after the resolver
 * wrote `pose.light`, before adapters read the SH in `apply`). Install after (or before) the capsule
 * plugin — the runtime is looked up on first use.
 */
import type { Plugin } from '../ecs/engine.ts';
import { createLightingStore, LIGHTING } from './lighting-resource.ts';
import type { Lighting } from './lighting-resource.ts';
import { createLightingSystem } from './lighting-system.ts';
import { lightingOptions } from './options.ts';
import type { LightingOptions } from './options.ts';

/** Installs SH relighting; read it back with `engine.resource<Lighting>(LIGHTING)`. */
export function lightingPlugin(options: Partial<LightingOptions> = {}): Plugin {
  const o = lightingOptions(options);
  return (engine) => {
    const store = createLightingStore(engine, o);
    engine.provide<Lighting>(LIGHTING, store.api);
    engine.addSystem({ name: 'lighting', phase: 'solve', run: createLightingSystem(store) });
  };
}
