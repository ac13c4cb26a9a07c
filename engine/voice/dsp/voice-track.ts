/**
 * A voice parameter track: the resolved VC channels (`pose.voice`) sampled over an utterance, which
 * the offline renderer automates the chain with. Times are ms from the utterance's start in output
 * (heard) time; between samples values ramp linearly, as the audio params do.
 */
import { VOICE_PARAMS } from '../../rig/channels.ts';
import type { VoiceParam } from '../../rig/channels.ts';
import { RateMap } from '../rate-map.ts';
import { clampVoiceParam } from './voice-targets.ts';

/** Parameters per sample. */
export const VOICE_PARAM_COUNT = VOICE_PARAMS.length;

/** Sampled voice parameters. */
export interface VoiceParamTrack {
  /** Sample times, ms from the utterance start, ascending. */
  readonly timesMs: ArrayLike<number>;
  /** VOICE_PARAMS.length values per sample, in VOICE_PARAMS order. */
  readonly values: ArrayLike<number>;
}

/** Neutral parameters (what an avatar with no VC capsule has). */
export const NEUTRAL_VOICE: Float32Array = Float32Array.from(VOICE_PARAMS, (p) => p.neutral);

/** A track holding one set of parameters for the whole utterance; unnamed parameters stay neutral. */
export function constantVoiceTrack(params: Partial<Record<VoiceParam, number>> = {}): VoiceParamTrack {
  const values = Float32Array.from(VOICE_PARAMS, (p) => params[p.name] ?? p.neutral);
  return { timesMs: [0], values };
}

/**
 * Checks a track's shape, throwing an error that names the field: times finite and ascending,
 * values finite with VOICE_PARAMS.length per time. (Out-of-range values are clamped later, as the
 * resolver would.)
 */
export function validateVoiceTrack(track: VoiceParamTrack): void {
  const { timesMs, values } = track;
  if (values.length !== timesMs.length * VOICE_PARAM_COUNT)
    throw new RangeError(
      `voice track: values has ${values.length} numbers, expected timesMs.length × ${VOICE_PARAM_COUNT} = ${timesMs.length * VOICE_PARAM_COUNT}`,
    );
  for (let i = 0; i < timesMs.length; i++) {
    const t = timesMs[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`voice track: timesMs[${i}] must be finite, got ${t}`);
    if (i > 0 && t < timesMs[i - 1]!)
      throw new RangeError(
        `voice track: timesMs[${i}] = ${t} is before timesMs[${i - 1}] = ${timesMs[i - 1]}`,
      );
  }
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]!))
      throw new RangeError(
        `voice track: values[${i}] (${VOICE_PARAMS[i % VOICE_PARAM_COUNT]!.name} at timesMs[${Math.floor(i / VOICE_PARAM_COUNT)}]) must be finite, got ${values[i]}`,
      );
}

/** Index of the rate parameter in VOICE_PARAMS. */
export const RATE_PARAM = VOICE_PARAMS.findIndex((p) => p.name === 'rate');

/** The track's rate column (clamped as the DSP clamps it) as a {@link RateMap} over track time. */
export function trackRateMap(track: VoiceParamTrack): RateMap {
  const map = new RateMap(Math.max(2, track.timesMs.length));
  for (let i = 0; i < track.timesMs.length; i++)
    map.push(
      track.timesMs[i]!,
      clampVoiceParam(RATE_PARAM, track.values[i * VOICE_PARAM_COUNT + RATE_PARAM]),
    );
  return map;
}

/** Writes the track's parameters at `ms` (linear between samples, held beyond the ends) into `out`. */
export function sampleVoiceTrack(track: VoiceParamTrack, ms: number, out: Float64Array): void {
  const { timesMs, values } = track;
  const n = timesMs.length;
  if (n === 0) {
    out.set(NEUTRAL_VOICE);
    return;
  }
  let hi = 0;
  while (hi < n && timesMs[hi]! <= ms) hi++;
  const a = Math.max(0, hi - 1);
  const b = Math.min(n - 1, hi);
  const ta = timesMs[a]!;
  const tb = timesMs[b]!;
  const u = tb > ta ? Math.min(1, Math.max(0, (ms - ta) / (tb - ta))) : 0;
  for (let p = 0; p < VOICE_PARAM_COUNT; p++) {
    const va = values[a * VOICE_PARAM_COUNT + p]!;
    out[p] = va + (values[b * VOICE_PARAM_COUNT + p]! - va) * u;
  }
}
