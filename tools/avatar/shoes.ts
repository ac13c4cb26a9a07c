/**
 * Shoes: rounded sneakers — a chunky sole and a soft upper with a toe box and an ankle collar the
 * trouser hem falls over. Built for the left foot and mirrored.
 */
import { decimate } from './decimate.ts';
import { mirrorMesh, part, splitTriangles, type MeshPart } from './mesh-part.ts';
import { capsule, ellipsoid, roundBox, smax, smin, type Sdf } from './sdf.ts';
import { joint } from './skeleton.ts';
import { surfaceNets } from './surface-nets.ts';

const X = joint('leftFoot')[0];
const sole = roundBox([X, 0.0115, 0.038], [0.047, 0.0115, 0.127], 0.009);
const upper = ellipsoid([X, 0.048, 0.02], [0.046, 0.05, 0.12]);
const toeBox = ellipsoid([X, 0.034, 0.105], [0.044, 0.031, 0.06]);
const collar = capsule([X, 0.05, -0.035], [X, 0.125, -0.022], 0.047);

/** The left shoe's field. */
export const shoeField: Sdf = (x, y, z) => {
  let d = smin(smin(upper(x, y, z), toeBox(x, y, z), 0.02), collar(x, y, z), 0.03);
  d = smax(d, y - 0.128, 0.004);
  return smin(d, sole(x, y, z), 0.006);
};

/** Both shoes, each split into upper and sole. */
export function shoeParts(): MeshPart[] {
  const raw = surfaceNets(shoeField, {
    min: [X - 0.06, -0.005, -0.1],
    max: [X + 0.06, 0.14, 0.18],
    cell: 0.0035,
  });
  const left = decimate(raw, shoeField, { targetTriangles: 2200 });
  const out: MeshPart[] = [];
  for (const side of [1, -1] as const) {
    const mesh = side > 0 ? left : mirrorMesh(left);
    const [top, bottom] = splitTriangles(mesh, (c) => (c[1] < 0.02 ? 1 : 0), 2);
    const tag = side > 0 ? 'L' : 'R';
    out.push(part({ name: `shoe${tag}`, mesh: 'body', material: 'shoeUpper', kind: 'shoe', side }, top!));
    out.push(part({ name: `sole${tag}`, mesh: 'body', material: 'shoeSole', kind: 'shoe', side }, bottom!));
  }
  return out;
}
