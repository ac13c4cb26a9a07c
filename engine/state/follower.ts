/**
 * Safe embodiment: applies received avatar states to another avatar or any renderer through a
 * renderer-neutral target, under four rules (docs/state.md):
 *
 * 1. Mood is advisory: it is reported (`mood`, `onMood`) and never sets an expression by itself.
 * 2. No irreversible motion from one update: states only set targets; weights ease towards them
 *    at most `ratePerSecond` and never more than `maxStep` per `update()`, so the next state can
 *    always take a change back. Motions are whole capsules (with their own fade), at most one per
 *    `motionCooldownMs`.
 * 3. Unknown expression labels are ignored (logged once per label); invalid or stale states too.
 * 4. Motion is symbolic: a label maps through the `motions` whitelist to a capsule id, or is ignored.
 */
import { STANDARD_EXPRESSIONS } from '../rig/expressions.ts';
import type { AvatarState } from './schema-types.ts';
import { avatarStateErrors } from './validate-state.ts';

/** What a follower drives: an avatar of this engine, a three.js/Babylon rig, a game engine's puppet. */
export interface FollowerTarget {
  /** Sets an expression's weight, 0..1 (only whitelisted labels, already eased). */
  setExpression(name: string, weight: number): void;
  /** Plays a whitelisted capsule by id. */
  playMotion?(capsuleId: string): void;
}

/** Options of {@link createStateFollower}. */
export interface StateFollowerOptions {
  /** Expression labels the target knows. Default: every VRM preset and ARKit name. */
  expressions: readonly string[];
  /** Motion label → capsule id, e.g. `{ nod: 'BK_011', 'gesture:HK_031': 'HK_031' }`. Others are ignored. */
  motions: Readonly<Record<string, string>>;
  /** Most any weight moves in one `update()`. Default 0.1. */
  maxStep: number;
  /** Most any weight moves per second. Default 4 (0 → 1 in 250 ms). */
  ratePerSecond: number;
  /** Least follower time between two motions, ms. Default 800. */
  motionCooldownMs: number;
  /** Where ignored input is reported (each distinct message once). Default: kept in `messages` only. */
  log: ((message: string) => void) | null;
  /** Told when the advisory mood changes. */
  onMood: ((mood: string | null) => void) | null;
}

/** A follower of one avatar's states. */
export interface StateFollower {
  /** Takes a state (object or JSON text); false when it was ignored (invalid, stale). */
  receive(state: AvatarState | string, source?: string): boolean;
  /** Eases the applied weights one bounded step towards the targets and writes them to the target. */
  update(nowMs: number): void;
  /** The advisory mood of the last accepted state. */
  readonly mood: string | null;
  /** The applied (eased) weight of an expression. */
  weight(name: string): number;
  /**
   * Every distinct message logged so far, at most {@link MAX_FOLLOWER_MESSAGES} (then one line saying
   * later ones are dropped): the labels in them come from the sender, so they must not grow unbounded.
   */
  readonly messages: readonly string[];
}

/** Distinct messages a follower keeps (and reports) before it drops further ones. */
export const MAX_FOLLOWER_MESSAGES = 256;

/** Defaults of {@link createStateFollower}. */
export const FOLLOWER_DEFAULTS: Readonly<StateFollowerOptions> = {
  expressions: STANDARD_EXPRESSIONS,
  motions: {},
  maxStep: 0.1,
  ratePerSecond: 4,
  motionCooldownMs: 800,
  log: null,
  onMood: null,
};

