/**
 * Live voice playback: one voice chain per speaking avatar on a host's audio context, with the
 * avatar's resolved voice channels (`pose.voice`) automated on the audio clock by an emit-phase
 * system, at most `lookAheadMs` (≤ 30 ms) ahead of the engine. Utterances start early by the
 * chain's fixed latency so the heard audio starts exactly at the requested engine time; a late
 * start (Tone still loading, a late call) skips into the audio instead of drifting from the lips.
 */
import type { BaseContext, ToneBufferSource } from 'tone';
import { CAPSULE_RUNTIME } from '../../capsules/runtime.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import type { Plugin } from '../../ecs/engine.ts';
import { isAudioClock } from '../audio-clock.ts';
import { RateMap } from '../rate-map.ts';
import { SPEECH_TIME } from '../speech-time.ts';
import type { SpeechTime } from '../speech-time.ts';
import type { Utterance } from '../voice-source.ts';
import { ParamAutomator } from './automator.ts';
import { loadTone } from './tone-loader.ts';
import { CHAIN_LATENCY_SEC, createVoiceChain } from './voice-chain.ts';
import type { VoiceChain } from './voice-chain.ts';
import { computeTargets, TARGET_COUNT, Target } from './voice-targets.ts';

import type { ToneModule } from './tone-module.ts';

/** Resource key of the voice output. */
export const VOICE_OUTPUT = 'voice-output';

/** Longest look-ahead the output accepts: the live scheduling budget in the brief. */
export const MAX_LOOK_AHEAD_MS = 30;

/** Live playback of utterances on avatars. */
export interface VoiceOutput {
  /** Plays `utterance` on `avatar` so that it is heard from engine time `atMs`; replaces what plays. */
  play(avatar: number, utterance: Utterance, atMs: number): void;
  /** Fades the avatar's voice out over `fadeMs` from engine time `atMs`. */
  stop(avatar: number, atMs: number, fadeMs: number): void;
  /** Resolves once Tone.js is loaded and playback can start (calls made before are queued). */
  readonly ready: Promise<void>;
  /** Fixed delay of the chain, ms (already compensated by `play`). */
  readonly latencyMs: number;
  /** Disposes every chain. */
  dispose(): void;
}

/** Options of {@link voiceOutputPlugin}. */
export interface VoiceOutputOptions {
  /** How far ahead of the engine parameters are scheduled, ms (≤ 30). Default 20. */
  lookAheadMs: number;
  /**
   * Engine ms → context seconds. Default: taken from the engine clock when it is an AudioClock
   * (`createAudioClock`), else engine ms / 1000 (a clock of `ctx.currentTime × 1000`, origin 0).
   */
  toContextTime?: (engineMs: number) => number;
  /** Where an avatar's voice goes (e.g. a panner at its head). Default: the context destination. */
  destination?: (avatar: number) => AudioNode;
  /** Seed of the breath noise (per avatar: seed + avatar). Default 1. */
  seed: number;
}

const DEFAULTS: VoiceOutputOptions = { lookAheadMs: 20, seed: 1 };

/** A live context: a Tone context, or a native one that gets wrapped. */
export type LiveContext = BaseContext | BaseAudioContext;

interface AvatarVoice {
  chain: VoiceChain;
  automator: ParamAutomator;
  rate: RateMap;
  source: ToneBufferSource | null;
}

/** Wraps a native context for Tone without starting Tone's own ticker (the engine drives time). */
function toneContext(tone: ToneModule, context: LiveContext): BaseContext {
  if (context instanceof tone.BaseContext) return context;
  const native = context as BaseAudioContext;
  if (native instanceof globalThis.OfflineAudioContext) return new tone.OfflineContext(native);
  return new tone.Context({ context: native as AudioContext, clockSource: 'offline', lookAhead: 0 });
}

/**
 * Installs the voice output on `context` (install after the capsule plugin). Provides
 * {@link VOICE_OUTPUT} and, unless another plugin already did, {@link SPEECH_TIME}; adds the
 * `voice-output` system in phase `emit`.
 */
