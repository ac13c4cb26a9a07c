/**
 * Seeded randomness for the engine core. Every random draw derives from the world seed plus stable
 * keys (command sequence, entry index, track index), never from call order at run time, so the same
 * seed and inputs give the same frames at any frame rate.
 */

/** Mixes a 32-bit value (murmur3 finaliser): a cheap, well-distributed integer hash. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seed of a substream: the parent seed combined with up to three integer keys. */
export function substream(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(a | 0, 0x27d4eb2d)) >>> 0);
  h = mix32((h ^ Math.imul(b | 0, 0x165667b1)) >>> 0);
  h = mix32((h ^ Math.imul(c | 0, 0x61c88647)) >>> 0);
  return h;
}

/** A stateless draw in [0, 1) for (seed, key): for values read every frame without keeping state. */
export function unitHash(seed: number, key: number): number {
  return mix32((seed ^ Math.imul(key | 0, 0x9e3779b1)) >>> 0) / 4294967296;
}

/** A sequential generator (mulberry32) for draws taken once, e.g. when an instance is spawned. */
export interface Rng {
  /** Next value in [0, 1). */
  next(): number;
  /** Next value in [−1, 1). */
  signed(): number;
}

/** Creates a mulberry32 generator; equal seeds give equal sequences on every platform. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, signed: () => next() * 2 - 1 };
}
