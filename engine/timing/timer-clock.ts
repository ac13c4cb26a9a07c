/**
 * An xstate clock on engine time. xstate actors schedule their delayed transitions through it; the
 * timers fire from a system in phase `schedule` at engine time, never from setTimeout. While a timer
 * fires, `now()` is that timer's due time, so a delay set from inside it counts from when it was
 * due rather than from the (later) frame, and chains of phases keep their planned times exactly.
 */

/** An xstate `Clock` whose timers the engine fires. */
export interface TimerClock {
  /** Engine ms: the firing timer's due time, a frame's time while a system runs, else the source. */
  now(): number;
  setTimeout(fn: () => void, timeoutMs: number): number;
  clearTimeout(id: number): void;
  /** Fires every timer due at or before `t` in due order (ties: in the order they were set). */
  advanceTo(t: number): void;
  /** Runs `fn` with `now()` fixed at `t` (a system planning at its frame time). */
  at<T>(t: number, fn: () => T): T;
  /** Timers waiting. */
  readonly pending: number;
}

interface Timer {
  readonly due: number;
  readonly fn: () => void;
}

/** Creates a timer clock over a time source (the engine clock). */
export function createTimerClock(source: () => number): TimerClock {
  const timers = new Map<number, Timer>();
  let nextId = 1;
  let fixed: number | null = null;
  const now = (): number => fixed ?? source();
  const at = <T>(t: number, fn: () => T): T => {
    const saved = fixed;
    fixed = t;
    try {
      return fn();
    } finally {
      fixed = saved;
    }
  };
  return {
    now,
    setTimeout(fn, timeoutMs) {
      const id = nextId++;
      timers.set(id, { due: now() + Math.max(0, Number.isFinite(timeoutMs) ? timeoutMs : 0), fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    advanceTo(t) {
      for (;;) {
        let bestId = 0;
        let best: Timer | undefined;
        for (const [id, timer] of timers)
          if (timer.due <= t && (best === undefined || timer.due < best.due)) {
            best = timer;
            bestId = id;
          }
        if (best === undefined) return;
        timers.delete(bestId);
        at(best.due, best.fn);
      }
    },
    at,
    get pending() {
      return timers.size;
    },
  };
}
