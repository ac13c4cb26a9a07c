/**
 * Declarative plug-ins: a gesture as a list of capsules with offsets, a persona as a profile. Both
 * derive `execute` and `simulate` from the same data, so a simulation is exactly what execution
 * plays (capsule ids and nominal onsets; the runtime's seeded variation comes on top).
 */
import type { RegistryView } from '../capsules/registry-view.ts';
import { AVATAR_STATE } from '../state/state-types.ts';
import type { AvatarStateResource } from '../state/state-types.ts';
import type { Engine } from '../ecs/engine.ts';
import { PluginDefinitionError } from './plugin-registry.ts';
import type { BehaviourContext, BehaviourPlugin, PlannedAction } from './plugin-types.ts';

/** One capsule of a declarative gesture. */
export interface GestureStep {
  readonly id: string;
  /** Onset after the gesture's `atMs`. Default 0. */
  readonly offset_ms?: number;
  /** Default 1. */
  readonly weight?: number;
}

const ID = /^[A-Z]{2,4}_\d{3,5}$/;

/**
 * A gesture that plays `capsules` at their offsets. With `registry`, unknown capsule ids are
 * refused here rather than becoming missing-capsule events later.
 */
export function defineGesture(
  def: { name: string; description?: string; capsules: readonly GestureStep[] },
  registry?: RegistryView,
): Omit<BehaviourPlugin, 'kind'> & { kind: 'gesture' } {
  const who = `gesture "${String(def?.name)}"`;
  if (!Array.isArray(def?.capsules) || def.capsules.length === 0)
    throw new PluginDefinitionError(`${who}: capsules must be a non-empty array`);
  def.capsules.forEach((c, i) => {
    if (typeof c?.id !== 'string' || !ID.test(c.id))
      throw new PluginDefinitionError(
        `${who}: capsules[${i}].id must be a capsule id, got ${JSON.stringify(c?.id)}`,
      );
    if (registry && registry.slot(c.id) < 0)
      throw new PluginDefinitionError(`${who}: capsules[${i}].id: capsule "${c.id}" is not in the registry`);
    const off = c.offset_ms ?? 0;
    if (!(Number.isFinite(off) && off >= -5000 && off <= 60000))
      throw new PluginDefinitionError(
        `${who}: capsules[${i}].offset_ms must be within −5000..60000, got ${off}`,
      );
    const w = c.weight ?? 1;
    if (!(w >= 0 && w <= 1))
      throw new PluginDefinitionError(`${who}: capsules[${i}].weight must be within 0..1, got ${w}`);
  });
  const plan = (ctx: BehaviourContext): PlannedAction[] =>
    def.capsules.map((c) => ({
      kind: 'capsule' as const,
      id: c.id,
      atMs: ctx.atMs + (c.offset_ms ?? 0),
      weight: Math.min(1, (c.weight ?? 1) * ctx.weight),
    }));
  return {
    kind: 'gesture',
    name: def.name,
    ...(def.description === undefined ? {} : { description: def.description }),
    execute(ctx) {
      // The same data as `plan`; ctx.play scales the weight by the call's.
      for (const c of def.capsules)
        ctx.play(c.id, { atMs: ctx.atMs + (c.offset_ms ?? 0), weight: c.weight ?? 1 });
    },
    simulate: plan,
  };
}

/**
 * A persona that plays `profile` (and notes it as the avatar's mood fallback when the state plugin
 * is installed on `engine`). Its simulation lists the profile and each capsule's nominal onset
 * (anchor + trigger offset ÷ the profile's tempo).
 */
export function definePersona(
  def: { name: string; description?: string; profile: string; weight?: number },
  registry: RegistryView,
  engine?: Engine,
): Omit<BehaviourPlugin, 'kind'> & { kind: 'persona' } {
  const who = `persona "${String(def?.name)}"`;
  const profile = registry.profile(def?.profile);
  if (!profile)
    throw new PluginDefinitionError(`${who}: profile: "${String(def?.profile)}" is not in the registry`);
  const w0 = def.weight ?? 1;
  if (!(w0 >= 0 && w0 <= 1)) throw new PluginDefinitionError(`${who}: weight must be within 0..1, got ${w0}`);
  const tempo = profile.modifiers?.tempo_factor ?? 1;
  return {
    kind: 'persona',
    name: def.name,
    ...(def.description === undefined ? {} : { description: def.description }),
    execute(ctx) {
      ctx.playProfile(profile.id, { atMs: ctx.atMs, weight: w0 });
      (engine?.world.resources.get(AVATAR_STATE) as AvatarStateResource | undefined)?.setProfile(
        ctx.avatar,
        profile.id,
      );
    },
    simulate(ctx) {
      const weight = Math.min(1, w0 * ctx.weight);
      const out: PlannedAction[] = [{ kind: 'profile', id: profile.id, atMs: ctx.atMs, weight }];
      for (const entry of profile.capsules) {
        const slot = ctx.registry.slot(entry.id);
        if (slot < 0 || ctx.registry.isRevoked(slot)) continue;
        const c = ctx.registry.at(slot);
        out.push({
          kind: 'capsule',
          id: entry.id,
          atMs: ctx.atMs + c.offsetMs / tempo,
          weight: Math.min(1, weight * entry.weight),
          via: profile.id,
        });
      }
      return out;
    },
  };
}
