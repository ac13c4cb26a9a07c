/**
 * What the scheduler needs from lip sync and voice output, stated here so timing does not wait on
 * their implementations (engine/voice/lipsync, engine/voice/output). The shapes match theirs; a
 * recording fake in tests satisfies them too.
 */
import type { PhonemeEvent, Utterance } from '../voice/voice-source.ts';

/** Resource key of the lip-sync scheduler (provided by the voice plugin `lipSyncPlugin()`). */
export const LIPSYNC_KEY = 'lipsync';

/** Lip sync: visemes from phoneme events on the audio clock. */
export interface LipSyncPort {
  /** Schedules `phonemes` (ms from audio start) to start at engine ms `startMs`. */
  schedule(avatar: number, phonemes: readonly PhonemeEvent[], startMs: number): number;
  /** Fades the avatar's visemes out from `atMs` over `fadeMs`, dropping later ones. */
  cancel(avatar: number, atMs: number, fadeMs: number): void;
}

/** Resource key of the engine's voice output (`voiceOutputPlugin(context)`), used when an avatar has none of its own. */
export const VOICE_OUTPUT_KEY = 'voice-output';

/** Voice output: plays an utterance's audio at an engine time (Tone.js in browsers and Node). */
export interface VoiceOutputPort {
  play(avatar: number, utterance: Utterance, atMs: number): void;
  stop(avatar: number, atMs: number, fadeMs: number): void;
}
