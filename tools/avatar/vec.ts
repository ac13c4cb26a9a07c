/**
 * Tiny 3-vector helpers on plain tuples. The generator favours readable geometry code over speed
 * outside the SDF inner loops, which take scalars instead.
 */

/** A point or direction in the avatar's frame: metres, +Y up, faces +Z, its left is +X. */
export type Vec3 = readonly [number, number, number];

/** a + b */
export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
/** a − b */
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
/** a × s */
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
/** Dot product. */
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
/** Cross product. */
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
/** Euclidean length. */
export const length = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
/** Unit vector (the zero vector stays zero). */
export const normalize = (a: Vec3): Vec3 => {
  const l = length(a);
  return l > 0 ? scale(a, 1 / l) : [0, 0, 0];
};
/** Mirror across the body's midplane (x → −x): the left side from the right, or back. */
export const mirrorX = (a: Vec3): Vec3 => [-a[0], a[1], a[2]];

/** Hermite smoothstep of x between e0 and e1, clamped. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** Rotates v about the unit axis through the origin by `angle` radians (Rodrigues). */
export function rotateAxis(v: Vec3, axis: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const k = dot(axis, v) * (1 - c);
  const cr = cross(axis, v);
  return [
    v[0] * c + cr[0] * s + axis[0] * k,
    v[1] * c + cr[1] * s + axis[1] * k,
    v[2] * c + cr[2] * s + axis[2] * k,
  ];
}

/** Rotates point p about the axis through `pivot` by `angle` radians. */
export function rotateAbout(p: Vec3, pivot: Vec3, axis: Vec3, angle: number): Vec3 {
  return add(pivot, rotateAxis(sub(p, pivot), axis, angle));
}

/** Compact smooth bump: 1 at r = 0, 0 from r ≥ 1, zero slope at both ends. */
export function bump(r: number): number {
  if (r >= 1) return 0;
  const q = 1 - r * r;
  return q * q * q;
}
