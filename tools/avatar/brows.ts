/**
 * Eyebrows: tapered bands laid on the forehead 0.7 mm above the skin, thick at the inner end and
 * arched towards the outer. They carry (u along, v across) so the brow morphs can move the inner,
 * middle and outer parts separately and re-lay the band on the skin.
 */
import { HEAD_LANDMARKS, frontSurfaceZ, headSurface } from './head-shape.ts';
import { part, type MeshPart, type Side } from './mesh-part.ts';
import { gridPatch } from './param-mesh.ts';
import { normalAt, type Sdf } from './sdf.ts';
import type { Vec3 } from './vec.ts';

/** Height of the brow above the skin. */
export const BROW_LIFT = 0.0007;

/** Where brow parameter (u, v) lies before projection: u 0 inner … 1 outer, v −1 lower … +1 upper. */
export function browPoint(side: Side, u: number, v: number): Vec3 {
  const eye = HEAD_LANDMARKS.eyeCentre;
  const x = 0.0115 + 0.044 * u;
  const mid = eye[1] + 0.0205 + 0.0042 * Math.sin(Math.PI * Math.min(1, u * 1.15)) - 0.0024 * u * u;
  const half = (0.0027 * (1 - u) ** 0.8 + 0.001) * (v > 0 ? 1 : 0.85);
  const y = mid + v * half;
  return [side * x, y, 0.12];
}

const lifted: Sdf = (x, y, z) => headSurface(x, y, z) - BROW_LIFT;

/** Lays a brow point on the skin, keeping its x and y (seen from the front, it does not move). */
export function layOnSkin(p: Vec3): Vec3 {
  return [p[0], p[1], frontSurfaceZ(lifted, p[0], p[1])];
}

/** Both brows. */
export function browParts(): MeshPart[] {
  const out: MeshPart[] = [];
  for (const side of [1, -1] as const) {
    const cols = 22;
    const rows = 4;
    const patch = gridPatch(rows, cols, (i, j) => {
      const u = j / (cols - 1);
      const v = -1 + (2 * i) / (rows - 1);
      const p = layOnSkin(browPoint(side, u, v));
      return { p, n: normalAt(headSurface, p), params: [u, v] };
    });
    out.push(
      part(
        { name: `brow${side > 0 ? 'L' : 'R'}`, mesh: 'head', material: 'brows', kind: 'brow', side },
        patch,
        patch.params,
      ),
    );
  }
  return out;
}
