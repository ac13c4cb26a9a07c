/**
 * Speaking rate over engine time, integrated into speech (source) time. The voice DSP plays a
 * source at a rate that changes with the resolved `rate` channel; lip sync must read its phonemes at
 * the same source position, so both sides integrate the very breakpoints the audio was automated
 * with: linear ramps between points, the last rate held after them — exactly what Web Audio does.
 * Storage is a fixed ring, so pushing every frame never allocates.
 */

/** A piecewise-linear rate curve with its running integral. */
export class RateMap {
  readonly #t: Float64Array;
  readonly #r: Float64Array;
  /** Source ms at each breakpoint (absolute, so dropping old points keeps later answers exact). */
  readonly #s: Float64Array;
  #head = 0;
  #count = 0;
  readonly #initialRate: number;

  /** `capacity` breakpoints are kept (collinear holds merge); older ones are dropped. */
  constructor(capacity = 4096, initialRate = 1) {
    this.#t = new Float64Array(capacity);
    this.#r = new Float64Array(capacity);
    this.#s = new Float64Array(capacity);
    this.#initialRate = initialRate;
  }

  /** Breakpoints held now. */
  get size(): number {
    return this.#count;
  }

  #at(j: number): number {
    return (this.#head + j) % this.#t.length;
  }

  /** Forgets every breakpoint (source time restarts at engine time × initial rate). */
  clear(): void {
    this.#head = 0;
    this.#count = 0;
  }

  /**
   * Adds a breakpoint: the rate is `rate` at engine time `tMs`. Times must not decrease (an equal
   * time replaces the last rate); non-finite or non-positive rates are ignored.
   */
  push(tMs: number, rate: number): void {
    if (!Number.isFinite(tMs) || !(rate > 0) || !Number.isFinite(rate)) return;
    const n = this.#count;
    if (n === 0) {
      const i = this.#at(0);
      this.#t[i] = tMs;
      this.#r[i] = rate;
      this.#s[i] = tMs * this.#initialRate;
      this.#count = 1;
      return;
    }
    const last = this.#at(n - 1);
    const lt = this.#t[last]!;
    if (tMs < lt) return;
    if (tMs === lt) {
      if (n === 1) this.#r[last] = rate;
      else {
        const prev = this.#at(n - 2);
        this.#r[last] = rate;
        this.#s[last] = this.#s[prev]! + ((this.#r[prev]! + rate) / 2) * (lt - this.#t[prev]!);
      }
      return;
    }
    if (n >= 2) {
      const prev = this.#at(n - 2);
      if (this.#r[prev] === rate && this.#r[last] === rate) {
        // A hold: slide the last point instead of adding one.
        this.#t[last] = tMs;
        this.#s[last] = this.#s[prev]! + rate * (tMs - this.#t[prev]!);
        return;
      }
    }
    const s = this.#s[last]! + ((this.#r[last]! + rate) / 2) * (tMs - lt);
    if (n === this.#t.length) {
      this.#head = (this.#head + 1) % this.#t.length;
      this.#count--;
    }
    const i = this.#at(this.#count);
    this.#t[i] = tMs;
    this.#r[i] = rate;
    this.#s[i] = s;
    this.#count++;
  }

  /** Index j (logical) of the last breakpoint at or before tMs, or −1. */
  #find(tMs: number): number {
    let lo = 0;
    let hi = this.#count - 1;
    if (hi < 0 || tMs < this.#t[this.#at(0)]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#t[this.#at(mid)]! <= tMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rate at engine time `tMs`. */
  rateAt(tMs: number): number {
    const n = this.#count;
    if (n === 0) return this.#initialRate;
    const j = this.#find(tMs);
    if (j < 0) return this.#r[this.#at(0)]!;
    const a = this.#at(j);
    if (j === n - 1) return this.#r[a]!;
    const b = this.#at(j + 1);
    const u = (tMs - this.#t[a]!) / (this.#t[b]! - this.#t[a]!);
    return this.#r[a]! + (this.#r[b]! - this.#r[a]!) * u;
  }

  /** Source ms at engine time `tMs` (an absolute running integral; differences are what matter). */
  sourceAt(tMs: number): number {
    const n = this.#count;
    if (n === 0) return tMs * this.#initialRate;
    const j = this.#find(tMs);
    if (j < 0) {
      const first = this.#at(0);
      return this.#s[first]! - this.#r[first]! * (this.#t[first]! - tMs);
    }
    const a = this.#at(j);
    const dt = tMs - this.#t[a]!;
    const r = j === n - 1 ? this.#r[a]! : this.rateAt(tMs);
    return this.#s[a]! + ((this.#r[a]! + r) / 2) * dt;
  }

  /** Source ms elapsed between engine times `fromMs` and `toMs`. */
  elapsed(fromMs: number, toMs: number): number {
    return this.sourceAt(toMs) - this.sourceAt(fromMs);
  }

  /** Engine time at which the running integral reaches `sourceMs` (inverse of {@link sourceAt}). */
  engineAt(sourceMs: number): number {
    const n = this.#count;
    if (n === 0) return sourceMs / this.#initialRate;
    const first = this.#at(0);
    if (sourceMs <= this.#s[first]!) return this.#t[first]! - (this.#s[first]! - sourceMs) / this.#r[first]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#s[this.#at(mid)]! <= sourceMs) lo = mid;
      else hi = mid - 1;
    }
    const a = this.#at(lo);
    const ds = sourceMs - this.#s[a]!;
    const r0 = this.#r[a]!;
    if (lo === n - 1) return this.#t[a]! + ds / r0;
    const b = this.#at(lo + 1);
    const k = (this.#r[b]! - r0) / (this.#t[b]! - this.#t[a]!);
    if (Math.abs(k) < 1e-12) return this.#t[a]! + ds / r0;
    return this.#t[a]! + (-r0 + Math.sqrt(r0 * r0 + 2 * k * ds)) / k;
  }
}
