/**
 * Relighting and the camera rig, per avatar-frame, on the default avatar (Node, no rendering): what
 * the adapters add to a frame — writing this frame's ambient SH and key light into the three.js
 * uniforms and into the Babylon plugin state, spring-bone wind on a three-joint tail, and the camera
 * rig's pose math. The lighting system's own cost (SH transforms at 30 Hz) is the lighting plugin's.
 * Measures, never asserts. Run alone: `node bin/run-ts.js bench/relight.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Logger } from '@babylonjs/core/Misc/logger.js';
import { Scene } from '@babylonjs/core/scene.js';
import { loadVrmBabylon } from '../engine/adapters/babylon/index.ts';
import { babylonRelightStateFor, writeBabylonRelight } from '../engine/adapters/babylon/relight.ts';
import { loadVrmThree } from '../engine/adapters/three/index.ts';
import { relightUniformsFor, writeRelightUniforms } from '../engine/adapters/three/three-apply-system.ts';
import { cameraRigPose, createCameraRigPose } from '../engine/camera/rig.ts';
import { capsulePlugin } from '../engine/capsules/plugin.ts';
import { createRegistry } from '../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME } from '../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../engine/ecs/clock.ts';
import { createEngine } from '../engine/ecs/engine.ts';
import { LIGHTING, lightingPlugin } from '../engine/lighting/index.ts';
import type { Lighting } from '../engine/lighting/index.ts';
import { installDomShim } from '../tests/conformance/dom-shim.ts';
import { perCallUs } from './stats.ts';

const RUNS = 7;
const FRAMES = 2000;

/** Median µs per call (bench/stats.ts). */
function perCall(fn: (frame: number) => void): number {
  return perCallUs(fn, { frames: FRAMES, runs: RUNS, warmup: 200 });
}

/** Per avatar-frame costs, µs. */
export interface RelightResult {
  readonly lightingSystemUs: number;
  readonly threeWriteUs: number;
  readonly babylonWriteUs: number;
  readonly cameraRigUs: number;
}

/** Measures on `file` (the default avatar). */
export async function measureRelight(file: string): Promise<RelightResult> {
  installDomShim();
  const doc = globalThis.document as unknown as Record<string, unknown>;
  doc.addEventListener ??= () => {};
  doc.removeEventListener ??= () => {};
  Logger.LogLevels = Logger.ErrorLogLevel;
  const warn = console.warn;
  console.warn = () => {};
  const bytes = new Uint8Array(readFileSync(file));
  const three = await loadVrmThree(bytes, file);
  const babylonEngine = new NullEngine();
  const babylon = await loadVrmBabylon(new Scene(babylonEngine), bytes, file);
  console.warn = warn;

  const clock = createFixedStepClock(60);
  const engine = createEngine({
    clock,
    seed: 1,
    plugins: [capsulePlugin(createRegistry()), lightingPlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const avatar = runtime.addAvatar('bench');
  const lighting = engine.resource<Lighting>(LIGHTING);
  const uniforms = relightUniformsFor(three);
  const state = babylonRelightStateFor(babylon);
  const pose = runtime.pose(avatar);
  const rig = createCameraRigPose();
  const base = { target: [0, 1.3, 0], distance: 2, yawDeg: 10, pitchDeg: 5, fovDeg: 30 };
  pose.camera[0] = 0.2;
  pose.camera[3] = 2;
  pose.camera[7] = 0.5;

  const result: RelightResult = {
    lightingSystemUs: perCall(() => {
      clock.tick();
      engine.update();
    }),
    threeWriteUs: perCall(() => writeRelightUniforms(uniforms, lighting, avatar)),
    babylonWriteUs: perCall(() => writeBabylonRelight(state, lighting, avatar)),
    cameraRigUs: perCall((f) => cameraRigPose(base, pose.camera, rig, f * 16.7)),
  };
  three.dispose();
  babylon.dispose();
  babylonEngine.dispose();
  return result;
}

if (process.argv.some((a) => a.endsWith('relight.bench.ts'))) {
  const r = await measureRelight('assets/default-avatar.vrm');
  console.log('| per avatar-frame | µs |');
  console.log('|---|---:|');
  console.log(`| engine update with lightingPlugin (no capsules) | ${r.lightingSystemUs.toFixed(2)} |`);
  console.log(`| three.js relight uniform write | ${r.threeWriteUs.toFixed(3)} |`);
  console.log(`| Babylon relight state write | ${r.babylonWriteUs.toFixed(3)} |`);
  console.log(`| camera rig pose | ${r.cameraRigUs.toFixed(3)} |`);
}
