/**
 * External audio with a supplied timeline: cloud TTS (Polly, Azure, ElevenLabs), recorded lines, or
 * anything a host decodes itself (`AudioContext.decodeAudioData`, the WAV reader). The host supplies
 * the call; this provider validates what comes back and turns it into an {@link Utterance}.
 */
import type { SynthesisOptions, Utterance, VoiceSource } from '../voice-source.ts';
import { parseTimeline } from './timeline-formats.ts';

/** What a host's synthesis call returns. */
export interface ExternalAudio {
  /** Mono PCM −1..1 (mix channels down first), or null for a timeline alone. */
  readonly audio: Float32Array | null;
  readonly sampleRate: number;
  /** Timeline in any shape {@link parseTimeline} accepts. */
  readonly timeline: unknown;
}

/** Builds an utterance from external audio and its timeline; throws naming the bad field. */
export function externalUtterance(
  audio: Float32Array | null,
  sampleRate: number,
  timeline: unknown,
): Utterance {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate))
    throw new RangeError(`external audio: sampleRate must be > 0, got ${sampleRate}`);
  if (audio !== null && !(audio instanceof Float32Array))
    throw new TypeError('external audio: audio must be a Float32Array (mono PCM) or null');
  if (audio)
    for (let i = 0; i < audio.length; i++)
      if (!Number.isFinite(audio[i]!))
        throw new RangeError(`external audio: audio[${i}] is not finite (${audio[i]})`);
  const audioMs = audio ? (audio.length / sampleRate) * 1000 : 0;
  const { words, phonemes } = parseTimeline(timeline, audioMs);
  const lastEvent = Math.max(0, ...words.map((w) => w.endMs), ...phonemes.map((p) => p.endMs));
  return { audio, sampleRate, durationMs: Math.max(audioMs, lastEvent), words, phonemes };
}

/** Options of {@link createExternalSource}. */
export interface ExternalSourceOptions {
  id: string;
  voices: readonly { id: string; label: string }[];
  /** The host's call: text in, audio and timeline out. */
  synthesize(text: string, options: SynthesisOptions): Promise<ExternalAudio>;
}

/** A voice source over a host-supplied synthesis call. */
export function createExternalSource(
  options: Partial<ExternalSourceOptions> & Pick<ExternalSourceOptions, 'synthesize'>,
): VoiceSource {
  const voices = options.voices ?? [{ id: 'default', label: 'External voice' }];
  return {
    id: options.id ?? 'external',
    voices: () => voices,
    async synthesize(text, synthesis = {}) {
      const r = await options.synthesize(text, synthesis);
      return externalUtterance(r.audio, r.sampleRate, r.timeline);
    },
  };
}
