/**
 * The anchors an utterance gives capsule triggers: speech onset (the first word), every word start
 * (`word_boundary`), every stressed syllable, every phrase end. Times are ms from the utterance's
 * audio start, as the voice source gives them (`stressMs` included).
 *
 * Providers give words without their punctuation, so a phrase end is found three ways: a word whose
 * own text ends in punctuation (external timelines), a word followed by punctuation in the line's
 * text when the text's words line up one to one with the provider's, or a word followed by a pause
 * of at least {@link PHRASE_PAUSE_MS}. The last word always ends a phrase.
 */
import type { Utterance } from '../voice/voice-source.ts';

/** A silence this long between words ends a phrase, ms (commas pause ≈ 180 ms, stops ≈ 380). */
export const PHRASE_PAUSE_MS = 150;

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

const ENDS_IN_PUNCTUATION = /[,.;:!?…\u2013\u2014]["'”’)\]]*$/u;
/** Words and the punctuation after them, as the voice engine's estimate tokenises text. */
const TOKEN = /([\p{L}\p{M}\p{N}']+)|([,.;:!?…\n\u2013\u2014])/gu;

/** For each word of `text`, whether punctuation follows it. */
function punctuatedWords(text: string): boolean[] {
  const out: boolean[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] !== undefined) out.push(false);
    else if (out.length > 0) out[out.length - 1] = true;
  }
  return out;
}

/** Reads the anchors of a (validated) utterance; `text` is the line it was made from, if known. */
export function utteranceAnchors(u: Utterance, text = ''): UtteranceAnchors {
  const words = [...u.words].sort((a, b) => a.startMs - b.startMs);
  const first = words[0];
  let onsetMs = first?.startMs ?? Infinity;
  if (!first) for (const p of u.phonemes) onsetMs = Math.min(onsetMs, p.startMs);
  let endMs = u.durationMs;
  for (const w of words) endMs = Math.max(endMs, w.endMs);
  for (const p of u.phonemes) endMs = Math.max(endMs, p.endMs);
  const start = Number.isFinite(onsetMs) ? onsetMs : 0;
  const fromText = punctuatedWords(text);
  const aligned = fromText.length === words.length;
  const phraseEnds = words
    .filter((w, i) => {
      const next = words[i + 1];
      return (
        next === undefined ||
        ENDS_IN_PUNCTUATION.test(w.text) ||
        (aligned && fromText[i] === true) ||
        next.startMs - w.endMs >= PHRASE_PAUSE_MS
      );
    })
    .map((w) => w.endMs);
  return {
    onsetMs: start,
    firstWordEndMs: first?.endMs ?? start,
    wordStarts: words.map((w) => w.startMs),
    stresses: words.flatMap((w) => (w.stressMs === undefined ? [] : [w.stressMs])).sort((a, b) => a - b),
    phraseEnds,
    endMs,
  };
}
