/** Every subtype the seed library uses, keyed by subtype name. */
import type { Family } from '../family.ts';
import { abortArc } from './abort-arc.ts';
import { combined } from './combined.ts';
import { fingerCluster } from './finger-cluster.ts';
import { fingerSpread } from './finger-spread.ts';
import { fingerWave } from './finger-wave.ts';
import { handRoll } from './hand-roll.ts';
import { microNoise } from './micro-noise.ts';
import { palmOrientation } from './palm-orientation.ts';
import { tapRhythm } from './tap-rhythm.ts';
import { thumbIndexPress } from './thumb-index-press.ts';

/** Subtype → compiler. */
export const FAMILIES: ReadonlyMap<string, Family> = new Map(
  [
    fingerCluster,
    fingerSpread,
    thumbIndexPress,
    tapRhythm,
    fingerWave,
    palmOrientation,
    abortArc,
    handRoll,
    microNoise,
    combined,
  ].map((f) => [f.subtype, f]),
);
