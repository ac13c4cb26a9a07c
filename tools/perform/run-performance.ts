/**
 * Performs a script of capsule commands headlessly on a fixed-step clock: builds the engine, adds
 * the script's avatars, submits its events, then steps frame by frame and hands each frame to
 * `onFrame`. Synchronous, for callers that step alongside (the renderer parity tests). A script with
 * `say` events needs the voice and waits for it: use `performScript` (perform-script.ts), which
 * `capsule perform` runs and which gives a script without say events the same frames as this.
 */
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import type { RegistryView } from '../../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { createFixedStepClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { submitScript } from '../../engine/script/script.ts';
import type { PerformanceScript } from '../../engine/script/script.ts';

/** Options of a headless performance. */
export interface PerformOptions {
  script: PerformanceScript;
  registry: RegistryView;
  seed: number;
  fps: number;
  /** Called after every frame, including frame 0 at t = 0. */
  onFrame?: (
    timeMs: number,
    avatars: readonly { name: string; pose: PoseBuffer }[],
    frame: number,
    total: number,
  ) => void;
}

/** Result: the runtime (timeline, events) after the last frame. */
export interface PerformResult {
  runtime: CapsuleRuntime;
  frames: number;
  events: RuntimeEvent[];
}

/** Runs the whole script; frames are at k × 1000 / fps up to and including duration_ms. */
export function runPerformance(options: PerformOptions): PerformResult {
  const { script, registry, seed, fps } = options;
  const clock = createFixedStepClock(fps);
  const engine = createEngine({
    clock,
    seed,
    plugins: [capsulePlugin(registry, { timelineRetentionMs: Infinity })],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const events: RuntimeEvent[] = [];
  runtime.onEvent((e) => events.push(e));
  const names = new Map(script.avatars.map((name) => [name, runtime.addAvatar(name)]));
  const avatars = script.avatars.map((name) => ({ name, pose: runtime.pose(names.get(name)!) }));
  submitScript(runtime, script, names);
  const total = Math.floor((script.duration_ms * fps) / 1000 + 1e-9) + 1;
  for (let frame = 0; frame < total; frame++) {
    if (frame > 0) clock.tick();
    engine.update();
    options.onFrame?.(clock.now(), avatars, frame, total);
  }
  return { runtime, frames: total, events };
}
