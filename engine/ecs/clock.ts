/**
 * Injected time. The engine never reads wall time itself: hosts pass a real clock, tests and offline
 * renders a fixed-step or simulated one. Times are milliseconds as float64.
 */

/** A source of engine time in milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock that advances by a fixed step on each `tick()`: frame k is exactly at k × step. */
export interface FixedStepClock extends Clock {
  readonly stepMs: number;
  /** Advances one frame and returns the new time. */
  tick(): number;
  /** Frames advanced so far. */
  readonly frame: number;
}

/** Creates a fixed-step clock at `fps` frames per second (times computed as k × step, so no drift). */
export function createFixedStepClock(fps: number, startMs = 0): FixedStepClock {
  if (!(fps > 0) || !Number.isFinite(fps))
    throw new RangeError(`fixed-step clock: fps must be > 0, got ${fps}`);
  const stepMs = 1000 / fps;
  let frame = 0;
  return {
    stepMs,
    get frame() {
      return frame;
    },
    now: () => startMs + frame * stepMs,
    tick: () => startMs + ++frame * stepMs,
  };
}

/** A clock tests move by hand. */
export interface SimulatedClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** Creates a simulated clock at `startMs`. */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  let t = startMs;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * Wraps a host time source (performance.now, an AudioContext's currentTime × 1000) as a clock,
 * measured from the first reading so engine time starts at 0.
 */
export function createHostClock(source: () => number): Clock {
  let origin: number | null = null;
  return {
    now: () => {
      const t = source();
      if (origin === null) origin = t;
      return t - origin;
    },
  };
}
