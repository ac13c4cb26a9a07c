/**
 * The lead-lag resource: the xstate clock on engine time, the utterances in flight, the lanes the
 * viewer draws, and the scheduler's own event log (voice fallbacks, barge-ins, cancels).
 */
import type { UtteranceLanes } from './lanes.ts';
import type { TimerClock } from './timer-clock.ts';

/** Resource key of {@link LeadLagResource}. */
export const LEAD_LAG = 'lead-lag';

/** Something the scheduler did that a log should show. */
export interface LeadLagLogEvent {
  readonly time: number;
  readonly avatar: number;
  readonly utterance: number;
  readonly kind: 'voice-fallback' | 'barge-in' | 'cancel';
  readonly message: string;
}

/** An utterance in flight, as the scheduler's systems drive it. */
export interface ScheduledUtterance {
  /** Avatar entity that speaks. */
  readonly avatar: number;
  /**
   * The capsule runtime's command count when the line was given: a cancel-everything command with a
   * higher sequence number (given later) stops the line too.
   */
  readonly givenAfterSeq: number;
  /** Fades the line out (capsules, lips, audio) over `fadeMs`. */
  cancel(fadeMs?: number, reason?: 'cancel' | 'barge-in'): void;
  /** Schedule phase, before the capsule schedule: plan once the voice is ready (or timed out). */
  beforeCapsules(nowMs: number): void;
  /** Schedule phase, after the capsule schedule: settle real ends from the runtime's records. */
  afterCapsules(nowMs: number): void;
  /** After the machine's timers fired: finish if it went back to idle. True once finished. */
  finishIfDone(nowMs: number): boolean;
}

/** The lead-lag resource. */
export interface LeadLagResource {
  /** Clock every lead-lag actor runs on. */
  readonly clock: TimerClock;
  /** Lanes of recent utterances, oldest first (at most `historyLimit`), for timelines. */
  readonly utterances: UtteranceLanes[];
  readonly historyLimit: number;
  /** Utterances in flight, in submission order. */
  readonly active: Set<ScheduledUtterance>;
  /** Numbers utterances (ids in lanes and events). */
  nextId(): number;
  /** Adds lanes, dropping the oldest beyond the limit. */
  record(lanes: UtteranceLanes): void;
  onEvent(listener: (event: LeadLagLogEvent) => void): () => void;
  emit(event: LeadLagLogEvent): void;
}

/** Creates the resource over a timer clock. */
export function createLeadLagResource(clock: TimerClock, historyLimit = 64): LeadLagResource {
  const listeners = new Set<(event: LeadLagLogEvent) => void>();
  const utterances: UtteranceLanes[] = [];
  let id = 0;
  return {
    clock,
    utterances,
    historyLimit,
    active: new Set(),
    nextId: () => ++id,
    record(lanes) {
      utterances.push(lanes);
      if (utterances.length > historyLimit) utterances.splice(0, utterances.length - historyLimit);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const l of listeners) l(event);
    },
  };
}
