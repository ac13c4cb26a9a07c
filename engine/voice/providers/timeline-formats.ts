/**
 * Timelines as cloud TTS services return them, turned into words and IPA phonemes. Accepted shapes
 * (docs/voice.md has examples):
 *
 * - **speech marks** (Amazon Polly): an array — or newline-delimited JSON text — of
 *   `{ time, type: 'word' | 'viseme' | 'sentence' | 'ssml', start?, end?, value }`, time in ms;
 *   Polly viseme codes (p t S T f k i r s u @ a e E o O l sil) become representative IPA;
 * - **character alignment** (ElevenLabs `with-timestamps`): `{ characters, character_start_times_seconds,
 *   character_end_times_seconds }`, bare or under `alignment` / `normalized_alignment`; phonemes come
 *   from the naive grapheme converter, timed by the letters they came from;
 * - **viseme events** (Azure Speech SDK events gathered into arrays): `{ visemes: [{ audioOffset,
 *   visemeId }], words?: [{ audioOffset, duration, text }] }`, offsets and durations in 100 ns ticks;
 * - **native**: `{ words: WordEvent[], phonemes: PhonemeEvent[] }` in ms (this project's own shape).
 *
 * Anything else is rejected with an error naming the field.
 */
import type { PhonemeEvent, WordEvent } from '../voice-source.ts';
import { graphemesToPhonemes } from './grapheme-phoneme.ts';

/** A parsed timeline and the shape it was read as. */
export interface ParsedTimeline {
  readonly format: 'speech-marks' | 'character-alignment' | 'viseme-events' | 'native';
  readonly words: WordEvent[];
  readonly phonemes: PhonemeEvent[];
}

/** Polly viseme → representative IPA. */
export const POLLY_VISEME_IPA: Readonly<Record<string, string>> = {
  p: 'p',
  t: 't',
  S: 'ʃ',
  T: 'θ',
  f: 'f',
  k: 'k',
  i: 'i',
  r: 'ɹ',
  s: 's',
  u: 'u',
  '@': 'ə',
  a: 'ɑ',
  e: 'eɪ',
  E: 'ɛ',
  o: 'oʊ',
  O: 'ɔ',
  l: 'l',
  sil: '',
};

/** Azure viseme id (0–21, the SAPI/Disney set) → representative IPA. */
export const AZURE_VISEME_IPA: readonly string[] = [
  '',
  'æ',
  'ɑ',
  'ɔ',
  'ɛ',
  'ɝ',
  'i',
  'u',
  'o',
  'aʊ',
  'ɔɪ',
  'aɪ',
  'h',
  'ɹ',
  'l',
  's',
  'ʃ',
  'ð',
  'f',
  't',
  'k',
  'p',
];

/** A timeline that failed validation; `path` names the field. */
export class TimelineError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`external timeline: ${path} ${problem}`);
    this.name = 'TimelineError';
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(o: Record<string, unknown>, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new TimelineError(`${path}.${key}`, `must be a finite number ≥ 0, got ${show(v)}`);
  return v;
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new TimelineError(`${path}.${key}`, `must be a string, got ${show(v)}`);
  return v;
}

function array(o: Record<string, unknown>, key: string, path: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new TimelineError(`${path}.${key}`, `must be an array, got ${show(v)}`);
  return v;
}

/** Sets each event's end to the next one's start (the last ends at `endMs`). */
function chainEnds<T extends { startMs: number; endMs: number }>(events: T[], endMs: number): T[] {
  return events.map((e, i) => ({
    ...e,
    endMs: Math.max(e.startMs, events[i + 1]?.startMs ?? Math.max(endMs, e.startMs)),
  }));
}