/** Creates a follower that drives `target`. */
export function createStateFollower(
  target: FollowerTarget,
  options: Partial<StateFollowerOptions> = {},
): StateFollower {
  const o: StateFollowerOptions = { ...FOLLOWER_DEFAULTS, ...options };
  if (!target || typeof target.setExpression !== 'function')
    throw new TypeError('createStateFollower: target.setExpression must be a function');
  if (!(o.maxStep > 0 && o.maxStep <= 1))
    throw new RangeError(`follower: maxStep must be within (0, 1], got ${o.maxStep}`);
  if (!(o.ratePerSecond > 0 && Number.isFinite(o.ratePerSecond)))
    throw new RangeError(`follower: ratePerSecond must be finite and > 0, got ${o.ratePerSecond}`);
  if (!(o.motionCooldownMs >= 0 && Number.isFinite(o.motionCooldownMs)))
    throw new RangeError(`follower: motionCooldownMs must be finite and ≥ 0, got ${o.motionCooldownMs}`);
  for (const [label, id] of Object.entries(o.motions))
    if (typeof id !== 'string' || !/^[A-Z]{2,4}_\d{3,5}$/.test(id))
      throw new RangeError(`follower: motions["${label}"] must be a capsule id, got ${JSON.stringify(id)}`);
  if (o.motions['idle'] !== undefined)
    throw new RangeError('follower: motions may not map "idle" (idle is no motion)');
  const known = new Set(o.expressions);
  const motions = new Map(Object.entries(o.motions));
  const targets = new Map<string, number>();
  const applied = new Map<string, number>();
  const messages: string[] = [];
  const said = new Set<string>();
  let mood: string | null = null;
  let lastTimestamp = -Infinity;
  let lastMotion = 'idle';
  let lastMotionAt = -Infinity;
  let now: number | null = null;

  const log = (message: string): void => {
    if (said.has(message) || said.size > MAX_FOLLOWER_MESSAGES) return;
    if (said.size === MAX_FOLLOWER_MESSAGES)
      message = `follower: ${MAX_FOLLOWER_MESSAGES} distinct messages logged; further ones are dropped`;
    said.add(message);
    messages.push(message);
    o.log?.(message);
  };

  const follower: StateFollower = {
    receive(input, source = 'state') {
      let state: unknown = input;
      if (typeof input === 'string') {
        try {
          state = JSON.parse(input);
        } catch {
          log(`${source}: not JSON; ignored`);
          return false;
        }
      }
      const errors = avatarStateErrors(state);
      if (errors.length > 0) {
        log(`${source}: invalid state ignored: ${errors.join('; ')}`);
        return false;
      }
      const s = state as AvatarState;
      if (s.timestamp < lastTimestamp) {
        log(`${source}: state older than the last one ignored`);
        return false;
      }
      lastTimestamp = s.timestamp;
      if (s.mood !== mood) {
        mood = s.mood;
        o.onMood?.(mood);
      }
      // Expressions: only a known label moves targets; mood never does.
      if (s.expression === 'neutral' || known.has(s.expression)) {
        for (const name of targets.keys()) targets.set(name, 0);
        if (s.expression !== 'neutral') targets.set(s.expression, s.intensity);
      } else log(`${source}: unknown expression "${s.expression}" ignored`);
      // Motion: whitelist only, on a change of label, one per cooldown.
      if (s.motion !== lastMotion) {
        lastMotion = s.motion;
        if (s.motion !== 'idle') {
          const id = motions.get(s.motion);
          if (id === undefined) log(`${source}: motion "${s.motion}" is not in the whitelist; ignored`);
          else if (now !== null && now - lastMotionAt < o.motionCooldownMs)
            log(`${source}: motion "${s.motion}" within the cooldown; skipped`);
          else if (target.playMotion) {
            lastMotionAt = now ?? 0;
            target.playMotion(id);
          }
        }
      }
      return true;
    },
    update(nowMs) {
      if (!Number.isFinite(nowMs)) throw new RangeError(`follower: nowMs must be finite, got ${nowMs}`);
      const dt = now === null ? 0 : Math.max(0, nowMs - now);
      now = nowMs;
      const step = Math.min(o.maxStep, (o.ratePerSecond * dt) / 1000);
      for (const [name, goal] of targets) {
        const cur = applied.get(name) ?? 0;
        const next = goal > cur ? Math.min(goal, cur + step) : Math.max(goal, cur - step);
        if (next !== cur) target.setExpression(name, next);
        if (next === 0 && goal === 0) {
          // Back at rest: forget it (deleting while iterating a Map is safe).
          targets.delete(name);
          applied.delete(name);
        } else applied.set(name, next);
      }
    },
    get mood() {
      return mood;
    },
    weight: (name) => applied.get(name) ?? 0,
    messages,
  };
  return follower;
}
