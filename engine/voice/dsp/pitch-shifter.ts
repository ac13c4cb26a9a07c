/**
 * A delay-line (Doppler) pitch shifter whose shift is automatable through zero. Two delay lines
 * read the input at a slope set by a saw LFO, half a period apart, each faded by a sin² window that
 * is zero where its delay jumps; the windows sum to 1. Tone.PitchShift works the same way but flips
 * its ramp with the sign of the shift by swapping LFO ranges and scales its rate by an empirical
 * 1.2, so it can be neither automated through 0 nor trusted to ±3 %. Here the read speed is exactly
 * 1 ± window·F: the saw runs at |F| (node-web-audio-api's oscillator breaks on negative frequencies)
 * and a ±1 `direction` gain in front of the tap shapers reverses the ramp (the sin² windows are
 * symmetric). A delayed dry path takes over near 0 st — where a frozen saw would leave the two taps
 * as a comb filter, and where `direction` flips unheard. Latency is window/2 on both paths.
 */
import type { BaseContext, Gain, Param, Signal } from 'tone';

import type { ToneModule } from './tone-module.ts';

/** The shifter's nodes that callers automate or connect. */
export interface PitchShifter {
  readonly input: Gain;
  readonly output: Gain;
  /** Saw frequency |F|, Hz (see `shifterHz`). */
  readonly shiftHz: Signal<'frequency'>;
  /** +1 for an upward shift (tap delays fall), −1 for a downward one (they rise). */
  readonly direction: Param<'gain'>;
  /** Gain of the shifted path. */
  readonly wet: Param<'gain'>;
  /** Gain of the delayed dry path. */
  readonly dry: Param<'gain'>;
  /** Constant delay of both paths, seconds. */
  readonly latencySec: number;
  /** Starts the saw at `timeSec` (context time). */
  start(timeSec: number): void;
  dispose(): void;
}

/** Saw value x ∈ [−1, 1] → phase 0..1 (the saw's own ringing beyond ±1 is clipped). */
const phaseOf = (x: number): number => (Math.max(-1, Math.min(1, x)) + 1) / 2;
/** Phase of the second tap, half a period on. */
const shifted = (phase: number): number => (phase + 0.5) % 1;

const CURVE_POINTS = 4096;
const curves = new Map<number, Float32Array[]>();

/** Shaper curves for a window (tap A delay, tap B delay, tap A window, tap B window), built once. */
function shifterCurves(windowSec: number): Float32Array[] {
  let c = curves.get(windowSec);
  if (!c) {
    const make = (f: (x: number) => number) =>
      Float32Array.from({ length: CURVE_POINTS }, (_, i) => f((i / (CURVE_POINTS - 1)) * 2 - 1));
    c = [
      make((x) => windowSec * (1 - phaseOf(x))),
      make((x) => windowSec * (1 - shifted(phaseOf(x)))),
      make((x) => Math.sin(Math.PI * phaseOf(x)) ** 2),
      make((x) => Math.sin(Math.PI * shifted(phaseOf(x))) ** 2),
    ];
    curves.set(windowSec, c);
  }
  return c;
}

/** Builds a shifter on `context` with window `windowSec`. */
export function createPitchShifter(tone: ToneModule, context: BaseContext, windowSec: number): PitchShifter {
  const ctx = { context };
  const [delayCurveA, delayCurveB, windowCurveA, windowCurveB] = shifterCurves(windowSec) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const input = new tone.Gain({ ...ctx, gain: 1 });
  const output = new tone.Gain({ ...ctx, gain: 1 });
  const saw = new tone.Oscillator({ ...ctx, type: 'sawtooth', frequency: 0 });
  const direction = new tone.Gain({ ...ctx, gain: 1 });
  const delayShapeA = new tone.WaveShaper({ ...ctx, mapping: delayCurveA, length: CURVE_POINTS });
  const delayShapeB = new tone.WaveShaper({ ...ctx, mapping: delayCurveB, length: CURVE_POINTS });
  const windowA = new tone.WaveShaper({ ...ctx, mapping: windowCurveA, length: CURVE_POINTS });
  const windowB = new tone.WaveShaper({ ...ctx, mapping: windowCurveB, length: CURVE_POINTS });
  const maxDelay = windowSec * 1.25;
  const delayA = new tone.Delay({ ...ctx, delayTime: 0, maxDelay });
  const delayB = new tone.Delay({ ...ctx, delayTime: 0, maxDelay });
  const tapA = new tone.Gain({ ...ctx, gain: 0 });
  const tapB = new tone.Gain({ ...ctx, gain: 0 });
  const wetGain = new tone.Gain({ ...ctx, gain: 0 });
  const dryDelay = new tone.Delay({ ...ctx, delayTime: windowSec / 2, maxDelay });
  const dryGain = new tone.Gain({ ...ctx, gain: 1 });

  saw.connect(direction);
  direction.fan(delayShapeA, delayShapeB, windowA, windowB);
  delayShapeA.connect(delayA.delayTime);
  delayShapeB.connect(delayB.delayTime);
  windowA.connect(tapA.gain);
  windowB.connect(tapB.gain);
  input.fan(delayA, delayB, dryDelay);
  delayA.chain(tapA, wetGain);
  delayB.chain(tapB, wetGain);
  wetGain.connect(output);
  dryDelay.chain(dryGain, output);

  const owned = [input, output, saw, direction, delayShapeA, delayShapeB, windowA, windowB];
  const more = [delayA, delayB, tapA, tapB, wetGain, dryDelay, dryGain];
  return {
    input,
    output,
    shiftHz: saw.frequency,
    direction: direction.gain,
    wet: wetGain.gain,
    dry: dryGain.gain,
    latencySec: windowSec / 2,
    start: (timeSec) => void saw.start(timeSec),
    dispose: () => {
      for (const n of [...owned, ...more]) n.dispose();
    },
  };
}
