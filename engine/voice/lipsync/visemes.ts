/**
 * Phonemes (IPA) → visemes. The 15 Oculus/Meta visemes are the working set: fine enough for
 * English and most European languages, and the set game-engine avatars (Ready Player Me, Unity,
 * Unreal) already carry as blendshapes. A phoneme string is normalised (stress and length marks,
 * diacritics and tie bars removed), split greedily into known units (affricates and diphthongs
 * first), and each unit gives a viseme; diphthongs glide from their first to their second viseme.
 * `h` and the glottal stop are transparent: the mouth takes the neighbours' shape (coarticulation).
 */

/** The Oculus/Meta 15-viseme set, in its customary order. */
export const VISEMES = [
  'sil',
  'PP',
  'FF',
  'TH',
  'DD',
  'kk',
  'CH',
  'SS',
  'nn',
  'RR',
  'aa',
  'E',
  'ih',
  'oh',
  'ou',
] as const;

/** A viseme name. */
export type Viseme = (typeof VISEMES)[number];

/** Viseme indices. */
export const enum V {
  sil = 0,
  PP,
  FF,
  TH,
  DD,
  kk,
  CH,
  SS,
  nn,
  RR,
  aa,
  E,
  ih,
  oh,
  ou,
}

/** Number of visemes. */
export const VISEME_COUNT = 15;

/** Marks no viseme (transparent units such as h and ʔ). */
export const TRANSPARENT = -1;

/** One mapped unit: its viseme(s) and how strongly the vowel is articulated. */
export interface VisemeUnit {
  /** One viseme, or a diphthong's two. */
  readonly visemes: readonly number[];
  /** Relative duration weight within the phoneme event (vowels are longer than consonants). */
  readonly length: number;
  /** Scales the viseme's shape: reduced vowels (ə) open less. */
  readonly intensity: number;
}

const u = (visemes: readonly number[], length = 1, intensity = 1): VisemeUnit => ({
  visemes,
  length,
  intensity,
});

/**
 * The documented table (docs/lipsync.md). Keys are normalised IPA units; longest match first.
 * Polly and Azure viseme codes are mapped to representative IPA by the external provider.
 */
export const IPA_TO_VISEME: ReadonlyMap<string, VisemeUnit> = new Map<string, VisemeUnit>([
  // Affricates (before their parts).
  ['tʃ', u([V.CH])],
  ['dʒ', u([V.CH])],
  ['ts', u([V.SS])],
  ['dz', u([V.SS])],
  ['pf', u([V.FF])],
  // Diphthongs.
  ['aɪ', u([V.aa, V.ih], 2)],
  ['aʊ', u([V.aa, V.ou], 2)],
  ['ɔɪ', u([V.oh, V.ih], 2)],
  ['eɪ', u([V.E, V.ih], 2)],
  ['oʊ', u([V.oh, V.ou], 2)],
  ['əʊ', u([V.E, V.ou], 2)],
  ['ɪə', u([V.ih, V.E], 2)],
  ['eə', u([V.E], 2)],
  ['ʊə', u([V.ou, V.E], 2)],
  ['aʏ', u([V.aa, V.ou], 2)],
  ['ɔʏ', u([V.oh, V.ou], 2)],
  // Bilabials and labiodentals.
  ...['p', 'b', 'm', 'ɓ', 'ʙ'].map((k) => [k, u([V.PP])] as const),
  ...['f', 'v', 'ʋ', 'ɱ', 'ɸ', 'β'].map((k) => [k, u([V.FF])] as const),
  ...['θ', 'ð'].map((k) => [k, u([V.TH])] as const),
  ...['t', 'd', 'ɾ', 'ʈ', 'ɖ', 'ɗ', 'ɽ'].map((k) => [k, u([V.DD])] as const),
  ...['k', 'g', 'ɡ', 'ŋ', 'x', 'ɣ', 'q', 'ɢ', 'χ', 'ʁ', 'ɰ', 'ɴ'].map((k) => [k, u([V.kk])] as const),
  ...['ʃ', 'ʒ', 'ç', 'ʝ', 'ɕ', 'ʑ', 'ʂ', 'ʐ'].map((k) => [k, u([V.CH])] as const),
  ...['s', 'z'].map((k) => [k, u([V.SS])] as const),
  ...['n', 'ɲ', 'ɳ', 'l', 'ɫ', 'ʎ', 'ɭ', 'ʟ', 'ɬ', 'ɮ'].map((k) => [k, u([V.nn])] as const),
  ...['r', 'ɹ', 'ɻ', 'ʀ', 'ɺ'].map((k) => [k, u([V.RR])] as const),
  ['j', u([V.ih])],
  ...['w', 'ɥ', 'ʍ'].map((k) => [k, u([V.ou])] as const),
  ...['h', 'ɦ', 'ʔ'].map((k) => [k, u([])] as const),
  // Vowels (length 2: a vowel holds its shape longer than a consonant).
  ...['a', 'ɑ', 'æ', 'ɒ', 'ʌ', 'ɶ'].map((k) => [k, u([V.aa], 2)] as const),
  ['ɐ', u([V.aa], 2, 0.7)],
  ...['e', 'ɛ', 'ɜ', 'ɞ', 'ɘ'].map((k) => [k, u([V.E], 2)] as const),
  ...['ə', 'ᵻ'].map((k) => [k, u([V.E], 2, 0.6)] as const),
  ...['i', 'ɪ', 'ɨ', 'ɯ'].map((k) => [k, u([V.ih], 2)] as const),
  ...['o', 'ɔ', 'ɤ', 'ø', 'œ'].map((k) => [k, u([V.oh], 2)] as const),
  ...['u', 'ʊ', 'ʉ', 'y', 'ʏ'].map((k) => [k, u([V.ou], 2)] as const),
  ...['ɚ', 'ɝ'].map((k) => [k, u([V.RR], 2)] as const),
]);

