/**
 * What the scheduler needs from lip sync and voice output: just scheduling and cancelling, so a
 * recording fake in tests satisfies it as well as engine/voice's lip sync and Tone.js output.
 * Type-only imports: timing does not load the voice engine's code.
 */
import type { VoiceOutput } from '../voice/dsp/voice-output.ts';
import type { LipSync } from '../voice/lipsync/lipsync.ts';

/** Resource key of lip sync (`LIPSYNC` of `lipSyncPlugin()`; a test checks they agree). */
export const LIPSYNC_KEY = 'lipsync';

/** Resource key of the engine's voice output (`VOICE_OUTPUT` of `voiceOutputPlugin(context)`). */
export const VOICE_OUTPUT_KEY = 'voice-output';

/** Lip sync as the scheduler uses it. */
export type LipSyncPort = Pick<LipSync, 'schedule' | 'cancel'>;

/** Voice output as the scheduler uses it: play at an engine time, stop with a fade. */
export type VoiceOutputPort = Pick<VoiceOutput, 'play' | 'stop'>;
