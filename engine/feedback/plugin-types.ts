/**
 * Types of behaviour plug-ins: gestures and personas a host registers by name. Each has `execute`,
 * which acts on an avatar through a recording context (plays capsules and profiles via the capsule
 * runtime), and `simulate`, which returns what it would do without touching the engine — for
 * previews, planners and tests.
 */
import type { RegistryView } from '../capsules/registry-view.ts';

/** The two kinds of plug-in. */
export type BehaviourKind = 'gesture' | 'persona';

/** One thing a plug-in does (or would do). Times are engine ms. */
export interface PlannedAction {
  readonly kind: 'capsule' | 'profile' | 'cancel';
  /** Capsule or profile id; null for “cancel everything”. */
  readonly id: string | null;
  readonly atMs: number;
  readonly weight: number;
  /** For capsules a simulated profile would play: the profile. */
  readonly via?: string;
}

/** What both `execute` and `simulate` receive. */
export interface BehaviourContext {
  readonly avatar: number;
  /** When to act, engine ms (default: now). */
  readonly atMs: number;
  /** Scales every weight, 0..1 (default 1). */
  readonly weight: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** Read-only lookups (capsule slots, profiles). */
  readonly registry: RegistryView;
}

/** `execute`'s context: the only way a plug-in acts, so every act is logged. */
export interface ExecuteContext extends BehaviourContext {
  /** Plays a capsule (weight scaled by the context's). */
  play(capsuleId: string, options?: { atMs?: number; weight?: number }): void;
  /** Plays a profile by its triggers against an anchor at `atMs`. */
  playProfile(profileId: string, options?: { atMs?: number; weight?: number }): void;
  /** Fades out a capsule's instances (or all). */
  cancel(capsuleId?: string | null): void;
}

/** A gesture or persona. */
export interface BehaviourPlugin {
  readonly kind: BehaviourKind;
  /** `^[a-z][a-z0-9_-]{0,47}$`, unique per kind. */
  readonly name: string;
  readonly description?: string;
  /** Acts on the avatar through `ctx`. */
  execute(ctx: ExecuteContext): void;
  /** What `execute` would do; must not act. */
  simulate(ctx: BehaviourContext): readonly PlannedAction[];
}

/** One execute or simulate, as logged. */
export interface BehaviourLogEntry {
  readonly kind: BehaviourKind;
  readonly name: string;
  readonly op: 'execute' | 'simulate';
  readonly avatar: number;
  /** Engine ms of the call. */
  readonly time: number;
  readonly actions: readonly PlannedAction[];
  readonly outcome: 'ok' | 'error';
  readonly error?: string;
}
