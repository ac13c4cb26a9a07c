/**
 * Data-only components of the capsule engine, as structure-of-arrays indexed by entity id.
 * Stores grow (by doubling) only when an entity is added — never inside the frame loop.
 */
import type { PoseBuffer } from '../rig/pose-buffer.ts';

/** One playing (or pending) capsule on one avatar. Times are engine ms. */
export interface CapsuleInstanceStore {
  capacity: number;
  /** Registry slot of the capsule. */
  capsule: Int32Array;
  /** Avatar entity the instance drives. */
  avatar: Int32Array;
  /** Planned onset (after trigger offset and seeded timing variation). */
  start: Float64Array;
  /** Length in engine ms (capsule duration after variation and tempo). */
  duration: Float64Array;
  /** Command weight × seeded intensity variation. */
  weight: Float64Array;
  /** Seed of this instance's substream (noise phases). */
  seed: Uint32Array;
  /** Phase at which the motion aborts (≥ 1: never). */
  abortAt: Float64Array;
  /** 1 when an abort retracts along the path, 0 when it fades out. */
  retract: Uint8Array;
  /** Time a cancel began its fade (Infinity: not cancelled). */
  cancelAt: Float64Array;
  /** Length of the cancel fade, ms. */
  cancelFade: Float64Array;
  /** Time after which the instance contributes nothing and is removed. */
  end: Float64Array;
  /** Command sequence number (orders ties and cancels). */
  seq: Float64Array;
  /** Index of this instance's record in the timeline. */
  record: Int32Array;
  /**
   * Capability grant the instance was started under (0: none). When the grant is revoked the
   * evaluator fades the instance out from the next frame (engine/wire/tokens.ts).
   */
  grant: Int32Array;
}

/** Per-avatar data: the pose buffer and the resolver's accumulators. */
export interface AvatarStore {
  name: string[];
  pose: PoseBuffer[];
  /** Neutral value of every channel (rest pose); the resolver starts from it. */
  baseline: Float32Array[];
  /** Sum of additive contributions this frame (float64 keeps the sum order-insensitive). */
  add: Float64Array[];
  /** Product of multiply factors this frame. */
  mul: Float64Array[];
  overrides: OverrideStack[];
}

/** Override contributions collected during evaluation, applied in (priority, start, authority, seq) order. */
export interface OverrideStack {
  count: number;
  channel: Int32Array;
  value: Float64Array;
  weight: Float64Array;
  /** Sort key parts. */
  priority: Float64Array;
  start: Float64Array;
  authority: Float64Array;
  seq: Float64Array;
  /** Scratch for the sort. */
  order: Int32Array;
}

/** Marker component: the entity is a capsule instance. */
export const CapsuleInstance = {};
/** Marker component: the entity is an avatar. */
export const Avatar = {};

/** Creates an empty instance store. */
export function createInstanceStore(capacity = 256): CapsuleInstanceStore {
  return {
    capacity,
    capsule: new Int32Array(capacity),
    avatar: new Int32Array(capacity),
    start: new Float64Array(capacity),
    duration: new Float64Array(capacity),
    weight: new Float64Array(capacity),
    seed: new Uint32Array(capacity),
    abortAt: new Float64Array(capacity),
    retract: new Uint8Array(capacity),
    cancelAt: new Float64Array(capacity),
    cancelFade: new Float64Array(capacity),
    end: new Float64Array(capacity),
    seq: new Float64Array(capacity),
    record: new Int32Array(capacity),
    grant: new Int32Array(capacity),
  };
}

type Grow = Int32Array | Float64Array | Uint32Array | Uint8Array;

/** Makes room for entity id `eid` (called when an instance is spawned). */
export function ensureInstanceCapacity(store: CapsuleInstanceStore, eid: number): void {
  if (eid < store.capacity) return;
  let capacity = store.capacity;
  while (capacity <= eid) capacity *= 2;
  for (const key of Object.keys(store) as (keyof CapsuleInstanceStore)[]) {
    const old = store[key];
    if (typeof old === 'number') continue;
    const grown = new (old.constructor as new (n: number) => Grow)(capacity);
    grown.set(old as never);
    (store as unknown as Record<string, Grow>)[key] = grown;
  }
  store.capacity = capacity;
}

/** Creates an override stack with room for `capacity` contributions. */
export function createOverrideStack(capacity = 64): OverrideStack {
  return {
    count: 0,
    channel: new Int32Array(capacity),
    value: new Float64Array(capacity),
    weight: new Float64Array(capacity),
    priority: new Float64Array(capacity),
    start: new Float64Array(capacity),
    authority: new Float64Array(capacity),
    seq: new Float64Array(capacity),
    order: new Int32Array(capacity),
  };
}

/** Doubles an override stack's capacity (rare: only when more overrides are active than ever before). */
export function growOverrideStack(stack: OverrideStack): void {
  const bigger = createOverrideStack(stack.channel.length * 2);
  bigger.channel.set(stack.channel);
  bigger.value.set(stack.value);
  bigger.weight.set(stack.weight);
  bigger.priority.set(stack.priority);
  bigger.start.set(stack.start);
  bigger.authority.set(stack.authority);
  bigger.seq.set(stack.seq);
  Object.assign(stack, { ...bigger, count: stack.count });
}
