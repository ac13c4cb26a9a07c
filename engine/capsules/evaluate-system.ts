/**
 * Evaluate phase: every active instance adds its contribution — envelope(t) × weight × track value —
 * into its avatar's accumulators. Values are pure functions of engine time, so the pose at time t is
 * the same whatever the frame rate (sub-frame exact onsets). Revoked capsules stop here, next frame;
 * instances of a revoked capability grant begin their fade to neutral here, next frame.
 */
import { query, removeEntity } from 'bitecs';
import type { EngineWorld } from '../ecs/engine.ts';
import { Blend } from './compiled.ts';
import { CapsuleInstance, growOverrideStack } from './components.ts';
import { authority } from './domain-authority.ts';
import { envelopeAt } from './envelope.ts';
import { instanceTime } from './instance-timing.ts';
import type { InstanceTime } from './instance-timing.ts';
import type { CapsuleRuntime } from './runtime.ts';
import { sampleTrack } from './sample-track.ts';

/** Creates the evaluate system for a runtime. */
export function createEvaluateSystem(runtime: CapsuleRuntime): (world: EngineWorld) => void {
  const registry = runtime.registry;
  const s = runtime.instances;
  const avatars = runtime.avatars;
  const value = new Float64Array(3);
  const at: InstanceTime = { capsuleMs: 0, fade: 1 };
  const finished: number[] = [];

  return (world) => {
    const now = world.time.now;
    const grants = runtime.grantFlags;
    for (const eid of query(world.ecs, [CapsuleInstance])) {
      const slot = s.capsule[eid]!;
      const grant = s.grant[eid]!;
      if (grant !== 0 && grants[grant] === 1 && s.cancelAt[eid] === Infinity) revokeByGrant(eid, grant, now);
      if (registry.isRevoked(slot)) {
        const record = runtime.timeline[s.record[eid]!];
        if (record) {
          record.outcome = 'revoked';
          record.end = Math.max(record.start, Math.min(record.end, now));
        }
        runtime.emit({
          time: now,
          kind: 'revoked',
          message: `capsule ${registry.at(slot).id} revoked; its instance stopped`,
        });
        finished.push(eid);
        continue;
      }
      if (now >= s.end[eid]!) {
        finished.push(eid);
        continue;
      }
      const elapsed = now - s.start[eid]!;
      if (elapsed <= 0) continue;
      const c = registry.at(slot);
      instanceTime(
        elapsed,
        c.durationMs / s.duration[eid]!,
        c.durationMs,
        c.envelope.releaseMs,
        s.abortAt[eid]!,
        s.retract[eid] === 1,
        now - s.cancelAt[eid]!,
        s.cancelFade[eid]!,
        at,
      );
      const u = at.capsuleMs;
      const rootEnv = envelopeAt(c.envelope, u) * at.fade * s.weight[eid]!;
      if (rootEnv === 0) continue;
      const avatar = s.avatar[eid]!;
      const add = avatars.add[avatar]!;
      const mul = avatars.mul[avatar]!;
      const seed = s.seed[eid]!;
      for (const track of c.tracks) {
        const local = u - track.offsetMs;
        if (local <= 0 || local >= track.spanMs) continue;
        const k = rootEnv * track.scale * (track.envelope ? envelopeAt(track.envelope, local) : 1);
        if (k === 0) continue;
        sampleTrack(track, local / track.spanMs, local, seed, value);
        const ch = track.channel;
        if (c.blend === Blend.Additive) {
          for (let j = 0; j < track.width; j++) add[ch + j]! += value[j]! * k;
        } else if (c.blend === Blend.Multiply) {
          for (let j = 0; j < track.width; j++) mul[ch + j]! *= 1 + (value[j]! - 1) * k;
        } else {
          const stack = avatars.overrides[avatar]!;
          for (let j = 0; j < track.width; j++) {
            if (stack.count === stack.channel.length) growOverrideStack(stack);
            const n = stack.count++;
            stack.channel[n] = ch + j;
            stack.value[n] = value[j]! * track.scale;
            stack.weight[n] = Math.min(1, rootEnv * (track.envelope ? envelopeAt(track.envelope, local) : 1));
            stack.priority[n] = c.priority;
            stack.start[n] = s.start[eid]!;
            stack.authority[n] = authority(c.domain, ch + j);
            stack.seq[n] = s.seq[eid]!;
          }
        }
      }
    }
    for (const eid of finished) removeEntity(world.ecs, eid);
    finished.length = 0;
  };

  /** Starts an instance's fade to neutral because its grant was revoked (once per instance). */
  function revokeByGrant(eid: number, grant: number, now: number): void {
    const fade = runtime.grantFade[grant]!;
    s.cancelAt[eid] = now;
    s.cancelFade[eid] = fade;
    s.end[eid] = Math.min(s.end[eid]!, now + fade);
    const record = runtime.timeline[s.record[eid]!];
    if (record) {
      record.outcome = 'revoked';
      record.end = Math.max(record.start, Math.min(record.end, s.end[eid]!));
    }
    runtime.emit({
      time: now,
      kind: 'grant-revoked',
      message: `capsule ${registry.at(s.capsule[eid]!).id}: grant ${grant} revoked; fading to neutral over ${fade} ms`,
    });
  }
}
