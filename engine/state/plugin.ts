/**
 * The state plugin: emits each avatar's {@link AvatarState} in phase `emit` to sinks (callback,
 * file, socket), throttled to `maxHz` but immediate when the avatar starts or stops speaking or
 * changes line. Install it after `capsulePlugin` (and `leadLagPlugin`, for speech fields).
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Plugin } from '../ecs/engine.ts';
import { emotionInputHub } from './emotion-input.ts';
import type { AvatarState } from './schema-types.ts';
import type { StateSink } from './sinks.ts';
import { createStateSystem, newTrack } from './state-system.ts';
import type { StateSystemContext, Track } from './state-system.ts';
import { AVATAR_STATE, MOOD_LABEL } from './state-types.ts';
import type { AvatarStateResource, StatePluginOptions } from './state-types.ts';

/** Defaults of {@link statePlugin}. */
export const STATE_DEFAULTS: Readonly<StatePluginOptions> = {
  maxHz: 10,
  heartbeatMs: 1000,
  intensityEpsilon: 0.05,
  sinks: [],
  mode: 'live',
  localOwner: true,
  maxVisemes: 32,
  avatars: null,
  onError: null,
};

const MAX_ERRORS = 100;
/** The schema's mood pattern (profile ids always match it). */

/** Installs the state emitter; read it back with `engine.resource(AVATAR_STATE)`. */
export function statePlugin(options: Partial<StatePluginOptions> = {}): Plugin {
  const opts: StatePluginOptions = { ...STATE_DEFAULTS, ...options };
  if (!(opts.maxHz > 0 && opts.maxHz <= 1000))
    throw new RangeError(`statePlugin: maxHz must be within (0, 1000], got ${opts.maxHz}`);
  if (!(opts.heartbeatMs >= 0 && Number.isFinite(opts.heartbeatMs)))
    throw new RangeError(`statePlugin: heartbeatMs must be finite and ≥ 0, got ${opts.heartbeatMs}`);
  if (!(opts.intensityEpsilon >= 0 && opts.intensityEpsilon <= 1))
    throw new RangeError(`statePlugin: intensityEpsilon must be within 0..1, got ${opts.intensityEpsilon}`);
  if (!Number.isInteger(opts.maxVisemes) || opts.maxVisemes < 0 || opts.maxVisemes > 256)
    throw new RangeError(`statePlugin: maxVisemes must be an integer within 0..256, got ${opts.maxVisemes}`);
  if (!['live', 'offline', 'replay'].includes(opts.mode))
    throw new RangeError(`statePlugin: mode must be live, offline or replay, got ${String(opts.mode)}`);
  if (typeof opts.localOwner !== 'boolean') throw new TypeError('statePlugin: localOwner must be a boolean');

  return (engine) => {
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const sinks = new Set<StateSink>(opts.sinks);
    const errors: string[] = [];
    const tracks = new Map<number, Track>();
    const profiles = new Map<number, string>();
    let emitted = 0;

    const fail = (sink: StateSink, e: unknown): void => {
      const message = `state sink ${sink.name}: ${e instanceof Error ? e.message : String(e)}`;
      errors.push(message);
      if (errors.length > MAX_ERRORS) errors.splice(0, errors.length - MAX_ERRORS);
      opts.onError?.(message);
    };

    const ctx: StateSystemContext = {
      runtime,
      hub: emotionInputHub(engine),
      options: opts,
      tracks,
      profiles,
      forceAll: false,
      emit(state: AvatarState, json: string) {
        emitted++;
        for (const sink of sinks) {
          try {
            sink.write(state, json);
          } catch (e) {
            fail(sink, e);
          }
        }
      },
    };

    const resource: AvatarStateResource = {
      latest: (avatar) => tracks.get(avatar)?.latest,
      addSink(sink) {
        if (!sink || typeof sink.write !== 'function')
          throw new TypeError('addSink: sink.write must be a function');
        sinks.add(sink);
        return () => sinks.delete(sink);
      },
      setProfile(avatar, profile) {
        if (profile === null) profiles.delete(avatar);
        else if (typeof profile !== 'string' || !MOOD_LABEL.test(profile))
          throw new TypeError(
            `setProfile: profile must be null or match ${MOOD_LABEL.source}, got ${JSON.stringify(profile)}`,
          );
        else profiles.set(avatar, profile);
      },
      request(avatar) {
        if (avatar === undefined) {
          ctx.forceAll = true;
          return;
        }
        let t = tracks.get(avatar);
        if (t === undefined) tracks.set(avatar, (t = newTrack()));
        t.forced = true;
      },
      get emitted() {
        return emitted;
      },
      errors,
      close() {
        for (const sink of sinks) {
          try {
            sink.close?.();
          } catch (e) {
            fail(sink, e);
          }
        }
      },
    };
    engine.provide<AvatarStateResource>(AVATAR_STATE, resource);
    engine.addSystem({ name: 'avatar-state', phase: 'emit', run: createStateSystem(ctx) });
  };
}
