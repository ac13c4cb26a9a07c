/**
 * Audio-first: the audio starts now, so whatever was planned to lead it cannot start earlier than
 * now. Rather than delaying the voice, the lead is compressed: the stretch from the earliest onset
 * to the pivot (the speech onset, or now if that has passed) is scaled linearly onto [now, pivot].
 * Order is kept — hands still come before the face — but the leads shrink to the time available,
 * which is the audio's leading silence; with none, every lead collapses onto the speech onset.
 */

/**
 * Returns the map for onsets in [earliestMs, pivotMs): onsets at or after the pivot are unchanged,
 * earlier ones move into [nowMs, pivotMs] in proportion. Identity when nothing starts before now.
 */
export function compression(nowMs: number, pivotMs: number, earliestMs: number): (t: number) => number {
  const pivot = Math.max(nowMs, pivotMs);
  if (!(earliestMs < nowMs)) return (t) => t;
  const k = (pivot - nowMs) / (pivot - earliestMs);
  return (t) => (t >= pivot ? t : Math.max(nowMs, pivot - (pivot - t) * k));
}
