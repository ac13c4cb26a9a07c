/**
 * The idle plugin: BASELINE_RESTING beneath every avatar — breathing, blinks, saccades, micro-tremor —
 * and the re-centre after a quiet spell. Install it after `capsulePlugin`; its system runs in the
 * schedule phase before `capsule-schedule`, so its commands become instances in the same frame.
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Plugin } from '../ecs/engine.ts';
import { createIdleSystem } from './idle-system.ts';
import { idleOptions } from './options.ts';
import type { IdleOptions } from './options.ts';
import { createIdleState } from './state.ts';

export { IDLE_DEFAULTS } from './options.ts';
export type { BlinkVariant, IdleOptions, SaccadeSteps } from './options.ts';

/** Resource key of the idle's control. */
export const IDLE = 'idle';

/** What hosts and other systems use to tell the idle about activity. */
export interface IdleControl {
  /** The options in force (defaults filled). */
  readonly options: IdleOptions;
  /**
   * Marks activity on an avatar at `atMs` (default: the clock's now): speech, a user interaction, a
   * packet. Commands and timeline records that are not the idle's own count already.
   */
  touch(avatar: number, atMs?: number): void;
  /** Engine ms of the avatar's last activity known to the idle (−Infinity: none). */
  lastActivity(avatar: number): number;
  /** True when the avatar has had no activity for `recentreAfterMs` at `atMs` (default now). */
  isQuiet(avatar: number, atMs?: number): boolean;
}

/** Installs the idle; read its control back with `engine.resource<IdleControl>(IDLE)`. */
export function idlePlugin(options: Partial<IdleOptions> = {}): Plugin {
  const o = idleOptions(options);
  return (engine) => {
    if (!engine.world.resources.has(CAPSULE_RUNTIME))
      throw new Error('idle: install capsulePlugin before idlePlugin (the idle plays capsules)');
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const state = createIdleState();
    const checkAvatar = (avatar: number): void => {
      if (runtime.avatars.pose[avatar] === undefined)
        throw new RangeError(`idle: ${avatar} is not an avatar of this engine`);
    };
    const last = (avatar: number): number =>
      Math.max(state.byEid[avatar]?.lastActivity ?? -Infinity, state.touched.get(avatar) ?? -Infinity);
    const control: IdleControl = {
      options: o,
      touch(avatar, atMs) {
        checkAvatar(avatar);
        const t = atMs ?? engine.clock.now();
        if (!Number.isFinite(t)) throw new RangeError(`idle: time must be finite, got ${t}`);
        state.touched.set(avatar, Math.max(t, state.touched.get(avatar) ?? -Infinity));
      },
      lastActivity(avatar) {
        checkAvatar(avatar);
        return last(avatar);
      },
      isQuiet(avatar, atMs) {
        checkAvatar(avatar);
        return (atMs ?? engine.clock.now()) >= last(avatar) + o.recentreAfterMs;
      },
    };
    engine.provide<IdleControl>(IDLE, control);
    engine.addSystem({
      name: 'idle-schedule',
      phase: 'schedule',
      before: ['capsule-schedule'],
      run: createIdleSystem(runtime, o, state),
    });
  };
}
