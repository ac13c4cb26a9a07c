/**
 * Samples one compiled track: constant, keyframed (binary search, linear/step/smooth) or seeded
 * band-limited noise. Writes into `out` so the frame loop allocates nothing.
 */
import { unitHash } from '../ecs/random.ts';
import { Interpolation, TrackSource } from './compiled.ts';
import type { CompiledTrack } from './compiled.ts';

/** Relative frequencies and weights of the three partials that make up track noise. */
const NOISE_RATIOS = [0.73, 1, 1.37] as const;
const NOISE_WEIGHTS = [0.3, 0.45, 0.25] as const;
const TWO_PI = Math.PI * 2;

/**
 * Writes the track's value at `phase` (0..1 of its window) and `localMs` (ms into its window) into
 * out[0..width). `seed` is the instance's substream seed.
 */
export function sampleTrack(
  track: CompiledTrack,
  phase: number,
  localMs: number,
  seed: number,
  out: Float64Array,
): void {
  const w = track.width;
  const v = track.values;
  if (track.source === TrackSource.Constant) {
    for (let j = 0; j < w; j++) out[j] = v[j]!;
    return;
  }
  if (track.source === TrackSource.Noise) {
    const seconds = localMs / 1000;
    for (let j = 0; j < w; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) {
        const phi = unitHash(seed, track.key * 16 + k * 4 + j) * TWO_PI;
        sum += NOISE_WEIGHTS[k]! * Math.sin(TWO_PI * track.frequencyHz * NOISE_RATIOS[k]! * seconds + phi);
      }
      out[j] = v[j]! * sum;
    }
    return;
  }
  const times = track.times;
  const n = times.length;
  if (phase <= times[0]!) {
    for (let j = 0; j < w; j++) out[j] = v[j]!;
    return;
  }
  if (phase >= times[n - 1]!) {
    const base = (n - 1) * w;
    for (let j = 0; j < w; j++) out[j] = v[base + j]!;
    return;
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= phase) lo = mid;
    else hi = mid;
  }
  let f = (phase - times[lo]!) / (times[hi]! - times[lo]!);
  if (track.interpolation === Interpolation.Step) f = 0;
  else if (track.interpolation === Interpolation.Smooth) f = f * f * (3 - 2 * f);
  const a = lo * w;
  const b = hi * w;
  for (let j = 0; j < w; j++) out[j] = v[a + j]! + (v[b + j]! - v[a + j]!) * f;
}