function speechMarks(marks: unknown[], endMs: number): ParsedTimeline {
  const words: WordEvent[] = [];
  const phonemes: PhonemeEvent[] = [];
  marks.forEach((m, i) => {
    const path = `marks[${i}]`;
    if (!isRecord(m)) throw new TimelineError(path, `must be an object, got ${show(m)}`);
    const time = num(m, 'time', path);
    const type = str(m, 'type', path);
    const value = str(m, 'value', path);
    if (type === 'word') words.push({ text: value, startMs: time, endMs: time });
    else if (type === 'viseme') {
      const ipa = POLLY_VISEME_IPA[value];
      if (ipa === undefined)
        throw new TimelineError(
          `${path}.value`,
          `is not a Polly viseme (${Object.keys(POLLY_VISEME_IPA).join(' ')}), got ${show(value)}`,
        );
      phonemes.push({ phoneme: ipa, startMs: time, endMs: time });
    } else if (type !== 'sentence' && type !== 'ssml')
      throw new TimelineError(`${path}.type`, `must be word, viseme, sentence or ssml, got ${show(type)}`);
  });
  const timed = chainEnds(phonemes, closingTime(phonemes, endMs));
  // A word runs to the next word, or to the first silence viseme before it.
  const closed = words.map((w, i) => {
    const next = words[i + 1]?.startMs ?? Infinity;
    const pause = timed.find((p) => p.phoneme === '' && p.startMs > w.startMs && p.startMs < next);
    const last = timed.filter((p) => p.startMs >= w.startMs && p.startMs < next).at(-1);
    const end = pause
      ? pause.startMs
      : Number.isFinite(next)
        ? next
        : (last?.endMs ?? Math.max(w.startMs, endMs));
    return { ...w, endMs: Math.max(w.startMs, end) };
  });
  return { format: 'speech-marks', words: closed, phonemes: timed };
}

/** When the last of a start-times-only list ends: the audio's end if known, else 80 ms after it starts. */
function closingTime(events: readonly { startMs: number }[], endMs: number): number {
  const lastStart = events.length > 0 ? events[events.length - 1]!.startMs : 0;
  return endMs > lastStart ? endMs : lastStart + 80;
}

