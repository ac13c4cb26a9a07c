/**
 * The lip-sync resource: schedules phoneme timelines on avatars and, each frame, writes their mouth
 * shapes into the avatar's accumulators (phase `evaluate`, after the capsules), so lip sync passes
 * through the blend resolver like any capsule: additive by default (speech adds to whatever the
 * face does; a smile stays a smile), or as overrides at a documented priority. VRM's overrideMouth
 * rules are applied later by the renderer adapters, so mouth capsules and emotions never fight here.
 *
 * Values are pure functions of engine time: speech time = engine time − latency − start, through
 * the avatar's speech-time map when a voice output or recorder provides one (time-stretched audio).
 */
import { DOMAINS } from '../../capsules/compiled.ts';
import { growOverrideStack } from '../../capsules/components.ts';
import { authority } from '../../capsules/domain-authority.ts';
import { CAPSULE_RUNTIME } from '../../capsules/runtime.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import type { EngineWorld, Plugin } from '../../ecs/engine.ts';
import { SPEECH_TIME } from '../speech-time.ts';
import type { SpeechTime } from '../speech-time.ts';
import type { PhonemeEvent } from '../voice-source.ts';
import {
  compileSpeech,
  LIPSYNC_REACH_AFTER_MS,
  LIPSYNC_REACH_BEFORE_MS,
  visemeWeights,
} from './coarticulation.ts';
import type { CompiledSpeech } from './coarticulation.ts';
import { shapesFor } from './viseme-shapes.ts';
import type { LipSyncTarget } from './viseme-shapes.ts';
import { VISEME_COUNT, VISEMES } from './visemes.ts';

/** Resource key of lip sync. */
export const LIPSYNC = 'lipsync';

/** Options of one scheduled timeline. */
export interface LipSyncScheduleOptions {
  /**
   * Output latency to compensate, ms: the visemes are delayed by this much so they match what is
   * heard (`(ctx.outputLatency + ctx.baseLatency) × 1000` in browsers). Default 0.
   */
  latencyMs?: number;
  /** Scales the mouth shapes, 0..1. Default 1. */
  weight?: number;
}

/** The lip-sync API. */
export interface LipSync {
  /**
   * Plays `phonemes` (ms from speech start) on `avatar` with speech starting at engine time
   * `startMs`; returns the schedule's id. Throws naming the bad field.
   */
  schedule(
    avatar: number,
    phonemes: readonly PhonemeEvent[],
    startMs: number,
    options?: LipSyncScheduleOptions,
  ): number;
  /** Fades the avatar's lip sync out over `fadeMs` from `atMs`; schedules not yet started are dropped. */
  cancel(avatar: number, atMs: number, fadeMs: number): void;
  /** True while the avatar has a schedule that has not finished. */
  isSpeaking(avatar: number): boolean;
}

/** Options of {@link lipSyncPlugin}. */
export interface LipSyncOptions {
  /** Rig conventions to drive. Default `['vrm']` (aa ih ou ee oh). */
  targets: readonly LipSyncTarget[];
  /** Additive (default) or override contributions. */
  mode: 'additive' | 'override';
  /** Priority of override contributions (capsules use 0–10). Default 6: above idle, below deliberate mouth capsules. */
  priority: number;
  /** Overall mouth gain. Default 1. */
  gain: number;
}

const DEFAULTS: LipSyncOptions = { targets: ['vrm'], mode: 'additive', priority: 6, gain: 1 };

interface Schedule {
  readonly id: number;
  readonly speech: CompiledSpeech;
  readonly startMs: number;
  readonly latencyMs: number;
  readonly weight: number;
  cancelAt: number;
  cancelFade: number;
}

