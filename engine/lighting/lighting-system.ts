/**
 * Phase `solve`: per avatar, the target irradiance (the base environment under this moment's LD
 * parameters) is recomputed at ticks k·1000/updateHz ms of engine time, and each frame outputs the
 * linear blend between the last two ticks' targets — a function of engine time, one tick behind, so
 * 30, 60 and 144 fps give the same light at the same moment. A tick that falls between two frames
 * uses the light parameters interpolated between those frames; a tick whose parameters and
 * environment equal the previous tick's reuses its target. With `everyFrame` the target is instead
 * this frame's own, recomputed only when the parameters or the environment changed — exact at any
 * frame rate. The key light and ambient are split off the irradiance when first read in a frame. No
 * allocation per frame.
 */
import { query } from 'bitecs';
import { Avatar } from '../capsules/components.ts';
import type { EngineWorld } from '../ecs/engine.ts';
import { LIGHT_PARAMS } from '../rig/channels.ts';
import type { AvatarLighting } from './avatar-lighting.ts';
import { applyLightParams, lightParam } from './light-transform.ts';
import type { LightingStore } from './lighting-resource.ts';
import { SH_FLOATS } from './sh-basis.ts';

const PARAMS = LIGHT_PARAMS.length;
/** Slack when turning a time into a tick index, so k·period computed two ways lands on tick k. */
const TICK_EPSILON = 1e-6;

/** Creates the lighting system over a store. */
export function createLightingSystem(store: LightingStore): (world: EngineWorld) => void {
  const { api, options, slots, known } = store;
  const period = 1000 / options.updateHz;
  const current = new Float32Array(PARAMS);

  /**
   * Target irradiance at engine time t into `out` (parameters into `outLight`), with parameters
   * interpolated between the previous frame and now. Reuses `same` (the other target) when neither
   * the parameters nor the environment changed since it was computed — the common, steady case.
   */
  const target = (
    s: AvatarLighting,
    t: number,
    now: number,
    out: Float32Array,
    outLight: Float32Array,
    same: Float32Array | null,
    sameLight: Float32Array,
    sameEnv: number,
  ): boolean => {
    const span = now - s.prevTime;
    let u = span > 0 ? (t - s.prevTime) / span : 1;
    if (!(u >= 0)) u = 0;
    if (u > 1) u = 1;
    let unchanged = same !== null && sameEnv === s.envVersion;
    for (let i = 0; i < PARAMS; i++) {
      outLight[i] = s.prevLight[i]! + (current[i]! - s.prevLight[i]!) * u;
      if (outLight[i] !== sameLight[i]) unchanged = false;
    }
    if (unchanged) out.set(same!);
    else applyLightParams(s.environment, outLight, out, options.windowStrength, s.rotation, s.envVersion);
    return unchanged;
  };

  const step = (s: AvatarLighting, now: number): void => {
    const light = s.pose.light;
    for (let i = 0; i < PARAMS; i++) current[i] = lightParam(light, i);
    const k = Math.floor((now * options.updateHz) / 1000 + TICK_EPSILON);
    if (Number.isNaN(s.tick) || k < s.tick || Number.isNaN(s.prevTime)) {
      // First frame (or time went backwards): both targets are now's.
      s.prevTime = now;
      s.prevLight.set(current);
      target(s, now, now, s.to, s.toLight, null, s.fromLight, -1);
      s.from.set(s.to);
      s.fromLight.set(s.toLight);
      s.fromEnv = s.toEnv = s.envVersion;
      s.steady = true;
      s.settled = false;
    } else if (k > s.tick) {
      if (k === s.tick + 1) {
        const f = s.from;
        s.from = s.to;
        s.to = f;
        const fl = s.fromLight;
        s.fromLight = s.toLight;
        s.toLight = fl;
        s.fromEnv = s.toEnv;
      } else {
        target(s, (k - 1) * period, now, s.from, s.fromLight, null, s.toLight, -1);
        s.fromEnv = s.envVersion;
        s.settled = false;
      }
      s.steady = target(s, k * period, now, s.to, s.toLight, s.from, s.fromLight, s.fromEnv);
      if (!s.steady) s.settled = false;
      s.toEnv = s.envVersion;
    }
    s.tick = k;
    s.prevTime = now;
    const prev = s.prevLight;
    for (let j = 0; j < PARAMS; j++) prev[j] = current[j]!;
    // Both targets equal and already written out: nothing to blend (idle and held LD capsules).
    if (s.steady && s.settled) return;
    let a = (now - k * period) / period;
    if (!(a >= 0)) a = 0;
    if (a > 1) a = 1;
    const out = s.irradiance;
    const from = s.from;
    const to = s.to;
    let sum = 0;
    for (let i = 0; i < SH_FLOATS; i++) {
      const v = from[i]! + (to[i]! - from[i]!) * a;
      out[i] = v;
      sum += v;
    }
    // Belt and braces: a non-finite environment cannot get in (setEnvironment checks), but never pass
    // one on. One check of the sum suffices: NaN and ±Infinity survive (or create NaN in) a sum.
    const finite = Number.isFinite(sum);
    if (!finite) out.set(s.plain);
    s.settled = s.steady && finite;
    s.keyStale = true;
  };

  /** Every-frame mode: this frame's parameters, transformed only when they or the environment changed. */
  const exact = (s: AvatarLighting): void => {
    const light = s.pose.light;
    let unchanged = !Number.isNaN(s.prevTime) && s.toEnv === s.envVersion;
    for (let i = 0; i < PARAMS; i++) {
      current[i] = lightParam(light, i);
      if (current[i] !== s.prevLight[i]) unchanged = false;
    }
    if (unchanged) return;
    s.prevLight.set(current);
    s.prevTime = 0;
    s.toEnv = s.envVersion;
    const out = s.irradiance;
    applyLightParams(s.environment, current, out, options.windowStrength, s.rotation, s.envVersion);
    let sum = 0;
    for (let i = 0; i < SH_FLOATS; i++) sum += out[i]!;
    if (!Number.isFinite(sum)) out.set(s.plain);
    s.keyStale = true;
  };

  return (world) => {
    const runtime = store.runtime();
    const frame = world.time.frame;
    const now = world.time.now;
    for (const avatar of query(world.ecs, [Avatar])) {
      if (runtime.avatars.pose[avatar] === undefined) continue;
      const s = store.slot(avatar);
      s.seen = frame;
      if (api.enabled) {
        if (options.everyFrame) exact(s);
        else step(s, now);
      } else {
        s.irradiance.set(s.plain);
        s.tick = NaN;
        s.prevTime = NaN;
        s.keyStale = true;
      }
    }
    for (let i = known.length - 1; i >= 0; i--) {
      const eid = known[i]!;
      if (slots[eid]!.seen === frame) continue;
      slots[eid] = undefined;
      known[i] = known[known.length - 1]!;
      known.pop();
    }
  };
}
