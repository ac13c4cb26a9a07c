/**
 * Phase `solve`: per avatar, the target irradiance (the base environment under this moment's LD
 * parameters) is recomputed at ticks k·1000/updateHz ms of engine time, and each frame outputs the
 * linear blend between the last two ticks' targets — a function of engine time, one tick behind, so
 * 30, 60 and 144 fps give the same light at the same moment. A tick that falls between two frames
 * uses the light parameters interpolated between those frames. Then the key light and ambient are
 * split off the blended irradiance. No allocation per frame.
 */
import { query } from 'bitecs';
import { Avatar } from '../capsules/components.ts';
import type { EngineWorld } from '../ecs/engine.ts';
import { LIGHT_PARAMS } from '../rig/channels.ts';
import type { AvatarLighting } from './avatar-lighting.ts';
import { extractKeyLight } from './key-light.ts';
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
  const atTick = new Float32Array(PARAMS);

  /** Target irradiance at engine time t, with parameters interpolated between the previous frame and now. */
  const target = (s: AvatarLighting, t: number, now: number, out: Float32Array): void => {
    const span = now - s.prevTime;
    let u = span > 0 ? (t - s.prevTime) / span : 1;
    if (!(u >= 0)) u = 0;
    if (u > 1) u = 1;
    for (let i = 0; i < PARAMS; i++) atTick[i] = s.prevLight[i]! + (current[i]! - s.prevLight[i]!) * u;
    applyLightParams(s.environment, atTick, out, options.windowStrength);
  };

  const step = (s: AvatarLighting, now: number): void => {
    const light = s.pose.light;
    for (let i = 0; i < PARAMS; i++) current[i] = lightParam(light, i);
    const k = Math.floor((now * options.updateHz) / 1000 + TICK_EPSILON);
    if (Number.isNaN(s.tick) || k < s.tick || Number.isNaN(s.prevTime)) {
      // First frame (or time went backwards): both targets are now's.
      s.prevTime = now;
      s.prevLight.set(current);
      target(s, now, now, s.to);
      s.from.set(s.to);
      s.tick = k;
    } else if (k > s.tick) {
      if (k === s.tick + 1) {
        const f = s.from;
        s.from = s.to;
        s.to = f;
      } else target(s, (k - 1) * period, now, s.from);
      target(s, k * period, now, s.to);
      s.tick = k;
    }
    let a = (now - k * period) / period;
    if (!(a >= 0)) a = 0;
    if (a > 1) a = 1;
    const out = s.irradiance;
    let finite = true;
    for (let i = 0; i < SH_FLOATS; i++) {
      const v = s.from[i]! + (s.to[i]! - s.from[i]!) * a;
      out[i] = v;
      if (!Number.isFinite(v)) finite = false;
    }
    // Belt and braces: a non-finite environment cannot get in (setEnvironment checks), but never pass one on.
    if (!finite) out.set(s.plain);
    s.prevTime = now;
    s.prevLight.set(current);
  };

  return (world) => {
    const runtime = store.runtime();
    const frame = world.time.frame;
    const now = world.time.now;
    for (const avatar of query(world.ecs, [Avatar])) {
      if (runtime.avatars.pose[avatar] === undefined) continue;
      const s = store.slot(avatar);
      s.seen = frame;
      if (api.enabled) step(s, now);
      else {
        s.irradiance.set(s.plain);
        s.tick = NaN;
        s.prevTime = NaN;
      }
      extractKeyLight(s.irradiance, s.key.direction, s.key.colour, s.ambient);
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
