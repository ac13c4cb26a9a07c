/**
 * A final check of compiled joint values against the rig's anatomical limits (engine/rig/bones.ts,
 * right side mirrored). Families compute values anatomically and should never trip it; if a future
 * seed record does, the driver scales that capsule's joint motion uniformly (keeping its shape)
 * and warns, rather than clipping single values.
 */
import type { Capsule, JointTrack } from '../../engine/capsules/schema-types.ts';
import { HUMAN_BONES } from '../../engine/rig/bones.ts';
import type { AxisLimit } from '../../engine/rig/bones.ts';
import { roundDeg } from './units.ts';

const LIMITS = new Map(HUMAN_BONES.map((b) => [b.name as string, [b.limits.x, b.limits.y, b.limits.z]]));

/** How much of the allowed range one value uses on its side (> 1: outside; Infinity: wrong side). */
function load(v: number, [lo, hi]: AxisLimit): number {
  if (v === 0) return 0;
  const bound = v > 0 ? hi : lo;
  return bound === 0 || Math.sign(bound) !== Math.sign(v) ? Infinity : v / bound;
}

/** The worst limit load over every joint value (noise amplitude a counts as ±a), and where it is. */
export function limitLoad(tracks: Capsule['tracks']): { load: number; where: string } {
  let worst = { load: 0, where: '' };
  const see = (v: number, axis: number, track: JointTrack): void => {
    const limit = LIMITS.get(track.target)?.[axis];
    const l = limit ? load(v, limit) : Infinity;
    if (l > worst.load) worst = { load: l, where: `${track.target} ${'xyz'[axis]} = ${v}` };
  };
  for (const track of tracks) {
    if (track.kind !== 'joint') continue;
    track.value?.forEach((v, a) => see(v, a, track));
    track.keys?.forEach((k) => k.value.forEach((v, a) => see(v, a, track)));
    const amp = track.noise?.amplitude;
    if (amp !== undefined)
      (typeof amp === 'number' ? [amp, amp, amp] : amp).forEach((a, axis) => {
        see(a, axis, track);
        see(-a, axis, track);
      });
  }
  return worst;
}

/** Joint tracks scaled by k (rounded again); other tracks unchanged. */
export function scaleJoints(tracks: Capsule['tracks'], k: number): Capsule['tracks'] {
  const s = (v: number[]): number[] => v.map((x) => roundDeg(x * k));
  return tracks.map((t) => {
    if (t.kind !== 'joint') return t;
    if (t.value) return { ...t, value: s(t.value) };
    if (t.keys) return { ...t, keys: t.keys.map((key) => ({ t: key.t, value: s(key.value) })) };
    const amp = t.noise!.amplitude;
    return { ...t, noise: { ...t.noise!, amplitude: typeof amp === 'number' ? roundDeg(amp * k) : s(amp) } };
  });
}
