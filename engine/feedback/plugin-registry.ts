/**
 * The behaviour plug-in registry: validates gesture and persona definitions at registration (clear
 * errors naming the plug-in and field), runs `execute` through a context that records every act it
 * makes on the capsule runtime, runs `simulate` on a context that cannot act, and logs both. A
 * plug-in that throws is logged as an error; the avatar keeps running.
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Engine } from '../ecs/engine.ts';
import type {
  BehaviourContext,
  BehaviourKind,
  BehaviourLogEntry,
  BehaviourPlugin,
  ExecuteContext,
  PlannedAction,
} from './plugin-types.ts';

/** A plug-in definition that cannot be registered. */
export class PluginDefinitionError extends Error {
  override readonly name = 'PluginDefinitionError';
}

/** Options of one execute/simulate call. */
export interface BehaviourCall {
  atMs?: number;
  weight?: number;
  params?: Readonly<Record<string, unknown>>;
}

/** The registry. */
export interface BehaviourRegistry {
  registerGesture(plugin: Omit<BehaviourPlugin, 'kind'> & { kind?: 'gesture' }): void;
  registerPersona(plugin: Omit<BehaviourPlugin, 'kind'> & { kind?: 'persona' }): void;
  /** Registered names of a kind, in registration order. */
  names(kind: BehaviourKind): string[];
  /** Runs a plug-in's `execute` on an avatar; returns its log entry (the acts it made). */
  execute(kind: BehaviourKind, name: string, avatar: number, call?: BehaviourCall): BehaviourLogEntry;
  /** Runs a plug-in's `simulate`; returns its log entry (what it would do). Touches nothing. */
  simulate(kind: BehaviourKind, name: string, avatar: number, call?: BehaviourCall): BehaviourLogEntry;
  /** Every execute and simulate, oldest first (at most `logLimit`). */
  readonly log: readonly BehaviourLogEntry[];
  onLog(listener: (entry: BehaviourLogEntry) => void): () => void;
}

const NAME = /^[a-z][a-z0-9_-]{0,47}$/;

/** Checks a definition's shape; throws {@link PluginDefinitionError} naming the plug-in and field. */
export function checkBehaviourPlugin(plugin: unknown, kind: BehaviourKind): void {
  const fail = (msg: string): never => {
    throw new PluginDefinitionError(msg);
  };
  if (plugin === null || typeof plugin !== 'object')
    fail(`${kind} plug-in: the definition must be an object`);
  const p = plugin as Record<string, unknown>;
  if (typeof p['name'] !== 'string' || !NAME.test(p['name']))
    fail(`${kind} plug-in: name must match ${NAME.source}, got ${JSON.stringify(p['name'])}`);
  const who = `${kind} "${String(p['name'])}"`;
  if (p['kind'] !== undefined && p['kind'] !== kind)
    fail(`${who}: kind is ${JSON.stringify(p['kind'])}, expected ${kind}`);
  if (
    p['description'] !== undefined &&
    (typeof p['description'] !== 'string' || p['description'].length > 200)
  )
    fail(`${who}: description must be a string of at most 200 characters`);
  for (const fn of ['execute', 'simulate'])
    if (typeof p[fn] !== 'function') fail(`${who}: ${fn} must be a function (ctx) => …`);
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Checks what a simulate returned; a message naming the bad item, or null. */
function actionsProblem(actions: unknown): string | null {
  if (!Array.isArray(actions)) return 'simulate must return an array of planned actions';
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as Record<string, unknown> | null;
    if (a === null || typeof a !== 'object') return `simulate result [${i}] is not an object`;
    if (a['kind'] !== 'capsule' && a['kind'] !== 'profile' && a['kind'] !== 'cancel')
      return `simulate result [${i}].kind must be capsule, profile or cancel`;
    if (a['id'] !== null && typeof a['id'] !== 'string')
      return `simulate result [${i}].id must be a string or null`;
    if (!finite(a['atMs'])) return `simulate result [${i}].atMs must be a finite number`;
    if (!finite(a['weight']) || a['weight'] < 0 || a['weight'] > 1)
      return `simulate result [${i}].weight must be within 0..1`;
  }
  return null;
}

