/**
 * eSpeak NG's synthesis events → words and phonemes. eSpeak reports a `word` event (1-based
 * character position and length in the text) and a `phoneme` event (IPA, with stress marks ˈ ˌ,
 * and language-switch tags like `(en)`) at the audio position where each starts, in ms; an empty
 * phoneme is a pause. A phoneme ends where the next event (phoneme or pause) starts; a word spans its
 * phonemes; its stressed syllable is its phoneme marked ˈ (ˌ when it has no primary stress).
 */
import type { PhonemeEvent, WordEvent } from '../voice-source.ts';

/** One event as the eSpeak NG Emscripten worker reports it. */
export interface EspeakEvent {
  readonly type: string;
  readonly text_position: number;
  readonly word_length: number;
  readonly audio_position: number;
  readonly id?: string | number;
}

/** A phoneme id without language-switch tags, e.g. `ˈeə (fr)` → `ˈeə`. */
export function cleanPhoneme(id: string): string {
  return id.replace(/\([A-Za-z-]+\)/g, '').trim();
}

/** Maps eSpeak events for `text` (audio `durationMs` long) to a word and phoneme timeline. */
export function espeakTimeline(
  text: string,
  events: readonly EspeakEvent[],
  durationMs: number,
): { words: WordEvent[]; phonemes: PhonemeEvent[] } {
  const chars = Array.from(text);
  const marks = events
    .filter((e) => e.type === 'phoneme' || e.type === 'end')
    .map((e) => ({ t: e.audio_position, id: e.type === 'phoneme' ? cleanPhoneme(String(e.id ?? '')) : '' }))
    .sort((a, b) => a.t - b.t);
  const phonemes: PhonemeEvent[] = [];
  marks.forEach((m, i) => {
    if (m.id === '') return;
    const next = marks[i + 1]?.t ?? durationMs;
    phonemes.push({ phoneme: m.id, startMs: m.t, endMs: Math.max(m.t, Math.min(next, durationMs)) });
  });
  const wordEvents = events
    .filter((e) => e.type === 'word')
    .sort((a, b) => a.audio_position - b.audio_position);
  const words: WordEvent[] = wordEvents.map((e, i) => {
    const from = e.audio_position;
    const until = wordEvents[i + 1]?.audio_position ?? Infinity;
    const own = phonemes.filter((p) => p.startMs >= from && p.startMs < until);
    const stressed = own.find((p) => p.phoneme.includes('ˈ')) ?? own.find((p) => p.phoneme.includes('ˌ'));
    const word = chars.slice(e.text_position - 1, e.text_position - 1 + e.word_length).join('');
    return {
      text: word,
      startMs: own[0]?.startMs ?? from,
      endMs: own.length > 0 ? own[own.length - 1]!.endMs : Math.min(until, durationMs),
      ...(stressed ? { stressMs: stressed.startMs } : {}),
    };
  });
  return { words, phonemes };
}
