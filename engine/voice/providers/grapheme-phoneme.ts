/**
 * A naive English grapheme → phoneme converter: enough for the mouth to move plausibly when no TTS
 * gives a phoneme timeline (the silence provider, character-aligned cloud TTS). Longest-match letter
 * groups, a silent final e that lengthens the vowel before it, soft c and g, a few function words
 * with ð. Each phoneme remembers the letters it came from, so character timings carry over.
 * Letters outside a–z are reduced to their base letter; other scripts count one vowel per character.
 */

/** One phoneme of a word and the letters [from, to) of the word it came from. */
export interface GraphemeUnit {
  readonly phoneme: string;
  readonly from: number;
  readonly to: number;
  readonly vowel: boolean;
}

const VOWEL_LETTERS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** Letter groups, longest first within each length (vowel groups marked with *). */
const GROUPS: readonly (readonly [string, string])[] = [
  ['eigh', '*eɪ'],
  ['tch', 'tʃ'],
  ['igh', '*aɪ'],
  ['dge', 'dʒ'],
  ['sh', 'ʃ'],
  ['ch', 'tʃ'],
  ['ph', 'f'],
  ['wh', 'w'],
  ['ng', 'ŋ'],
  ['ck', 'k'],
  ['qu', 'kw'],
  ['th', 'θ'],
  ['ee', '*iː'],
  ['ea', '*iː'],
  ['oo', '*uː'],
  ['ou', '*aʊ'],
  ['ow', '*aʊ'],
  ['oa', '*oʊ'],
  ['oi', '*ɔɪ'],
  ['oy', '*ɔɪ'],
  ['ai', '*eɪ'],
  ['ay', '*eɪ'],
  ['au', '*ɔː'],
  ['aw', '*ɔː'],
  ['ei', '*eɪ'],
  ['ey', '*eɪ'],
  ['ew', '*juː'],
  ['ue', '*uː'],
  ['ie', '*iː'],
  ['ar', '*ɑɹ'],
  ['or', '*ɔɹ'],
  ['er', '*ɚ'],
  ['ir', '*ɚ'],
  ['ur', '*ɚ'],
];

const SINGLE: Readonly<Record<string, string>> = {
  a: '*æ',
  e: '*ɛ',
  i: '*ɪ',
  o: '*ɑ',
  u: '*ʌ',
  b: 'b',
  d: 'd',
  f: 'f',
  h: 'h',
  j: 'dʒ',
  k: 'k',
  l: 'l',
  m: 'm',
  n: 'n',
  p: 'p',
  q: 'k',
  r: 'ɹ',
  s: 's',
  t: 't',
  v: 'v',
  w: 'w',
  x: 'ks',
  z: 'z',
};

/** Long vowels a silent final e gives (make, time, home, cute, these). */
const LONG: Readonly<Record<string, string>> = { a: 'eɪ', e: 'iː', i: 'aɪ', o: 'oʊ', u: 'uː', y: 'aɪ' };

/** Function words whose th is voiced. */
const VOICED_TH = new Set([
  'the',
  'this',
  'that',
  'these',
  'those',
  'they',
  'them',
  'their',
  'there',
  'then',
  'than',
  'though',
  'thus',
  'with',
]);

/** Lower-case a–z letters of a word (other Latin letters reduced to their base). */
function baseLetters(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[^\p{L}\p{N}']/gu, '')
    .toLowerCase();
}

/** Phonemes of one word, each with the letter span it came from. */
export function graphemesToPhonemes(word: string): GraphemeUnit[] {
  const w = baseLetters(word);
  const out: GraphemeUnit[] = [];
  const push = (spec: string, from: number, to: number) => {
    const vowel = spec.startsWith('*');
    out.push({ phoneme: vowel ? spec.slice(1) : spec, from, to, vowel });
  };
  // A silent final e after one consonant lengthens the vowel before it.
  const magicE =
    w.length >= 3 &&
    w.endsWith('e') &&
    !VOWEL_LETTERS.has(w[w.length - 2]!) &&
    VOWEL_LETTERS.has(w[w.length - 3]!);
  const longAt = magicE ? w.length - 3 : -1;
  let i = 0;
  while (i < w.length) {
    const c = w[i]!;
    if (!/[a-z]/.test(c)) {
      // Digits, apostrophes and letters of other scripts: a neutral vowel per character.
      if (c !== "'") push('*ə', i, i + 1);
      i++;
      continue;
    }
    if (magicE && i === w.length - 1) break;
    if (i === longAt) {
      push(`*${LONG[c] ?? 'ə'}`, i, i + 1);
      i++;
      continue;
    }
    if (i === 0 && (w.startsWith('kn') || w.startsWith('wr'))) {
      i++;
      continue;
    }
    if (w.startsWith('gh', i)) {
      if (i === 0) push('ɡ', i, i + 2);
      i += 2;
      continue;
    }
    const group = GROUPS.find(([g]) => w.startsWith(g, i));
    if (group) {
      const [g, spec] = group;
      push(
        g === 'th' && VOICED_TH.has(w) ? 'ð' : g === 'ow' && i + 2 === w.length ? '*oʊ' : spec,
        i,
        i + g.length,
      );
      i += g.length;
      continue;
    }
    const next = w[i + 1] ?? '';
    if (c === next && !VOWEL_LETTERS.has(c)) {
      i++;
      continue;
    }
    if (c === 'c') push(/[eiy]/.test(next) ? 's' : 'k', i, i + 1);
    else if (c === 'g') push(/[eiy]/.test(next) ? 'dʒ' : 'ɡ', i, i + 1);
    else if (c === 'y') {
      if (i === 0 && VOWEL_LETTERS.has(next)) push('j', i, i + 1);
      else push(w.length <= 3 && i === w.length - 1 && !out.some((u) => u.vowel) ? '*aɪ' : '*i', i, i + 1);
    } else push(SINGLE[c] ?? '*ə', i, i + 1);
    i++;
  }
  if (!out.some((u) => u.vowel) && w.length > 0) push('*ə', 0, w.length);
  return out;
}

/** Syllables of a word, as the number of vowel phonemes (at least 1). */
export function syllableCount(word: string): number {
  return Math.max(1, graphemesToPhonemes(word).filter((u) => u.vowel).length);
}
