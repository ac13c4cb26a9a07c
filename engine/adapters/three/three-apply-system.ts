/**
 * Phase `apply`: copies each attached avatar's resolved pose into its VRM and runs `vrm.update` with
 * the engine's frame delta, so spring bones and MToon animate on engine time, not wall time.
 */
import type { EngineWorld } from '../../ecs/engine.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import type { ThreeAdapter } from './plugin.ts';

/**
 * Creates the system. An avatar removed from the runtime while still attached is skipped rather
 * than failing the frame; detach it to drop it.
 */
export function createThreeApplySystem(
  adapter: ThreeAdapter,
  runtimeOf: () => CapsuleRuntime,
): (world: EngineWorld) => void {
  return (world) => {
    const { avatars, vrms } = adapter;
    if (avatars.length === 0) return;
    const runtime = runtimeOf();
    const layout = runtime.registry.layout;
    const deltaSeconds = world.time.delta / 1000;
    for (let i = 0; i < avatars.length; i++) {
      const avatar = avatars[i]!;
      if (runtime.avatars.pose[avatar] === undefined) continue;
      const vrm = vrms[i]!;
      vrm.applyPose(runtime.pose(avatar), layout);
      vrm.update(deltaSeconds);
    }
  };
}