export function voiceOutputPlugin(context: LiveContext, options: Partial<VoiceOutputOptions> = {}): Plugin {
  return (engine) => {
    const opts = { ...DEFAULTS, ...options };
    if (!(opts.lookAheadMs >= 0 && opts.lookAheadMs <= MAX_LOOK_AHEAD_MS))
      throw new RangeError(
        `voice output: lookAheadMs must be within 0..${MAX_LOOK_AHEAD_MS}, got ${opts.lookAheadMs}`,
      );
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const clock = engine.clock;
    const toContext =
      opts.toContextTime ?? (isAudioClock(clock) ? clock.toContextTime : (ms: number) => ms / 1000);
    const latencyMs = CHAIN_LATENCY_SEC * 1000;
    const voices = new Map<number, AvatarVoice>();
    const pending: (() => void)[] = [];
    let tone: ToneModule | null = null;
    let ctx: BaseContext | null = null;
    const targets = new Float64Array(TARGET_COUNT);

    const voiceOf = (avatar: number): AvatarVoice => {
      let v = voices.get(avatar);
      if (!v) {
        const startSec = ctx!.currentTime;
        const destination = opts.destination?.(avatar);
        const chain = createVoiceChain(
          tone!,
          ctx!,
          { seed: opts.seed + avatar, ...(destination ? { destination } : {}) },
          startSec,
        );
        v = { chain, automator: new ParamAutomator(chain.targets), rate: new RateMap(), source: null };
        voices.set(avatar, v);
      }
      return v;
    };

    const stopSource = (v: AvatarVoice, atSec: number, fadeSec: number): void => {
      const s = v.source;
      if (!s) return;
      v.source = null;
      s.fadeOut = fadeSec;
      s.stop(Math.max(atSec, ctx!.currentTime));
    };

    const startPlay = (avatar: number, utterance: Utterance, atMs: number): void => {
      const v = voiceOf(avatar);
      const startSec = toContext(atMs - latencyMs);
      stopSource(v, startSec, 0.01);
      const audio = utterance.audio;
      if (!audio || audio.length === 0) return;
      const buffer = ctx!.createBuffer(1, audio.length, utterance.sampleRate);
      buffer.copyToChannel(audio as Float32Array<ArrayBuffer>, 0);
      const source = new tone!.ToneBufferSource({ context: ctx!, url: new tone!.ToneAudioBuffer(buffer) });
      source.onended = () => {
        v.chain.releaseSource(source);
        source.dispose();
      };
      v.chain.connectSource(source);
      const now = ctx!.currentTime;
      if (startSec >= now) source.start(startSec);
      else {
        // Late: start now, that far into the audio (in source time, through the rate map).
        const nowMs = atMs - latencyMs + (now - startSec) * 1000;
        const offsetMs = v.rate.elapsed(atMs - latencyMs, nowMs);
        if (offsetMs / 1000 >= audio.length / utterance.sampleRate) return void source.dispose();
        source.start(now, offsetMs / 1000);
      }
      v.source = source;
    };

    const ready = loadTone().then((loaded) => {
      tone = loaded;
      ctx = toneContext(loaded, context);
      for (const run of pending.splice(0)) run();
    });

    const output: VoiceOutput = {
      ready,
      latencyMs,
      play(avatar, utterance, atMs) {
        if (!Number.isFinite(atMs)) throw new RangeError(`voice output: atMs must be finite, got ${atMs}`);
        if (!(utterance.sampleRate > 0))
          throw new RangeError(`voice output: utterance.sampleRate must be > 0, got ${utterance.sampleRate}`);
        runtime.pose(avatar);
        if (tone) startPlay(avatar, utterance, atMs);
        else pending.push(() => startPlay(avatar, utterance, atMs));
      },
      stop(avatar, atMs, fadeMs) {
        if (!Number.isFinite(atMs) || !(fadeMs >= 0))
          throw new RangeError(
            `voice output: stop needs a finite atMs and fadeMs ≥ 0, got ${atMs}, ${fadeMs}`,
          );
        const run = () => {
          const v = voices.get(avatar);
          if (v) stopSource(v, toContext(atMs - latencyMs), fadeMs / 1000);
        };
        if (tone) run();
        else pending.push(run);
      },
      dispose() {
        for (const v of voices.values()) {
          v.source?.dispose();
          v.chain.dispose();
        }
        voices.clear();
      },
    };
    engine.provide(VOICE_OUTPUT, output);

    const speechTime: SpeechTime = {
      elapsed(avatar, startMs, nowMs) {
        const v = voices.get(avatar);
        return v ? v.rate.elapsed(startMs - latencyMs, nowMs - latencyMs) : nowMs - startMs;
      },
    };
    if (!engine.world.resources.has(SPEECH_TIME)) engine.provide(SPEECH_TIME, speechTime);

    let atMs = 0;
    let atSec = 0;
    /** One avatar's automation for this frame (a hoisted callback: no allocation per frame). */
    const automate = (v: AvatarVoice, avatar: number): void => {
      const pose = runtime.avatars.pose[avatar];
      if (pose === undefined) {
        // The avatar was removed: its voice goes with it.
        v.source?.dispose();
        v.chain.dispose();
        voices.delete(avatar);
        return;
      }
      computeTargets(pose.voice, targets);
      v.automator.apply(targets, atSec);
      v.rate.push(atMs, targets[Target.Rate]!);
    };
    engine.addSystem({
      name: 'voice-output',
      phase: 'emit',
      run: (world) => {
        if (!ctx) return;
        atMs = world.time.now + opts.lookAheadMs;
        atSec = Math.max(toContext(atMs), ctx.currentTime);
        voices.forEach(automate);
      },
    });
  };
}
