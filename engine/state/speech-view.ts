/**
 * What an avatar is saying, read from the lead-lag scheduler's lanes: the line being heard, whether
 * the voice is on, and the lip events still to come. Lanes are updated in place on cancel and
 * barge-in (their ends are cut), so reading them each frame stays truthful without subscribing.
 */
import type { UtteranceLanes } from '../timing/lanes.ts';
import { VISEMES, visemeOf } from '../voice/lipsync/visemes.ts';

/** The utterance whose voice is on at `now` for `avatar` (the latest one), or null. No allocation. */
export function speakingLanes(
  utterances: readonly UtteranceLanes[],
  avatar: number,
  now: number,
): UtteranceLanes | null {
  for (let u = utterances.length - 1; u >= 0; u--) {
    const lanes = utterances[u]!;
    if (lanes.avatar !== avatar || lanes.voice === 'none') continue;
    const items = lanes.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.kind === 'audio' && item.status !== 'skipped' && item.start <= now && now < item.end)
        return lanes;
    }
  }
  return null;
}

/** One entry of a viseme timeline. */
export interface VisemeEntry {
  time: number;
  duration: number;
  viseme: (typeof VISEMES)[number];
}

/**
 * The current and upcoming visemes of `lanes` at `now` (at most `max`), in time order. Phonemes
 * that map to no viseme (h, ʔ) are left out: the mouth keeps its neighbours' shape there.
 */
export function visemeTimeline(lanes: UtteranceLanes, now: number, max: number): VisemeEntry[] {
  const out: VisemeEntry[] = [];
  for (const item of lanes.items) {
    if (out.length >= max) break;
    if (item.kind !== 'phoneme' || item.status === 'skipped' || item.end <= now) continue;
    if (lanes.cancelledAt !== null && item.start >= lanes.cancelledAt) continue;
    const v = visemeOf(item.label);
    if (v < 0) continue;
    out.push({ time: item.start, duration: Math.max(0, item.end - item.start), viseme: VISEMES[v]! });
  }
  return out;
}
