/**
 * The embedder-facing types of an avatar: what `perform` takes and what it gives back. Kept apart
 * from the implementation so hosts, the viewer and the wire codec can import them cheaply.
 */
import type { LeadLagOverrides } from '../timing/plan-types.ts';
import type { UtteranceResult } from '../timing/utterance-run.ts';
import type { VoiceOutputPort } from '../timing/voice-ports.ts';
import type { VoiceSource } from '../voice/voice-source.ts';

/** Options of {@link createAvatar}. */
export interface AvatarOptions {
  /** Shown in timelines and logs. */
  name: string;
  /** Speaks `text`; without one, text is performed on an estimated silent timeline. */
  voice?: VoiceSource;
  /**
   * Plays the audio (Tone.js). Default: the engine's `voice-output` resource (`voiceOutputPlugin`);
   * with neither, the performance runs silent on the same timeline.
   */
  output?: VoiceOutputPort;
  /**
   * Device output latency to compensate in lip sync, ms (`(ctx.outputLatency + ctx.baseLatency) ×
   * 1000` in browsers): the visemes wait that long so they match what is heard. Default 0.
   */
  lipLatencyMs?: number;
  /** Profile used when a perform names none. */
  profile?: string;
  /** Engine ms of the `scene_start` anchor. Default: engine time when the avatar is created. */
  sceneStartMs?: number;
  /** Engine ms to wait for the voice before falling back to silence. Default 5000. */
  synthesisTimeoutMs?: number;
}

/** One line to perform. */
export interface PerformRequest {
  /** What to say. Without it the profile plays against an immediate, silent speech onset. */
  text?: string;
  /** Profile (capsule wiring map) to play; default the avatar's. */
  profile?: string;
  /** Provider voice id, e.g. `en-us`. */
  voice?: string;
  /** Changes to the lead windows (see docs/lead-lag.md). */
  leadLag?: LeadLagOverrides;
  /** Start the audio now; leading capsules compress instead of delaying it. */
  audioFirst?: boolean;
  /** Seed of this line's draws; the same seed gives the same plan. Default: from the world seed. */
  seed?: number;
}

/** How a performance ended; `done` never rejects. */
export type PerformResult = UtteranceResult;

/** A performance in flight. */
export interface PerformHandle {
  /** Settles at the end of release, or with `cancelled: true` after a cancel or barge-in fade. */
  readonly done: Promise<PerformResult>;
  /** Fades this performance out (≤ 120 ms). */
  cancel(): void;
  /** The lead-lag machine's phase: idle, handLead, face, voice, sustain, release. */
  readonly phase: () => string;
}

/** A live avatar. */
export interface AvatarHandle {
  readonly entity: number;
  readonly name: string;
  /** Performs a line; a performance already running is interrupted (barge-in) with a fade. */
  perform(request: PerformRequest): PerformHandle;
  /** Fades out whatever is being performed over `fadeMs` (clamped to 20..120 ms, default 120). */
  cancel(fadeMs?: number): void;
  /** Stops everything (audio with the shortest fade) and removes the avatar at the next frame. */
  dispose(): void;
}
