/**
 * Types of the state emitter's options and resource, apart from the implementation so sinks, the
 * bridge and the follower can import them cheaply.
 */
import type { AvatarState } from './schema-types.ts';
import type { StateSink } from './sinks.ts';

/** How the emitting runtime runs (the state's `mode`). */
export type StateMode = AvatarState['mode'];

/** Options of `statePlugin`. */
export interface StatePluginOptions {
  /** Most emissions per avatar per second (engine time). Default 10. */
  maxHz: number;
  /** Emit an unchanged state at least this often, ms (a heartbeat for late joiners); 0: never. Default 1000. */
  heartbeatMs: number;
  /** Intensity changes smaller than this do not count as a change. Default 0.05. */
  intensityEpsilon: number;
  /** Sinks at start; more with `addSink`. */
  sinks: readonly StateSink[];
  mode: StateMode;
  /** Whether this process owns the avatars it emits (LOCAL_OWNER). Default true. */
  localOwner: boolean;
  /** Longest viseme timeline in one state. Default 32. */
  maxVisemes: number;
  /** Emit only these avatar entities; default every avatar of the capsule runtime. */
  avatars: readonly number[] | null;
  /** Told about sink failures (the emitter goes on). Default: kept in `errors` only. */
  onError: ((message: string) => void) | null;
}

/** Resource key of {@link AvatarStateResource}. */
export const AVATAR_STATE = 'avatar-state';

/** The state emitter's resource. */
export interface AvatarStateResource {
  /** The last state emitted for an avatar. */
  latest(avatar: number): AvatarState | undefined;
  /** Adds a sink; returns a function that removes it. */
  addSink(sink: StateSink): () => void;
  /**
   * Notes the profile an avatar is performing, the mood's fallback when no emotion input came.
   * A spoken line's own profile (from the lead-lag lanes) replaces it when the line starts. Null forgets it.
   */
  setProfile(avatar: number, profile: string | null): void;
  /** Emits the avatar's state (or every avatar's) at the next frame, whatever the throttle says. */
  request(avatar?: number): void;
  /** Emissions so far (all avatars). */
  readonly emitted: number;
  /** Sink failures, newest last (at most 100). */
  readonly errors: readonly string[];
  /** Closes every sink (flushing files). */
  close(): void;
}

/** What a mood label (a profile id or an emotion name) may look like in the state. */
export const MOOD_LABEL = /^[A-Za-z][A-Za-z0-9_:-]{0,63}$/;
