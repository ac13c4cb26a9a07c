/**
 * Coarticulation: the mouth never jumps from viseme to viseme. Each phoneme segment exerts a
 * dominance over time (Cohen & Massaro's model): full strength `alpha` inside the segment, decaying
 * exponentially before it (anticipation) and after it (carry-over). The viseme weights at time t are
 * the dominance-weighted average of the segments' targets, so weak articulators (t, k, n — made with
 * the tongue) take the shape of their vowels while strong ones (p, f, rounded vowels) impose theirs.
 * Rounded vowels anticipate over ~100 ms: lips round during the consonants before "oo".
 *
 * Averages cannot guarantee contact, so bilabial stops get a hard closure on top: the weights are
 * pulled to PP (lips shut) from just before the segment to its release; labiodentals (FF) likewise,
 * at 80 %. Everything is a pure function of speech time: no state, exact at any frame rate.
 */
import type { PhonemeEvent } from '../voice-source.ts';
import { isStressed, phonemeUnits, TRANSPARENT, V, VISEME_COUNT } from './visemes.ts';

/** Dominance of a viseme: strength inside its segment and decay time constants outside, ms. */
export interface Dominance {
  readonly alpha: number;
  /** Anticipation: dominance × e^(−Δ/before) at Δ ms before the segment. */
  readonly beforeMs: number;
  /** Carry-over: dominance × e^(−Δ/after) at Δ ms after it. */
  readonly afterMs: number;
}

const d = (alpha: number, beforeMs: number, afterMs: number): Dominance => ({ alpha, beforeMs, afterMs });

/** Dominance per viseme, in VISEMES order (documented in docs/lipsync.md). */
export const DOMINANCE: readonly Dominance[] = [
  d(1.0, 20, 20), // sil (lips settle firmly in pauses)
  d(1.0, 25, 25), // PP
  d(0.9, 25, 25), // FF
  d(0.6, 25, 25), // TH
  d(0.3, 20, 20), // DD
  d(0.25, 20, 20), // kk
  d(0.75, 35, 25), // CH (protrusion anticipates)
  d(0.5, 25, 25), // SS
  d(0.3, 20, 20), // nn
  d(0.6, 40, 25), // RR
  d(0.8, 33, 33), // aa
  d(0.75, 33, 33), // E
  d(0.7, 33, 33), // ih
  d(0.85, 80, 33), // oh (anticipatory rounding)
  d(0.9, 100, 33), // ou (anticipatory rounding)
];

/** Dominance below this fraction of alpha is ignored (bounds the segments looked at per frame). */
const CUTOFF = 0.004;
const MAX_BEFORE = Math.max(...DOMINANCE.map((x) => x.beforeMs)) * Math.log(1 / CUTOFF);
const MAX_AFTER = Math.max(...DOMINANCE.map((x) => x.afterMs)) * Math.log(1 / CUTOFF);
/** How long before its first phoneme a timeline starts to move the mouth, ms. */
export const LIPSYNC_REACH_BEFORE_MS = MAX_BEFORE;
/** How long after its last phoneme a timeline still moves the mouth, ms. */
export const LIPSYNC_REACH_AFTER_MS = MAX_AFTER;

/** Hard-contact visemes and how fully they are reached. */
const CLOSURE_PP = 1;
const CLOSURE_FF = 0.8;
/** Closure ramps: lips start closing this long before the segment and open over this long after it. */
const CLOSE_LEAD_MS = 30;
const OPEN_LAG_MS = 15;

/** A phoneme timeline compiled for evaluation: one segment per viseme, sorted, gaps as silence. */
export interface CompiledSpeech {
  readonly count: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Viseme index, or TRANSPARENT. */
  readonly viseme: Int8Array;
  /** Scales the viseme's shape (reduced vowels, stress). */
  readonly intensity: Float32Array;
  /** End of the last segment, ms. */
  readonly endMs: number;
}

/**
 * Compiles phoneme events (ms from speech start). Throws naming the event for non-finite times;
 * overlapping events are clipped to their predecessor's end, gaps become silence.
 */
