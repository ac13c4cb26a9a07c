/**
 * The lead-lag plugin: the scheduler's resource and its two systems around the capsule schedule.
 * Install it after `capsulePlugin` (its systems are ordered against `capsule-schedule`).
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Plugin } from '../ecs/engine.ts';
import { createLeadLagClockSystem } from './lead-lag-clock-system.ts';
import { createLeadLagPlanSystem } from './lead-lag-plan-system.ts';
import { createLeadLagResource, LEAD_LAG } from './resource.ts';
import type { LeadLagResource } from './resource.ts';
import { createTimerClock } from './timer-clock.ts';

/** Options of {@link leadLagPlugin}. */
export interface LeadLagPluginOptions {
  /** Utterances whose lanes are kept for timelines. Default 64. */
  historyLimit?: number;
}

/** Installs the lead-lag scheduler; read it back with `engine.resource(LEAD_LAG)`. */
export function leadLagPlugin(options: LeadLagPluginOptions = {}): Plugin {
  return (engine) => {
    const clock = createTimerClock(() => engine.clock.now());
    let runtime: CapsuleRuntime | undefined;
    const res = engine.provide<LeadLagResource>(
      LEAD_LAG,
      createLeadLagResource(clock, options.historyLimit ?? 64),
    );
    engine.addSystem({
      name: 'lead-lag-plan',
      phase: 'schedule',
      before: ['capsule-schedule'],
      run: createLeadLagPlanSystem(res, () => (runtime ??= engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME))),
    });
    engine.addSystem({
      name: 'lead-lag-clock',
      phase: 'schedule',
      after: ['capsule-schedule'],
      run: createLeadLagClockSystem(res),
    });
  };
}
