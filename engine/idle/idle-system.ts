/**
 * Schedule phase, before `capsule-schedule`: the idle beneath every avatar. Each avatar has event
 * streams — breathing and tremor loops, blinks, saccades, re-centre — planned on the engine timeline:
 * an event's time, variant and target are drawn from (world seed, avatar ordinal, stream, event
 * index), and it is queued as a command with that exact `atMs` and a `seedKey`, in the first frame at
 * or after its time. So what plays, and when, does not depend on when frames run.
 *
 * Activity — any command or timeline record that is not the idle's own, or a `touch` — moves the
 * re-centre to `recentreAfterMs` after it; while quiet, saccade targets stay close to centre.
 */
import { query } from 'bitecs';
import { Avatar } from '../capsules/components.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { EngineWorld } from '../ecs/engine.ts';
import { substream, unitHash } from '../ecs/random.ts';
import { logNormalDraw, pickShare, truncatedExponentialDraw } from './distributions.ts';
import type { IdleOptions } from './options.ts';
import { STREAM_COUNT, Stream } from './state.ts';
import type { AvatarIdle, IdleState } from './state.ts';

/** Salt of every idle draw and seed key, so they never coincide with other systems' keys. */
const SALT = 0x1d1e5eed;
/** Draw keys per event (each event uses a few consecutive keys). */
const KEYS_PER_EVENT = 8;
/** Key of the draw that places each stream's first event. */
const FIRST_KEY = 0x7ffffff0;

const LEFT = 0;
const RIGHT = 1;
const UP = 2;
const DOWN = 3;

