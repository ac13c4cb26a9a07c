/**
 * Cheek blush: two soft-edged ovals of a warmer skin tone laid 0.4 mm above the cheeks. They are
 * skin as far as skinning and morphs are concerned (kind `headSkin`), so they ride the cheeks
 * through smiles, squints and puffs.
 */
import { frontSurfaceZ, headSurface } from './head-shape.ts';
import { part, type MeshPart } from './mesh-part.ts';
import { gridPatch } from './param-mesh.ts';
import { normalAt, type Sdf } from './sdf.ts';

const LIFT = 0.0004;
const lifted: Sdf = (x, y, z) => headSurface(x, y, z) - LIFT;

/** Both blush ovals. */
export function blushParts(): MeshPart[] {
  const out: MeshPart[] = [];
  for (const side of [1, -1] as const) {
    const rings = 4;
    const seg = 20;
    const patch = gridPatch(
      rings + 1,
      seg,
      (i, j) => {
        const r = i / rings;
        const a = (2 * Math.PI * j) / seg;
        const x = side * (0.043 + 0.0125 * r * Math.cos(a));
        const y = 1.537 + 0.0075 * r * Math.sin(a);
        const p = [x, y, frontSurfaceZ(lifted, x, y)] as const;
        return { p, n: normalAt(headSurface, p) };
      },
      true,
    );
    out.push(
      part(
        { name: `blush${side > 0 ? 'L' : 'R'}`, mesh: 'head', material: 'blush', kind: 'headSkin', side },
        patch,
      ),
    );
  }
  return out;
}
