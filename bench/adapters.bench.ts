/**
 * Renderer adapters, per avatar-frame, on the default avatar, side by side with three-vrm's own
 * `vrm.update()` (the baseline the brief names): the engine (schedule + evaluate + resolve with 16
 * active capsules) plus the adapter's write (applyPose), against `vrm.update()` alone; the same with
 * Babylon.js (NullEngine); and load times of the default avatar in each. Node only, no GPU: render
 * time is not measured.
 */
import { readFileSync } from 'node:fs';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.pure.js';
import { Logger } from '@babylonjs/core/Misc/logger.js';
import { Scene } from '@babylonjs/core/scene.pure.js';
import { loadVrmBabylon } from '../engine/adapters/babylon/index.ts';
import { loadVrmThree } from '../engine/adapters/three/index.ts';
import { capsulePlugin } from '../engine/capsules/plugin.ts';
import type { RegistryView } from '../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../engine/ecs/clock.ts';
import { createEngine } from '../engine/ecs/engine.ts';
import { installDomShim } from '../tests/conformance/dom-shim.ts';
import { median, perCallUs } from './stats.ts';

/** Medians, µs per avatar-frame, and load ms. */
export interface AdapterResult {
  vrmUpdateUs: number;
  engineUs: number;
  threeApplyUs: number;
  babylonApplyUs: number;
  threeLoadMs: number;
  babylonLoadMs: number;
}

const FRAMES = 600;
const RUNS = 7;

/** Median µs per call (bench/stats.ts). */
function perCall(fn: (frame: number) => void): number {
  return perCallUs(fn, { frames: FRAMES, runs: RUNS, warmup: 120 });
}

/** Measures on `file` (the default avatar) with 16 long capsules from `ids` playing. */
export async function measureAdapters(
  file: string,
  registry: RegistryView,
  ids: readonly string[],
): Promise<AdapterResult> {
  installDomShim();
  const doc = globalThis.document as unknown as Record<string, unknown>;
  doc.addEventListener ??= () => {};
  doc.removeEventListener ??= () => {};
  Logger.LogLevels = Logger.ErrorLogLevel;
  const bytes = new Uint8Array(readFileSync(file));
  // three.js warns on every load that it de-interleaves attributes; the bench output is the report.
  const warn = console.warn;
  console.warn = () => {};

  const threeLoads: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    (await loadVrmThree(bytes, file)).dispose();
    threeLoads.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const babylonEngine = new NullEngine();
  const babylonLoads: number[] = [];
  for (let r = 0; r < 5; r++) {
    const scene = new Scene(babylonEngine);
    const t0 = process.hrtime.bigint();
    (await loadVrmBabylon(scene, bytes, file)).dispose();
    babylonLoads.push(Number(process.hrtime.bigint() - t0) / 1e6);
    scene.dispose();
  }

  const three = await loadVrmThree(bytes, file);
  const babylon = await loadVrmBabylon(new Scene(babylonEngine), bytes, file);
  const clock = createFixedStepClock(60);
  const engine = createEngine({ clock, seed: 1, plugins: [capsulePlugin(registry)] });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const avatar = runtime.addAvatar('bench');
  for (let k = 0; k < 16; k++) runtime.play(avatar, ids[k % ids.length]!, { atMs: 0, weight: 0.8 });
  const pose = runtime.pose(avatar);
  const layout = registry.layout;
  const dt = 1 / 60;

  const result: AdapterResult = {
    vrmUpdateUs: perCall(() => three.update(dt)),
    engineUs: perCall(() => {
      clock.tick();
      engine.update();
    }),
    threeApplyUs: perCall(() => three.applyPose(pose, layout)),
    babylonApplyUs: perCall(() => {
      babylon.applyPose(pose, layout);
      babylon.update(dt);
    }),
    threeLoadMs: median(threeLoads),
    babylonLoadMs: median(babylonLoads),
  };
  three.dispose();
  babylon.dispose();
  babylonEngine.dispose();
  console.warn = warn;
  return result;
}
