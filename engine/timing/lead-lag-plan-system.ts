/**
 * Schedule phase, before the capsule schedule: utterances whose voice is ready are planned at this
 * frame's time, so their capsule commands are spawned in the same frame.
 */
import type { EngineWorld } from '../ecs/engine.ts';
import type { LeadLagResource } from './resource.ts';

/** Creates the plan system. */
export function createLeadLagPlanSystem(res: LeadLagResource): (world: EngineWorld) => void {
  return (world) => {
    const now = world.time.now;
    res.clock.at(now, () => {
      for (const u of res.active) u.beforeCapsules(now);
    });
  };
}
