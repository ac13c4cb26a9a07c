/**
 * Schedules audio-param targets on the audio clock without flooding it: an event is added only
 * when a value changes, and a change after a quiet spell first re-states the held value at the
 * previous step, so the ramp starts there instead of sloping across the whole quiet spell.
 * Offline renders and the live emit system share it.
 */
import type { AutomationTarget } from './voice-chain.ts';

/** Per-target automation state for one chain. */
export class ParamAutomator {
  readonly #targets: readonly AutomationTarget[];
  readonly #offsets: Float64Array;
  readonly #last: Float64Array;
  readonly #lastTime: Float64Array;
  readonly #prevTime: Float64Array;
  #started = false;

  /** `offsetsSec[i]` is added to every time scheduled on target i (e.g. to follow a latency). */
  constructor(targets: readonly AutomationTarget[], offsetsSec?: ArrayLike<number>) {
    const n = targets.length;
    this.#targets = targets;
    this.#offsets = new Float64Array(n);
    if (offsetsSec) this.#offsets.set(Array.from(offsetsSec).slice(0, n));
    this.#last = new Float64Array(n);
    this.#lastTime = new Float64Array(n);
    this.#prevTime = new Float64Array(n);
  }

  /**
   * Reaches `values` at context time `timeSec` (plus each target's offset): the first call sets
   * them, later calls ramp linearly from the previous step. Times must not decrease.
   */
  apply(values: ArrayLike<number>, timeSec: number): void {
    for (let i = 0; i < this.#targets.length; i++) {
      const v = values[i]!;
      const t = Math.max(0, timeSec + this.#offsets[i]!);
      const target = this.#targets[i]!;
      if (!this.#started) {
        target.setValueAtTime(v, t);
        this.#last[i] = v;
        this.#lastTime[i] = t;
      } else if (v !== this.#last[i] && t > this.#prevTime[i]!) {
        if (this.#lastTime[i]! < this.#prevTime[i]!)
          target.setValueAtTime(this.#last[i]!, this.#prevTime[i]!);
        target.linearRampToValueAtTime(v, t);
        this.#last[i] = v;
        this.#lastTime[i] = t;
      }
      if (t > this.#prevTime[i]!) this.#prevTime[i] = t;
    }
    this.#started = true;
  }
}
