/**
 * The state emitter's system (phase `emit`, after the pose is final). Each frame it does only the
 * cheap, allocation-free checks — is the avatar speaking, which line — and emits at once when they
 * change. Otherwise, at most `maxHz` times a second, it reads the pose buffer (dominant expression),
 * the capsule instances (motion label) and the latest emotion input (mood) into per-avatar scalars,
 * and builds a state object and its JSON only when something changed or the heartbeat is due.
 */
import { query } from 'bitecs';
import type { World } from 'bitecs';
import { Avatar } from '../capsules/components.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { EngineWorld } from '../ecs/engine.ts';
import { LEAD_LAG } from '../timing/resource.ts';
import type { LeadLagResource } from '../timing/resource.ts';
import { dominantExpression, expressionExclusions, expressionLabel } from './dominant-expression.ts';
import type { DominantExpression } from './dominant-expression.ts';
import { emotionStrength, moodOfEmotion } from './emotion-input.ts';
import { MOOD_LABEL } from './state-types.ts';
import type { EmotionInputHub, TimedEmotion } from './emotion-input.ts';
import { createMotionLabeller } from './motion-label.ts';
import type { AvatarState } from './schema-types.ts';
import { speakingLanes, visemeTimeline } from './speech-view.ts';
import type { StatePluginOptions } from './state-types.ts';

/** What the system remembers per avatar between frames. */
export interface Track {
  lastEmitAt: number;
  /** When the due-time fields were last read (the throttle runs on this, emitted or not). */
  lastCheckAt: number;
  speaking: boolean;
  phrase: string | null;
  expressionSlot: number;
  intensity: number;
  motion: string;
  mood: string | null;
  firstViseme: number;
  visemeCount: number;
  forced: boolean;
  emotion: TimedEmotion | undefined;
  emotionMood: string | null;
  emotionStrength: number;
  latest: AvatarState | undefined;
  /**
   * The avatar's pose buffer when the track was made: bitecs recycles entity ids, so a different
   * buffer under the same id is a new avatar that must not inherit the removed one's state.
   */
  pose: unknown;
  /** An emotion input left by a removed avatar with this id; ignored until a newer one comes. */
  staleEmotion: TimedEmotion | undefined;
}

/** What the system needs from its plugin. */
export interface StateSystemContext {
  readonly runtime: CapsuleRuntime;
  readonly hub: EmotionInputHub;
  readonly options: StatePluginOptions;
  readonly tracks: Map<number, Track>;
  readonly profiles: Map<number, string>;
  /** Hands one emission to the sinks. */
  emit(state: AvatarState, json: string): void;
  /** Set by `request()` without an avatar: every avatar emits next frame. */
  forceAll: boolean;
}

/** A fresh per-avatar track (once per avatar, never per frame). */
export function newTrack(): Track {
  return {
    lastEmitAt: -Infinity,
    lastCheckAt: -Infinity,
    speaking: false,
    phrase: null,
    expressionSlot: -2,
    intensity: -1,
    motion: '',
    mood: null,
    firstViseme: NaN,
    visemeCount: -1,
    forced: true,
    emotion: undefined,
    emotionMood: null,
    emotionStrength: 0,
    latest: undefined,
    pose: null,
    staleEmotion: undefined,
  };
}

/** Schema limits (avatar-state.schema.json): longer names and lines are cut, never sent invalid. */
const MAX_NAME = 128;
const MAX_PHRASE = 4096;
const clip = (s: string, n: number): string => (s.length <= n ? s : s.slice(0, n));

const clamp01 = (x: number): number => (x > 0 ? (x < 1 ? x : 1) : 0);