/** Installs lip sync (after the capsule plugin): resource {@link LIPSYNC}, system `lipsync-evaluate`. */
export function lipSyncPlugin(options: Partial<LipSyncOptions> = {}): Plugin {
  return (engine) => {
    const opts = { ...DEFAULTS, ...options };
    if (!(opts.gain >= 0 && Number.isFinite(opts.gain)))
      throw new RangeError(`lip sync: gain must be finite and ≥ 0, got ${opts.gain}`);
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const layout = runtime.registry.layout;

    // Shape matrix: viseme × driven channel.
    const channels: number[] = [];
    const rows: Map<number, number>[] = VISEMES.map(() => new Map());
    for (const target of opts.targets)
      VISEMES.forEach((v, vi) => {
        for (const [name, w] of Object.entries(shapesFor(target, v))) {
          const ch = layout.expression(name);
          if (ch < 0) throw new Error(`lip sync: no channel for expression "${name}" (custom slots full?)`);
          if (!channels.includes(ch)) channels.push(ch);
          rows[vi]!.set(ch, (rows[vi]!.get(ch) ?? 0) + w);
        }
      });
    const K = channels.length;
    const matrix = new Float64Array(VISEME_COUNT * K);
    rows.forEach((row, vi) => channels.forEach((ch, k) => (matrix[vi * K + k] = row.get(ch) ?? 0)));
    const channelIndex = Int32Array.from(channels);
    const vcAuthority = Int32Array.from(channels, (ch) => authority(DOMAINS.indexOf('VC'), ch));

    const schedules = new Map<number, Schedule[]>();
    let nextId = 0;

    const api: LipSync = {
      schedule(avatar, phonemes, startMs, scheduleOptions = {}) {
        runtime.pose(avatar);
        if (!Array.isArray(phonemes))
          throw new TypeError('lip sync: phonemes must be an array of PhonemeEvent');
        if (!Number.isFinite(startMs))
          throw new RangeError(`lip sync: startMs must be finite, got ${startMs}`);
        const latencyMs = scheduleOptions.latencyMs ?? 0;
        if (!Number.isFinite(latencyMs))
          throw new RangeError(`lip sync: latencyMs must be finite, got ${latencyMs}`);
        const weight = scheduleOptions.weight ?? 1;
        if (!(weight >= 0 && weight <= 1))
          throw new RangeError(`lip sync: weight must be within 0..1, got ${weight}`);
        const speech = compileSpeech(phonemes);
        const list = schedules.get(avatar) ?? [];
        schedules.set(avatar, list);
        const id = ++nextId;
        list.push({ id, speech, startMs, latencyMs, weight, cancelAt: Infinity, cancelFade: 0 });
        return id;
      },
      cancel(avatar, atMs, fadeMs) {
        if (!Number.isFinite(atMs)) throw new RangeError(`lip sync: atMs must be finite, got ${atMs}`);
        if (!(fadeMs >= 0) || !Number.isFinite(fadeMs))
          throw new RangeError(`lip sync: fadeMs must be ≥ 0, got ${fadeMs}`);
        const list = schedules.get(avatar);
        if (!list) return;
        for (let i = list.length - 1; i >= 0; i--) {
          const s = list[i]!;
          if (s.startMs + s.latencyMs - LIPSYNC_REACH_BEFORE_MS >= atMs) list.splice(i, 1);
          else if (atMs < s.cancelAt) {
            s.cancelAt = atMs;
            s.cancelFade = fadeMs;
          }
        }
      },
      isSpeaking(avatar) {
        return (schedules.get(avatar)?.length ?? 0) > 0;
      },
    };
    engine.provide(LIPSYNC, api);

    const weights = new Float64Array(VISEME_COUNT);
    const values = new Float64Array(K);

    let now = 0;
    let speechTime: SpeechTime | undefined;

    /** One avatar's schedules for this frame (a hoisted callback: no allocation per frame). */
    const evaluateAvatar = (list: Schedule[], avatar: number): void => {
      const add = runtime.avatars.add[avatar];
      if (add === undefined) {
        schedules.delete(avatar);
        return;
      }
      for (let i = list.length - 1; i >= 0; i--) {
        const s = list[i]!;
        const heard = now - s.latencyMs;
        const t = speechTime ? speechTime.elapsed(avatar, s.startMs, heard) : heard - s.startMs;
        if (now >= s.cancelAt + s.cancelFade || t > s.speech.endMs + LIPSYNC_REACH_AFTER_MS) {
          list.splice(i, 1);
          continue;
        }
        if (t < -LIPSYNC_REACH_BEFORE_MS) continue;
        const fade = now <= s.cancelAt ? 1 : 1 - smooth((now - s.cancelAt) / s.cancelFade);
        const k = s.weight * fade;
        if (k <= 0) continue;
        visemeWeights(s.speech, t, weights);
        values.fill(0);
        for (let v = 0; v < VISEME_COUNT; v++) {
          const w = weights[v]!;
          if (w === 0) continue;
          for (let j = 0; j < K; j++) values[j]! += w * matrix[v * K + j]!;
        }
        if (opts.mode === 'additive') {
          for (let j = 0; j < K; j++) add[channelIndex[j]!]! += values[j]! * opts.gain * k;
          continue;
        }
        // Overrides own the mouth only while the line is spoken: fade in before it, out after it.
        const speaking = k * speechActivity(s.speech, t);
        if (speaking <= 0) continue;
        const stack = runtime.avatars.overrides[avatar]!;
        for (let j = 0; j < K; j++) {
          if (stack.count === stack.channel.length) growOverrideStack(stack);
          const n = stack.count++;
          stack.channel[n] = channelIndex[j]!;
          stack.value[n] = values[j]! * opts.gain;
          stack.weight[n] = speaking;
          stack.priority[n] = opts.priority;
          stack.start[n] = s.startMs;
          stack.authority[n] = vcAuthority[j]!;
          stack.seq[n] = s.id;
        }
      }
      if (list.length === 0) schedules.delete(avatar);
    };

    const run = (world: EngineWorld): void => {
      now = world.time.now;
      speechTime = world.resources.get(SPEECH_TIME) as SpeechTime | undefined;
      schedules.forEach(evaluateAvatar);
    };
    engine.addSystem({ name: 'lipsync-evaluate', phase: 'evaluate', after: ['capsule-evaluate'], run });
  };
}

/** Override ramps around a line: in over the 120 ms before its first phoneme, out over 150 ms after its last. */
const OVERRIDE_IN_MS = 120;
const OVERRIDE_OUT_MS = 150;

/** 0..1: how much a line owns the mouth at speech time t (override mode). */
function speechActivity(speech: CompiledSpeech, t: number): number {
  if (speech.count === 0) return 0;
  const first = speech.start[0]!;
  return Math.min(
    smooth((t - first + OVERRIDE_IN_MS) / OVERRIDE_IN_MS),
    1 - smooth((t - speech.endMs) / OVERRIDE_OUT_MS),
  );
}

/** Smoothstep on 0..1. */
function smooth(u: number): number {
  const x = u <= 0 ? 0 : u >= 1 ? 1 : u;
  return x * x * (3 - 2 * x);
}
