/**
 * The silent stand-in for a voice: no audio, the voice engine's estimated word and phoneme timeline
 * for the text (engine/voice/providers/estimate-timeline.ts — the same estimate its silence
 * provider gives). What a line continues on when there is no provider, or the provider failed, so
 * the hands, face, beats and lips still perform. Synchronous, unlike a provider.
 */
import { estimateTimeline } from '../voice/providers/estimate-timeline.ts';
import { SILENCE_SAMPLE_RATE } from '../voice/providers/silence.ts';
import type { Utterance } from '../voice/voice-source.ts';

/** A silent utterance timed by estimate for `text`. */
export function silentUtterance(text: string): Utterance {
  const t = estimateTimeline(text);
  return {
    audio: null,
    sampleRate: SILENCE_SAMPLE_RATE,
    durationMs: t.durationMs,
    words: t.words,
    phonemes: t.phonemes,
  };
}
