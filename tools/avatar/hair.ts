/**
 * Hair: a soft, rounded short cut — a layer following the head's shape with extra volume at the
 * crown and back and a side-swept lock, cut in front into a fringe of rounded locks above the
 * brows, with side hair down to the cheeks and a tapered nape.
 */
import { decimate } from './decimate.ts';
import { part, type MeshPart } from './mesh-part.ts';
import { headSurface } from './head-shape.ts';
import { ellipsoid, mirrored, roundCone, smax, smin, sphere, type Sdf } from './sdf.ts';
import { surfaceNets } from './surface-nets.ts';
import { bump, smoothstep } from './vec.ts';

/** A layer of hair following the head's own shape (so the sides hug the cheeks). */
const shell: Sdf = (x, y, z) => headSurface(x, y, z) - 0.0085;
const top = ellipsoid([0, 1.615, -0.02], [0.085, 0.086, 0.101]);
const crown = sphere([0, 1.648, -0.035], 0.064);
const backVolume = mirrored(sphere([0.035, 1.612, -0.07], 0.056));
const sweep = roundCone([0.045, 1.674, 0.01], [-0.035, 1.652, 0.07], 0.027, 0.018);
const neckZone = roundCone([0, 1.3, 0.02], [0, 1.5, 0.03], 0.07, 0.058);

/** Fringe locks: centre x, how far the tip hangs below the fringe's root line, half-width. */
const LOCKS: readonly (readonly [number, number, number])[] = [
  [-0.052, 0.015, 0.013],
  [-0.03, 0.021, 0.014],
  [-0.007, 0.018, 0.013],
  [0.017, 0.024, 0.015],
  [0.042, 0.016, 0.014],
];

/**
 * Lower edge of the hair in front at (x, y): pointed, slightly swept locks over the forehead,
 * side hair down to the cheek past the temples.
 */
function hairline(x: number, y: number): number {
  const root = 1.63;
  let hang = 0;
  for (const [cx, depth, half] of LOCKS) {
    // Sheared so each lock sweeps towards −x as it hangs down.
    const t = Math.abs(x - cx - 0.45 * Math.max(0, root - y)) / half;
    hang = Math.max(hang, depth * Math.max(0, 1 - t ** 1.6));
  }
  const fringe = root - hang;
  return fringe + (1.582 - fringe) * smoothstep(0.056, 0.07, Math.abs(x));
}

/**
 * Lower edge of the hair at the sides and back, by depth: a short sideburn in front of the ear,
 * an arc over it, then down to the nape.
 */
function sideLine(x: number, z: number): number {
  const base = 1.52 + 0.065 * smoothstep(-0.088, -0.035, z);
  const overEar = 0.016 * bump(Math.abs(z + 0.012) / 0.03);
  const sideburn = -0.022 * bump(Math.abs(z - 0.016) / 0.013);
  // Locks hanging at the nape, by angle around the back of the head.
  const angle = Math.atan2(x, -z - 0.02);
  let hang = 0;
  for (const c of [-0.9, -0.45, 0, 0.45, 0.9])
    hang = Math.max(hang, 0.011 * Math.max(0, 1 - (Math.abs(angle - c) / 0.24) ** 1.6));
  return base + overEar + sideburn - hang * smoothstep(-0.04, -0.07, z);
}

/** The hair field. */
export const hairField: Sdf = (x, y, z) => {
  let d = smin(shell(x, y, z), top(x, y, z), 0.025);
  d = smin(d, crown(x, y, z), 0.03);
  d = smin(d, backVolume(x, y, z), 0.03);
  d = smin(d, sweep(x, y, z), 0.025);
  // The face: in front, below the hairline.
  const face = Math.max(y - hairline(x, y), 0.006 - z);
  d = smax(d, -face, 0.003);
  // Short sides: the ears show; the back tapers into the nape.
  d = smax(d, sideLine(x, z) - y, 0.004);
  return smax(d, -neckZone(x, y, z), 0.01);
};

/** The hair mesh. */
export function hairParts(): MeshPart[] {
  const raw = surfaceNets(hairField, {
    min: [-0.115, 1.47, -0.145],
    max: [0.115, 1.73, 0.125],
    cell: 0.0032,
  });
  const mesh = decimate(raw, hairField, { targetTriangles: 4200 });
  return [part({ name: 'hair', mesh: 'body', material: 'hair', kind: 'hair', side: 0 }, mesh)];
}
