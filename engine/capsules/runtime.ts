/**
 * The capsule runtime's API and state, stored as an engine resource. Calls only queue commands
 * (numbered in call order, which is what seeds derive from); the schedule system turns them into
 * instance entities at the next update. Nothing here depends on the frame rate.
 */
import { addComponent, addEntity, query, removeEntity } from 'bitecs';
import type { Engine } from '../ecs/engine.ts';
import { createPoseBuffer } from '../rig/pose-buffer.ts';
import type { PoseBuffer } from '../rig/pose-buffer.ts';
import { CHANNEL_NEUTRAL } from './channel-limits.ts';
import { Avatar, CapsuleInstance, createInstanceStore, createOverrideStack } from './components.ts';
import type { AvatarStore, CapsuleInstanceStore } from './components.ts';
import type { RegistryView } from './registry-view.ts';
import type { RuntimeEvent, TimelineRecord } from './timeline.ts';

/** Times of the anchors a trigger's `relative_to` can name, engine ms. */
export interface Anchors {
  speech_onset?: number;
  scene_start?: number;
  phrase_end?: number;
  word_boundary?: number;
  stressed_syllable?: number;
}

/** Options of a play/trigger call. */
export interface PlayOptions {
  /** Engine ms: the onset for `play`, the fallback anchor for triggers. Default: the clock's now. */
  atMs?: number;
  /** Scales the capsule, 0..1. Default 1. */
  weight?: number;
  /**
   * Stable key for this call's seeded draws instead of its command number. Systems that issue
   * commands from inside frames (idle behaviour, schedulers) pass one, so their draws — and the
   * numbering of everyone else's commands — cannot depend on the frame rate.
   */
  seedKey?: number;
  /** Profile tempo: durations (and trigger offsets) divide by it. Default 1. */
  tempo?: number;
  /** Profile noise jitter: scales the capsule's seeded variation. Default 1. */
  jitter?: number;
  /**
   * Capability grant the command acts under ({@link CapsuleRuntime.openGrant}); its instances fade
   * out from the next frame once the grant is revoked, and a revoked grant's commands are refused.
   */
  grant?: number;
}

/** Options of a cancel. */
export interface CancelOptions {
  atMs?: number;
  /** Fade-out length, ms. Default {@link DEFAULT_CANCEL_FADE_MS}. */
  fadeMs?: number;
}

/** Cancels fade out over this long unless told otherwise: quick, but never a cut. */
export const DEFAULT_CANCEL_FADE_MS = 120;

/** Fields every play-like command carries. */
export interface CommandCommon {
  seq: number;
  avatar: number;
  id: string;
  at: number;
  weight: number;
  seedKey?: number;
  tempo?: number;
  jitter?: number;
  grant?: number;
}

/** A queued command. */
export type Command =
  | (CommandCommon & { kind: 'play' })
  | (CommandCommon & { kind: 'trigger'; anchors: Anchors })
  | (CommandCommon & { kind: 'profile'; anchors: Anchors })
  | { kind: 'cancel'; seq: number; avatar: number; id: string | null; at: number; fadeMs: number };

