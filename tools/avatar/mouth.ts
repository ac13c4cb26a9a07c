/**
 * The mouth: upper and lower lips as tapered tubes laid along the mouth line on the skin, covering
 * the slit that leads into the carved mouth hollow; upper and lower teeth as curved bands behind
 * the lips; a tongue on the hollow's floor. Lips carry their parameter u (−1 right corner … +1
 * left corner) for the mouth morphs.
 */
import { HEAD_LANDMARKS, frontSurfaceZ, headSurface, mouthLineY } from './head-shape.ts';
import { part, type MeshPart } from './mesh-part.ts';
import { gridPatch, type Patch } from './param-mesh.ts';
import { normalAt } from './sdf.ts';
import { add, cross, normalize, scale, type Vec3 } from './vec.ts';

const { mouthCentre, mouthHalfWidth: W } = HEAD_LANDMARKS;
const DEG = Math.PI / 180;

/** Upper lip half-height at u (a gentle Cupid's bow: fuller either side of the centre). */
function upperLipHalf(u: number): number {
  const base = 0.0024 * Math.max(0, 1 - u * u) ** 0.6 + 0.0003;
  const bow =
    0.00035 * Math.exp(-(((Math.abs(u) - 0.26) / 0.13) ** 2)) - 0.0002 * Math.exp(-((u / 0.09) ** 2));
  return base + bow;
}
/** Lower lip half-height at u. */
function lowerLipHalf(u: number): number {
  return 0.0031 * Math.max(0, 1 - u * u) ** 0.55 + 0.0003;
}
/** Lip depth (front-to-back half-thickness) at u. */
function lipDepth(u: number, lower: boolean): number {
  return (lower ? 0.0025 : 0.0021) * Math.max(0, 1 - u * u) ** 0.5 + 0.0004;
}

function lip(lower: boolean): Patch {
  const cols = 33;
  const ring = 11;
  return gridPatch(ring + 1, cols, (i, j) => {
    const u = -1 + (2 * j) / (cols - 1);
    const x = u * W * 0.99;
    const a = lower ? lowerLipHalf(u) : upperLipHalf(u);
    const b = lipDepth(u, lower);
    const yc = mouthLineY(x) + (lower ? -a * 0.8 : a * 0.8);
    const zs = frontSurfaceZ(headSurface, x, yc);
    const nrm = normalAt(headSurface, [x, yc, zs]);
    const centre: Vec3 = add([x, yc, zs], scale(nrm, -b * 0.62));
    const side = normalize(cross([0, 1, 0], nrm)); // along the mouth
    const up = normalize(cross(nrm, side));
    // Ring angle: starts at the back-top (hidden) and wraps outward; closed tube via the extra row.
    const w = (2 * Math.PI * i) / ring;
    const dir = add(scale(up, Math.sin(w)), scale(nrm, Math.cos(w)));
    const p = add(centre, add(scale(up, a * Math.sin(w)), scale(nrm, b * Math.cos(w))));
    const n = normalize(add(scale(up, Math.sin(w) / a), scale(nrm, Math.cos(w) / b)));
    return { p, n: Math.abs(u) > 0.999 ? normalize(add(dir, scale(side, Math.sign(u)))) : n, params: [u, w] };
  });
}

function teeth(lower: boolean): Patch {
  const cols = 25;
  const line = mouthCentre[1];
  const top = lower ? line - 0.0013 : line + 0.0045;
  const bottom = lower ? line - 0.0052 : line - 0.0005;
  const zFront = mouthCentre[2] - (lower ? 0.0062 : 0.0048);
  const radius = 0.021;
  return gridPatch(3, cols, (i, j) => {
    const psi = (-60 + (120 * j) / (cols - 1)) * DEG;
    const y = top + ((bottom - top) * i) / 2;
    const p: Vec3 = [radius * Math.sin(psi), y, zFront - radius * (1 - Math.cos(psi))];
    return { p, n: [Math.sin(psi), 0, Math.cos(psi)], params: [psi, 0] };
  });
}

function tongue(): Patch {
  const c: Vec3 = [0, mouthCentre[1] - 0.0078, mouthCentre[2] - 0.021];
  const r: Vec3 = [0.0135, 0.0042, 0.0155];
  const rows = 9;
  const cols = 20;
  return gridPatch(
    rows,
    cols,
    (i, j) => {
      const a = (i / (rows - 1)) * Math.PI; // from the top pole down
      const b = (2 * Math.PI * j) / cols;
      const d: Vec3 = [Math.sin(a) * Math.cos(b), Math.cos(a), Math.sin(a) * Math.sin(b)];
      const p: Vec3 = [c[0] + r[0] * d[0], c[1] + r[1] * d[1], c[2] + r[2] * d[2]];
      const n = normalize([d[0] / r[0], d[1] / r[1], d[2] / r[2]]);
      // Parameter: how far forward (0 back … 1 tip), for tongueOut.
      return { p, n, params: [(d[2] + 1) / 2, d[1]] };
    },
    true,
  );
}

/** Lips, teeth and tongue. */
export function mouthParts(): MeshPart[] {
  const up = lip(false);
  const lo = lip(true);
  const ut = teeth(false);
  const lt = teeth(true);
  const tg = tongue();
  const meta = { mesh: 'head', side: 0 } as const;
  return [
    part({ ...meta, name: 'lip.upper', material: 'lips', kind: 'upperLip' }, up, up.params),
    part({ ...meta, name: 'lip.lower', material: 'lips', kind: 'lowerLip' }, lo, lo.params),
    part({ ...meta, name: 'teeth.upper', material: 'teeth', kind: 'upperTeeth' }, ut, ut.params),
    part({ ...meta, name: 'teeth.lower', material: 'teeth', kind: 'lowerTeeth' }, lt, lt.params),
    part({ ...meta, name: 'tongue', material: 'tongue', kind: 'tongue' }, tg, tg.params),
  ];
}
