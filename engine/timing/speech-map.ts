/**
 * Speech time → engine time. A provider times words and phonemes in its own (source) ms; VC capsules
 * on the `rate` channel make the voice play faster or slower, so a word at source 2000 ms is heard
 * at 1600 ms under a ×1.25 rate. The planner predicts the rate from the VC capsules it plans
 * (resolver order on that one channel, nominal durations and weights) and integrates it, so beats
 * on words, stresses and phrase ends land where the word is heard. Lip sync does its own exact
 * integration on the audio clock; this is the planner's forecast of it.
 */
import { Blend } from '../capsules/compiled.ts';
import type { CompiledCapsule, CompiledTrack } from '../capsules/compiled.ts';
import { envelopeAt } from '../capsules/envelope.ts';
import { sampleTrack } from '../capsules/sample-track.ts';
import { VOICE_PARAMS } from '../rig/channels.ts';

/** Maps source ms (from the audio start) to engine ms after the audio start. */
export type SpeechMap = (sourceMs: number) => number;

/** Rate 1 throughout. */
export const IDENTITY_SPEECH: SpeechMap = (x) => x;

/** One planned VC capsule occurrence, `at` in engine ms after the audio start. */
export interface RateInstance {
  readonly c: CompiledCapsule;
  readonly at: number;
  readonly weight: number;
}

const RATE = VOICE_PARAMS.find((p) => p.name === 'rate')!;

/**
 * Integration step inside rate windows, ms. The DSP itself follows per-frame breakpoints (16.7 ms
 * at 60 fps), and envelopes are smooth, so 4 ms trapezoids agree with it to well under a ms.
 */
const STEP_MS = 4;

/** The capsule's tracks on the rate channel. */
export function rateTracks(c: CompiledCapsule, rateChannel: number): CompiledTrack[] {
  return c.tracks.filter((t) => t.channel === rateChannel);
}

/** Builds the map for rate capsules `instances` on channel `rateChannel`. */
export function speechMap(instances: readonly RateInstance[], rateChannel: number): SpeechMap {
  const live = instances
    .map((i) => ({ ...i, tracks: rateTracks(i.c, rateChannel) }))
    .filter((i) => i.tracks.length > 0 && i.weight > 0);
  if (live.length === 0) return IDENTITY_SPEECH;
  const value = new Float64Array(3);
  const overrides: { priority: number; target: number; k: number }[] = [];

  /** The resolved rate at engine ms `t` after the audio start. */
  const rateAt = (t: number): number => {
    let add = 0;
    let mul = 1;
    overrides.length = 0;
    for (const i of live) {
      const u = t - i.at;
      const env = envelopeAt(i.c.envelope, u) * i.weight;
      if (env === 0) continue;
      for (const track of i.tracks) {
        const local = u - track.offsetMs;
        if (local <= 0 || local >= track.spanMs) continue;
        const k = env * track.scale * (track.envelope ? envelopeAt(track.envelope, local) : 1);
        sampleTrack(track, local / track.spanMs, local, 0, value);
        const v = value[0]!;
        if (i.c.blend === Blend.Additive) add += v * k;
        else if (i.c.blend === Blend.Multiply) mul *= 1 + (v - 1) * k;
        else overrides.push({ priority: i.c.priority, target: v, k });
      }
    }
    let r = (RATE.neutral + add) * mul;
    if (overrides.length > 1) overrides.sort((a, b) => a.priority - b.priority);
    for (const o of overrides) r += (o.target - r) * o.k;
    return Math.min(RATE.max, Math.max(RATE.min, Number.isFinite(r) ? r : RATE.neutral));
  };

  // Windows where some rate capsule plays, merged; outside them the rate is 1.
  const windows = live
    .map((i) => [Math.max(0, i.at), Math.max(0, i.at + i.c.durationMs)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const T: number[] = [0];
  const S: number[] = [0];
  let t = 0;
  let s = 0;
  for (const [a0, b] of windows) {
    const a = Math.max(a0, t);
    if (b <= a) continue;
    if (a > t) {
      s += a - t;
      t = a;
      T.push(t);
      S.push(s);
    }
    let r0 = rateAt(t);
    while (t < b) {
      const dt = Math.min(STEP_MS, b - t);
      const r1 = rateAt(t + dt);
      s += ((r0 + r1) / 2) * dt;
      t += dt;
      r0 = r1;
      T.push(t);
      S.push(s);
    }
  }
  return (x) => {
    if (!(x > 0)) return x;
    const last = S.length - 1;
    if (x >= S[last]!) return T[last]! + (x - S[last]!);
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (S[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const ds = S[hi]! - S[lo]!;
    return T[lo]! + ((x - S[lo]!) / ds) * (T[hi]! - T[lo]!);
  };
}
