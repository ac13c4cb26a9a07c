/**
 * The voice `capsule perform` speaks with: eSpeak NG when its optional package loads, else the
 * silence provider (estimated timing, no audio) with a note saying so. Asking for eSpeak by name
 * when it cannot load is an error rather than a quiet fallback.
 */
import { createEspeakSource } from '../../engine/voice/providers/espeak.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import type { VoiceSource } from '../../engine/voice/voice-source.ts';

/** Voices `--voice` accepts. */
export const VOICE_CHOICES = ['espeak', 'silence'] as const;
export type VoiceChoice = (typeof VOICE_CHOICES)[number];

/** True for a name `--voice` accepts. */
export function isVoiceChoice(name: string): name is VoiceChoice {
  return (VOICE_CHOICES as readonly string[]).includes(name);
}

/**
 * The source for `choice`; with none, eSpeak if it loads, else silence (and `note` says why).
 * Throws when `espeak` is asked for and cannot load.
 */
export async function chooseVoice(
  choice: VoiceChoice | undefined,
  note: (message: string) => void,
): Promise<VoiceSource> {
  if (choice === 'silence') return createSilenceSource();
  try {
    return await createEspeakSource();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (choice === 'espeak') throw new Error(`perform: --voice espeak: ${why}`, { cause: error });
    note(
      `perform: eSpeak NG is not available (${why}); speaking with the silence provider: estimated timing, lips and gestures as usual, a silent voice.wav`,
    );
    return createSilenceSource();
  }
}
