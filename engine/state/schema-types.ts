/* Generated from engine/state/avatar-state.schema.json (UPDATE_STATE_TYPES=1 npx vitest run tests/unit/state-schema.test.ts). Do not edit. */

/**
 * What one avatar is doing, as emitted by statePlugin: labels and a viseme timeline, never joint data. Consumers treat mood as advisory and map motion labels through a whitelist (docs/state.md).
 */
export interface AvatarState {
  format_version: 1;
  /**
   * Name of the avatar (createAvatar's name).
   */
  avatar: string;
  /**
   * Advisory label: the last emotion input's label, else the noted profile id, else null. Never an instruction to pose.
   */
  mood: string | null;
  /**
   * How strongly the avatar is expressing, clamped 0..1.
   */
  intensity: number;
  /**
   * Dominant expression channel (mouth, blink and look channels excluded), or neutral.
   */
  expression: string;
  /**
   * Symbolic motion label: idle, a body subtype such as nod, or gesture:<capsule id>. Never joint data.
   */
  motion: string;
  /**
   * Text of the line being heard, or null.
   */
  current_phrase: string | null;
  is_speaking: boolean;
  /**
   * Current and upcoming visemes of the current line, engine ms.
   *
   * @maxItems 256
   */
  viseme_timeline: {
    /**
     * Start, engine ms.
     */
    time: number;
    /**
     * Length, ms.
     */
    duration: number;
    /**
     * Oculus-15 viseme.
     */
    viseme:
      'sil' | 'PP' | 'FF' | 'TH' | 'DD' | 'kk' | 'CH' | 'SS' | 'nn' | 'RR' | 'aa' | 'E' | 'ih' | 'oh' | 'ou';
  }[];
  /**
   * Engine ms of the frame the state was taken in.
   */
  timestamp: number;
  /**
   * How the emitting runtime runs.
   */
  mode: 'live' | 'offline' | 'replay';
  /**
   * True when the emitting process owns the avatar.
   */
  LOCAL_OWNER: boolean;
}
