/**
 * Where an instance is in its capsule at engine time `now`: the capsule-time position after
 * variation, abort (retract mirrors the path back; fade holds and fades) and cancel. Shared by the
 * evaluator (every frame) and the scheduler (to plan the end), so the two never disagree.
 */
import { smoothstep } from './easing.ts';

/** Shortest fade when an abort does not retract, capsule ms. */
export const ABORT_FADE_MIN_MS = 40;

/** Out-parameter of {@link instanceTime}. */
export interface InstanceTime {
  /** Position in the capsule's own time, ms (0..durationMs). */
  capsuleMs: number;
  /** Extra fade factor from an abort or a cancel, 0..1. */
  fade: number;
}

/**
 * Computes the capsule-time position and fade. `elapsed` is ms since onset in engine time,
 * `timeScale` = capsule duration / instance duration.
 */
export function instanceTime(
  elapsed: number,
  timeScale: number,
  durationMs: number,
  releaseMs: number,
  abortAt: number,
  retract: boolean,
  cancelElapsed: number,
  cancelFade: number,
  out: InstanceTime,
): void {
  let u = elapsed * timeScale;
  let fade = 1;
  if (abortAt < 1) {
    const stop = abortAt * durationMs;
    if (u > stop) {
      if (retract) u = Math.max(0, 2 * stop - u);
      else {
        fade = 1 - smoothstep((u - stop) / Math.max(releaseMs, ABORT_FADE_MIN_MS));
        u = stop;
      }
    }
  }
  if (cancelElapsed > 0) fade *= cancelFade > 0 ? 1 - smoothstep(cancelElapsed / cancelFade) : 0;
  out.capsuleMs = u;
  out.fade = fade;
}

/** Engine-ms length of an instance after its abort (the cancel is applied separately). */
export function plannedLength(
  duration: number,
  timeScale: number,
  durationMs: number,
  releaseMs: number,
  abortAt: number,
  retract: boolean,
): number {
  if (abortAt >= 1) return duration;
  const stop = abortAt * durationMs;
  const capsuleLength = retract ? 2 * stop : stop + Math.max(releaseMs, ABORT_FADE_MIN_MS);
  return capsuleLength / timeScale;
}
