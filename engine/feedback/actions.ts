/**
 * Feedback actions: what a rule may do when it fires. Each action is registered by name with an
 * optional check of a rule's params (run at registration, so a bad rule fails before any input
 * arrives) and a run function. The built-ins are `log`, `callback` and `play_profile`.
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Engine } from '../ecs/engine.ts';
import { AVATAR_STATE } from '../state/state-types.ts';
import type { AvatarStateResource } from '../state/state-types.ts';
import type { FeedbackRule } from './schema-types.ts';

/** One firing of a rule. */
export interface FeedbackFiring {
  /** Index of the rule in its list. */
  readonly rule: number;
  readonly emotion: string;
  readonly value: number;
  readonly threshold: number;
  readonly direction: 'above' | 'below';
  readonly action: string;
  readonly avatar: number;
  /** Engine ms of the emotion input that fired it. */
  readonly time: number;
}

/** What an action gets when its rule fires. */
export interface FeedbackActionContext {
  readonly firing: FeedbackFiring;
  readonly rule: Readonly<FeedbackRule>;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A registered action. */
export interface FeedbackAction {
  /** A problem with a rule's params (e.g. `params.profile is required`), or null. Runs at registration. */
  check?(params: Readonly<Record<string, unknown>>): string | null;
  run(ctx: FeedbackActionContext): void;
}

/** What the built-ins need from the host. */
export interface BuiltinActionHost {
  readonly engine: Engine | null;
  readonly callback: ((firing: FeedbackFiring, params: Readonly<Record<string, unknown>>) => void) | null;
  readonly log: ((message: string) => void) | null;
}

/** The built-in actions over a host. */
export function builtinActions(host: BuiltinActionHost): Record<string, FeedbackAction> {
  return {
    log: {
      run({ firing: f }) {
        host.log?.(
          `feedback rule ${f.rule}: ${f.emotion} ${f.value} ${f.direction === 'above' ? '≥' : '≤'} ${f.threshold} (avatar ${f.avatar}, ${f.time} ms)`,
        );
      },
    },
    callback: {
      check: () => (host.callback ? null : 'the callback action needs options.callback'),
      run({ firing, params }) {
        host.callback!(firing, params);
      },
    },
    play_profile: {
      check(params) {
        if (!host.engine) return 'play_profile needs options.engine (with the capsule plugin)';
        const profile = params['profile'];
        if (typeof profile !== 'string') return 'params.profile must be a profile id';
        const runtime = host.engine.world.resources.get(CAPSULE_RUNTIME) as CapsuleRuntime | undefined;
        if (!runtime) return 'play_profile needs the capsule plugin on the engine';
        if (!runtime.registry.profile(profile))
          return `params.profile: profile "${profile}" is not in the registry`;
        const w = params['weight'];
        if (w !== undefined && !(typeof w === 'number' && w >= 0 && w <= 1))
          return `params.weight must be within 0..1, got ${JSON.stringify(w)}`;
        return null;
      },
      run({ firing, params }) {
        const engine = host.engine!;
        const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
        const profile = params['profile'] as string;
        const weight = (params['weight'] as number | undefined) ?? 1;
        // Played against an immediate anchor: no utterance is interrupted (perform would barge in).
        const at = firing.time;
        runtime.playProfile(
          firing.avatar,
          profile,
          { speech_onset: at, scene_start: at },
          { atMs: at, weight },
        );
        (engine.world.resources.get(AVATAR_STATE) as AvatarStateResource | undefined)?.setProfile(
          firing.avatar,
          profile,
        );
      },
    },
  };
}
