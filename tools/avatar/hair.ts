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
import { smoothstep } from './vec.ts';

/** A layer of hair following the head's own shape (so the sides hug the cheeks). */
const shell: Sdf = (x, y, z) => headSurface(x, y, z) - 0.0085;
const top = ellipsoid([0, 1.615, -0.02], [0.088, 0.086, 0.101]);
const crown = sphere([0, 1.648, -0.035], 0.064);
const backVolume = mirrored(sphere([0.035, 1.612, -0.07], 0.056));
const sweep = roundCone([0.05, 1.686, 0.0], [-0.03, 1.66, 0.075], 0.03, 0.02);
const neckZone = roundCone([0, 1.3, 0.02], [0, 1.5, 0.03], 0.07, 0.058);

/** Lower edge of the hair in front: fringe locks in the middle, side hair down to the cheek. */
function hairline(x: number): number {
  const lock = 0.026;
  const phase = (x + 0.006 + 2.2 * x * x) / lock;
  const tips = Math.abs(Math.cos(Math.PI * phase)) ** 0.7;
  const fringe = 1.623 - 0.0105 * tips - 0.005 * smoothstep(0.0, 0.05, -x);
  return fringe + (1.582 - fringe) * smoothstep(0.052, 0.066, Math.abs(x));
}

/** Lower edge of the hair at the sides and back: above the ears, tapering down to the nape. */
function sideLine(z: number): number {
  return 1.586 - 0.07 * smoothstep(-0.03, -0.085, z);
}

/** The hair field. */
export const hairField: Sdf = (x, y, z) => {
  let d = smin(shell(x, y, z), top(x, y, z), 0.025);
  d = smin(d, crown(x, y, z), 0.03);
  d = smin(d, backVolume(x, y, z), 0.03);
  d = smin(d, sweep(x, y, z), 0.025);
  // The face: in front, below the hairline.
  const face = Math.max(y - hairline(x), 0.006 - z);
  d = smax(d, -face, 0.003);
  // Short sides: the ears show; the back tapers into the nape.
  const ax = Math.abs(x);
  d = smax(d, -Math.max(y - sideLine(z), 0.05 - ax + 0.25 * Math.max(0, -0.06 - z)), 0.006);
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
