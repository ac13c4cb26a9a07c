/**
 * Schedule phase: turns queued commands into capsule-instance entities. Every seeded draw (fire or
 * skip, onset jitter, duration, intensity, abort) is a stateless hash of (world seed, command number,
 * entry index), so the outcome does not depend on when the command is processed or the frame rate.
 */
import { addComponent, addEntity, query, removeEntity } from 'bitecs';
import type { EngineWorld } from '../ecs/engine.ts';
import { substream, unitHash } from '../ecs/random.ts';
import { Draw, firesFor, signedDraw, triggeredOnset } from './draws.ts';
import { DOMAINS } from './compiled.ts';
import type { CompiledCapsule } from './compiled.ts';
import { CapsuleInstance, ensureInstanceCapacity } from './components.ts';
import { plannedLength } from './instance-timing.ts';
import type { Anchors, CapsuleRuntime, Command } from './runtime.ts';

interface SpawnPlan {
  start: number;
  weight: number;
  seed: number;
  seq: number;
  useTrigger: boolean;
  tempo: number;
  jitter: number;
  /** Capability grant (0: none). */
  grant: number;
}

/** Seed of a command's entry: keyed by its seedKey when it has one, else by its number. */
function commandSeed(world: EngineWorld, cmd: { seq: number; seedKey?: number }, entry: number): number {
  return cmd.seedKey === undefined
    ? substream(world.seed, cmd.seq, entry)
    : substream(world.seed, 0x5eed, cmd.seedKey, entry);
}

