/**
 * The planner's forecast of the speaking rate: which profile entries are VC capsules on the `rate`
 * channel, where they will play, and the speech map they give (see speech-map.ts).
 */
import type { CompiledCapsule } from '../capsules/compiled.ts';
import type { RegistryView } from '../capsules/registry-view.ts';
import type { Profile } from '../capsules/schema-types.ts';
import { VC } from './plan-draft.ts';
import type { Fire } from './plan-draft.ts';
import { IDENTITY_SPEECH, rateTracks, speechMap } from './speech-map.ts';
import type { SpeechMap } from './speech-map.ts';
import type { UtteranceAnchors } from './utterance-anchors.ts';

/**
 * Forecasts the speech map from the profile's VC capsules on the rate channel. Their anchors are
 * themselves audio times (speech onset, words) that the map moves, so it is refined until they stop
 * moving (at most three passes — ample for rate windows of a few seconds). `scene_start` and `previous_capsule` rate capsules are
 * not forecast.
 */
export function forecastSpeech(
  registry: RegistryView,
  entries: Profile['capsules'],
  a: UtteranceAnchors,
  fire: Fire,
): SpeechMap {
  const channel = registry.layout.voice('rate');
  const rated: { c: CompiledCapsule; i: number }[] = [];
  entries.forEach((e, i) => {
    const slot = registry.slot(e.id);
    if (slot < 0 || registry.isRevoked(slot)) return;
    const c = registry.at(slot);
    if (c.domain === VC && rateTracks(c, channel).length > 0) rated.push({ c, i });
  });
  let map = IDENTITY_SPEECH;
  if (rated.length === 0) return map;
  let previous = '';
  for (let pass = 0; pass < 3; pass++) {
    const m = map;
    const onset = m(a.onsetMs);
    const anchorsOf = (c: CompiledCapsule): number[] => {
      switch (c.relativeTo) {
        case 'speech_onset':
          return [onset];
        case 'word_boundary':
          return a.wordStarts.map(m);
        case 'stressed_syllable':
          return a.stresses.map(m);
        case 'phrase_end':
          return a.phraseEnds.map(m);
        default:
          return [];
      }
    };
    const instances = rated.flatMap(({ c, i }) =>
      fire(c, i, anchorsOf(c), false)
        .filter((d) => d.fires)
        .map((d) => ({ c, at: d.leading ? Math.max(d.t, onset) : d.t, weight: d.weight })),
    );
    const key = instances.map((x) => x.at).join();
    if (key === previous) break; // the map no longer moves its own anchors
    previous = key;
    map = speechMap(instances, channel);
  }
  return map;
}