/** Creates the emit-phase system. */
export function createStateSystem(ctx: StateSystemContext): (world: EngineWorld) => void {
  const { runtime, hub, options, tracks, profiles } = ctx;
  const layout = runtime.registry.layout;
  const motions = createMotionLabeller(runtime);
  let scannedFrame = -1;
  let frame = 0;
  let skip: Uint8Array | null = null;
  const dominant: DominantExpression = { slot: -1, weight: 0 };
  const intervalMs = 1000 / options.maxHz;
  const only = options.avatars === null ? null : new Set(options.avatars);
  let lead: LeadLagResource | undefined;
  let ecs: World;
  let now = 0;

  const visit = (avatar: number): void => {
    if (only !== null && !only.has(avatar)) return;
    const pose = runtime.avatars.pose[avatar];
    if (pose === undefined) return;
    let t = tracks.get(avatar);
    if (t === undefined) tracks.set(avatar, (t = newTrack()));
    if (t.pose !== pose) {
      // A new avatar under a recycled id (rare: allocation is fine here): forget the old one's state.
      if (t.pose !== null) {
        Object.assign(t, newTrack());
        profiles.delete(avatar);
        t.staleEmotion = hub.latest(avatar);
      }
      t.pose = pose;
    }

    // Every frame: speaking and the line, allocation-free.
    const lanes = lead ? speakingLanes(lead.utterances, avatar, now) : null;
    const speaking = lanes !== null;
    const phrase = lanes === null ? null : lanes.text;
    const immediate = t.forced || ctx.forceAll || speaking !== t.speaking || phrase !== t.phrase;
    // (1 µs of slack: at maxHz = the frame rate, float frame times must not skip every other frame.)
    if (!immediate && now - t.lastCheckAt < intervalMs - 1e-3 && now >= t.lastCheckAt) return;

    // Due: read the rest into scalars.
    t.lastCheckAt = now;
    skip ??= expressionExclusions(pose.expressions.length);
    dominantExpression(pose.expressions, skip, dominant);
    if (scannedFrame !== frame) {
      // One pass over the instances serves every avatar due this frame.
      motions.scan(ecs, now);
      scannedFrame = frame;
    }
    const motion = motions.label(avatar);
    const latestEmotion = hub.latest(avatar);
    const emotion = latestEmotion === t.staleEmotion ? undefined : latestEmotion;
    if (emotion !== t.emotion) {
      t.emotion = emotion;
      t.emotionMood = emotion ? moodOfEmotion(emotion.input) : null;
      t.emotionStrength = emotion ? emotionStrength(emotion.input) : 0;
    }
    // A line's profile becomes the avatar's standing mood until another line or setProfile says otherwise.
    if (lanes !== null && lanes.profile !== null && MOOD_LABEL.test(lanes.profile))
      profiles.set(avatar, lanes.profile);
    const mood = t.emotionMood ?? profiles.get(avatar) ?? null;
    const intensity = clamp01(Math.max(dominant.weight, t.emotionStrength) || 0);
    let firstViseme = NaN;
    let visemeCount = 0;
    if (lanes !== null)
      for (let i = 0; i < lanes.items.length; i++) {
        const item = lanes.items[i]!;
        if (item.kind === 'phoneme' && item.end > now && item.status !== 'skipped') {
          if (visemeCount === 0) firstViseme = item.start;
          visemeCount++;
        }
      }
    const changed =
      immediate ||
      dominant.slot !== t.expressionSlot ||
      Math.abs(intensity - t.intensity) >= options.intensityEpsilon ||
      motion !== t.motion ||
      mood !== t.mood ||
      visemeCount !== t.visemeCount ||
      !Object.is(firstViseme, t.firstViseme);
    const heartbeat = options.heartbeatMs > 0 && now - t.lastEmitAt >= options.heartbeatMs;
    if (!changed && !heartbeat) return;

    t.forced = false;
    t.lastEmitAt = now;
    t.speaking = speaking;
    t.phrase = phrase;
    t.expressionSlot = dominant.slot;
    t.intensity = intensity;
    t.motion = motion;
    t.mood = mood;
    t.firstViseme = firstViseme;
    t.visemeCount = visemeCount;
    const state: AvatarState = {
      format_version: 1,
      avatar: clip(runtime.avatars.name[avatar] ?? String(avatar), MAX_NAME),
      mood,
      intensity,
      expression: expressionLabel(layout, dominant.slot),
      motion,
      current_phrase: phrase === null ? null : clip(phrase, MAX_PHRASE),
      is_speaking: speaking,
      viseme_timeline: lanes === null ? [] : visemeTimeline(lanes, now, options.maxVisemes),
      timestamp: now,
      mode: options.mode,
      LOCAL_OWNER: options.localOwner,
    };
    t.latest = state;
    ctx.emit(state, JSON.stringify(state));
  };

  // A gone avatar's track stays (tracks are bounded by the recycled entity ids) so that a new avatar
  // under its id is recognised by its pose buffer; its latest state and noted profile go now.
  const forgetIfGone = (t: Track, avatar: number): void => {
    if (runtime.avatars.pose[avatar] !== undefined) return;
    t.latest = undefined;
    profiles.delete(avatar);
  };

  return (world) => {
    now = world.time.now;
    frame = world.time.frame;
    ecs = world.ecs;
    lead = world.resources.get(LEAD_LAG) as LeadLagResource | undefined;
    for (const avatar of query(world.ecs, [Avatar])) visit(avatar);
    ctx.forceAll = false;
    // Now and then, drop the latest state and noted profile of avatars that are gone (no allocation).
    if (world.time.frame % 64 === 0) tracks.forEach(forgetIfGone);
  };
}
