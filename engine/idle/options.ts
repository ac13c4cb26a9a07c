/**
 * What the idle plays and how often. Defaults follow measurements of people at rest and in
 * conversation (sources in docs/library.md); hosts override any field with `idlePlugin({ … })`.
 */

/** A blink variant and its share of all idle blinks. */
export interface BlinkVariant {
  readonly id: string;
  /** Relative frequency; shares are normalised over the list. */
  readonly share: number;
}

/** Capsule ids of the four saccade steps (one unit offset each; the idle scales them by weight). */
export interface SaccadeSteps {
  readonly left: string;
  readonly right: string;
  readonly up: string;
  readonly down: string;
}

/** Idle options. Times in ms, angles in degrees. */
export interface IdleOptions {
  /** Long breathing loop, re-issued one release before it ends so copies crossfade in phase. */
  readonly breathing: string;
  /** Long micro-tremor loop on head and hands, re-issued the same way. */
  readonly tremor: string;
  /** Low-priority override that brings neck, head and gaze back to centre. */
  readonly recentre: string;
  /** Blink variants: mostly full, some half, occasional double and slow. */
  readonly blinks: readonly BlinkVariant[];
  /** Mean interval between blink onsets. */
  readonly blinkMeanMs: number;
  /** Coefficient of variation of the (log-normal) blink interval. */
  readonly blinkCv: number;
  /** Blink intervals are clamped to [min, max]. */
  readonly blinkMinMs: number;
  readonly blinkMaxMs: number;
  /** Saccade step capsules. */
  readonly saccadeSteps: SaccadeSteps;
  /** Gaze offset of one step at weight 1. */
  readonly saccadeStepDeg: number;
  /** Crossfade from one fixation to the next (the saccade's own duration). */
  readonly saccadeMs: number;
  /** Mean fixation between saccades (log-normal), and its coefficient of variation. */
  readonly saccadeMeanMs: number;
  readonly saccadeCv: number;
  /** Fixations are clamped to [min, max]. */
  readonly saccadeMinMs: number;
  readonly saccadeMaxMs: number;
  /** Mean and cap of the target's distance from centre while events happen (exponential, truncated). */
  readonly saccadeActiveMeanDeg: number;
  readonly saccadeActiveMaxDeg: number;
  /** The same once the avatar has re-centred: targets stay close to centre. */
  readonly saccadeQuietMeanDeg: number;
  readonly saccadeQuietMaxDeg: number;
  /** Vertical share of a target's offset (people scan more sideways than up and down). */
  readonly saccadePitchScale: number;
  /** Quiet time after the last event before the avatar re-centres. */
  readonly recentreAfterMs: number;
  /** Fade when new activity interrupts a re-centre. */
  readonly recentreCancelMs: number;
  /** Weight of every idle command, 0..1. */
  readonly weight: number;
}

/** The defaults: the library's BASELINE_RESTING capsules and human resting statistics. */
export const IDLE_DEFAULTS: IdleOptions = {
  breathing: 'BK_001',
  tremor: 'BK_027',
  recentre: 'BK_026',
  blinks: [
    { id: 'FMM_001', share: 0.78 },
    { id: 'FMM_002', share: 0.12 },
    { id: 'FMM_004', share: 0.07 },
    { id: 'FMM_003', share: 0.03 },
  ],
  blinkMeanMs: 3500,
  blinkCv: 0.6,
  blinkMinMs: 400,
  blinkMaxMs: 12000,
  saccadeSteps: { left: 'FMM_055', right: 'FMM_056', up: 'FMM_057', down: 'FMM_058' },
  saccadeStepDeg: 15,
  saccadeMs: 40,
  saccadeMeanMs: 1400,
  saccadeCv: 0.5,
  saccadeMinMs: 500,
  saccadeMaxMs: 3000,
  saccadeActiveMeanDeg: 4,
  saccadeActiveMaxDeg: 12,
  saccadeQuietMeanDeg: 1.2,
  saccadeQuietMaxDeg: 3,
  saccadePitchScale: 0.6,
  recentreAfterMs: 10000,
  recentreCancelMs: 250,
  weight: 1,
};

/** Merges options over the defaults and checks them (a bad option is a programming error: throws). */
export function idleOptions(partial: Partial<IdleOptions> = {}): IdleOptions {
  const o: IdleOptions = { ...IDLE_DEFAULTS, ...partial };
  const positive = (name: keyof IdleOptions, v: number): void => {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`idle: ${name} must be > 0, got ${v}`);
  };
  positive('blinkMeanMs', o.blinkMeanMs);
  positive('saccadeMeanMs', o.saccadeMeanMs);
  positive('saccadeStepDeg', o.saccadeStepDeg);
  positive('recentreAfterMs', o.recentreAfterMs);
  if (!(o.blinkMinMs > 0 && o.blinkMinMs <= o.blinkMaxMs))
    throw new RangeError(`idle: need 0 < blinkMinMs ≤ blinkMaxMs, got ${o.blinkMinMs}, ${o.blinkMaxMs}`);
  if (!(o.saccadeMinMs > o.saccadeMs && o.saccadeMinMs <= o.saccadeMaxMs))
    throw new RangeError(
      `idle: need saccadeMs < saccadeMinMs ≤ saccadeMaxMs, got ${o.saccadeMs}, ${o.saccadeMinMs}, ${o.saccadeMaxMs}`,
    );
  if (o.saccadeActiveMaxDeg > o.saccadeStepDeg || o.saccadeQuietMaxDeg > o.saccadeStepDeg)
    throw new RangeError(`idle: saccade targets must stay within one step (${o.saccadeStepDeg}°)`);
  if (!(o.weight >= 0 && o.weight <= 1))
    throw new RangeError(`idle: weight must be within 0..1, got ${o.weight}`);
  if (o.blinks.length === 0 || o.blinks.some((b) => !(b.share >= 0)) || !o.blinks.some((b) => b.share > 0))
    throw new RangeError('idle: blinks need at least one variant with a positive share');
  return o;
}
