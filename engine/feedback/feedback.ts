/**
 * Feedback rules: `[{ emotion, threshold, action }]` evaluated on every emotion input. A rule fires
 * on the rising edge — when its emotion reaches the threshold (≥ for `above`, ≤ for `below`) while
 * armed — then stays disarmed until the value is back past the threshold by `hysteresis`, and does
 * not fire again within `cooldown_ms` of engine time (an edge inside the cooldown is dropped, not
 * deferred). State is per rule and avatar; an input without the rule's emotion changes nothing.
 * Every firing is logged with rule index, emotion, value and time, whatever its action does.
 */
import type { Engine } from '../ecs/engine.ts';
import { checkEmotionInput, emotionInputHub, emotionValue } from '../state/emotion-input.ts';
import type { EmotionInput } from '../state/emotion-input.ts';
import { builtinActions } from './actions.ts';
import type { FeedbackAction, FeedbackFiring } from './actions.ts';
import type { FeedbackRule } from './schema-types.ts';
import { feedbackRuleErrors } from './validate-rules.ts';

/** A rule list that cannot be registered: names the source, the rule and the field. */
export class FeedbackRuleError extends Error {
  override readonly name = 'FeedbackRuleError';
}

/** One entry of the action log. */
export interface FeedbackLogEntry extends FeedbackFiring {
  readonly outcome: 'ok' | 'error';
  /** Why the action failed (the rule stays registered; the avatar keeps running). */
  readonly error?: string;
}

/** Options of {@link createFeedback}. */
export interface FeedbackOptions {
  /** The rules (JSON, validated against feedback-rules.schema.json; defaults filled in a copy). */
  rules: unknown;
  /** Names the rules in errors (a file path, `packet 12`). Default `feedback rules`. */
  source: string;
  /** Engine: feeds the rules from its emotion-input hub and runs `play_profile`. */
  engine: Engine | null;
  /** Avatars whose inputs the rules see (default: all). */
  avatars: readonly number[] | null;
  /** Host actions, by name (may not shadow a built-in). */
  actions: Readonly<Record<string, FeedbackAction>>;
  /** Target of the `callback` action. */
  callback: ((firing: FeedbackFiring, params: Readonly<Record<string, unknown>>) => void) | null;
  /** Target of the `log` action's message. */
  log: ((message: string) => void) | null;
  /** Longest action log kept (oldest dropped). Default 1000. */
  logLimit: number;
}

/** Registered feedback rules. */
export interface Feedback {
  readonly rules: readonly Readonly<FeedbackRule>[];
  /** Evaluates one (checked) input for an avatar at engine time `timeMs`; returns this input's firings. */
  evaluate(avatar: number, input: EmotionInput, timeMs: number): FeedbackLogEntry[];
  /** Every firing, oldest first (at most `logLimit`). */
  readonly log: readonly FeedbackLogEntry[];
  /** Subscribes to firings; returns an unsubscribe function. */
  onFire(listener: (entry: FeedbackLogEntry) => void): () => void;
  /** Stops listening to the engine's emotion inputs. */
  dispose(): void;
}

const VAD = new Set(['valence', 'arousal', 'dominance']);

interface RuleState {
  armed: boolean;
  lastFired: number;
}