/** Creates the schedule system for a runtime. */
export function createScheduleSystem(runtime: CapsuleRuntime): (world: EngineWorld) => void {
  const registry = runtime.registry;

  const lookup = (world: EngineWorld, id: string): number => {
    const slot = registry.slot(id);
    if (slot < 0) {
      runtime.emit({
        time: world.time.now,
        kind: 'missing-capsule',
        message: `capsule ${id} is not in the registry; ignored`,
      });
      return -1;
    }
    if (registry.isRevoked(slot)) {
      runtime.emit({ time: world.time.now, kind: 'revoked', message: `capsule ${id} is revoked; ignored` });
      return -1;
    }
    return slot;
  };

  /** Spawns one instance; returns its planned end (or its onset when skipped). */
  const spawn = (
    world: EngineWorld,
    avatar: number,
    slot: number,
    c: CompiledCapsule,
    plan: SpawnPlan,
  ): number => {
    const { seed } = plan;
    const timing = c.timingVariation * plan.jitter;
    const start = plan.useTrigger ? triggeredOnset(c, plan.start, seed, plan.tempo, plan.jitter) : plan.start;
    const duration = (c.durationMs * (1 + timing * signedDraw(seed, Draw.Duration))) / plan.tempo;
    const weight = plan.weight * (1 + c.intensityVariation * plan.jitter * signedDraw(seed, Draw.Intensity));
    const base = {
      id: c.id,
      domain: DOMAINS[c.domain]!,
      avatar: runtime.avatars.name[avatar]!,
      start,
      plannedEnd: start + duration,
      weight,
      seq: plan.seq,
      scheduledAt: world.time.now,
    };
    if (plan.useTrigger && !firesFor(c, seed)) {
      runtime.addRecord({ ...base, end: start, outcome: 'skipped' });
      return start;
    }
    const abortAt = unitHash(seed, Draw.Abort) < c.abortProbability ? c.abortAt : 1;
    const timeScale = c.durationMs / duration;
    const end =
      start + plannedLength(duration, timeScale, c.durationMs, c.envelope.releaseMs, abortAt, c.abortRetract);
    const s = runtime.instances;
    const eid = addEntity(world.ecs);
    addComponent(world.ecs, eid, CapsuleInstance);
    ensureInstanceCapacity(s, eid);
    s.capsule[eid] = slot;
    s.avatar[eid] = avatar;
    s.start[eid] = start;
    s.duration[eid] = duration;
    s.weight[eid] = weight;
    s.seed[eid] = seed;
    s.abortAt[eid] = abortAt;
    s.retract[eid] = c.abortRetract ? 1 : 0;
    s.cancelAt[eid] = Infinity;
    s.cancelFade[eid] = 0;
    s.end[eid] = end;
    s.seq[eid] = plan.seq;
    s.record[eid] = runtime.addRecord({ ...base, end, outcome: abortAt < 1 ? 'aborted' : 'played' });
    s.grant[eid] = plan.grant;
    return start + duration;
  };

  const anchorOf = (c: CompiledCapsule, anchors: Anchors, fallback: number): number => {
    const a = c.relativeTo === 'previous_capsule' ? undefined : anchors[c.relativeTo];
    return a !== undefined && Number.isFinite(a) ? a : fallback;
  };

  const cancel = (world: EngineWorld, cmd: Extract<Command, { kind: 'cancel' }>): void => {
    const s = runtime.instances;
    for (const eid of query(world.ecs, [CapsuleInstance])) {
      if (s.avatar[eid] !== cmd.avatar || s.seq[eid]! > cmd.seq) continue;
      if (cmd.id !== null && registry.at(s.capsule[eid]!).id !== cmd.id) continue;
      const record = runtime.timeline[s.record[eid]!]!;
      if (s.start[eid]! >= cmd.at) {
        record.end = record.start;
        record.outcome = 'cancelled';
        removeEntity(world.ecs, eid);
        continue;
      }
      if (s.cancelAt[eid]! <= cmd.at || s.end[eid]! <= cmd.at) continue;
      s.cancelAt[eid] = cmd.at;
      s.cancelFade[eid] = cmd.fadeMs;
      s.end[eid] = Math.min(s.end[eid]!, cmd.at + cmd.fadeMs);
      record.end = s.end[eid]!;
      record.outcome = 'cancelled';
    }
  };

  return (world) => {
    const queue = runtime.queue;
    if (queue.length === 0) return;
    for (const cmd of queue) {
      if (runtime.avatars.pose[cmd.avatar] === undefined) {
        runtime.emit({
          time: world.time.now,
          kind: 'unknown-avatar',
          message: `avatar ${cmd.avatar} was removed; command ignored`,
        });
        continue;
      }
      if (cmd.kind === 'cancel') {
        cancel(world, cmd);
        continue;
      }
      const grant = cmd.grant ?? 0;
      if (grant !== 0 && runtime.isGrantRevoked(grant)) {
        runtime.emit({
          time: world.time.now,
          kind: 'grant-revoked',
          message: `${cmd.kind} ${cmd.id}: grant ${grant} is revoked; ignored`,
        });
        continue;
      }
      const base = {
        weight: cmd.weight,
        seq: cmd.seq,
        tempo: cmd.tempo ?? 1,
        jitter: cmd.jitter ?? 1,
        grant,
      };
      if (cmd.kind === 'play' || cmd.kind === 'trigger') {
        const slot = lookup(world, cmd.id);
        if (slot < 0) continue;
        const c = registry.at(slot);
        const useTrigger = cmd.kind === 'trigger';
        const start = useTrigger ? anchorOf(c, cmd.anchors, cmd.at) : cmd.at;
        spawn(world, cmd.avatar, slot, c, {
          ...base,
          start,
          seed: commandSeed(world, cmd, 0),
          useTrigger,
        });
        continue;
      }
      const profile = registry.profile(cmd.id);
      if (!profile) {
        runtime.emit({
          time: world.time.now,
          kind: 'missing-profile',
          message: `profile ${cmd.id} is not in the registry; ignored`,
        });
        continue;
      }
      const tempo = (profile.modifiers?.tempo_factor ?? 1) * base.tempo;
      const jitter = (profile.modifiers?.noise_jitter ?? 1) * base.jitter;
      let previousEnd = cmd.anchors.speech_onset ?? cmd.at;
      profile.capsules.forEach((entry, i) => {
        const slot = lookup(world, entry.id);
        if (slot < 0) return;
        const c = registry.at(slot);
        const anchor = c.relativeTo === 'previous_capsule' ? previousEnd : anchorOf(c, cmd.anchors, cmd.at);
        previousEnd = spawn(world, cmd.avatar, slot, c, {
          start: anchor,
          weight: cmd.weight * entry.weight,
          seed: commandSeed(world, cmd, i + 1),
          seq: cmd.seq,
          useTrigger: true,
          tempo,
          jitter,
          grant,
        });
      });
    }
    queue.length = 0;
  };
}
