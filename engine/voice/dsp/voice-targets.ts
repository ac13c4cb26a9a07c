/**
 * Turns the eight resolved voice parameters (`pose.voice`, VOICE_PARAMS order) into the values the
 * DSP graph's audio params take. Pure and allocation-free, so the live emit system can run it every
 * frame and the offline renderer for every automation point; tests check the arithmetic directly.
 */
import { VOICE_PARAMS } from '../../rig/channels.ts';

/** Pitch-shifter window, seconds: long enough for smooth grains at ±10 st, short enough for a 20 ms latency. */
export const SHIFT_WINDOW_SEC = 0.04;
/** Vibrato delay line length, seconds: room for 1 st of depth at 3 Hz; half of it is latency. */
export const VIBRATO_MAX_DELAY_SEC = 0.008;
/** Below this total shift (semitones) the shifter fades to a delayed dry path, which has no comb. */
export const SHIFT_BYPASS_SEMITONES = 0.5;

/** Index of each audio-param target in a targets array. */
export const enum Target {
  /** Source playbackRate (resampling: speed and pitch together). */
  Rate = 0,
  /** Saw frequency of the delay-line shifter, |F| Hz. */
  ShiftHz,
  /** +1 for an upward shift, −1 for a downward one. */
  ShiftDirection,
  /** Gain of the shifted path. */
  ShiftWet,
  /** Gain of the delayed dry path. */
  ShiftDry,
  LowShelfDb,
  HighShelfDb,
  PeakHz,
  PeakDb,
  /** Vibrato delay swing (amplitude of the sine added to the centre delay), seconds. */
  VibratoSwing,
  VibratoHz,
  /** Gain of the envelope-gated aspiration noise. */
  BreathNoise,
  /** Gain of the voice beside the noise (a breathy voice has weaker harmonics). */
  BreathDry,
  PresenceDb,
  SaturationWet,
  SaturationDry,
  /** Final linear gain. */
  OutputGain,
}

/** Number of targets. */
export const TARGET_COUNT = 17;

/** Breath noise gain per unit breathiness: at 1 the noise sits about 6 dB under the unprocessed voice. */
const BREATH_NOISE_PER_UNIT = 2.3;

const P = VOICE_PARAMS;

/**
 * Voice parameter `i` (VOICE_PARAMS order) clamped to its range, as the resolver clamps it; a
 * missing or non-finite value falls back to the neutral value.
 */
export function clampVoiceParam(i: number, v: number | undefined): number {
  const spec = P[i]!;
  if (v === undefined || !Number.isFinite(v)) return spec.neutral;
  return v < spec.min ? spec.min : v > spec.max ? spec.max : v;
}

const param = (voice: ArrayLike<number>, i: number): number => clampVoiceParam(i, voice[i]);

/**
 * Total shift the delay-line shifter applies: the requested pitch minus what resampling for `rate`
 * already did, so the rate changes duration only.
 */
export function shifterSemitones(pitchSemitones: number, rate: number): number {
  return pitchSemitones - 12 * Math.log2(rate);
}

/**
 * Signed saw frequency for a shift: the delay falls (or rises) by `window` seconds per saw period,
 * so the read speed is 1 + window·F and F = (2^(st/12) − 1) / window.
 */
export function shifterHz(semitones: number, windowSec = SHIFT_WINDOW_SEC): number {
  return (Math.pow(2, semitones / 12) - 1) / windowSec;
}

/**
 * Delay swing (seconds) for a peak pitch deviation of `semitones` at `hz`: a delay A·sin(2π·hz·t)
 * changes the read speed by 2π·hz·A at its steepest. Capped at half the delay line.
 */
export function vibratoSwing(semitones: number, hz: number, maxDelaySec = VIBRATO_MAX_DELAY_SEC): number {
  if (semitones <= 0 || hz <= 0) return 0;
  const deviation = Math.pow(2, semitones / 12) - 1;
  return Math.min(maxDelaySec / 2, deviation / (2 * Math.PI * hz));
}

/** Writes the audio-param targets for one set of voice parameters into `out` (length ≥ TARGET_COUNT). */
export function computeTargets(voice: ArrayLike<number>, out: Float64Array): void {
  const pitch = param(voice, 0);
  const formant = param(voice, 1);
  const rate = param(voice, 2);
  const vibDepth = param(voice, 3);
  const vibHz = param(voice, 4);
  const breath = param(voice, 5);
  const tension = param(voice, 6);
  const gainDb = param(voice, 7);

  const shift = shifterSemitones(pitch, rate);
  const wet = Math.min(1, Math.abs(shift) / SHIFT_BYPASS_SEMITONES);
  out[Target.Rate] = rate;
  out[Target.ShiftHz] = Math.abs(shifterHz(shift));
  out[Target.ShiftDirection] = shift >= 0 ? 1 : -1;
  out[Target.ShiftWet] = wet;
  out[Target.ShiftDry] = 1 - wet;
  // Moving a spectral envelope up by s semitones raises the falling slope above F1 (≈ −12 dB/oct)
  // by about s dB and lowers the rising part below it by about s/2 dB; a peak marks the moved F2.
  out[Target.LowShelfDb] = -0.5 * formant;
  out[Target.HighShelfDb] = formant;
  out[Target.PeakHz] = 1500 * Math.pow(2, formant / 12);
  out[Target.PeakDb] = 0.75 * Math.abs(formant);
  out[Target.VibratoSwing] = vibratoSwing(vibDepth, vibHz);
  out[Target.VibratoHz] = vibHz;
  out[Target.BreathNoise] = BREATH_NOISE_PER_UNIT * breath;
  out[Target.BreathDry] = 1 - 0.35 * breath;
  out[Target.PresenceDb] = 8 * tension;
  out[Target.SaturationWet] = 0.6 * tension;
  out[Target.SaturationDry] = 1 - 0.6 * tension;
  out[Target.OutputGain] = Math.pow(10, gainDb / 20);
}