function characterAlignment(a: Record<string, unknown>, path: string): ParsedTimeline {
  const chars = array(a, 'characters', path);
  const starts = array(a, 'character_start_times_seconds', path);
  const ends = array(a, 'character_end_times_seconds', path);
  if (starts.length !== chars.length || ends.length !== chars.length)
    throw new TimelineError(
      path,
      `needs as many character_start_times_seconds (${starts.length}) and character_end_times_seconds (${ends.length}) as characters (${chars.length})`,
    );
  const c = chars.map((ch, i) => {
    if (typeof ch !== 'string')
      throw new TimelineError(`${path}.characters[${i}]`, `must be a string, got ${show(ch)}`);
    const s = starts[i];
    const e = ends[i];
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0)
      throw new TimelineError(
        `${path}.character_start_times_seconds[${i}]`,
        `must be a finite number ≥ 0, got ${show(s)}`,
      );
    if (typeof e !== 'number' || !Number.isFinite(e) || e < s)
      throw new TimelineError(
        `${path}.character_end_times_seconds[${i}]`,
        `must be a finite number ≥ its start, got ${show(e)}`,
      );
    return { ch, startMs: s * 1000, endMs: e * 1000 };
  });
  const words: WordEvent[] = [];
  const phonemes: PhonemeEvent[] = [];
  let i = 0;
  while (i < c.length) {
    if (!/[\p{L}\p{N}']/u.test(c[i]!.ch)) {
      i++;
      continue;
    }
    const letters: typeof c = [];
    while (i < c.length && /[\p{L}\p{M}\p{N}']/u.test(c[i]!.ch)) letters.push(c[i++]!);
    const text = letters.map((l) => l.ch).join('');
    const first = letters[0]!;
    const last = letters[letters.length - 1]!;
    const units = graphemesToPhonemes(text);
    let stressMs: number | undefined;
    for (const u of units) {
      // Letter spans carry their timing; if the converter's letters do not line up, spread evenly.
      const a = letters[u.from] ?? first;
      const b = letters[Math.max(u.from, u.to - 1)] ?? last;
      if (u.vowel && stressMs === undefined) stressMs = a.startMs;
      phonemes.push({ phoneme: u.phoneme, startMs: a.startMs, endMs: Math.max(a.startMs, b.endMs) });
    }
    words.push({
      text,
      startMs: first.startMs,
      endMs: last.endMs,
      ...(stressMs === undefined ? {} : { stressMs }),
    });
  }
  return { format: 'character-alignment', words, phonemes };
}

function visemeEvents(o: Record<string, unknown>, endMs: number): ParsedTimeline {
  const TICKS_PER_MS = 10_000;
  const phonemes = array(o, 'visemes', 'timeline').map((v, i): PhonemeEvent => {
    const path = `visemes[${i}]`;
    if (!isRecord(v)) throw new TimelineError(path, `must be an object, got ${show(v)}`);
    const offset = num(v, 'audioOffset', path);
    const id = v.visemeId;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= AZURE_VISEME_IPA.length)
      throw new TimelineError(`${path}.visemeId`, `must be an integer 0..21, got ${show(id)}`);
    return { phoneme: AZURE_VISEME_IPA[id]!, startMs: offset / TICKS_PER_MS, endMs: offset / TICKS_PER_MS };
  });
  const words = (o.words === undefined ? [] : array(o, 'words', 'timeline')).map((w, i): WordEvent => {
    const path = `words[${i}]`;
    if (!isRecord(w)) throw new TimelineError(path, `must be an object, got ${show(w)}`);
    const start = num(w, 'audioOffset', path) / TICKS_PER_MS;
    return {
      text: str(w, 'text', path),
      startMs: start,
      endMs: start + num(w, 'duration', path) / TICKS_PER_MS,
    };
  });
  return { format: 'viseme-events', words, phonemes: chainEnds(phonemes, closingTime(phonemes, endMs)) };
}

function native(o: Record<string, unknown>): ParsedTimeline {
  const words = array(o, 'words', 'timeline').map((w, i): WordEvent => {
    const path = `words[${i}]`;
    if (!isRecord(w)) throw new TimelineError(path, `must be an object, got ${show(w)}`);
    const startMs = num(w, 'startMs', path);
    const endMs = num(w, 'endMs', path);
    if (endMs < startMs)
      throw new TimelineError(`${path}.endMs`, `must be ≥ startMs (${startMs}), got ${endMs}`);
    return {
      text: str(w, 'text', path),
      startMs,
      endMs,
      ...(w.stressMs === undefined ? {} : { stressMs: num(w, 'stressMs', path) }),
    };
  });
  const phonemes = array(o, 'phonemes', 'timeline').map((p, i): PhonemeEvent => {
    const path = `phonemes[${i}]`;
    if (!isRecord(p)) throw new TimelineError(path, `must be an object, got ${show(p)}`);
    const startMs = num(p, 'startMs', path);
    const endMs = num(p, 'endMs', path);
    if (endMs < startMs)
      throw new TimelineError(`${path}.endMs`, `must be ≥ startMs (${startMs}), got ${endMs}`);
    return { phoneme: str(p, 'phoneme', path), startMs, endMs };
  });
  return { format: 'native', words, phonemes };
}

/**
 * Reads a supplied timeline in any accepted shape; `endMs` (the audio's length, when known) closes
 * the last events of shapes that give start times only.
 */
export function parseTimeline(input: unknown, endMs = 0): ParsedTimeline {
  let value = input;
  if (typeof value === 'string') {
    const lines = value.split('\n').filter((l) => l.trim() !== '');
    value = lines.map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new TimelineError(`line ${i + 1}`, `is not JSON (${(error as Error).message})`);
      }
    });
  }
  if (Array.isArray(value)) return speechMarks(value, endMs);
  if (!isRecord(value))
    throw new TimelineError(
      'timeline',
      `must be speech marks, a character alignment, viseme events or { words, phonemes }; got ${show(value)}`,
    );
  if (isRecord(value.alignment)) return characterAlignment(value.alignment, 'alignment');
  if (isRecord(value.normalized_alignment))
    return characterAlignment(value.normalized_alignment, 'normalized_alignment');
  if ('characters' in value) return characterAlignment(value, 'timeline');
  if ('visemes' in value) return visemeEvents(value, endMs);
  if ('phonemes' in value) return native(value);
  throw new TimelineError(
    'timeline',
    `has none of the accepted shapes (speech marks array, characters, alignment, visemes, phonemes); keys: ${Object.keys(value).join(', ') || 'none'}`,
  );
}