export function compileSpeech(phonemes: readonly PhonemeEvent[]): CompiledSpeech {
  phonemes.forEach((p, i) => {
    if (typeof p.phoneme !== 'string')
      throw new TypeError(`lip sync: phonemes[${i}].phoneme must be a string`);
    if (!Number.isFinite(p.startMs) || !Number.isFinite(p.endMs))
      throw new RangeError(
        `lip sync: phonemes[${i}] (${p.phoneme}) needs finite startMs and endMs, got ${p.startMs}, ${p.endMs}`,
      );
  });
  const sorted = [...phonemes].sort((a, b) => a.startMs - b.startMs);
  const start: number[] = [];
  const end: number[] = [];
  const viseme: number[] = [];
  const intensity: number[] = [];
  const push = (s: number, e: number, v: number, k: number) => {
    if (e - s <= 0) return;
    start.push(s);
    end.push(e);
    viseme.push(v);
    intensity.push(k);
  };
  let cursor = -Infinity;
  for (const p of sorted) {
    const s = Math.max(p.startMs, cursor);
    const e = Math.max(s, p.endMs);
    if (e <= s) continue;
    if (Number.isFinite(cursor) && s - cursor > 1) push(cursor, s, V.sil, 1);
    const units = phonemeUnits(p.phoneme);
    const stress = isStressed(p.phoneme) ? 1.1 : 1;
    if (units.length === 0) push(s, e, TRANSPARENT, 1);
    const total = units.reduce((sum, u) => sum + u.length, 0);
    let t = s;
    for (const unit of units) {
      const span = ((e - s) * unit.length) / total;
      const k = Math.min(1, unit.intensity * (unit.length > 1 ? stress : 1));
      if (unit.visemes.length === 0) push(t, t + span, TRANSPARENT, 1);
      else if (unit.visemes.length === 1) push(t, t + span, unit.visemes[0]!, k);
      else {
        // A diphthong glides: 60 % on its first viseme, 40 % on its second.
        push(t, t + span * 0.6, unit.visemes[0]!, k);
        push(t + span * 0.6, t + span, unit.visemes[1]!, k);
      }
      t += span;
    }
    cursor = e;
  }
  return {
    count: start.length,
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    viseme: Int8Array.from(viseme),
    intensity: Float32Array.from(intensity),
    endMs: start.length > 0 ? end[end.length - 1]! : 0,
  };
}

/** Smoothstep 0→1 as x goes a→b. */
function smooth(x: number, a: number, b: number): number {
  if (x <= a) return 0;
  if (x >= b) return 1;
  const u = (x - a) / (b - a);
  return u * u * (3 - 2 * u);
}

/** Dominance of a segment [s, e] of viseme v at time t. */
function dominance(v: number, s: number, e: number, t: number): number {
  const dom = DOMINANCE[v]!;
  if (t < s) return dom.alpha * Math.exp((t - s) / dom.beforeMs);
  if (t > e) return dom.alpha * Math.exp((e - t) / dom.afterMs);
  return dom.alpha;
}

/** How closed a hard-contact segment holds the lips at t (0..1). */
function closure(s: number, e: number, t: number): number {
  const hold = Math.min(10, (e - s) / 3);
  return Math.min(smooth(t, s - CLOSE_LEAD_MS, s + hold), 1 - smooth(t, e - hold, e + OPEN_LAG_MS));
}

/** Index of the last segment starting at or before `t`, or −1. */
function lastStartingBy(c: CompiledSpeech, t: number): number {
  let lo = 0;
  let hi = c.count - 1;
  if (hi < 0 || c.start[0]! > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (c.start[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Viseme weights at speech time `t` (ms) into `out` (length VISEME_COUNT), each already scaled by
 * its segment's intensity; silence before and after the speech is implicit. Allocation-free.
 */
export function visemeWeights(c: CompiledSpeech, t: number, out: Float64Array): void {
  out.fill(0);
  if (c.count === 0) {
    out[V.sil] = 1;
    return;
  }
  let total = 0;
  // Implicit silence before the first and after the last segment.
  const sil = DOMINANCE[V.sil]!;
  const first = c.start[0]!;
  const lead = t <= first ? sil.alpha : sil.alpha * Math.exp((first - t) / sil.afterMs);
  const trail = t >= c.endMs ? sil.alpha : sil.alpha * Math.exp((t - c.endMs) / sil.beforeMs);
  out[V.sil] = lead + trail;
  total = lead + trail;
  let pp = 0;
  let ff = 0;
  for (let i = lastStartingBy(c, t + MAX_BEFORE); i >= 0; i--) {
    const s = c.start[i]!;
    const e = c.end[i]!;
    if (e < t - MAX_AFTER) break;
    const v = c.viseme[i]!;
    if (v === TRANSPARENT) continue;
    const w = dominance(v, s, e, t);
    out[v]! += w * c.intensity[i]!;
    total += w;
    if (v === V.PP) pp = Math.max(pp, closure(s, e, t));
    else if (v === V.FF) ff = Math.max(ff, closure(s, e, t));
  }
  for (let v = 0; v < VISEME_COUNT; v++) out[v]! /= total;
  // Hard contact: labiodental first, bilabial last (it wins).
  contact(out, V.FF, ff * CLOSURE_FF);
  contact(out, V.PP, pp * CLOSURE_PP);
}

/** Pulls the weights towards viseme `v` by `k` (0..1). */
function contact(out: Float64Array, v: number, k: number): void {
  if (k <= 0) return;
  for (let j = 0; j < VISEME_COUNT; j++) out[j]! *= 1 - k;
  out[v]! += k;
}
