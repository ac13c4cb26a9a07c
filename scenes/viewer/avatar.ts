/**
 * An avatar on the viewer's stage: loaded by the Babylon adapter, attached to the engine avatar of
 * every (re)built engine, and able to say where its bones are (camera framing, test boxes).
 */
import type { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import {
  BABYLON_ADAPTER,
  babylonAdapterPlugin,
  loadVrmBabylon,
} from '../../engine/adapters/babylon/index.ts';
import type { BabylonAdapter, BabylonVrm } from '../../engine/adapters/babylon/index.ts';
import type { Engine, Plugin } from '../../engine/ecs/engine.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';
import { isHumanBoneName } from '../../engine/rig/bones.ts';
import { leadLagPlugin } from '../../engine/timing/plugin.ts';
import { MAX_LOOK_AHEAD_MS, voiceOutputPlugin } from '../../engine/voice/dsp/voice-output.ts';
import { lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import { sceneLightingPlugin } from '../shared/lighting.ts';

/** A loaded avatar as the viewer uses it. */
export interface ViewerAvatar {
  readonly fileName: string;
  readonly vrm: BabylonVrm;
  /** Drives this avatar from engine avatar `eid` of `engine`. */
  attach(engine: Engine, eid: number): void;
  detach(engine: Engine, eid: number): void;
  /** World position of a humanoid bone's node; false when the avatar lacks the bone. */
  bonePosition(bone: string, out: Vector3): boolean;
  dispose(): void;
}

/** Where the viewer's voices play: its audio context, master bus and engine → context mapping. */
export interface ViewerVoiceOutput {
  readonly context: AudioContext;
  readonly destination: AudioNode;
  readonly toContextTime: (engineMs: number) => number;
}

/**
 * Plugins every engine of the viewer needs after the capsule plugin: the idle, the lead-lag
 * scheduler and lip sync (spoken lines), the voice output once there is audio (the first Speak
 * makes it), SH relighting (on by default), then the renderer.
 */
export function viewerPlugins(voice: ViewerVoiceOutput | null = null): Plugin[] {
  return [
    idlePlugin(),
    leadLagPlugin(),
    lipSyncPlugin(),
    ...(voice
      ? [
          voiceOutputPlugin(voice.context, {
            toContextTime: voice.toContextTime,
            // Engine time is the heard time (audio.ts), which trails the render clock by the output
            // latency; the longest look-ahead keeps the voice's parameters closest to their audio.
            lookAheadMs: MAX_LOOK_AHEAD_MS,
            destination: () => voice.destination,
          }),
        ]
      : []),
    sceneLightingPlugin(),
    babylonAdapterPlugin(),
  ];
}

/**
 * Loads a VRM into the scene. Throws a `RigReadError` (naming the file and the byte offset or JSON
 * path) for input that is not a usable VRM; nothing stays in the scene then.
 */
export async function loadViewerAvatar(
  scene: Scene,
  bytes: Uint8Array,
  fileName: string,
): Promise<ViewerAvatar> {
  const vrm = await loadVrmBabylon(scene, bytes, fileName);
  return {
    fileName,
    vrm,
    attach: (engine, eid) => engine.resource<BabylonAdapter>(BABYLON_ADAPTER).attach(eid, vrm),
    detach: (engine, eid) => engine.resource<BabylonAdapter>(BABYLON_ADAPTER).detach(eid),
    bonePosition(bone, out) {
      const node = isHumanBoneName(bone) ? vrm.boneNode(bone) : null;
      if (!node) return false;
      // World matrices refresh at render time; bring the chain up to date from the top.
      const chain: TransformNode[] = [];
      for (let n: TransformNode | null = node; n; n = n.parent as TransformNode | null) chain.unshift(n);
      for (const n of chain) n.computeWorldMatrix(true);
      out.copyFrom(node.getAbsolutePosition());
      return true;
    },
    dispose: () => vrm.dispose(),
  };
}
