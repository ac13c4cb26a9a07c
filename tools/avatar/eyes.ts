/**
 * Eyes: eyeballs (sclera, iris, pupil and a catch-light, each its own material so any MToon
 * renderer shows crisp rings without textures), and per eye an upper and a lower lid shell with a
 * rounded edge, plus a lash line along the upper lid. Everything is parameterised about the eye
 * centre by azimuth φ (positive towards the avatar's side) and elevation θ, so a blink is a
 * change of θ: the upper lid slides down over the eyeball until it passes the lower lid.
 */
import { EYE_RADIUS, HEAD_LANDMARKS } from './head-shape.ts';
import { part, type MeshPart, type Side } from './mesh-part.ts';
import { gridPatch, mergePatches, type Patch } from './param-mesh.ts';
import { add, normalize, scale, smoothstep, type Vec3 } from './vec.ts';
import {
  CORNER_IN,
  CORNER_OUT,
  PHI_MAX,
  PHI_MIN,
  eyeDir,
  lidBottom,
  lidTop,
  lowerEdge,
  upperEdge,
} from './eye-shape.ts';

const DEG = Math.PI / 180;

/** Upper lid shell radius: clear of the eyeball even halfway through a blink. */
export const UPPER_LID_RADIUS = EYE_RADIUS + 0.0019;
/** Lower lid shell radius (inside the upper lid, so a closing upper lid passes in front). */
export const LOWER_LID_RADIUS = EYE_RADIUS + 0.0011;
/** Radius the lid edges curl in to: the lid's visible thickness. */
const RIM_RADIUS = EYE_RADIUS + 0.0003;

/** Eye centre for a side. */
export function eyeCentre(side: Side): Vec3 {
  const e = HEAD_LANDMARKS.eyeCentre;
  return [side * e[0], e[1], e[2]];
}

const lidPoint = (side: Side, phi: number, theta: number, radius: number): Vec3 =>
  add(eyeCentre(side), scale(eyeDir(side, phi, theta), radius));

function eyeball(side: Side): MeshPart[] {
  const c = eyeCentre(side);
  const seg = 32;
  // Angles from the gaze axis: pupil, iris, then the white out to behind the equator.
  const PUPIL = 15 * DEG;
  const IRIS = 36 * DEG;
  const band = (from: number, to: number, rows: number): Patch =>
    gridPatch(
      rows + 1,
      seg,
      (i, j) => {
        const a = from + ((to - from) * i) / rows;
        const b = (2 * Math.PI * j) / seg;
        const d: Vec3 = [Math.sin(a) * Math.cos(b), Math.sin(a) * Math.sin(b), Math.cos(a)];
        return { p: add(c, scale(d, EYE_RADIUS)), n: d };
      },
      true,
    );
  // The pupil is a band from the pole: its first row is one point repeated, and gridPatch drops
  // the degenerate triangles there.
  const cap = (to: number, rows: number): Patch => band(0, to, rows);
  // Catch-light: a small disc floating just off the iris, upper right as the viewer sees it.
  const hlDir = normalize([-0.34, 0.42, 0.84]);
  const tangentU = normalize([hlDir[2], 0, -hlDir[0]]);
  const tangentV = normalize([
    -hlDir[0] * hlDir[1],
    hlDir[0] * hlDir[0] + hlDir[2] * hlDir[2],
    -hlDir[2] * hlDir[1],
  ]);
  const hl = gridPatch(
    2,
    16,
    (i, j) => {
      const b = (2 * Math.PI * j) / 16;
      const r = i * 0.0017;
      const p = add(
        add(c, scale(hlDir, EYE_RADIUS + 0.00025)),
        add(scale(tangentU, r * Math.cos(b)), scale(tangentV, r * Math.sin(b))),
      );
      return { p, n: hlDir };
    },
    true,
  );
  const meta = { mesh: 'head', kind: 'eyeball', side } as const;
  const tag = side > 0 ? 'L' : 'R';
  return [
    part({ ...meta, name: `eye${tag}.pupil`, material: 'pupil' }, cap(PUPIL, 2)),
    part({ ...meta, name: `eye${tag}.iris`, material: 'iris' }, band(PUPIL, IRIS, 3)),
    part({ ...meta, name: `eye${tag}.white`, material: 'eyeWhite' }, band(IRIS, 110 * DEG, 7)),
    part({ ...meta, name: `eye${tag}.highlight`, material: 'eyeHighlight' }, hl),
  ];
}

const COLS = 34;
const phiAt = (j: number): number => PHI_MIN + ((PHI_MAX - PHI_MIN) * j) / (COLS - 1);

