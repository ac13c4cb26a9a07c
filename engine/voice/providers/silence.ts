/**
 * The silent voice: no audio, an estimated timeline. Tests, muted avatars and the fallback when a
 * real provider fails all use it, so the face and hands still perform and the lips still move.
 */
import type { SynthesisOptions, Utterance, VoiceSource } from '../voice-source.ts';
import { estimateTimeline } from './estimate-timeline.ts';
import type { EstimateOptions } from './estimate-timeline.ts';

/** Nominal sample rate of silent utterances (they have no samples; DSP renders silence at it). */
export const SILENCE_SAMPLE_RATE = 22050;

/** Creates the silence provider; `options` tune the estimate (syllable length, pauses). */
export function createSilenceSource(options: Partial<Omit<EstimateOptions, 'rate'>> = {}): VoiceSource {
  return {
    id: 'silence',
    voices: () => [{ id: 'silence', label: 'Silent (estimated timing)' }],
    synthesize(text: string, synthesis: SynthesisOptions = {}): Promise<Utterance> {
      try {
        const t = estimateTimeline(text, { ...options, rate: synthesis.rate ?? 1 });
        return Promise.resolve({
          audio: null,
          sampleRate: SILENCE_SAMPLE_RATE,
          durationMs: t.durationMs,
          words: t.words,
          phonemes: t.phonemes,
        });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
