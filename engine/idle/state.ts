/**
 * The idle's per-avatar state: when each event stream fires next and how many events it has issued,
 * the last activity and the re-centre bookkeeping. Created when an avatar first appears (never in the
 * frame loop), shared by the idle system and the control resource.
 */
import type { TimelineRecord } from '../capsules/timeline.ts';

/** Event streams, in the order ties are broken. */
export const enum Stream {
  Breath = 0,
  Tremor = 1,
  Blink = 2,
  Saccade = 3,
  Recentre = 4,
}

/** Number of streams. */
export const STREAM_COUNT = 5;

/** One avatar's idle. */
export interface AvatarIdle {
  readonly eid: number;
  /** Identity of the avatar's pose buffer: a recycled entity id gets a new buffer, so a new state. */
  readonly pose: unknown;
  readonly name: string;
  /** Order of first appearance; keys every draw, so each avatar has its own idle. */
  readonly ordinal: number;
  /** Engine ms of each stream's next event (Infinity: none planned). */
  readonly next: Float64Array;
  /** Events each stream has issued; the event index keys its draws. */
  readonly count: Uint32Array;
  /** Per-stream draw seeds. */
  readonly seed: Uint32Array;
  /** Engine ms of the last event that was not the idle's own (−Infinity: none yet). */
  lastActivity: number;
  /** Onset of the last re-centre issued (−Infinity: none). */
  recentreAt: number;
  /** Saccade step (0 left, 1 right, 2 up, 3 down) of the current fixation's yaw and pitch, or −1. */
  saccadeYaw: number;
  saccadePitch: number;
  /** The newest breathing record, or null (watched for a cancel by someone else). */
  breathRecord: TimelineRecord | null;
  /** Set for a frame in which everything on the avatar is being cancelled: plan nothing then. */
  hold: boolean;
}

/** State shared by the idle system and its control resource. */
export interface IdleState {
  readonly avatars: AvatarIdle[];
  /** State by avatar entity id. */
  readonly byEid: (AvatarIdle | undefined)[];
  /** States by avatar name: timeline records name their avatar, not its entity. */
  readonly byName: Map<string, AvatarIdle[]>;
  /** Activity reported through `touch` since the last frame, by avatar entity id. */
  readonly touched: Map<number, number>;
  /** Ordinals handed out so far. */
  ordinals: number;
}

/** Creates empty idle state. */
export function createIdleState(): IdleState {
  return { avatars: [], byEid: [], byName: new Map(), touched: new Map(), ordinals: 0 };
}