/** The runtime resource. */
export interface CapsuleRuntime {
  readonly registry: RegistryView;
  readonly instances: CapsuleInstanceStore;
  readonly avatars: AvatarStore;
  readonly queue: Command[];
  /**
   * Timeline records still retained, oldest first: the retention system drops records that ended
   * more than `timelineRetentionMs` ago and no instance still uses, so an endless session stays bounded.
   */
  readonly timeline: TimelineRecord[];
  /**
   * Records made so far, dropped ones included. Readers that follow the timeline keep this count
   * and read the newest `timelineCount − theirs` entries (retention never drops a record that young).
   */
  timelineCount: number;
  /** Appends a record (the schedule system's job); returns its index in `timeline`. */
  addRecord(record: TimelineRecord): number;
  /** Commands issued so far: the sequence number the last one got (later commands get higher ones). */
  readonly commandCount: number;
  /** Adds an avatar; returns its entity id. */
  addAvatar(name: string): number;
  /** Removes an avatar and its instances. */
  removeAvatar(avatar: number): void;
  /** The avatar's pose buffer, rewritten every update. */
  pose(avatar: number): PoseBuffer;
  /** Plays a capsule with its onset exactly at `atMs` (trigger offset and probability not applied). */
  play(avatar: number, id: string, options?: PlayOptions): number;
  /** Schedules a capsule by its own trigger: anchor + offset, seeded probability and variation. */
  trigger(avatar: number, id: string, anchors: Anchors, options?: PlayOptions): number;
  /** Schedules every capsule of a profile by its trigger, weighted, with the profile's modifiers. */
  playProfile(avatar: number, id: string, anchors: Anchors, options?: PlayOptions): number;
  /** Fades out playing instances (of one capsule id, or all) and drops pending ones. */
  cancel(avatar: number, id?: string | null, options?: CancelOptions): number;
  /**
   * Revocation flag per capability grant id (1 = revoked), read by the evaluator every frame. Replaced
   * by a larger copy when grants outgrow it: re-read it after {@link openGrant}.
   */
  readonly grantFlags: Uint8Array;
  /** Opens a capability grant (ids 1, 2, …) that commands may carry in `PlayOptions.grant`. */
  openGrant(): number;
  /**
   * Revokes a grant: instances started under it fade to neutral from the next frame (over
   * `fadeMs`, default {@link DEFAULT_CANCEL_FADE_MS}); its later commands are refused with an event.
   * False for a grant never opened.
   */
  revokeGrant(grant: number, fadeMs?: number): boolean;
  /** True once `revokeGrant(grant)` was called. */
  isGrantRevoked(grant: number): boolean;
  /** Fade length of each revoked grant, ms (read by the evaluator). */
  readonly grantFade: Float64Array;
  /** Cancels everything on every avatar (a "wipe"): every instance fades out from the next frame. */
  stopAll(options?: CancelOptions): void;
  /** Subscribes to runtime events; returns an unsubscribe function. */
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
  /** Reports an event to every listener (used by systems). */
  emit(event: RuntimeEvent): void;
}

/** Resource key of the runtime. */
export const CAPSULE_RUNTIME = 'capsules';

