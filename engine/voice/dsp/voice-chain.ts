/**
 * One avatar's voice chain, built from Tone.js nodes on an injected context (offline or live):
 *
 *   source ─► pitch shifter ─► formant shelves + peak ─► vibrato ─┬─► presence EQ ─► saturation ─► breath dry ─┐
 *   (rate)    (delay-line)                                         └─► follower ─► × band noise ─► breath noise ┴─► gain ─► out
 *
 * Every control is an audio param, so live and offline both automate it on the audio clock. Rate
 * is resampling (the source's playbackRate); the shifter compensates the pitch it moves, so rate
 * changes duration only. The chain's fixed delay (`latencySec`) is removed by the callers: offline
 * renders trim it, live playback starts sources that much early.
 */
import type { BaseContext, Gain, Param, ToneAudioNode } from 'tone';
import { seededNoise } from './noise.ts';
import { createPitchShifter } from './pitch-shifter.ts';
import { SHIFT_WINDOW_SEC, TARGET_COUNT, Target, VIBRATO_MAX_DELAY_SEC } from './voice-targets.ts';

import type { ToneModule } from './tone-module.ts';

const SATURATION_CURVE = Float32Array.from(
  { length: 2048 },
  (_, i) => Math.tanh(3 * ((i / 2047) * 2 - 1)) / 3,
);

/** Fixed delay through every chain, seconds: half the shifter window plus the vibrato's centre delay. */
export const CHAIN_LATENCY_SEC = SHIFT_WINDOW_SEC / 2 + VIBRATO_MAX_DELAY_SEC / 2;

/** An automatable target: a Tone Param or Signal, seen only as its audio-clock scheduling. */
export interface AutomationTarget {
  setValueAtTime(value: number, timeSec: number): unknown;
  linearRampToValueAtTime(value: number, timeSec: number): unknown;
}

/** A playable source with a playbackRate (ToneBufferSource). */
export interface RateSource {
  readonly playbackRate: Param<'positive'>;
  connect(node: Gain): unknown;
}

/**
 * Forwards rate automation to every connected source's own playbackRate. (A signal connected into
 * playbackRate would be simpler, but node-web-audio-api then starts the source one render quantum
 * early; direct automation is exact in both Node and browsers.)
 */
class RateFanOut implements AutomationTarget {
  readonly #params: Param<'positive'>[] = [];
  #last = 1;

  add(param: Param<'positive'>): void {
    param.value = this.#last;
    this.#params.push(param);
  }

  remove(param: Param<'positive'>): void {
    const i = this.#params.indexOf(param);
    if (i >= 0) this.#params.splice(i, 1);
  }