/** Creates the idle system over a runtime; `state` is shared with the idle's control resource. */
export function createIdleSystem(
  runtime: CapsuleRuntime,
  options: IdleOptions,
  state: IdleState,
): (world: EngineWorld) => void {
  const o = options;
  const registry = runtime.registry;
  const stepIds = [o.saccadeSteps.left, o.saccadeSteps.right, o.saccadeSteps.up, o.saccadeSteps.down];
  const blinkIds = o.blinks.map((b) => b.id);
  /** Which streams can run (their capsules exist), and the loop periods; settled on the first frame. */
  const enabled = new Uint8Array(STREAM_COUNT);
  let breathPeriod = 0;
  let tremorPeriod = 0;
  let recentreLength = 0;
  let resolved = false;
  /** Timeline records already read, and the seq range of the idle's commands of the previous frame. */
  let cursor = 0;
  let ownLo = 1;
  let ownHi = 0;
  /** Seq range of the idle's commands in this frame. */
  let lo = 0;
  let hi = -1;

  const own = (seq: number): void => {
    if (lo === 0) lo = seq;
    hi = seq;
  };

  const resolve = (world: EngineWorld): void => {
    resolved = true;
    const need = (id: string): boolean => {
      if (registry.slot(id) >= 0) return true;
      runtime.emit({
        time: world.time.now,
        kind: 'missing-capsule',
        message: `idle: capsule ${id} is not in the registry; that part of the idle is off`,
      });
      return false;
    };
    /** Loop period: the capsule's length minus its release, so the next copy's attack overlaps it. */
    const period = (id: string): number => {
      const c = registry.at(registry.slot(id));
      return Math.max(c.durationMs - c.envelope.releaseMs, 1);
    };
    if (need(o.breathing)) {
      enabled[Stream.Breath] = 1;
      breathPeriod = period(o.breathing);
    }
    if (need(o.tremor)) {
      enabled[Stream.Tremor] = 1;
      tremorPeriod = period(o.tremor);
    }
    if (blinkIds.every(need)) enabled[Stream.Blink] = 1;
    if (stepIds.every(need)) enabled[Stream.Saccade] = 1;
    if (need(o.recentre)) {
      enabled[Stream.Recentre] = 1;
      recentreLength = registry.at(registry.slot(o.recentre)).durationMs;
    }
  };

  const seedKey = (st: AvatarIdle, stream: Stream, sub: number, index: number): number =>
    substream(SALT, st.ordinal, stream * 16 + sub, index);

  const enter = (world: EngineWorld, eid: number): void => {
    const now = world.time.now;
    const ordinal = state.ordinals++;
    const st: AvatarIdle = {
      eid,
      pose: runtime.avatars.pose[eid],
      name: runtime.avatars.name[eid] ?? '',
      ordinal,
      next: new Float64Array(STREAM_COUNT).fill(Infinity),
      count: new Uint32Array(STREAM_COUNT),
      seed: new Uint32Array(STREAM_COUNT),
      lastActivity: -Infinity,
      recentreAt: -Infinity,
      saccadeYaw: -1,
      saccadePitch: -1,
      breathRecord: null,
      hold: false,
    };
    for (let s = 0; s < STREAM_COUNT; s++) st.seed[s] = substream(world.seed, SALT, ordinal, s);
    if (enabled[Stream.Breath]) st.next[Stream.Breath] = now;
    if (enabled[Stream.Tremor]) st.next[Stream.Tremor] = now;
    // Blinks and saccades are renewal processes already running when we start watching: the first
    // event falls a uniform fraction into a drawn interval, so avatars do not blink in unison.
    if (enabled[Stream.Blink])
      st.next[Stream.Blink] =
        now + unitHash(st.seed[Stream.Blink]!, FIRST_KEY) * blinkInterval(st, FIRST_KEY + 1);
    if (enabled[Stream.Saccade])
      st.next[Stream.Saccade] =
        now + unitHash(st.seed[Stream.Saccade]!, FIRST_KEY) * fixation(st, FIRST_KEY + 1);
    state.avatars.push(st);
    state.byEid[eid] = st;
    const named = state.byName.get(st.name);
    if (named) named.push(st);
    else state.byName.set(st.name, [st]);
  };

  const blinkInterval = (st: AvatarIdle, key: number): number =>
    logNormalDraw(st.seed[Stream.Blink]!, key, o.blinkMeanMs, o.blinkCv, o.blinkMinMs, o.blinkMaxMs);

  const fixation = (st: AvatarIdle, key: number): number =>
    logNormalDraw(
      st.seed[Stream.Saccade]!,
      key,
      o.saccadeMeanMs,
      o.saccadeCv,
      o.saccadeMinMs,
      o.saccadeMaxMs,
    );

  /** Adds new avatars and forgets removed ones (structural changes only on enter and exit). */
  const syncAvatars = (world: EngineWorld): void => {
    for (let i = state.avatars.length - 1; i >= 0; i--) {
      const st = state.avatars[i]!;
      if (runtime.avatars.pose[st.eid] !== st.pose) {
        state.avatars.splice(i, 1);
        if (state.byEid[st.eid] === st) state.byEid[st.eid] = undefined;
        const named = state.byName.get(st.name)!;
        named.splice(named.indexOf(st), 1);
        if (named.length === 0) state.byName.delete(st.name);
      }
    }
    for (const eid of query(world.ecs, [Avatar])) {
      const st = state.byEid[eid];
      if (st === undefined || st.pose !== runtime.avatars.pose[eid]) enter(world, eid);
    }
  };

  /** Records activity at `t`; a re-centre playing at that time fades out. */
  const markActivity = (st: AvatarIdle, t: number): void => {
    if (!(t > st.lastActivity)) return;
    st.lastActivity = t;
    if (!enabled[Stream.Recentre]) return;
    st.next[Stream.Recentre] = t + o.recentreAfterMs;
    if (t < st.recentreAt + recentreLength) {
      own(runtime.cancel(st.eid, o.recentre, { atMs: t, fadeMs: o.recentreCancelMs }));
      st.recentreAt = -Infinity;
    }
  };

  /** Reads activity since the last frame: touches, queued commands, new timeline records. */
  const scanActivity = (now: number): void => {
    if (state.touched.size > 0) {
      for (const [eid, t] of state.touched) {
        const st = state.byEid[eid];
        if (st) markActivity(st, t);
      }
      state.touched.clear();
    }
    for (const cmd of runtime.queue) {
      const st = state.byEid[cmd.avatar];
      if (st === undefined) continue;
      markActivity(st, cmd.at);
      // Someone stops everything on the avatar (e.g. before removing it): start nothing new this
      // frame. Due events are queued next frame with the same exact times.
      if (cmd.kind === 'cancel' && cmd.id === null) st.hold = true;
    }
    // New records since the last frame are the newest `timelineCount − cursor` entries.
    const timeline = runtime.timeline;
    if (cursor > runtime.timelineCount) cursor = 0;
    const from = Math.max(0, timeline.length - (runtime.timelineCount - cursor));
    cursor = runtime.timelineCount;
    for (let i = from; i < timeline.length; i++) {
      const r = timeline[i]!;
      const mine = r.seq >= ownLo && r.seq <= ownHi;
      const named = state.byName.get(r.avatar);
      if (named === undefined) continue;
      for (const st of named) {
        if (!mine) markActivity(st, r.start);
        else if (r.id === o.breathing) st.breathRecord = r;
      }
    }
    // Breathing never stops: if someone cancelled the loop, start it again as its fade ends.
    for (const st of state.avatars) {
      const r = st.breathRecord;
      if (r === null) continue;
      if (r.outcome === 'cancelled' || r.outcome === 'revoked') {
        st.next[Stream.Breath] = Math.min(st.next[Stream.Breath]!, Math.max(now, r.end));
        st.breathRecord = null;
      }
    }
  };

  const play = (st: AvatarIdle, id: string, t: number, weight: number, key: number): void => {
    if (weight <= 1e-4) return;
    own(runtime.play(st.eid, id, { atMs: t, weight: Math.min(1, weight), seedKey: key }));
  };

  /** Issues one event of `stream` at `t` and plans the stream's next event. */
  const fire = (st: AvatarIdle, stream: Stream, t: number): void => {
    const k = st.count[stream]!++;
    const seed = st.seed[stream]!;
    const key = k * KEYS_PER_EVENT;
    switch (stream) {
      case Stream.Breath:
        play(st, o.breathing, t, o.weight, seedKey(st, stream, 0, k));
        st.next[stream] = t + breathPeriod;
        return;
      case Stream.Tremor:
        play(st, o.tremor, t, o.weight, seedKey(st, stream, 0, k));
        st.next[stream] = t + tremorPeriod;
        return;
      case Stream.Blink: {
        const v = pickShare(seed, key, o.blinks);
        play(st, blinkIds[v]!, t, o.weight, seedKey(st, stream, 0, k));
        st.next[stream] = t + blinkInterval(st, key + 1);
        return;
      }
      case Stream.Saccade: {
        const quiet = t >= st.lastActivity + o.recentreAfterMs;
        const r = quiet
          ? truncatedExponentialDraw(seed, key, o.saccadeQuietMeanDeg, o.saccadeQuietMaxDeg)
          : truncatedExponentialDraw(seed, key, o.saccadeActiveMeanDeg, o.saccadeActiveMaxDeg);
        const theta = 2 * Math.PI * unitHash(seed, key + 1);
        const yaw = r * Math.cos(theta);
        const pitch = r * Math.sin(theta) * o.saccadePitchScale;
        // The previous fixation fades out over the saccade while the new one fades in.
        if (st.saccadeYaw >= 0)
          own(runtime.cancel(st.eid, stepIds[st.saccadeYaw]!, { atMs: t, fadeMs: o.saccadeMs }));
        if (st.saccadePitch >= 0 && st.saccadePitch !== st.saccadeYaw)
          own(runtime.cancel(st.eid, stepIds[st.saccadePitch]!, { atMs: t, fadeMs: o.saccadeMs }));
        st.saccadeYaw = yaw >= 0 ? LEFT : RIGHT;
        st.saccadePitch = pitch >= 0 ? UP : DOWN;
        const step = o.saccadeStepDeg;
        play(st, stepIds[st.saccadeYaw]!, t, (Math.abs(yaw) / step) * o.weight, seedKey(st, stream, 0, k));
        play(
          st,
          stepIds[st.saccadePitch]!,
          t,
          (Math.abs(pitch) / step) * o.weight,
          seedKey(st, stream, 1, k),
        );
        st.next[stream] = t + fixation(st, key + 2);
        return;
      }
      case Stream.Recentre:
        play(st, o.recentre, t, o.weight, seedKey(st, stream, 0, k));
        st.recentreAt = t;
        st.next[stream] = Infinity;
        return;
    }
  };

  /** Fires every event of the avatar due by `now`, earliest first (ties in stream order). */
  const plan = (st: AvatarIdle, now: number): void => {
    for (;;) {
      let best = -1;
      let t = Infinity;
      for (let s = 0; s < STREAM_COUNT; s++) {
        const n = st.next[s]!;
        if (n < t) {
          t = n;
          best = s;
        }
      }
      if (best < 0 || t > now) return;
      fire(st, best as Stream, t);
    }
  };

  return (world) => {
    if (!resolved) resolve(world);
    syncAvatars(world);
    const now = world.time.now;
    lo = 0;
    hi = -1;
    scanActivity(now);
    for (const st of state.avatars) {
      if (st.hold) st.hold = false;
      else plan(st, now);
    }
    ownLo = lo === 0 ? 1 : lo;
    ownHi = hi;
  };
}
