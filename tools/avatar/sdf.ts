/**
 * Signed-distance primitives and blends (Inigo Quilez's formulas). Every body part is a few of
 * these along the skeleton, blended with a smooth minimum so joints and junctions are rounded,
 * then polygonised. Functions take scalars so the millions of grid samples allocate nothing.
 */
import type { Vec3 } from './vec.ts';

/** Signed distance in metres: negative inside, positive outside. */
export type Sdf = (x: number, y: number, z: number) => number;

/** Sphere of radius r. */
export function sphere(c: Vec3, r: number): Sdf {
  const [cx, cy, cz] = c;
  return (x, y, z) => {
    const dx = x - cx;
    const dy = y - cy;
    const dz = z - cz;
    return Math.sqrt(dx * dx + dy * dy + dz * dz) - r;
  };
}

/** Axis-aligned ellipsoid (IQ's bound, accurate near the surface). */
export function ellipsoid(c: Vec3, radii: Vec3): Sdf {
  const [cx, cy, cz] = c;
  const [rx, ry, rz] = radii;
  return (x, y, z) => {
    const px = (x - cx) / rx;
    const py = (y - cy) / ry;
    const pz = (z - cz) / rz;
    const k0 = Math.sqrt(px * px + py * py + pz * pz);
    const qx = px / rx;
    const qy = py / ry;
    const qz = pz / rz;
    const k1 = Math.sqrt(qx * qx + qy * qy + qz * qz);
    return k1 === 0 ? -Math.min(rx, ry, rz) : (k0 * (k0 - 1)) / k1;
  };
}

/** Segment a→b swept by a sphere whose radius goes linearly from ra to rb (a round cone). */
export function roundCone(a: Vec3, b: Vec3, ra: number, rb: number): Sdf {
  const [ax, ay, az] = a;
  const bax = b[0] - ax;
  const bay = b[1] - ay;
  const baz = b[2] - az;
  const l2 = bax * bax + bay * bay + baz * baz;
  const rr = ra - rb;
  const a2 = l2 - rr * rr;
  const il2 = 1 / l2;
  return (x, y, z) => {
    const pax = x - ax;
    const pay = y - ay;
    const paz = z - az;
    const yy = pax * bax + pay * bay + paz * baz;
    const zz = yy - l2;
    const qx = pax * l2 - bax * yy;
    const qy = pay * l2 - bay * yy;
    const qz = paz * l2 - baz * yy;
    const x2 = qx * qx + qy * qy + qz * qz;
    const y2 = yy * yy * l2;
    const z2 = zz * zz * l2;
    const k = Math.sign(rr) * rr * rr * x2;
    if (Math.sign(zz) * a2 * z2 > k) return Math.sqrt(x2 + z2) * il2 - rb;
    if (Math.sign(yy) * a2 * y2 < k) return Math.sqrt(x2 + y2) * il2 - ra;
    return (Math.sqrt(x2 * a2 * il2) + yy * rr) * il2 - ra;
  };
}

/** Capsule: segment a→b swept by a sphere of radius r. */
export function capsule(a: Vec3, b: Vec3, r: number): Sdf {
  return roundCone(a, b, r, r);
}

/** Rounded box with half-extents `half` (outer size) and edge radius `round`. */
export function roundBox(c: Vec3, half: Vec3, round: number): Sdf {
  const [cx, cy, cz] = c;
  const hx = half[0] - round;
  const hy = half[1] - round;
  const hz = half[2] - round;
  return (x, y, z) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    const qz = Math.abs(z - cz) - hz;
    const mx = Math.max(qx, 0);
    const my = Math.max(qy, 0);
    const mz = Math.max(qz, 0);
    const outside = Math.sqrt(mx * mx + my * my + mz * mz);
    return outside + Math.min(Math.max(qx, qy, qz), 0) - round;
  };
}

/** Polynomial smooth minimum of two distances; k is the blend radius in metres. */
export function smin(a: number, b: number, k: number): number {
  if (k <= 0) return Math.min(a, b);
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - h * h * k * 0.25;
}

/** Polynomial smooth maximum (smooth intersection / subtraction). */
export function smax(a: number, b: number, k: number): number {
  return -smin(-a, -b, k);
}

/** Mirror a shape built on the avatar's left (+X) to both sides. */
export function mirrored(f: Sdf): Sdf {
  return (x, y, z) => f(Math.abs(x), y, z);
}

/** Central-difference gradient (unnormalised) at p, step h. */
export function gradient(f: Sdf, x: number, y: number, z: number, h: number): Vec3 {
  return [
    (f(x + h, y, z) - f(x - h, y, z)) / (2 * h),
    (f(x, y + h, z) - f(x, y - h, z)) / (2 * h),
    (f(x, y, z + h) - f(x, y, z - h)) / (2 * h),
  ];
}

/**
 * Moves p onto the iso-surface f = level by Newton steps along the gradient: used to lay brows,
 * lips and clothing details on the skin, and to keep morphed decals glued to it.
 */
export function project(f: Sdf, p: Vec3, level = 0, steps = 4, h = 0.0005): Vec3 {
  let [x, y, z] = p;
  for (let i = 0; i < steps; i++) {
    const d = f(x, y, z) - level;
    const [gx, gy, gz] = gradient(f, x, y, z, h);
    const g2 = gx * gx + gy * gy + gz * gz;
    if (g2 < 1e-12) break;
    x -= (d * gx) / g2;
    y -= (d * gy) / g2;
    z -= (d * gz) / g2;
  }
  return [x, y, z];
}

/** Unit outward normal of f at p. */
export function normalAt(f: Sdf, p: Vec3, h = 0.0005): Vec3 {
  const g = gradient(f, p[0], p[1], p[2], h);
  const l = Math.hypot(g[0], g[1], g[2]) || 1;
  return [g[0] / l, g[1] / l, g[2] / l];
}
