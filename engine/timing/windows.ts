/**
 * Default lead-lag windows and barge-in fade bounds. Human timing: the hands start 50–180 ms before
 * speech, the face 0–50 ms before it, the voice on it. These are the numbers the planner fits
 * leading capsules into unless a call overrides them (see docs/lead-lag.md).
 */

/** A window of onsets relative to speech onset, ms (negative: before it). */
export interface LeadWindow {
  readonly earliest: number;
  readonly latest: number;
}

/** Where leading hand (HK) capsules start by default. */
export const HAND_WINDOW: LeadWindow = { earliest: -180, latest: -50 };

/** Where leading face (FMM) capsules start by default. */
export const FACE_WINDOW: LeadWindow = { earliest: -50, latest: 0 };

/**
 * Lips anticipate the first sound (coarticulation), so in normal mode the audio never starts sooner
 * than this after the plan: the mouth then starts from rest (≈ 0.3 % open 100 ms ahead of the
 * first phoneme) instead of opening in one frame. Hand leads usually give more than this anyway.
 */
export const LIP_LEAD_MS = 100;

/** Barge-in fades: quick enough to feel responsive, never a cut. */
export const BARGE_IN_FADE = { minMs: 20, maxMs: 120, defaultMs: 120 } as const;

/** Largest lead or voice offset a call may ask for, ms (bad input beyond it is an error). */
export const MAX_OVERRIDE_MS = 2000;

/** Clamps a requested fade into the barge-in bounds (non-finite → the default). */
export function bargeInFade(fadeMs: number | undefined): number {
  if (fadeMs === undefined || !Number.isFinite(fadeMs)) return BARGE_IN_FADE.defaultMs;
  return Math.min(BARGE_IN_FADE.maxMs, Math.max(BARGE_IN_FADE.minMs, fadeMs));
}
