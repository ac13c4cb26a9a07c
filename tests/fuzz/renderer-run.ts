/**
 * The renderers' side of the VRM fuzz: mutants loaded through `loadVrmThree` (three.js + three-vrm,
 * Node DOM shim) and `loadVrmBabylon` (NullEngine), each under a hang watchdog, judged like the rig
 * reader's outcomes. Kept apart from ./vrm-run.ts so the rig fuzz does not load either renderer.
 */
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.pure.js';
import { Logger } from '@babylonjs/core/Misc/logger.js';
import { Scene } from '@babylonjs/core/scene.pure.js';
import { loadVrmBabylon } from '../../engine/adapters/babylon/index.ts';
import { loadVrmThree } from '../../engine/adapters/three/index.ts';
import { installDomShim } from '../conformance/dom-shim.ts';
import type { Mutant } from './mutate.ts';
import { hang, judgeError, now, slow, watchdog, type Outcome } from './vrm-run.ts';

/** Console output the renderers produced during fuzzing (three.js and Babylon warn a lot). */
export const rendererLog = { warn: 0, error: 0, log: 0 };

/**
 * DOM shim for three.js in Node, Babylon's logger off, and console chatter counted instead of
 * printed; returns a function that restores the console.
 */
export function prepareRenderers(): () => void {
  installDomShim();
  const doc = globalThis.document as unknown as Record<string, unknown>;
  doc.addEventListener ??= () => {};
  doc.removeEventListener ??= () => {};
  Logger.LogLevels = Logger.NoneLogLevel;
  const saved = { warn: console.warn, error: console.error, log: console.log, info: console.info };
  console.warn = () => void rendererLog.warn++;
  console.error = () => void rendererLog.error++;
  console.log = () => void rendererLog.log++;
  console.info = () => void rendererLog.log++;
  return () => Object.assign(console, saved);
}

/** Loads one mutant with three.js + three-vrm (call {@link prepareRenderers} first). */
export async function runThree(m: Mutant): Promise<Outcome> {
  const t0 = now();
  try {
    const avatar = await watchdog(loadVrmThree(m.bytes, m.label), m.label);
    const ms = now() - t0;
    avatar.dispose();
    return slow({ label: m.label, reader: 'three', result: 'ok', kind: 'ok', ms });
  } catch (e) {
    return hang(judgeError(e, m.label, 'three', now() - t0), e);
  }
}

let babylonEngine: NullEngine | undefined;

/** Loads one mutant with Babylon.js on a NullEngine, in a fresh scene disposed afterwards. */
export async function runBabylon(m: Mutant): Promise<Outcome> {
  babylonEngine ??= new NullEngine();
  const scene = new Scene(babylonEngine);
  const t0 = now();
  try {
    const vrm = await watchdog(loadVrmBabylon(scene, m.bytes, m.label), m.label);
    const ms = now() - t0;
    vrm.dispose();
    return slow({ label: m.label, reader: 'babylon', result: 'ok', kind: 'ok', ms });
  } catch (e) {
    return hang(judgeError(e, m.label, 'babylon', now() - t0), e);
  } finally {
    scene.dispose();
  }
}
