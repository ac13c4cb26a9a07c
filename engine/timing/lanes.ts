/**
 * Per-utterance lanes for the viewer's timeline: what the planner put on the hands, face, voice and
 * lips (and everything else), with planned times in engine ms. Read them from the lead-lag resource;
 * items are updated in place when the capsule runtime settles real ends or a barge-in cancels.
 */
import type { Domain } from '../capsules/schema-types.ts';

/** A timeline lane. `other` holds BK, TR, TC, LD, CS and ER capsules. */
export type Lane = 'hand' | 'face' | 'voice' | 'lip' | 'other';

/** The lane a capsule domain is drawn in. */
export function laneOf(domain: Domain): Lane {
  return domain === 'HK' ? 'hand' : domain === 'FMM' ? 'face' : domain === 'VC' ? 'voice' : 'other';
}

/** One bar on a lane. */
export interface LaneItem {
  readonly lane: Lane;
  readonly kind: 'capsule' | 'audio' | 'phoneme';
  /** Capsule id, phoneme, or `audio`. */
  readonly label: string;
  /** Planned start, engine ms. */
  readonly start: number;
  /** Planned end; settled from the capsule runtime after scheduling, cut short by a cancel. */
  end: number;
  status: 'planned' | 'skipped' | 'cancelled';
}

/** A phase of the lead-lag machine as it was entered. */
export interface PhaseMark {
  readonly phase: string;
  readonly at: number;
}

/** Everything one utterance planned, for timelines and tests. */
export interface UtteranceLanes {
  readonly id: number;
  readonly avatar: number;
  readonly avatarName: string;
  readonly text: string;
  /** The profile the line was performed with (the avatar state's mood falls back to it), or null. */
  readonly profile: string | null;
  /** Frame the plan was made in. */
  readonly plannedAt: number;
  /** Speech onset the hands and face were planned against. */
  readonly speechOnsetAt: number;
  /** When the first word is heard (speech onset + the voice offset). */
  readonly voiceAt: number;
  /** When the audio starts (the voice minus any leading silence). */
  readonly audioAt: number;
  /** Whose voice: the provider's, the estimated silent timeline (fallback), or none (no text). */
  readonly voice: 'provider' | 'silence' | 'none';
  readonly items: LaneItem[];
  readonly phases: PhaseMark[];
  cancelledAt: number | null;
}