/** Upper lid: shell from the edge up to its top, then the rounded rim curling in to the eyeball. */
function upperLid(side: Side): Patch {
  const rows = 10;
  const shell = gridPatch(rows, COLS, (i, j) => {
    const phi = phiAt(j);
    const edge = upperEdge(phi);
    const t = (rows - 1 - i) / (rows - 1); // 0 at the edge, 1 at the top
    const theta = edge + (lidTop(phi) - edge) * t * t;
    return {
      p: lidPoint(side, phi, theta, UPPER_LID_RADIUS),
      n: eyeDir(side, phi, theta),
      params: [phi, theta],
    };
  });
  const rim = gridPatch(3, COLS, (i, j) => {
    const phi = phiAt(j);
    const edge = upperEdge(phi);
    const r = [UPPER_LID_RADIUS, (UPPER_LID_RADIUS + RIM_RADIUS) / 2, RIM_RADIUS][i]!;
    const theta = edge - [0, 0.9, 0.5][i]! * DEG;
    const down = scale(eyeDir(side, phi, theta - Math.PI / 2), 1);
    const out = eyeDir(side, phi, theta);
    const n = normalize(add(scale(out, [0.6, 0.3, 0][i]!), scale(down, [0.8, 1, 1][i]!)));
    return { p: lidPoint(side, phi, theta, r), n, params: [phi, edge] };
  });
  return mergePatches([shell, rim]);
}

/** Lower lid: shell from its bottom up to the edge, and its rim. */
function lowerLid(side: Side): Patch {
  const rows = 7;
  const shell = gridPatch(rows, COLS, (i, j) => {
    const phi = phiAt(j);
    const edge = lowerEdge(phi);
    const t = (rows - 1 - i) / (rows - 1);
    const theta = edge + (lidBottom(phi) - edge) * t * t;
    return {
      p: lidPoint(side, phi, theta, LOWER_LID_RADIUS),
      n: eyeDir(side, phi, theta),
      params: [phi, theta],
    };
  });
  const rim = gridPatch(3, COLS, (i, j) => {
    const phi = phiAt(j);
    const edge = lowerEdge(phi);
    const r = [LOWER_LID_RADIUS, (LOWER_LID_RADIUS + RIM_RADIUS) / 2, RIM_RADIUS][i]!;
    const theta = edge + [0, 0.8, 0.4][i]! * DEG;
    const up = eyeDir(side, phi, theta + Math.PI / 2);
    const out = eyeDir(side, phi, theta);
    const n = normalize(add(scale(out, [0.6, 0.3, 0][i]!), scale(up, [0.8, 1, 1][i]!)));
    return { p: lidPoint(side, phi, theta, r), n, params: [phi, edge] };
  });
  return mergePatches([shell, rim]);
}

/** Lash line: a dark band on the upper lid's edge, thicker towards the outer corner, with a flick. */
function lashes(side: Side): Patch {
  const cols = 36;
  const from = CORNER_IN * 0.9;
  const to = CORNER_OUT + 12 * DEG;
  const rows = [-0.6, 0, 0.5, 1];
  return gridPatch(rows.length + 1, cols, (i, j) => {
    const phi = from + ((to - from) * j) / (cols - 1);
    const wing = smoothstep(CORNER_OUT - 8 * DEG, to, phi);
    const edge = Math.max(upperEdge(phi), lowerEdge(phi) + 1 * DEG) + wing * 4 * DEG;
    const width = (1.6 + 3.2 * smoothstep(from, CORNER_OUT, phi)) * DEG * (1 - 0.5 * wing);
    const lift = 0.0003 + 0.0024 * wing;
    if (i === 0) {
      // Inner row: covers the rim face down to the eyeball.
      const theta = edge - 0.8 * DEG;
      return {
        p: lidPoint(side, phi, theta, RIM_RADIUS + 0.0002 + lift * 0.5),
        n: eyeDir(side, phi, theta - Math.PI / 2),
        params: [phi, theta],
      };
    }
    const theta = edge + rows[i - 1]! * width;
    const n = eyeDir(side, phi, theta);
    return { p: lidPoint(side, phi, theta, UPPER_LID_RADIUS + lift), n, params: [phi, theta] };
  });
}

/** Both eyes: eyeballs, lids and lashes. */
export function eyeParts(): MeshPart[] {
  const out: MeshPart[] = [];
  for (const side of [1, -1] as const) {
    const tag = side > 0 ? 'L' : 'R';
    out.push(...eyeball(side));
    const ul = upperLid(side);
    out.push(
      part(
        { name: `lid${tag}.upper`, mesh: 'head', material: 'skin', kind: 'upperLid', side },
        ul,
        ul.params,
      ),
    );
    const ll = lowerLid(side);
    out.push(
      part(
        { name: `lid${tag}.lower`, mesh: 'head', material: 'skin', kind: 'lowerLid', side },
        ll,
        ll.params,
      ),
    );
    const la = lashes(side);
    out.push(
      part({ name: `lashes${tag}`, mesh: 'head', material: 'lashes', kind: 'lashes', side }, la, la.params),
    );
  }
  return out;
}