/** Creates the runtime resource for an engine. */
export function createCapsuleRuntime(engine: Engine, registry: RegistryView): CapsuleRuntime {
  const ecs = engine.world.ecs;
  let seq = 0;
  const listeners = new Set<(event: RuntimeEvent) => void>();
  const avatars: AvatarStore = { name: [], pose: [], baseline: [], add: [], mul: [], overrides: [] };
  const now = (): number => engine.clock.now();
  const checkAvatar = (avatar: number): void => {
    if (avatars.pose[avatar] === undefined)
      throw new RangeError(`capsules: ${avatar} is not an avatar of this engine`);
  };
  const weightOf = (options: PlayOptions | undefined): number => {
    const w = options?.weight ?? 1;
    if (!Number.isFinite(w) || w < 0 || w > 1)
      throw new RangeError(`capsules: weight must be within 0..1, got ${w}`);
    return w;
  };
  const atOf = (at: number | undefined): number => {
    const t = at ?? now();
    if (!Number.isFinite(t)) throw new RangeError(`capsules: time must be finite, got ${t}`);
    return t;
  };

  /** Fields every play-like command shares; numbers the command. */
  const common = (avatar: number, id: string, options: PlayOptions | undefined): CommandCommon => {
    checkAvatar(avatar);
    const { seedKey, tempo = 1, jitter = 1, grant } = options ?? {};
    if (grant !== undefined && !(Number.isInteger(grant) && grant > 0 && grant <= grantCount))
      throw new RangeError(`capsules: grant ${grant} was never opened`);
    if (seedKey !== undefined && !Number.isInteger(seedKey))
      throw new RangeError(`capsules: seedKey must be an integer, got ${seedKey}`);
    if (!(tempo > 0) || !Number.isFinite(tempo))
      throw new RangeError(`capsules: tempo must be > 0, got ${tempo}`);
    if (!(jitter >= 0) || !Number.isFinite(jitter))
      throw new RangeError(`capsules: jitter must be ≥ 0, got ${jitter}`);
    return {
      seq: ++seq,
      avatar,
      id,
      at: atOf(options?.atMs),
      weight: weightOf(options),
      ...(seedKey === undefined ? {} : { seedKey }),
      ...(tempo === 1 ? {} : { tempo }),
      ...(jitter === 1 ? {} : { jitter }),
      ...(grant === undefined ? {} : { grant }),
    };
  };
  let grantCount = 0;
  let grantFlags = new Uint8Array(64);
  let grantFade = new Float64Array(64);

  const runtime: CapsuleRuntime = {
    registry,
    instances: createInstanceStore(),
    avatars,
    queue: [],
    timeline: [],
    timelineCount: 0,
    get commandCount() {
      return seq;
    },
    addRecord(record) {
      runtime.timelineCount++;
      return runtime.timeline.push(record) - 1;
    },
    addAvatar(name) {
      const eid = addEntity(ecs);
      addComponent(ecs, eid, Avatar);
      const size = registry.layout.size;
      avatars.name[eid] = name;
      avatars.pose[eid] = createPoseBuffer(registry.layout);
      avatars.baseline[eid] = Float32Array.from(CHANNEL_NEUTRAL);
      avatars.add[eid] = new Float64Array(size);
      avatars.mul[eid] = new Float64Array(size).fill(1);
      avatars.overrides[eid] = createOverrideStack();
      return eid;
    },
    removeAvatar(avatar) {
      checkAvatar(avatar);
      // Its instances go with it, now: nothing may evaluate against a removed avatar's buffers.
      const instances = runtime.instances;
      for (const eid of query(ecs, [CapsuleInstance])) {
        if (instances.avatar[eid] !== avatar) continue;
        const record = runtime.timeline[instances.record[eid]!];
        if (record && record.end > engine.world.time.now) {
          record.end = Math.max(record.start, engine.world.time.now);
          record.outcome = 'cancelled';
        }
        removeEntity(ecs, eid);
      }
      removeEntity(ecs, avatar);
      // Commands still queued for it can no longer apply.
      for (let i = runtime.queue.length - 1; i >= 0; i--)
        if (runtime.queue[i]!.avatar === avatar) runtime.queue.splice(i, 1);
      for (const store of [
        avatars.name,
        avatars.pose,
        avatars.baseline,
        avatars.add,
        avatars.mul,
        avatars.overrides,
      ])
        delete store[avatar];
    },
    pose(avatar) {
      checkAvatar(avatar);
      return avatars.pose[avatar]!;
    },
    play(avatar, id, options) {
      runtime.queue.push({ kind: 'play', ...common(avatar, id, options) });
      return seq;
    },
    trigger(avatar, id, anchors, options) {
      runtime.queue.push({ kind: 'trigger', ...common(avatar, id, options), anchors });
      return seq;
    },
    playProfile(avatar, id, anchors, options) {
      runtime.queue.push({ kind: 'profile', ...common(avatar, id, options), anchors });
      return seq;
    },
    cancel(avatar, id = null, options) {
      checkAvatar(avatar);
      const fadeMs = options?.fadeMs ?? DEFAULT_CANCEL_FADE_MS;
      if (!(fadeMs >= 0) || !Number.isFinite(fadeMs))
        throw new RangeError(`capsules: fadeMs must be ≥ 0, got ${fadeMs}`);
      runtime.queue.push({ kind: 'cancel', seq: ++seq, avatar, id, at: atOf(options?.atMs), fadeMs });
      return seq;
    },
    get grantFlags() {
      return grantFlags;
    },
    get grantFade() {
      return grantFade;
    },
    openGrant() {
      const id = ++grantCount;
      if (id >= grantFlags.length) {
        const flags = new Uint8Array(grantFlags.length * 2);
        flags.set(grantFlags);
        grantFlags = flags;
        const fade = new Float64Array(grantFade.length * 2);
        fade.set(grantFade);
        grantFade = fade;
      }
      return id;
    },
    revokeGrant(grant, fadeMs = DEFAULT_CANCEL_FADE_MS) {
      if (!(Number.isInteger(grant) && grant > 0 && grant <= grantCount)) return false;
      if (!(fadeMs >= 0) || !Number.isFinite(fadeMs))
        throw new RangeError(`capsules: fadeMs must be ≥ 0, got ${fadeMs}`);
      if (grantFlags[grant] === 1) return true;
      grantFlags[grant] = 1;
      grantFade[grant] = fadeMs;
      return true;
    },
    isGrantRevoked: (grant) => grantFlags[grant] === 1,
    stopAll(options) {
      for (const key of Object.keys(avatars.pose)) runtime.cancel(Number(key), null, options);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const l of listeners) l(event);
    },
  };
  return runtime;
}
