/**
 * A silent utterance with an estimated word and phoneme timeline: what a performance continues on
 * when there is no voice provider, or the provider failed. Letters become rough IPA phonemes (a few
 * digraphs, vowels longer than consonants), words are separated by short gaps and punctuation by
 * pauses, and each word's first vowel is its stressed syllable — enough for lip shapes and anchors.
 */
import type { PhonemeEvent, Utterance, WordEvent } from '../voice/voice-source.ts';

/** Timing of the estimate, ms. */
export const ESTIMATE = {
  vowelMs: 90,
  consonantMs: 60,
  wordGapMs: 40,
  commaPauseMs: 180,
  stopPauseMs: 320,
} as const;

const DIGRAPHS: Readonly<Record<string, string>> = {
  th: 'θ',
  sh: 'ʃ',
  ch: 'tʃ',
  ng: 'ŋ',
  ph: 'f',
  ee: 'i',
  oo: 'u',
};
const LETTERS: Readonly<Record<string, string>> = {
  a: 'a',
  e: 'e',
  i: 'i',
  o: 'o',
  u: 'u',
  y: 'j',
  c: 'k',
  q: 'k',
  x: 'k',
  j: 'dʒ',
  g: 'ɡ',
  r: 'ɹ',
};
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'ə']);

/** Rough phonemes of one word (letters and digits only). */
function phonemesOf(word: string): string[] {
  const s = word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const pair = DIGRAPHS[s.slice(i, i + 2)];
    if (pair) {
      out.push(pair);
      i++;
      continue;
    }
    const ch = s[i]!;
    if (out.at(-1) === (LETTERS[ch] ?? ch)) continue; // doubled letters are one sound
    out.push(/\p{N}/u.test(ch) ? 'ə' : (LETTERS[ch] ?? ch));
  }
  return out;
}

/** Estimates a silent utterance for `text`; `rate` > 1 speaks faster. */
export function estimateUtterance(text: string, rate = 1): Utterance {
  const k = 1 / (Number.isFinite(rate) && rate > 0 ? rate : 1);
  const words: WordEvent[] = [];
  const phonemes: PhonemeEvent[] = [];
  let t = 0;
  for (const token of text.split(/\s+/u)) {
    const ph = phonemesOf(token);
    if (ph.length === 0) continue;
    if (words.length > 0) t += ESTIMATE.wordGapMs * k;
    const startMs = t;
    let stressMs: number | undefined;
    for (const p of ph) {
      const isVowel = VOWELS.has(p);
      const len = (isVowel ? ESTIMATE.vowelMs : ESTIMATE.consonantMs) * k;
      if (isVowel && stressMs === undefined) stressMs = t;
      phonemes.push({ phoneme: p, startMs: t, endMs: t + len });
      t += len;
    }
    words.push({ text: token, startMs, endMs: t, ...(stressMs === undefined ? {} : { stressMs }) });
    if (/[.!?…]["'”’)\]]*$/u.test(token)) t += ESTIMATE.stopPauseMs * k;
    else if (/[,;:]["'”’)\]]*$/u.test(token)) t += ESTIMATE.commaPauseMs * k;
  }
  const durationMs = words.at(-1)?.endMs ?? 0;
  return { audio: null, sampleRate: 0, durationMs, words, phonemes };
}
