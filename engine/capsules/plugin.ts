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

/** Installs the capsule runtime over a registry; read it back with `engine.resource(CAPSULE_RUNTIME)`. */
export function capsulePlugin(registry: RegistryView): Plugin {
  return (engine) => {
    const runtime = engine.provide<CapsuleRuntime>(CAPSULE_RUNTIME, createCapsuleRuntime(engine, registry));
    engine.addSystem({ name: 'capsule-schedule', phase: 'schedule', run: createScheduleSystem(runtime) });
    engine.addSystem({ name: 'capsule-evaluate', phase: 'evaluate', run: createEvaluateSystem(runtime) });
    engine.addSystem({ name: 'capsule-resolve', phase: 'resolve', run: createResolveSystem(runtime) });
  };
}
