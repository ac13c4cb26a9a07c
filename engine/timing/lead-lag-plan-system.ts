/**
 * Schedule phase, before the capsule schedule: a due cancel-everything command on an avatar (a
 * script's `cancel: "*"`, a packet's cancel-all) also stops the lines that avatar was given before
 * it — voice and lips fade with the capsules — and utterances whose voice is ready are planned at this
 * frame's time, so their capsule commands are spawned in the same frame.
 */
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { EngineWorld } from '../ecs/engine.ts';
import type { LeadLagResource } from './resource.ts';

/** A cancel-everything command not yet due. */
interface PendingCancel {
  readonly avatar: number;
  readonly seq: number;
  readonly at: number;
  readonly fadeMs: number;
}

/** Creates the plan system. */
export function createLeadLagPlanSystem(
  res: LeadLagResource,
  runtime: () => CapsuleRuntime,
): (world: EngineWorld) => void {
  // The capsule schedule takes every command this frame (a later cancel keeps its own time), so
  // cancels dated ahead wait here until their time.
  const pending: PendingCancel[] = [];
  const stopLines = (c: PendingCancel): void => {
    for (const u of res.active)
      if (u.avatar === c.avatar && u.givenAfterSeq < c.seq) u.cancel(c.fadeMs, 'cancel');
  };
  return (world) => {
    const now = world.time.now;
    res.clock.at(now, () => {
      for (const cmd of runtime().queue)
        if (cmd.kind === 'cancel' && cmd.id === null)
          pending.push({ avatar: cmd.avatar, seq: cmd.seq, at: cmd.at, fadeMs: cmd.fadeMs });
      for (let i = pending.length - 1; i >= 0; i--) {
        if (pending[i]!.at > now) continue;
        stopLines(pending[i]!);
        pending.splice(i, 1);
      }
      for (const u of res.active) u.beforeCapsules(now);
    });
  };
}