/** Creates a registry acting on `engine`'s capsule runtime. */
export function createBehaviourRegistry(
  engine: Engine,
  options: { logLimit?: number } = {},
): BehaviourRegistry {
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const logLimit = options.logLimit ?? 1000;
  const plugins: Record<BehaviourKind, Map<string, BehaviourPlugin>> = {
    gesture: new Map(),
    persona: new Map(),
  };
  const log: BehaviourLogEntry[] = [];
  const listeners = new Set<(e: BehaviourLogEntry) => void>();

  const register = (kind: BehaviourKind, plugin: unknown): void => {
    checkBehaviourPlugin(plugin, kind);
    const p = plugin as BehaviourPlugin;
    if (plugins[kind].has(p.name))
      throw new PluginDefinitionError(`${kind} "${p.name}" is already registered`);
    plugins[kind].set(p.name, { ...p, kind });
  };

  const record = (entry: BehaviourLogEntry): BehaviourLogEntry => {
    log.push(entry);
    if (log.length > logLimit) log.splice(0, log.length - logLimit);
    for (const l of listeners) l(entry);
    return entry;
  };

  const context = (kind: BehaviourKind, name: string, avatar: number, call: BehaviourCall) => {
    const plugin = plugins[kind].get(name);
    if (!plugin)
      throw new RangeError(
        `no ${kind} "${name}" (registered: ${[...plugins[kind].keys()].join(', ') || 'none'})`,
      );
    runtime.pose(avatar);
    const atMs = call.atMs ?? engine.clock.now();
    const weight = call.weight ?? 1;
    if (!finite(atMs)) throw new RangeError(`${kind} "${name}": atMs must be finite, got ${atMs}`);
    if (!(finite(weight) && weight >= 0 && weight <= 1))
      throw new RangeError(`${kind} "${name}": weight must be within 0..1, got ${weight}`);
    const ctx: BehaviourContext = {
      avatar,
      atMs,
      weight,
      params: call.params ?? {},
      registry: runtime.registry,
    };
    return { plugin, ctx };
  };

  const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

  return {
    registerGesture: (plugin) => register('gesture', plugin),
    registerPersona: (plugin) => register('persona', plugin),
    names: (kind) => [...plugins[kind].keys()],
    execute(kind, name, avatar, call = {}) {
      const { plugin, ctx } = context(kind, name, avatar, call);
      const acts: PlannedAction[] = [];
      const scaled = (w: number | undefined): number => Math.min(1, Math.max(0, (w ?? 1) * ctx.weight));
      const exec: ExecuteContext = {
        ...ctx,
        play(id, o = {}) {
          const a = { kind: 'capsule' as const, id, atMs: o.atMs ?? ctx.atMs, weight: scaled(o.weight) };
          runtime.play(avatar, id, { atMs: a.atMs, weight: a.weight });
          acts.push(a);
        },
        playProfile(id, o = {}) {
          const a = { kind: 'profile' as const, id, atMs: o.atMs ?? ctx.atMs, weight: scaled(o.weight) };
          runtime.playProfile(
            avatar,
            id,
            { speech_onset: a.atMs, scene_start: a.atMs },
            { atMs: a.atMs, weight: a.weight },
          );
          acts.push(a);
        },
        cancel(id = null) {
          runtime.cancel(avatar, id, { atMs: ctx.atMs });
          acts.push({ kind: 'cancel', id, atMs: ctx.atMs, weight: 0 });
        },
      };
      const base = { kind, name, op: 'execute' as const, avatar, time: engine.clock.now() };
      try {
        plugin.execute(exec);
        return record({ ...base, actions: acts, outcome: 'ok' });
      } catch (e) {
        return record({
          ...base,
          actions: acts,
          outcome: 'error',
          error: `${kind} "${name}": ${message(e)}`,
        });
      }
    },
    simulate(kind, name, avatar, call = {}) {
      const { plugin, ctx } = context(kind, name, avatar, call);
      const base = { kind, name, op: 'simulate' as const, avatar, time: engine.clock.now() };
      try {
        const actions = plugin.simulate(Object.freeze({ ...ctx }));
        const problem = actionsProblem(actions);
        if (problem !== null) throw new Error(problem);
        return record({ ...base, actions: [...actions], outcome: 'ok' });
      } catch (e) {
        return record({ ...base, actions: [], outcome: 'error', error: `${kind} "${name}": ${message(e)}` });
      }
    },
    log,
    onLog(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
