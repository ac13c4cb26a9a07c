/**
 * Relighting as the scenes install it: the lighting plugin (SH relighting, on, DEFAULT_ENVIRONMENT
 * until a scene sets its own) in every engine a performance builds, and small helpers over it for
 * the pages and their test hooks.
 */
import type { Engine, Plugin } from '../../engine/ecs/engine.ts';
import { LIGHTING, lightingPlugin } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import type { CameraRigPose } from '../../engine/camera/rig.ts';
import type { CameraInfo } from './hook.ts';

/**
 * The scenes' lighting plugin: relighting on, the default environment, recomputed every frame from
 * that frame's LD parameters (`everyFrame`). The scenes promise that a frame reached by playing is
 * bit-identical to the same moment rebuilt by a seek (the viewer's scrub test); the tick-and-blend
 * mode depends on when frames ran, every-frame mode only on engine time.
 */
export function sceneLightingPlugin(): Plugin {
  return lightingPlugin({ everyFrame: true });
}

/** An engine's lighting resource, or null when it has none. */
export function sceneLighting(engine: Engine): Lighting | null {
  return (engine.world.resources.get(LIGHTING) as Lighting | undefined) ?? null;
}

/** A rig pose as the hook reports it. */
export function cameraInfo(pose: CameraRigPose): CameraInfo {
  const p = pose.position;
  const t = pose.target;
  const u = pose.up;
  return {
    position: [p[0]!, p[1]!, p[2]!],
    target: [t[0]!, t[1]!, t[2]!],
    up: [u[0]!, u[1]!, u[2]!],
    fovDeg: pose.fovDeg,
  };
}

/** Engine time a changed environment needs to show fully: two lighting ticks at 30 Hz, and some. */
export const LIGHT_SETTLE_MS = 100;

/**
 * Sets the avatar's radiance SH on the performance's current engine and lets engine time run
 * {@link LIGHT_SETTLE_MS} (playing for that long, paused or not), so the adapters write it — a paused
 * page would otherwise keep showing the old light. The scenes' every-frame lighting shows it from the
 * first of those frames; the 100 ms cover a tick-mode lighting (one tick behind). Until the next seek.
 */
export function setEnvironmentNow(
  performance: {
    readonly engine: Engine;
    readonly avatar: number;
    readonly playing: boolean;
    setPlaying(on: boolean): void;
    tick(deltaMs: number): void;
  },
  radiance: ArrayLike<number>,
): void {
  const lighting = sceneLighting(performance.engine);
  if (!lighting) return;
  lighting.setEnvironment(performance.avatar, radiance);
  const playing = performance.playing;
  performance.setPlaying(true);
  performance.tick(LIGHT_SETTLE_MS);
  performance.setPlaying(playing);
}