/** Registers rules; throws {@link FeedbackRuleError} for invalid rules, unknown actions or bad params. */
export function createFeedback(options: Partial<FeedbackOptions> & { rules: unknown }): Feedback {
  const source = options.source ?? 'feedback rules';
  const engine = options.engine ?? null;
  const logLimit = options.logLimit ?? 1000;
  const fail = (msg: string): never => {
    throw new FeedbackRuleError(`${source}: ${msg}`);
  };
  if (!Number.isInteger(logLimit) || logLimit < 1)
    fail(`logLimit must be a positive integer, got ${logLimit}`);
  const builtins = builtinActions({ engine, callback: options.callback ?? null, log: options.log ?? null });
  const actions = new Map<string, FeedbackAction>(Object.entries(builtins));
  for (const [name, action] of Object.entries(options.actions ?? {})) {
    if (actions.has(name)) fail(`action "${name}" is built in and cannot be replaced`);
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(name)) fail(`action name "${name}" must match ^[a-z][a-z0-9_]{0,31}$`);
    if (!action || typeof action.run !== 'function') fail(`action "${name}" needs a run(ctx) function`);
    actions.set(name, action);
  }

  let rules: FeedbackRule[] = [];
  try {
    // A copy: ajv fills defaults in place, and the caller's JSON stays as it was.
    rules = structuredClone(options.rules) as FeedbackRule[];
  } catch {
    fail('rules must be plain JSON data (no functions or class instances)');
  }
  const errors = feedbackRuleErrors(rules);
  if (errors.length > 0) fail(errors.join('; '));
  rules.forEach((r, i) => {
    if (!VAD.has(r.emotion) && r.threshold < 0)
      fail(`rules[${i}].threshold: a named emotion (${r.emotion}) lies within 0..1, got ${r.threshold}`);
    const action = actions.get(r.action);
    if (!action)
      fail(
        `rules[${i}].action: unknown action "${r.action}" (registered: ${[...actions.keys()].sort().join(', ')})`,
      );
    const problem = action!.check?.(r.params ?? {}) ?? null;
    if (problem !== null) fail(`rules[${i}] (${r.action}): ${problem}`);
  });

  const only = options.avatars ? new Set(options.avatars) : null;
  const states = new Map<number, RuleState[]>();
  const log: FeedbackLogEntry[] = [];
  const listeners = new Set<(e: FeedbackLogEntry) => void>();

  const feedback: Feedback = {
    rules,
    evaluate(avatar, input, timeMs) {
      checkEmotionInput(input, source);
      if (!Number.isFinite(timeMs)) throw new RangeError(`${source}: timeMs must be finite, got ${timeMs}`);
      const fired: FeedbackLogEntry[] = [];
      if (only !== null && !only.has(avatar)) return fired;
      let st = states.get(avatar);
      if (!st) states.set(avatar, (st = rules.map(() => ({ armed: true, lastFired: -Infinity }))));
      rules.forEach((r, i) => {
        const value = emotionValue(input, r.emotion);
        if (value === undefined) return;
        const s = st[i]!;
        const above = r.direction !== 'below';
        const hys = r.hysteresis ?? 0.1;
        const reached = above ? value >= r.threshold : value <= r.threshold;
        if (!reached) {
          if (above ? value < r.threshold - hys : value > r.threshold + hys) s.armed = true;
          return;
        }
        if (!s.armed) return;
        s.armed = false;
        if (timeMs - s.lastFired < (r.cooldown_ms ?? 0)) return;
        s.lastFired = timeMs;
        const firing: FeedbackFiring = {
          rule: i,
          emotion: r.emotion,
          value,
          threshold: r.threshold,
          direction: above ? 'above' : 'below',
          action: r.action,
          avatar,
          time: timeMs,
        };
        let entry: FeedbackLogEntry;
        try {
          actions.get(r.action)!.run({ firing, rule: r, params: r.params ?? {} });
          entry = { ...firing, outcome: 'ok' };
        } catch (e) {
          entry = { ...firing, outcome: 'error', error: e instanceof Error ? e.message : String(e) };
        }
        log.push(entry);
        if (log.length > logLimit) log.splice(0, log.length - logLimit);
        fired.push(entry);
        for (const l of listeners) l(entry);
      });
      return fired;
    },
    log,
    onFire(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => unsubscribe(),
  };
  const unsubscribe = engine
    ? emotionInputHub(engine).onInput((e) => void feedback.evaluate(e.avatar, e.input, e.time))
    : () => undefined;
  return feedback;
}
