/**
 * Resolve phase: per channel, baseline → + additive → × multiply → overrides in ascending
 * (priority, start, domain authority, command) order, each a crossfade by its weight → clamp →
 * pose buffer. Non-finite values never reach the pose: the channel falls back to its baseline.
 * Then bone rotation vectors become quaternions. Accumulators are reset for the next frame.
 */
import { query } from 'bitecs';
import type { EngineWorld } from '../ecs/engine.ts';
import { BONE_COUNT } from '../rig/bones.ts';
import { rotationVectorToQuaternion } from '../rig/pose-buffer.ts';
import { CHANNEL_MAX, CHANNEL_MIN } from './channel-limits.ts';
import { Avatar } from './components.ts';
import type { OverrideStack } from './components.ts';
import type { CapsuleRuntime } from './runtime.ts';

/** Orders an override stack's entries (insertion sort: stacks are short and mostly sorted already). */
function sortOverrides(stack: OverrideStack): void {
  const order = stack.order;
  for (let i = 0; i < stack.count; i++) {
    let j = i;
    while (j > 0 && before(stack, i, order[j - 1]!)) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
}

/** True when override a applies before override b (so b wins). */
function before(s: OverrideStack, a: number, b: number): boolean {
  if (s.priority[a] !== s.priority[b]) return s.priority[a]! < s.priority[b]!;
  if (s.start[a] !== s.start[b]) return s.start[a]! < s.start[b]!;
  if (s.authority[a] !== s.authority[b]) return s.authority[a]! < s.authority[b]!;
  return s.seq[a]! < s.seq[b]!;
}

/** Creates the resolve system for a runtime. */
export function createResolveSystem(runtime: CapsuleRuntime): (world: EngineWorld) => void {
  const avatars = runtime.avatars;
  const size = runtime.registry.layout.size;
  const v = new Float64Array(size);
  let nonFiniteReported = false;

  return (world) => {
    for (const avatar of query(world.ecs, [Avatar])) {
      const base = avatars.baseline[avatar]!;
      const add = avatars.add[avatar]!;
      const mul = avatars.mul[avatar]!;
      const stack = avatars.overrides[avatar]!;
      const pose = avatars.pose[avatar]!;
      const out = pose.channels;
      for (let c = 0; c < size; c++) v[c] = (base[c]! + add[c]!) * mul[c]!;
      if (stack.count > 0) {
        sortOverrides(stack);
        for (let i = 0; i < stack.count; i++) {
          const o = stack.order[i]!;
          const ch = stack.channel[o]!;
          v[ch] = v[ch]! + (stack.value[o]! - v[ch]!) * stack.weight[o]!;
        }
        stack.count = 0;
      }
      let nonFinite = 0;
      for (let c = 0; c < size; c++) {
        let x = v[c]!;
        if (!Number.isFinite(x)) {
          x = base[c]!;
          nonFinite++;
        }
        out[c] = x < CHANNEL_MIN[c]! ? CHANNEL_MIN[c]! : x > CHANNEL_MAX[c]! ? CHANNEL_MAX[c]! : x;
      }
      if (nonFinite > 0 && !nonFiniteReported) {
        nonFiniteReported = true;
        runtime.emit({
          time: world.time.now,
          kind: 'non-finite',
          message: `avatar ${avatars.name[avatar]}: ${nonFinite} channel(s) were not finite and fell back to baseline`,
        });
      }
      add.fill(0);
      mul.fill(1);
      const q = pose.rotations;
      for (let b = 0; b < BONE_COUNT; b++)
        rotationVectorToQuaternion(out[b * 3]!, out[b * 3 + 1]!, out[b * 3 + 2]!, q, b * 4);
    }
  };
}
