/**
 * The engine clock in live use: an AudioContext's own clock, so capsules, lip sync and the voice
 * DSP share one timeline and nothing drifts against the audio hardware. Engine ms 0 is the
 * context's time when the clock was made; the voice output converts back with `toContextTime`.
 */
import type { Clock } from '../ecs/clock.ts';

/** A clock reading an audio context, with the mapping between engine ms and context seconds. */
export interface AudioClock extends Clock {
  /** Context time (s) at engine time 0. */
  readonly originSec: number;
  /** Context seconds of an engine time in ms. */
  toContextTime(engineMs: number): number;
  /** Engine ms of a context time in seconds. */
  fromContextTime(contextSec: number): number;
}

/**
 * Creates the engine clock from `context.currentTime`. Equivalent to
 * `createHostClock(() => context.currentTime * 1000)` except that the origin is fixed now (not at
 * the first frame) and exposed, so audio scheduling and engine time agree exactly.
 */
export function createAudioClock(context: { readonly currentTime: number }): AudioClock {
  const originSec = context.currentTime;
  return {
    originSec,
    now: () => (context.currentTime - originSec) * 1000,
    toContextTime: (engineMs) => originSec + engineMs / 1000,
    fromContextTime: (contextSec) => (contextSec - originSec) * 1000,
  };
}

/** True for a clock that knows its audio-context mapping. */
export function isAudioClock(clock: Clock): clock is AudioClock {
  const c = clock as Partial<AudioClock>;
  return typeof c.toContextTime === 'function' && typeof c.fromContextTime === 'function';
}
