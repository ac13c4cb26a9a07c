/**
 * Which lanes the viewer's timeline shows: the body's domains always, then every other domain the
 * library has (re-read when it grows).
 */
import { DOMAINS } from '../../engine/capsules/compiled.ts';
import type { Library } from '../shared/library.ts';

/** A function giving the lanes for `registry`'s library now. */
export function timelineDomains(registry: Library['registry']): () => string[] {
  let laneCache: { size: number; lanes: string[] } | null = null;
  return function lanes(): string[] {
    if (laneCache?.size !== registry.size) {
      const present = new Set(registry.ids().map((id) => registry.get(id)!.domain));
      const body = ['HK', 'FMM', 'BK'];
      laneCache = {
        size: registry.size,
        lanes: DOMAINS.filter((d, i) => body.includes(d) || present.has(i)),
      };
    }
    return laneCache.lanes;
  };
}
