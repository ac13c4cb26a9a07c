/**
 * The anchors an utterance gives capsule triggers: speech onset (the first word), every word start
 * (`word_boundary`), every stressed syllable, every phrase end (a word ending in punctuation, and
 * the last word). Times are ms from the utterance's audio start, as the voice source gives them.
 */
import type { Utterance } from '../voice/voice-source.ts';

/** Anchor times of one utterance, ms from its audio start, each list ascending. */
export interface UtteranceAnchors {
  /** When speech is first heard: the first word's start (else the first phoneme's, else 0). */
  readonly onsetMs: number;
  /** End of the first word: where the machine's `voice` phase gives way to `sustain`. */
  readonly firstWordEndMs: number;
  readonly wordStarts: readonly number[];
  readonly stresses: readonly number[];
  readonly phraseEnds: readonly number[];
  /** End of everything heard: the audio, the last word and the last phoneme. */
  readonly endMs: number;
}

const PHRASE_END = /[,.;:!?…]["'”’)\]]*$/u;

const ascending = (xs: number[]): number[] => xs.sort((a, b) => a - b);

/** Reads the anchors of a (validated) utterance. */
export function utteranceAnchors(u: Utterance): UtteranceAnchors {
  const words = [...u.words].sort((a, b) => a.startMs - b.startMs);
  const first = words[0];
  let onsetMs = first?.startMs ?? Infinity;
  if (!first) for (const p of u.phonemes) onsetMs = Math.min(onsetMs, p.startMs);
  const lastWord = words.at(-1);
  let endMs = u.durationMs;
  for (const w of words) endMs = Math.max(endMs, w.endMs);
  for (const p of u.phonemes) endMs = Math.max(endMs, p.endMs);
  const start = Number.isFinite(onsetMs) ? onsetMs : 0;
  return {
    onsetMs: start,
    firstWordEndMs: first?.endMs ?? start,
    wordStarts: words.map((w) => w.startMs),
    stresses: ascending(words.flatMap((w) => (w.stressMs === undefined ? [] : [w.stressMs]))),
    phraseEnds: ascending(words.filter((w) => w === lastWord || PHRASE_END.test(w.text)).map((w) => w.endMs)),
    endMs,
  };
}
