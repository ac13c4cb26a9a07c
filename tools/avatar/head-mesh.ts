/**
 * The head's skin: the head field polygonised, simplified (keeping the face dense), then split by
 * material: the walls of the mouth hollow become the dark mouth interior; the neck below the
 * collar is dropped (the shirt hides it).
 */
import { decimate } from './decimate.ts';
import { HEAD_LANDMARKS, headSkin, headSurface, mouthHollow } from './head-shape.ts';
import { part, splitTriangles, type MeshPart } from './mesh-part.ts';
import { surfaceNets } from './surface-nets.ts';
import { smoothstep, type Vec3 } from './vec.ts';

const { mouthCentre, eyeCentre } = HEAD_LANDMARKS;

/** How much detail to keep at p: most around the eyes and mouth, least at the back of the head. */
function importance(p: Vec3): number {
  const face =
    smoothstep(0.0, 0.05, p[2]) * smoothstep(1.44, 1.47, p[1]) * (1 - smoothstep(1.62, 1.64, p[1]));
  const mouth =
    1 - smoothstep(0.02, 0.04, Math.hypot(p[0] / 1.4, p[1] - mouthCentre[1], p[2] - mouthCentre[2]));
  const eyes =
    1 -
    smoothstep(
      0.02,
      0.035,
      Math.hypot(Math.abs(p[0]) - eyeCentre[0], p[1] - eyeCentre[1], p[2] - eyeCentre[2]),
    );
  return 1 + 5 * face + 30 * Math.max(mouth, eyes);
}

/** Head skin and mouth interior parts. */
export function headSkinParts(): MeshPart[] {
  const raw = surfaceNets(headSkin, {
    min: [-0.098, 1.335, -0.13],
    max: [0.098, 1.705, 0.125],
    cell: 0.0021,
  });
  const mesh = decimate(raw, headSkin, { targetTriangles: 11000, importance });
  const [skin, inside] = splitTriangles(
    mesh,
    (c) => {
      if (c[1] < 1.345) return -1;
      if (mouthHollow(c[0], c[1], c[2]) < 0.0025 && headSurface(c[0], c[1], c[2]) < -0.0012) return 1;
      return 0;
    },
    2,
  );
  return [
    part({ name: 'headSkin', mesh: 'head', material: 'skin', kind: 'headSkin', side: 0 }, skin!),
    part({ name: 'mouthInside', mesh: 'head', material: 'mouthInside', kind: 'mouthBag', side: 0 }, inside!),
  ];
}
