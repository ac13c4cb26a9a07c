/**
 * A provider that never leaves an avatar mute: if the wrapped source rejects (network down, eSpeak
 * failed to load, a cloud quota), the line continues as silence with an estimated timeline, and the
 * failure is reported once per call.
 */
import type { SynthesisOptions, Utterance, VoiceSource } from '../voice-source.ts';
import { createSilenceSource } from './silence.ts';

/** Options of {@link withFallback}. */
export interface FallbackOptions {
  /** Where failures are reported. Default: console.warn. */
  log: (message: string, error: unknown) => void;
  /** What to fall back to. Default: {@link createSilenceSource}. */
  fallback: VoiceSource;
}

/** Wraps `source` so a rejected synthesis resolves to the fallback's utterance for the same text. */
export function withFallback(source: VoiceSource, options: Partial<FallbackOptions> = {}): VoiceSource {
  const log = options.log ?? ((message: string, error: unknown) => console.warn(message, error));
  const fallback = options.fallback ?? createSilenceSource();
  return {
    id: source.id,
    voices: () => source.voices(),
    async synthesize(text: string, synthesis?: SynthesisOptions): Promise<Utterance> {
      try {
        return await source.synthesize(text, synthesis);
      } catch (error) {
        const line = text.length > 40 ? `${text.slice(0, 40)}…` : text;
        log(`voice: ${source.id} failed on "${line}"; continuing as ${fallback.id}`, error);
        return fallback.synthesize(text, synthesis);
      }
    },
  };
}