  setValueAtTime(value: number, timeSec: number): void {
    this.#last = value;
    for (const p of this.#params) p.setValueAtTime(value, timeSec);
  }

  linearRampToValueAtTime(value: number, timeSec: number): void {
    this.#last = value;
    for (const p of this.#params) p.linearRampToValueAtTime(value, timeSec);
  }
}

/** Options of a chain. */
export interface VoiceChainOptions {
  /** Seed of the breath noise. */
  seed: number;
  /** Where the chain's output goes; default the context's destination. */
  destination?: ToneAudioNode | AudioNode;
}

/** A built chain. */
export interface VoiceChain {
  /** Connect sources here (after wiring their playbackRate with {@link VoiceChain.connectSource}). */
  readonly input: Gain;
  readonly output: Gain;
  /** Audio params in {@link Target} order (Rate drives every connected source). */
  readonly targets: readonly AutomationTarget[];
  /** Fixed delay through the chain, seconds. */
  readonly latencySec: number;
  /**
   * Connects a source: its output to the chain, its playbackRate to the rate automation (from the
   * current rate on). Call {@link VoiceChain.releaseSource} when it ends.
   */
  connectSource(source: RateSource): void;
  releaseSource(source: RateSource): void;
  dispose(): void;
}

/** Builds a chain on `context`; its LFOs and noise start at context time `startSec`. */
export function createVoiceChain(
  tone: ToneModule,
  context: BaseContext,
  options: VoiceChainOptions,
  startSec = 0,
): VoiceChain {
  const ctx = { context };
  const rate = new RateFanOut();
  const shifter = createPitchShifter(tone, context, SHIFT_WINDOW_SEC);
  const input = shifter.input;
  const lowShelf = new tone.BiquadFilter({ ...ctx, type: 'lowshelf', frequency: 300, gain: 0 });
  const highShelf = new tone.BiquadFilter({ ...ctx, type: 'highshelf', frequency: 1000, gain: 0 });
  const peak = new tone.BiquadFilter({ ...ctx, type: 'peaking', frequency: 1500, Q: 1.2, gain: 0 });
  // Vibrato: a sine added to a centre delay (Tone.Vibrato's idea in four nodes instead of twelve).
  const vibratoDelay = new tone.Delay({
    ...ctx,
    delayTime: VIBRATO_MAX_DELAY_SEC / 2,
    maxDelay: VIBRATO_MAX_DELAY_SEC,
  });
  const vibratoLfo = new tone.Oscillator({ ...ctx, type: 'sine', frequency: 5.5 });
  const vibratoSwing = new tone.Gain({ ...ctx, gain: 0 });
  const presence = new tone.BiquadFilter({ ...ctx, type: 'peaking', frequency: 3000, Q: 0.9, gain: 0 });
  const satDry = new tone.Gain({ ...ctx, gain: 1 });
  const satWet = new tone.Gain({ ...ctx, gain: 0 });
  // tanh(3x)/3: unity gain for quiet signals, peaks compressed and enriched with harmonics.
  const saturator = new tone.WaveShaper({
    ...ctx,
    mapping: SATURATION_CURVE,
    length: SATURATION_CURVE.length,
  });
  const breathDry = new tone.Gain({ ...ctx, gain: 1 });
  const follower = new tone.Follower({ ...ctx, smoothing: 0.02 });
  const noiseData = seededNoise(options.seed, context.sampleRate);
  const noiseBuffer = context.createBuffer(1, noiseData.length, context.sampleRate);
  noiseBuffer.copyToChannel(noiseData as Float32Array<ArrayBuffer>, 0);
  const noise = new tone.ToneBufferSource({ ...ctx, url: new tone.ToneAudioBuffer(noiseBuffer), loop: true });
  // Aspiration noise: a broad band around 3 kHz (about 1.2–7 kHz).
  const noiseBand = new tone.BiquadFilter({ ...ctx, type: 'bandpass', frequency: 2900, Q: 0.5 });
  const noiseEnvelope = new tone.Gain({ ...ctx, gain: 0 });
  const breathNoise = new tone.Gain({ ...ctx, gain: 0 });
  const output = new tone.Gain({ ...ctx, gain: 1 });

  shifter.output.chain(lowShelf, highShelf, peak, vibratoDelay);
  vibratoLfo.chain(vibratoSwing, vibratoDelay.delayTime);
  vibratoDelay.fan(presence, follower);
  presence.fan(satDry, saturator);
  saturator.connect(satWet);
  satDry.connect(breathDry);
  satWet.connect(breathDry);
  breathDry.connect(output);
  follower.connect(noiseEnvelope.gain);
  noise.chain(noiseBand, noiseEnvelope, breathNoise, output);
  output.connect(options.destination ?? context.destination);
  shifter.start(startSec);
  vibratoLfo.start(startSec);
  noise.start(startSec);

  const targets: AutomationTarget[] = new Array<AutomationTarget>(TARGET_COUNT);
  targets[Target.Rate] = rate;
  targets[Target.ShiftHz] = shifter.shiftHz;
  targets[Target.ShiftDirection] = shifter.direction;
  targets[Target.ShiftWet] = shifter.wet;
  targets[Target.ShiftDry] = shifter.dry;
  targets[Target.LowShelfDb] = lowShelf.gain;
  targets[Target.HighShelfDb] = highShelf.gain;
  targets[Target.PeakHz] = peak.frequency;
  targets[Target.PeakDb] = peak.gain;
  targets[Target.VibratoSwing] = vibratoSwing.gain;
  targets[Target.VibratoHz] = vibratoLfo.frequency;
  targets[Target.BreathNoise] = breathNoise.gain;
  targets[Target.BreathDry] = breathDry.gain;
  targets[Target.PresenceDb] = presence.gain;
  targets[Target.SaturationWet] = satWet.gain;
  targets[Target.SaturationDry] = satDry.gain;
  targets[Target.OutputGain] = output.gain;

  const owned: { dispose(): unknown }[] = [
    shifter,
    lowShelf,
    highShelf,
    peak,
    vibratoDelay,
    vibratoLfo,
    vibratoSwing,
    presence,
    satDry,
    satWet,
    saturator,
    breathDry,
    follower,
    noise,
    noiseBand,
    noiseEnvelope,
    breathNoise,
    output,
  ];
  return {
    input,
    output,
    targets,
    latencySec: CHAIN_LATENCY_SEC,
    connectSource(source) {
      rate.add(source.playbackRate);
      source.connect(input);
    },
    releaseSource(source) {
      rate.remove(source.playbackRate);
    },
    dispose() {
      for (const node of owned) node.dispose();
    },
  };
}
