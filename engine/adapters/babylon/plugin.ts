/**
 * The Babylon adapter as an engine plugin: a resource to attach loaded avatars to engine avatars,
 * and one system in the `apply` phase that writes each attached avatar's pose buffer into Babylon
 * once per frame, after the resolver has produced it. With the lighting plugin installed, it also
 * writes each avatar's SH light into its materials (relight.ts); without it, materials are untouched.
 */
import type { Plugin } from '../../ecs/engine.ts';
import { CAPSULE_RUNTIME } from '../../capsules/runtime.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import { LIGHTING } from '../../lighting/index.ts';
import type { Lighting } from '../../lighting/index.ts';
import type { BabylonVrm } from './avatar.ts';
import { babylonRelightStateFor, babylonRelightStateOf, writeBabylonRelight } from './relight.ts';

/** Resource key of the adapter. */
export const BABYLON_ADAPTER = 'babylon-adapter';

/** The adapter resource: which Babylon avatar shows which engine avatar. */
export interface BabylonAdapter {
  /** Shows engine avatar `avatar` on `vrm` from the next frame (replaces an earlier attachment). */
  attach(avatar: number, vrm: BabylonVrm): void;
  /** Stops driving the avatar's Babylon model (the model itself is left as it is). */
  detach(avatar: number): void;
}

/** Installs the adapter; needs the capsule plugin (its runtime provides the pose buffers). */
export function babylonAdapterPlugin(): Plugin {
  return (engine) => {
    const avatars: number[] = [];
    const vrms: BabylonVrm[] = [];
    const adapter: BabylonAdapter = {
      attach(avatar, vrm) {
        const i = avatars.indexOf(avatar);
        if (i >= 0) vrms[i] = vrm;
        else {
          avatars.push(avatar);
          vrms.push(vrm);
        }
      },
      detach(avatar) {
        const i = avatars.indexOf(avatar);
        if (i < 0) return;
        avatars.splice(i, 1);
        vrms.splice(i, 1);
      },
    };
    engine.provide<BabylonAdapter>(BABYLON_ADAPTER, adapter);
    let runtime: CapsuleRuntime | null = null;
    engine.addSystem({
      name: 'babylon-apply',
      phase: 'apply',
      run(world) {
        runtime ??= engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
        const layout = runtime.registry.layout;
        const delta = world.time.delta / 1000;
        const lighting = world.resources.get(LIGHTING) as Lighting | undefined;
        for (let i = 0; i < avatars.length; i++) {
          const vrm = vrms[i]!;
          vrm.applyPose(runtime.pose(avatars[i]!), layout);
          if (lighting) writeBabylonRelight(babylonRelightStateFor(vrm), lighting, avatars[i]!);
          else {
            const state = babylonRelightStateOf(vrm);
            if (state) state.relight = 0;
          }
          vrm.update(delta);
        }
      },
    });
  };
}
