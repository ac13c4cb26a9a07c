/**
 * A voice source for lines whose phoneme timing arrives in the packet (the sender's TTS made the
 * audio): the receiver hands it the timeline just before `perform()`, which asks its voice source
 * synchronously, so the line is planned on the sender's timing. Lines without a supplied timeline
 * go to the fallback source (eSpeak, external, …), or an estimate when there is none.
 */
import { silentUtterance } from '../timing/silent-utterance.ts';
import type { SynthesisOptions, Utterance, VoiceSource } from '../voice/voice-source.ts';
import { createSilenceSource } from '../voice/providers/silence.ts';
import { WIRE } from './limits.ts';
import type { WirePhoneme } from './packet-types.ts';

/** Sample rate stated for timeline-only utterances (no audio travels). */
const TIMELINE_RATE = 16000;

/** A {@link VoiceSource} that can be handed the next line's phoneme timeline. */
export interface PacketVoice extends VoiceSource {
  /** The next `synthesize` call returns this timeline (once). */
  supply(phonemes: readonly WirePhoneme[]): void;
  /** Forgets a supplied timeline no line took (its `perform()` threw), so the next line does not get it. */
  clear(): void;
}

/** The utterance (no audio) a packet's phoneme timeline stands for. */
export function phonemeUtterance(phonemes: readonly WirePhoneme[]): Utterance {
  const list = phonemes.map((p) => ({
    phoneme: p.phoneme,
    startMs: p.start_ms,
    endMs: Math.min(WIRE.MAX_PHONEME_MS, p.start_ms + p.duration_ms),
  }));
  const durationMs = list.reduce((m, p) => Math.max(m, p.endMs), 0);
  return { audio: null, sampleRate: TIMELINE_RATE, durationMs, words: [], phonemes: list };
}

/** Creates a {@link PacketVoice}; pass it as `createAvatar(engine, { voice })`. */
export function createPacketVoice(fallback?: VoiceSource): PacketVoice {
  let next: Utterance | null = null;
  const base = fallback ?? createSilenceSource();
  return {
    id: `packet+${base.id}`,
    voices: () => base.voices(),
    supply(phonemes) {
      next = phonemeUtterance(phonemes);
    },
    clear() {
      next = null;
    },
    synthesize(text: string, options?: SynthesisOptions): Promise<Utterance> {
      const u = next;
      next = null;
      if (u) return Promise.resolve(u);
      return fallback ? fallback.synthesize(text, options) : Promise.resolve(silentUtterance(text));
    },
  };
}
