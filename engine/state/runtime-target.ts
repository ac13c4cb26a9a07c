/**
 * A follower target that is an avatar of a capsule runtime: expressions become the avatar's
 * baseline on those channels (the resolver starts from the baseline every frame, so capsules still
 * add to it), motions are capsules played through the runtime with their own envelopes.
 */
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import { CHANNEL_NEUTRAL } from '../capsules/channel-limits.ts';
import type { FollowerTarget } from './follower.ts';

/** Drives `avatar` of `runtime` from a follower. Expression names the layout lacks are skipped. */
export function runtimeFollowerTarget(runtime: CapsuleRuntime, avatar: number): FollowerTarget {
  runtime.pose(avatar);
  const layout = runtime.registry.layout;
  return {
    setExpression(name, weight) {
      const base = runtime.avatars.baseline[avatar];
      const ch = layout.expression(name);
      if (base === undefined || ch < 0) return;
      const w = weight > 0 ? (weight < 1 ? weight : 1) : 0;
      base[ch] = w === 0 ? CHANNEL_NEUTRAL[ch]! : w;
    },
    playMotion(capsuleId) {
      if (runtime.avatars.pose[avatar] === undefined) return;
      runtime.play(avatar, capsuleId);
    },
  };
}
