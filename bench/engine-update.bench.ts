/**
 * Engine update cost: 1, 100 and 1,000 avatars with 16 active capsules each (the seed hand library:
 * keyframed, constant and noise tracks), median µs per avatar-frame over repeated runs. Baseline,
 * run side by side: the same avatars with no capsule playing (the fixed schedule + resolve + quaternion
 * cost), so the ratio is what capsule evaluation adds.
 */
import { capsulePlugin } from '../engine/capsules/plugin.ts';
import type { RegistryView } from '../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../engine/ecs/clock.ts';
import { createEngine } from '../engine/ecs/engine.ts';
import { median, timeMs } from './stats.ts';

/** One measured configuration. */
export interface UpdateResult {
  avatars: number;
  capsulesPerAvatar: number;
  /** Median wall ms per engine update (all avatars). */
  frameMs: number;
  /** Median µs per avatar-frame. */
  perAvatarUs: number;
  activeInstances: number;
}

/**
 * Measures `frames` updates after warm-up, `runs` times; capsules are long-running ids chosen so 16
 * stay active on every avatar for the whole measurement.
 */
export function measureUpdate(
  registry: RegistryView,
  ids: readonly string[],
  avatars: number,
  perAvatar: number,
  runs = 7,
  frames = 120,
): UpdateResult {
  const samples: number[] = [];
  let active = 0;
  for (let run = 0; run < runs; run++) {
    const clock = createFixedStepClock(60);
    const engine = createEngine({ clock, seed: run + 1, plugins: [capsulePlugin(registry)] });
    const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    for (let a = 0; a < avatars; a++) {
      const eid = rt.addAvatar(`a${a}`);
      for (let k = 0; k < perAvatar; k++)
        rt.play(eid, ids[(a * 7 + k) % ids.length]!, { atMs: 0, weight: 0.8 });
    }
    for (let f = 0; f < 30; f++) {
      clock.tick();
      engine.update();
    }
    active = Number(rt.timeline.filter((r) => r.end > clock.now()).length);
    const t = timeMs(() => {
      for (let f = 0; f < frames; f++) {
        clock.tick();
        engine.update();
      }
    });
    samples.push(t / frames);
  }
  const frameMs = median(samples);
  return {
    avatars,
    capsulesPerAvatar: perAvatar,
    frameMs,
    perAvatarUs: (frameMs * 1000) / avatars,
    activeInstances: active,
  };
}
