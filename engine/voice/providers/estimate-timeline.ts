/**
 * An estimated word and phoneme timeline from text alone: word length from its syllable count
 * (English runs at about four to five syllables a second), phonemes from the naive grapheme →
 * phoneme converter, vowels twice as long as consonants, pauses at punctuation. Good enough for the
 * lead-lag scheduler and lip sync to move when no real voice is available.
 */
import type { PhonemeEvent, WordEvent } from '../voice-source.ts';
import { graphemesToPhonemes } from './grapheme-phoneme.ts';

/** Timing of an estimate, at rate 1. */
export interface EstimateOptions {
  /** ms per syllable. Default 210 (≈ 4.8 syllables/s, conversational). */
  syllableMs: number;
  /** Extra ms per word. Default 40. */
  wordMs: number;
  /** Pause after , ; : and dashes, ms. Default 180. */
  commaMs: number;
  /** Pause after . ! ? and line ends, ms. Default 380. */
  stopMs: number;
  /** Speaking-rate factor (2 = twice as fast). Default 1. */
  rate: number;
}

/** Defaults of {@link EstimateOptions}. */
export const ESTIMATE_DEFAULTS: EstimateOptions = {
  syllableMs: 210,
  wordMs: 40,
  commaMs: 180,
  stopMs: 380,
  rate: 1,
};

/** The estimated timeline of a text. */
export interface EstimatedTimeline {
  readonly words: WordEvent[];
  readonly phonemes: PhonemeEvent[];
  readonly durationMs: number;
}

/** Words (letters, digits, apostrophes) and the punctuation that ends them. */
const TOKEN = /([\p{L}\p{M}\p{N}']+)|([,;:\u2013\u2014]|[.!?\n]+)/gu;

/** Estimates the timeline of `text`. */
export function estimateTimeline(text: string, options: Partial<EstimateOptions> = {}): EstimatedTimeline {
  const o = { ...ESTIMATE_DEFAULTS, ...options };
  if (!(o.rate > 0) || !Number.isFinite(o.rate))
    throw new RangeError(`estimate: rate must be > 0, got ${o.rate}`);
  const k = 1 / o.rate;
  const words: WordEvent[] = [];
  const phonemes: PhonemeEvent[] = [];
  let t = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      if (words.length > 0) t += (/[.!?\n]/.test(m[2]) ? o.stopMs : o.commaMs) * k;
      continue;
    }
    const word = m[1]!;
    const units = graphemesToPhonemes(word);
    const syllables = Math.max(1, units.filter((u) => u.vowel).length);
    const length = (syllables * o.syllableMs + o.wordMs) * k;
    const weight = units.reduce((sum, u) => sum + (u.vowel ? 2 : 1), 0) || 1;
    let p = t;
    let stressMs: number | undefined;
    for (const u of units) {
      const d = (length * (u.vowel ? 2 : 1)) / weight;
      if (u.vowel && stressMs === undefined) stressMs = p;
      phonemes.push({
        phoneme: u.vowel && stressMs === p ? `ˈ${u.phoneme}` : u.phoneme,
        startMs: p,
        endMs: p + d,
      });
      p += d;
    }
    words.push({
      text: word,
      startMs: t,
      endMs: t + length,
      ...(stressMs === undefined ? {} : { stressMs }),
    });
    t += length;
  }
  const last = words[words.length - 1];
  return { words, phonemes, durationMs: last ? last.endMs : 0 };
}
