/**
 * The `LIGHTING` resource: per-avatar environments in, per-frame irradiance SH, key light and
 * ambient out. Adapters (phase `apply`) read what the lighting system (phase `solve`) wrote this
 * frame; hosts set environments. State is created on first use of an avatar, so avatars added after
 * install need nothing special.
 */
import type { Engine } from '../ecs/engine.ts';
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import { createAvatarLighting } from './avatar-lighting.ts';
import type { AvatarLighting } from './avatar-lighting.ts';
import { radianceToIrradiance } from './convolve.ts';
import { extractKeyLight } from './key-light.ts';
import { applyLightParams } from './light-transform.ts';
import type { LightingOptions } from './options.ts';
import { checkSH } from './sh-basis.ts';

/** Resource key of the lighting API. */
export const LIGHTING = 'lighting';

/** A key light: unit direction towards the light and its linear colour (Lambert multiplier). */
export interface KeyLight {
  readonly direction: Float32Array;
  readonly colour: Float32Array;
}

/** What adapters and hosts use. Arrays returned are owned by the resource and rewritten each frame. */
export interface Lighting {
  /** Relighting on/off; while off, outputs are the untransformed environment (adapters may restore their own lights). */
  enabled: boolean;
  /** SH recompute rate on engine time, Hz (≥ 10). */
  readonly updateHz: number;
  /** Sets an avatar's base radiance SH (27 finite floats, copied); effective from the next tick. */
  setEnvironment(avatar: number, radiance: ArrayLike<number>): void;
  /** The avatar's base radiance SH (DEFAULT_ENVIRONMENT until set). */
  environment(avatar: number): Float32Array;
  /** This frame's irradiance SH (LD transforms applied, interpolated between ticks); same array each frame. */
  irradiance(avatar: number): Float32Array;
  /** This frame's dominant light (Sloan), for toon materials; same object each frame. */
  keyLight(avatar: number): KeyLight;
  /** This frame's irradiance minus the key light's share. */
  ambient(avatar: number): Float32Array;
}

/** The resource plus what its system needs. */
export interface LightingStore {
  readonly api: Lighting;
  readonly options: LightingOptions;
  /** State per avatar entity id (sparse). */
  readonly slots: (AvatarLighting | undefined)[];
  /** Entity ids that have a slot (dense, for removal detection). */
  readonly known: number[];
  /** The capsule runtime (resolved on first use, so plugin order does not matter). */
  runtime(): CapsuleRuntime;
  /** The avatar's state, created (or re-created for a reused entity id) as needed; throws for a non-avatar. */
  slot(avatar: number): AvatarLighting;
  /** Recomputes `plain` and, until the first tick, this frame's outputs from the current pose. */
  refresh(s: AvatarLighting): void;
  /** The avatar's state with `key` and `ambient` brought up to date with `irradiance`. */
  split(avatar: number): AvatarLighting;
}

/** Creates the lighting store and API for an engine. */
export function createLightingStore(engine: Engine, options: LightingOptions): LightingStore {
  let rt: CapsuleRuntime | undefined;
  const slots: (AvatarLighting | undefined)[] = [];
  const known: number[] = [];
  const store: LightingStore = {
    api: undefined as unknown as Lighting,
    options,
    slots,
    known,
    runtime: () => (rt ??= engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME)),
    slot(avatar) {
      const pose = store.runtime().avatars.pose[avatar];
      if (pose === undefined) throw new RangeError(`lighting: ${avatar} is not an avatar of this engine`);
      let s = slots[avatar];
      if (s && s.pose === pose) return s;
      if (!s) known.push(avatar);
      s = createAvatarLighting(pose, options.environment);
      slots[avatar] = s;
      store.refresh(s);
      return s;
    },
    split(avatar) {
      const s = store.slot(avatar);
      if (s.keyStale) {
        extractKeyLight(s.irradiance, s.key.direction, s.key.colour, s.ambient);
        s.keyStale = false;
      }
      return s;
    },
    refresh(s) {
      radianceToIrradiance(s.environment, s.plain);
      if (Number.isNaN(s.tick)) {
        if (store.api.enabled)
          applyLightParams(s.environment, s.pose.light, s.irradiance, options.windowStrength);
        else s.irradiance.set(s.plain);
        s.keyStale = true;
      }
    },
  };
  const api: Lighting = {
    enabled: options.enabled,
    updateHz: options.updateHz,
    setEnvironment(avatar, radiance) {
      checkSH(radiance, `lighting: setEnvironment(${avatar})`);
      const s = store.slot(avatar);
      s.environment.set(radiance);
      s.envVersion++;
      store.refresh(s);
    },
    environment: (avatar) => store.slot(avatar).environment,
    irradiance: (avatar) => store.slot(avatar).irradiance,
    keyLight: (avatar) => store.split(avatar).key,
    ambient: (avatar) => store.split(avatar).ambient,
  };
  (store as { api: Lighting }).api = api;
  return store;
}
