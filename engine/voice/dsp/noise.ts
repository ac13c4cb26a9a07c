/**
 * Seeded noise for the breath path: the engine never calls Math.random, so the same seed renders
 * the same breath. Level is scaled with the sample rate so a band-passed slice of it has the same
 * power at 22.05 kHz and 48 kHz (white noise spreads its power over 0..fs/2).
 */
import { createRng } from '../../ecs/random.ts';

/** Length of the looped noise buffer: long enough that the loop is not heard as a rhythm. */
export const NOISE_SECONDS = 2;

/** Fills a new buffer with uniform white noise from `seed`, RMS 0.577 at 22.05 kHz. */
export function seededNoise(seed: number, sampleRate: number, seconds = NOISE_SECONDS): Float32Array {
  const rng = createRng(seed);
  const n = Math.max(1, Math.round(sampleRate * seconds));
  const scale = Math.sqrt(sampleRate / 22050);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.signed() * scale;
  return out;
}
