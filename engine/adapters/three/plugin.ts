/**
 * The three.js adapter as an engine plugin: a `'three-adapter'` resource to attach loaded avatars to
 * engine avatars, and the `three-apply` system that hands each pose to three-vrm in phase `apply`.
 */
import type { Plugin } from '../../ecs/engine.ts';
import { CAPSULE_RUNTIME } from '../../capsules/runtime.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import type { ThreeVrmAvatar } from './avatar.ts';
import { createThreeApplySystem, restoreSpringWind } from './three-apply-system.ts';

/** Resource key of the {@link ThreeAdapter}. */
export const THREE_ADAPTER = 'three-adapter';

/** Which engine avatars drive which loaded VRMs. */
export interface ThreeAdapter {
  /**
   * Drives `vrm` from engine avatar `avatar` each frame. One avatar may drive several VRMs (a mirror,
   * a second view); attaching the same pair twice does nothing.
   */
  attach(avatar: number, vrm: ThreeVrmAvatar): void;
  /**
   * Stops driving every VRM attached to `avatar` (or only `vrm`); the VRMs keep their last pose (and
   * light), and a VRM no longer attached anywhere gets its file's spring-bone settings back (no wind).
   */
  detach(avatar: number, vrm?: ThreeVrmAvatar): void;
  /** Attached engine avatars, parallel to {@link vrms}. */
  readonly avatars: readonly number[];
  /** Attached VRMs, parallel to {@link avatars}. */
  readonly vrms: readonly ThreeVrmAvatar[];
}

/**
 * Installs the adapter. Needs the capsule plugin (for poses and the layout), in either order:
 * the runtime is looked up on first use.
 */
export function threeAdapterPlugin(): Plugin {
  return (engine) => {
    let runtime: CapsuleRuntime | null = null;
    const runtimeOf = (): CapsuleRuntime => (runtime ??= engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME));
    const avatars: number[] = [];
    const vrms: ThreeVrmAvatar[] = [];
    const adapter: ThreeAdapter = {
      avatars,
      vrms,
      attach(avatar, vrm) {
        runtimeOf().pose(avatar);
        for (let i = 0; i < avatars.length; i++) if (avatars[i] === avatar && vrms[i] === vrm) return;
        avatars.push(avatar);
        vrms.push(vrm);
      },
      detach(avatar, vrm) {
        for (let i = avatars.length - 1; i >= 0; i--) {
          if (avatars[i] !== avatar || (vrm !== undefined && vrms[i] !== vrm)) continue;
          const removed = vrms[i]!;
          avatars.splice(i, 1);
          vrms.splice(i, 1);
          if (!vrms.includes(removed)) restoreSpringWind(removed);
        }
      },
    };
    engine.provide<ThreeAdapter>(THREE_ADAPTER, adapter);
    engine.addSystem({
      name: 'three-apply',
      phase: 'apply',
      run: createThreeApplySystem(adapter, runtimeOf),
    });
  };
}
