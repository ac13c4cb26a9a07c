/**
 * The planner's working form of one capsule occurrence, shared by its steps (lead fitting, the
 * speech-rate forecast, translation to engine time), plus the small helpers they share.
 */
import type { CompiledCapsule } from '../capsules/compiled.ts';
import { DOMAINS } from '../capsules/compiled.ts';
import type { Adjustment } from './plan-types.ts';

/** One occurrence being planned; `t` moves as the rules apply. */
export interface Draft {
  readonly c: CompiledCapsule;
  readonly entry: number;
  readonly occurrence: number;
  readonly weight: number;
  readonly seedKey: number;
  readonly fires: boolean;
  /** scene_start onsets are absolute; all others are relative to speech onset until translated. */
  readonly absolute: boolean;
  readonly leading: boolean;
  readonly authored: number;
  t: number;
  adjustment: Adjustment;
}

/** Makes the planned occurrences of one profile entry at the given anchors. */
export type Fire = (c: CompiledCapsule, i: number, anchors: readonly number[], absolute: boolean) => Draft[];

/** Domain codes the planner treats specially. */
export const HK = DOMAINS.indexOf('HK');
export const FMM = DOMAINS.indexOf('FMM');
export const VC = DOMAINS.indexOf('VC');

/** Smallest of `xs` and `init` (a loop: utterances can have thousands of per-word onsets). */
export function minOf(xs: readonly number[], init = Infinity): number {
  let m = init;
  for (const x of xs) if (x < m) m = x;
  return m;
}

/** Largest of `xs` and `init`. */
export function maxOf(xs: readonly number[], init = -Infinity): number {
  let m = init;
  for (const x of xs) if (x > m) m = x;
  return m;
}
