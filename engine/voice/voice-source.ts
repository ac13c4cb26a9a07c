/**
 * Voice sources: anything that turns a line of text (or supplied audio) into audio plus a timeline
 * of words and phonemes. The lead-lag scheduler anchors capsules on that timeline; lip sync maps its
 * phonemes to visemes; the DSP chain shapes its audio. Providers: eSpeak NG (optional, GPL-3.0,
 * loaded separately), external audio with a supplied timeline, and silence (tests, muted avatars).
 */

/** One word of an utterance. Times are ms from the utterance's audio start. */
export interface WordEvent {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Start of the stressed syllable within the word, when the provider knows it. */
  readonly stressMs?: number;
}

/** One phoneme (IPA symbol, or a provider's own symbol mapped to IPA). Times as for words. */
export interface PhonemeEvent {
  readonly phoneme: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** What a provider returns for one line. */
export interface Utterance {
  /** Mono PCM in −1..1, or null for providers that give only a timeline. */
  readonly audio: Float32Array | null;
  readonly sampleRate: number;
  /** Total length, ms (covers the audio and the last event). */
  readonly durationMs: number;
  readonly words: readonly WordEvent[];
  readonly phonemes: readonly PhonemeEvent[];
}

/** Options of a synthesis request. */
export interface SynthesisOptions {
  /** Provider-specific voice id, e.g. `en-us` for eSpeak. */
  voice?: string;
  /** Speaking-rate factor the provider applies itself (the DSP may stretch further). */
  rate?: number;
}

/** A voice provider. `synthesize` may reject; callers then continue with silence of the same timeline. */
export interface VoiceSource {
  readonly id: string;
  /** Voices this provider offers (id and a label a picker can show). */
  voices(): readonly { id: string; label: string }[];
  synthesize(text: string, options?: SynthesisOptions): Promise<Utterance>;
}
