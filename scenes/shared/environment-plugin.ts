/**
 * The page's environment choice as an engine plugin: a system in phase `input` that gives every
 * avatar the chosen radiance SH and relighting switch whenever the choice changed — including on an
 * engine's very first frame, before the lighting system's first tick, so an engine rebuilt by a seek
 * is lit by the choice from its first frame (an `onBuild` call comes after the build's frames, when
 * a new environment would wait for the next tick). Pages bump `version` when the choice changes.
 */
import { query } from 'bitecs';
import { Avatar } from '../../engine/capsules/components.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { LIGHTING } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';

/** The page's current choice (read every frame; no allocation). */
export interface EnvironmentChoiceState {
  /** Radiance SH (27 floats). */
  readonly radiance: Float32Array;
  /** Relighting on or off; null leaves the engine's switch to the page's other code. */
  readonly relighting: boolean | null;
  /** Changes whenever `radiance` or `relighting` does. */
  readonly version: number;
}

/** Installs the system; `state()` is the page's choice. Needs the lighting plugin (else does nothing). */
export function environmentChoicePlugin(state: () => EnvironmentChoiceState): Plugin {
  return (engine) => {
    let applied = -1;
    const seen: number[] = [];
    engine.addSystem({
      name: 'page-environment',
      phase: 'input',
      run: (world) => {
        const lighting = world.resources.get(LIGHTING) as Lighting | undefined;
        if (!lighting) return;
        const choice = state();
        const changed = choice.version !== applied;
        if (changed && choice.relighting !== null) lighting.enabled = choice.relighting;
        let n = 0;
        for (const avatar of query(world.ecs, [Avatar])) {
          // New avatars get the choice too (a loop of at most a few avatars; no allocation).
          if (changed || seen[n] !== avatar) lighting.setEnvironment(avatar, choice.radiance);
          seen[n++] = avatar;
        }
        seen.length = n;
        applied = choice.version;
      },
    });
  };
}
