/**
 * Test helpers: capsule builders and a small in-memory registry view over compiled capsules, so
 * evaluator and resolver tests state exactly the capsules they need.
 */
import { compileCapsule } from '../../engine/capsules/compiled.ts';
import type { CompiledCapsule } from '../../engine/capsules/compiled.ts';
import type { RegistryView } from '../../engine/capsules/registry-view.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { Engine } from '../../engine/ecs/engine.ts';
import type { Clock } from '../../engine/ecs/clock.ts';
import { ChannelLayout } from '../../engine/rig/channels.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';

/** A valid capsule with every default filled; `patch` overrides fields. */
export function capsule(patch: Partial<Capsule> & { id: string }): Capsule {
  return {
    format_version: 1,
    domain: 'HK',
    subtype: 'test',
    trigger: { relative_to: 'speech_onset', offset_ms: 0, probability: 1 },
    duration_ms: 100,
    envelope: { attack_ms: 20, hold_ms: 60, release_ms: 20, easing: 'linear' },
    tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 20] }],
    priority: 5,
    blend_mode: 'additive',
    variation: { timing: 0, intensity: 0 },
    ...patch,
  };
}

/** An in-memory registry view (no validation: tests pass valid capsules). */
export function testRegistry(
  capsules: Capsule[],
  profiles: Profile[] = [],
): RegistryView & { revoke(id: string): void } {
  const layout = new ChannelLayout();
  const byId = new Map(capsules.map((c) => [c.id, c]));
  const compiled: CompiledCapsule[] = capsules.map((c) => compileCapsule(c, layout, (id) => byId.get(id)));
  const slots = new Map(compiled.map((c, i) => [c.id, i]));
  const revoked = new Uint8Array(compiled.length);
  return {
    layout,
    slot: (id) => slots.get(id) ?? -1,
    at: (slot) => compiled[slot]!,
    isRevoked: (slot) => revoked[slot] === 1,
    profile: (id) => profiles.find((p) => p.id === id),
    revoke: (id) => {
      revoked[slots.get(id)!] = 1;
    },
  };
}

/** An engine with the capsule plugin over `registry`, driven by `clock`. */
export function testEngine(
  registry: RegistryView,
  clock: Clock,
  seed = 1,
): { engine: Engine; runtime: CapsuleRuntime } {
  const engine = createEngine({ clock, seed, plugins: [capsulePlugin(registry)] });
  return { engine, runtime: engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME) };
}
