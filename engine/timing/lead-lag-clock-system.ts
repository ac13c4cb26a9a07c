/**
 * Schedule phase, after the capsule schedule: settles the real capsule ends of new plans, fires the
 * lead-lag machines' timers due by this frame
 * (at their due times), and finishes utterances whose machine went back to idle. This is what makes
 * xstate run on engine time.
 */
import type { EngineWorld } from '../ecs/engine.ts';
import type { LeadLagResource } from './resource.ts';

/** Creates the clock system. */
export function createLeadLagClockSystem(res: LeadLagResource): (world: EngineWorld) => void {
  return (world) => {
    const now = world.time.now;
    res.clock.at(now, () => {
      for (const u of res.active) u.afterCapsules(now);
    });
    res.clock.advanceTo(now);
    for (const u of res.active) if (u.finishIfDone(now)) res.active.delete(u);
  };
}
