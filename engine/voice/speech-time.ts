/**
 * Where an avatar is in its speech. Lip sync reads phonemes at speech (source) time, which runs
 * faster or slower than engine time when the voice's rate channel moves. Whatever plays or records
 * the voice provides this resource, integrating the same rate breakpoints it automated the audio
 * with; without it, speech time is engine time.
 */

/** Resource key of the avatar speech-time provider. */
export const SPEECH_TIME = 'speech-time';

/** Maps engine time to speech time, per avatar. */
export interface SpeechTime {
  /**
   * Source ms of speech that started at engine time `startMs` heard by engine time `nowMs`
   * (nowMs − startMs at rate 1; may be negative before the start).
   */
  elapsed(avatar: number, startMs: number, nowMs: number): number;
}
