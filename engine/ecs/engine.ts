/**
 * The engine: a bitecs world plus injected time and seed, resources shared by systems, and the
 * declared phase schedule. Plugins are functions that add components, resources and systems.
 */
import { createWorld } from 'bitecs';
import type { World } from 'bitecs';
import type { Clock } from './clock.ts';
import { orderSystems } from './schedule.ts';
import type { SystemEntry } from './schedule.ts';

/** Frame time as systems see it. */
export interface FrameTime {
  /** Engine time of this frame, ms. */
  now: number;
  /** Time since the previous frame, ms (0 on the first). */
  delta: number;
  /** Frames run so far, this one included. */
  frame: number;
}

/** What every system receives: the ECS world, this frame's time, the seed and the resources. */
export interface EngineWorld {
  readonly ecs: World;
  readonly time: FrameTime;
  readonly seed: number;
  readonly resources: Map<string, unknown>;
}

/** A plugin registers what it brings when the engine is built. */
export type Plugin = (engine: Engine) => void;

/** Engine options; `seed` and `clock` come from outside so frames are reproducible. */
export interface EngineOptions {
  clock: Clock;
  seed: number;
  plugins?: readonly Plugin[];
}

/** The running engine. */
export interface Engine {
  readonly world: EngineWorld;
  readonly clock: Clock;
  /** Adds a system; takes effect from the next `update()`. */
  addSystem(entry: SystemEntry<EngineWorld>): void;
  /** Stores a resource under a key; throws if the key is taken (two plugins claiming one name). */
  provide<T>(key: string, value: T): T;
  /** A resource by key; throws naming the key when absent. */
  resource<T>(key: string): T;
  /** Runs one frame at the clock's current time. */
  update(): void;
  /** System names in run order (for docs and debugging). */
  systemOrder(): string[];
}

/** Builds an engine and applies its plugins in the order given. */
export function createEngine(options: EngineOptions): Engine {
  if (!Number.isInteger(options.seed))
    throw new RangeError(`engine: seed must be an integer, got ${options.seed}`);
  const entries: SystemEntry<EngineWorld>[] = [];
  let ordered: SystemEntry<EngineWorld>[] | null = null;
  const time: FrameTime = { now: 0, delta: 0, frame: 0 };
  const world: EngineWorld = { ecs: createWorld(), time, seed: options.seed >>> 0, resources: new Map() };

  const engine: Engine = {
    world,
    clock: options.clock,
    addSystem(entry) {
      entries.push(entry);
      ordered = null;
    },
    provide(key, value) {
      if (world.resources.has(key)) throw new Error(`engine: resource "${key}" is already provided`);
      world.resources.set(key, value);
      return value;
    },
    resource<T>(key: string): T {
      if (!world.resources.has(key))
        throw new Error(`engine: no resource "${key}" (is its plugin installed?)`);
      return world.resources.get(key) as T;
    },
    update() {
      ordered ??= orderSystems(entries);
      const now = options.clock.now();
      time.delta = time.frame === 0 ? 0 : now - time.now;
      time.now = now;
      time.frame++;
      for (const s of ordered) s.run(world);
    },
    systemOrder() {
      ordered ??= orderSystems(entries);
      return ordered.map((s) => `${s.phase}:${s.name}`);
    },
  };
  for (const plugin of options.plugins ?? []) plugin(engine);
  return engine;
}
