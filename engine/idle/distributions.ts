/**
 * Seeded draws for the idle, as pure functions of (seed, key): an event's interval, variant and
 * target depend only on the world seed, the avatar's ordinal, the stream and the event index — never
 * on when frames run — so idle frames agree at any frame rate.
 */
import { unitHash } from '../ecs/random.ts';

/** A uniform draw in (0, 1]: safe under a logarithm. */
function open01(seed: number, key: number): number {
  return 1 - unitHash(seed, key);
}

/** A standard normal draw (Box–Muller) from two hashed uniforms at keys `key` and `key + 1`. */
export function normalDraw(seed: number, key: number): number {
  const u1 = open01(seed, key);
  const u2 = unitHash(seed, key + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A log-normal draw with the given mean and coefficient of variation, clamped to [min, max].
 * Inter-blink and fixation intervals are right-skewed with a long tail; a log-normal fits them.
 */
export function logNormalDraw(
  seed: number,
  key: number,
  mean: number,
  cv: number,
  min: number,
  max: number,
): number {
  const s2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - s2 / 2;
  const x = Math.exp(mu + Math.sqrt(s2) * normalDraw(seed, key));
  return x < min ? min : x > max ? max : x;
}

/** An exponential draw with the given mean, truncated to [0, max] (inverse CDF, no rejection). */
export function truncatedExponentialDraw(seed: number, key: number, mean: number, max: number): number {
  const u = unitHash(seed, key);
  return -mean * Math.log(1 - u * (1 - Math.exp(-max / mean)));
}

/** Index of the entry a draw picks from relative shares (shares need not sum to 1). */
export function pickShare(seed: number, key: number, shares: readonly { share: number }[]): number {
  let total = 0;
  for (const s of shares) total += s.share;
  let u = unitHash(seed, key) * total;
  for (let i = 0; i < shares.length; i++) {
    u -= shares[i]!.share;
    if (u < 0) return i;
  }
  return shares.length - 1;
}
