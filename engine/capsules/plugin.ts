/**
 * The capsule plugin: the runtime resource and its three systems (schedule → evaluate → resolve).
 * Renderer adapters, voice and state emitters are further plugins that read the pose buffers after
 * `resolve`.
 */
import type { Plugin } from '../ecs/engine.ts';
import { createEvaluateSystem } from './evaluate-system.ts';
import type { RegistryView } from './registry-view.ts';
import { createResolveSystem } from './resolve-system.ts';
import { CAPSULE_RUNTIME, createCapsuleRuntime } from './runtime.ts';
import type { CapsuleRuntime } from './runtime.ts';
import { createScheduleSystem } from './schedule-system.ts';
import { createTimelineRetentionSystem } from './timeline-retention-system.ts';

/** Options of the capsule plugin. */
export interface CapsulePluginOptions {
  /**
   * Timeline records that ended longer ago than this (engine ms) are dropped, so hours of play stay
   * bounded. Infinity keeps the whole history (offline performances that draw it). Default 60 s.
   */
  timelineRetentionMs: number;
}

/** Defaults of {@link CapsulePluginOptions}. */
export const CAPSULE_PLUGIN_DEFAULTS: Readonly<CapsulePluginOptions> = { timelineRetentionMs: 60_000 };

/** Installs the capsule runtime over a registry; read it back with `engine.resource(CAPSULE_RUNTIME)`. */
export function capsulePlugin(registry: RegistryView, options: Partial<CapsulePluginOptions> = {}): Plugin {
  const opts = { ...CAPSULE_PLUGIN_DEFAULTS, ...options };
  if (!(opts.timelineRetentionMs >= 0))
    throw new RangeError(`capsulePlugin: timelineRetentionMs must be ≥ 0, got ${opts.timelineRetentionMs}`);
  return (engine) => {
    const runtime = engine.provide<CapsuleRuntime>(CAPSULE_RUNTIME, createCapsuleRuntime(engine, registry));
    engine.addSystem({ name: 'capsule-schedule', phase: 'schedule', run: createScheduleSystem(runtime) });
    engine.addSystem({ name: 'capsule-evaluate', phase: 'evaluate', run: createEvaluateSystem(runtime) });
    engine.addSystem({ name: 'capsule-resolve', phase: 'resolve', run: createResolveSystem(runtime) });
    engine.addSystem({
      name: 'capsule-timeline-retention',
      phase: 'emit',
      run: createTimelineRetentionSystem(runtime, opts.timelineRetentionMs),
    });
  };
}
