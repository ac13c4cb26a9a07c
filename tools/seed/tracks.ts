/** Small constructors for joint tracks, so families state bones and poses, not JSON layout. */
import type { Bone, JointTrack } from '../../engine/capsules/schema-types.ts';
import type { Vec3 } from './hand-side.ts';
import type { JointKey } from './keys.ts';
import { roundDeg } from './units.ts';

/** A constant pose delta (scaled over time by the envelope). */
export function constTrack(target: Bone, value: Vec3): JointTrack {
  return { kind: 'joint', target, value: value.map(roundDeg) };
}

/** A keyframed pose delta. */
export function keyTrack(target: Bone, keys: JointKey[]): JointTrack {
  return { kind: 'joint', target, keys, interpolation: 'linear' };
}

/** Seeded band-limited noise with per-axis peak amplitudes (degrees). */
export function noiseTrack(target: Bone, amplitude: Vec3, frequencyHz: number): JointTrack {
  return { kind: 'joint', target, noise: { amplitude: amplitude.map(roundDeg), frequency_hz: frequencyHz } };
}

/** True when a track moves its bone at all once rounded (constant, any key, or noise). */
export function moves(track: JointTrack): boolean {
  const nz = (v: readonly number[]): boolean => v.some((x) => x !== 0);
  if (track.value) return nz(track.value);
  if (track.keys) return track.keys.some((k) => nz(k.value));
  const a = track.noise?.amplitude;
  return typeof a === 'number' ? a !== 0 : a !== undefined && nz(a);
}

/** Formats an angle for a description: one decimal, no trailing zero. */
export function deg(x: number): string {
  return `${Number(x.toFixed(1))}°`;
}