/** Silence spellings providers use for pauses. */
const SILENCE = new Set(['', '_', '#', 'sil', 'pau', 'sp', ' ']);

/** Longest key in the table (for greedy matching). */
const LONGEST = Math.max(...[...IPA_TO_VISEME.keys()].map((k) => k.length));

/** Stress marks, length marks, modifier letters and combining diacritics are not phonemes. */
function isMark(code: number): boolean {
  return (
    (code >= 0x02b0 && code <= 0x02ff) ||
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x1dc0 && code <= 0x1dff)
  );
}

/** The phoneme string without marks (NFC first, so ç keeps its cedilla as one letter). */
function stripMarks(phoneme: string): string {
  let out = '';
  for (const ch of phoneme.normalize('NFC')) if (!isMark(ch.codePointAt(0)!)) out += ch;
  return out;
}

/** True when a phoneme string carries primary stress (ˈ). */
export function isStressed(phoneme: string): boolean {
  return phoneme.includes('ˈ');
}

/** True for the pause spellings (empty, `_`, `sil`, `pau`, …). */
export function isSilence(phoneme: string): boolean {
  return SILENCE.has(phoneme.trim());
}

/**
 * Splits an IPA phoneme string into mapped units (unknown symbols are skipped, so the mouth keeps
 * its neighbours' shape rather than jumping to something wrong).
 */
export function phonemeUnits(phoneme: string): VisemeUnit[] {
  if (isSilence(phoneme)) return [u([V.sil])];
  const s = stripMarks(phoneme);
  const out: VisemeUnit[] = [];
  let i = 0;
  while (i < s.length) {
    let unit: VisemeUnit | undefined;
    let length = 1;
    for (let n = Math.min(LONGEST, s.length - i); n > 0 && !unit; n--) {
      unit = IPA_TO_VISEME.get(s.slice(i, i + n));
      length = n;
    }
    // A precomposed letter with a diacritic (ẽ, ã) falls back to its base letter.
    if (!unit) {
      unit = IPA_TO_VISEME.get(s[i]!.normalize('NFD').charAt(0));
      length = 1;
    }
    if (unit) out.push(unit);
    i += length;
  }
  return out;
}

/** The main viseme of a phoneme (a diphthong's first), or {@link TRANSPARENT}. */
export function visemeOf(phoneme: string): number {
  for (const unit of phonemeUnits(phoneme)) if (unit.visemes.length > 0) return unit.visemes[0]!;
  return TRANSPARENT;
}
