/**
 * The 52 ARKit blendshapes as displacement fields over the head mesh. Each shape moves the parts
 * that anatomy says it should: lids slide in elevation about the eye centre, eyeballs rotate,
 * the jaw swings about its hinge (the same influence the jaw bone's skin weights use), lip
 * corners and lips move with smooth compact falloffs, brows slide and are re-laid on the skin.
 * Left/Right are the avatar's own sides (ARKit's convention): `eyeBlinkLeft` closes the eye on +X.
 */
import { ARKIT_EXPRESSIONS, type ArkitExpression } from '../../engine/rig/expressions.ts';
import { browPoint, layOnSkin } from './brows.ts';
import { eyeCentre } from './eyes.ts';
import { eyeDir, lidBottom, lidTop, lowerEdge, opening, upperEdge } from './eye-shape.ts';
import { HEAD_LANDMARKS, frontSurfaceZ, headSurface, mouthLineY } from './head-shape.ts';
import type { MeshPart, Side } from './mesh-part.ts';
import { normalAt } from './sdf.ts';
import { jawInfluence } from './skinning.ts';
import { add, bump, rotateAbout, scale, smoothstep, sub, type Vec3 } from './vec.ts';

const DEG = Math.PI / 180;
const ZERO: Vec3 = [0, 0, 0];
const { mouthCentre, mouthHalfWidth: W, jawPivot } = HEAD_LANDMARKS;

/** What a shape sees of one vertex. */
interface V {
  readonly part: MeshPart;
  readonly p: Vec3;
  /** The part's two parameters at this vertex (zeros when the part has none). */
  readonly a: number;
  readonly b: number;
}

type Shape = (v: V) => Vec3;

// ── Eyes ───────────────────────────────────────────────────────────────────────────────────────

/** Moves a lid vertex to the elevation its lid edge would have at `newEdge`. */
function lidSlide(v: V, newEdgeOf: (phi: number) => number): Vec3 {
  const { part, p } = v;
  const side = part.side as Side;
  const e = eyeCentre(side);
  const d = sub(p, e);
  const r = Math.hypot(d[0], d[1], d[2]);
  const phiV = Math.atan2(side * d[0], d[2]);
  const thetaV = Math.asin(Math.max(-1, Math.min(1, d[1] / r)));
  const phi = v.a;
  const thetaP = v.b;
  let target: number;
  if (part.kind === 'lowerLid') {
    const edge = lowerEdge(phi);
    const bottom = lidBottom(phi);
    target = bottom + ((thetaP - bottom) * (newEdgeOf(phi) - bottom)) / (edge - bottom);
  } else {
    const edge = upperEdge(phi);
    const top = lidTop(phi);
    target = top - ((top - thetaP) * (top - newEdgeOf(phi))) / (top - edge);
  }
  const moved = add(e, scale(eyeDir(side, phiV, thetaV + (target - thetaP)), r));
  return sub(moved, p);
}

const isUpper = (v: V): boolean => v.part.kind === 'upperLid' || v.part.kind === 'lashes';

/** Upper and lower lid edge moves (radians, + up) as functions of azimuth, on one side. */
function lids(side: Side, upper: (phi: number) => number, lower: (phi: number) => number): Shape {
  return (v) => {
    if (v.part.side !== side) return ZERO;
    if (isUpper(v)) return lidSlide(v, (phi) => upperEdge(phi) + upper(phi));
    if (v.part.kind === 'lowerLid') return lidSlide(v, (phi) => lowerEdge(phi) + lower(phi));
    return ZERO;
  };
}

/** Fades a lid move out past the eye corners. */
const inOpening = (phi: number): number => smoothstep(0, 6 * DEG, opening(phi));

function eyeRotate(side: Side, axis: Vec3, angle: number): Shape {
  return (v) => {
    if (v.part.kind !== 'eyeball' || v.part.side !== side) return ZERO;
    return sub(rotateAbout(v.p, eyeCentre(side), axis, angle), v.p);
  };
}

const combine =
  (...shapes: Shape[]): Shape =>
  (v) =>
    shapes.reduce<Vec3>((acc, s) => add(acc, s(v)), ZERO);

const blink = (side: Side): Shape =>
  lids(
    side,
    (phi) => -(opening(phi) + 2.5 * DEG) * inOpening(phi),
    (phi) => 0.04 * opening(phi),
  );

/** Skin bump near the eye: moves skin below (dy < 0 region) or above the eye. */
function skinNear(centre: Vec3, radii: Vec3, move: Vec3): Shape {
  return (v) => {
    if (v.part.kind !== 'headSkin') return ZERO;
    const w = bump(
      Math.hypot(
        (v.p[0] - centre[0]) / radii[0],
        (v.p[1] - centre[1]) / radii[1],
        (v.p[2] - centre[2]) / radii[2],
      ),
    );
    return w > 0 ? scale(move, w) : ZERO;
  };
}

const underEye = (side: Side): Vec3 => {
  const e = eyeCentre(side);
  return [e[0] + side * 0.004, e[1] - 0.02, e[2] + 0.012];
};

const squint = (side: Side): Shape =>
  combine(
    lids(
      side,
      (phi) => -2 * DEG * inOpening(phi),
      (phi) => 0.36 * opening(phi),
    ),
    skinNear(underEye(side), [0.022, 0.014, 0.02], [0, 0.0018, 0.0006]),
  );

const wide = (side: Side): Shape =>
  lids(
    side,
    (phi) => 9 * DEG * inOpening(phi),
    (phi) => -2.5 * DEG * inOpening(phi),
  );

const lookUp = (side: Side): Shape =>
  combine(
    eyeRotate(side, [1, 0, 0], -18 * DEG),
    lids(
      side,
      (phi) => 5 * DEG * inOpening(phi),
      (phi) => 2 * DEG * inOpening(phi),
    ),
  );
const lookDown = (side: Side): Shape =>
  combine(
    eyeRotate(side, [1, 0, 0], 18 * DEG),
    lids(
      side,
      (phi) => -9 * DEG * inOpening(phi),
      (phi) => -2.5 * DEG * inOpening(phi),
    ),
  );
/** In: towards the nose. Rotating about +Y by +a turns the gaze towards +X. */
const lookIn = (side: Side): Shape => eyeRotate(side, [0, 1, 0], -side * 18 * DEG);
const lookOut = (side: Side): Shape => eyeRotate(side, [0, 1, 0], side * 22 * DEG);

// ── Jaw ────────────────────────────────────────────────────────────────────────────────────────

/** How much of a jaw motion a vertex takes. */
function jawShare(v: V): number {
  switch (v.part.kind) {
    case 'lowerTeeth':
    case 'tongue':
      return 1;
    case 'lowerLip':
      return 0.4 + 0.6 * (1 - v.a * v.a);
    case 'headSkin':
    case 'mouthBag':
      return jawInfluence(v.p);
    default:
      return 0;
  }
}

const jawOpen: Shape = (v) => {
  const s = jawShare(v);
  if (s === 0) return ZERO;
  const rotated = rotateAbout(v.p, jawPivot, [1, 0, 0], 16 * DEG * s);
  return add(sub(rotated, v.p), scale([0, -0.003, 0.008], s));
};
const jawMove =
  (move: Vec3): Shape =>
  (v) =>
    scale(move, jawShare(v));

// ── Mouth ──────────────────────────────────────────────────────────────────────────────────────

const cornerOf = (side: Side): Vec3 => {
  const x = side * W;
  const y = mouthLineY(x);
  return [x, y, frontSurfaceZ(headSurface, x, y)];
};
const CORNERS: Readonly<Record<number, Vec3>> = { 1: cornerOf(1), [-1]: cornerOf(-1) };

const isMouthPart = (v: V): boolean =>
  v.part.kind === 'upperLip' ||
  v.part.kind === 'lowerLip' ||
  v.part.kind === 'headSkin' ||
  v.part.kind === 'mouthBag';

/** Weight of a vertex around a mouth corner (lips get the corner's share by their u). */
function cornerWeight(v: V, side: Side, radius: number): number {
  if (!isMouthPart(v)) return 0;
  if (v.part.kind === 'upperLip' || v.part.kind === 'lowerLip') {
    const t = (v.a * side + 1) / 2; // 0 at the far corner, 1 at this corner
    return smoothstep(0.1, 1, t) ** 1.6;
  }
  const c = CORNERS[side]!;
  return bump(Math.hypot(v.p[0] - c[0], (v.p[1] - c[1]) * 1.2, (v.p[2] - c[2]) * 0.8) / radius);
}

/**
 * Weight around the whole mouth: lips 1; skin 1 along the lips' parting (so the opening the lips
 * cover moves with them) and falling off over 2–3 cm around it.
 */
function mouthWeight(v: V): number {
  if (!isMouthPart(v)) return 0;
  if (v.part.kind === 'upperLip' || v.part.kind === 'lowerLip') return 1;
  const p = v.p;
  const around = bump(
    Math.hypot(p[0] / 0.038, (p[1] - mouthCentre[1]) / 0.026, (p[2] - mouthCentre[2]) / 0.032),
  );
  const alongLips = bump(
    Math.hypot(
      Math.max(0, Math.abs(p[0]) - W) / 0.012,
      (p[1] - mouthLineY(p[0])) / 0.011,
      (p[2] - mouthCentre[2]) / 0.03,
    ),
  );
  return Math.max(around, alongLips);
}

/** 1 above the mouth line, 0 below (lips by their kind, skin by position). */
function upperness(v: V): number {
  if (v.part.kind === 'upperLip') return 1;
  if (v.part.kind === 'lowerLip') return 0;
  return smoothstep(-0.0012, 0.0012, v.p[1] - mouthLineY(v.p[0]));
}

/** Weight of the mouth's middle (lips fade towards the corners). */
function middleWeight(v: V): number {
  if (v.part.kind === 'upperLip' || v.part.kind === 'lowerLip') return 1 - v.a * v.a * 0.7;
  return mouthWeight(v) * (1 - smoothstep(0.3 * W, 1.3 * W, Math.abs(v.p[0])) * 0.6);
}

/** Weight on one side of the mouth (smooth across the middle). */
function sideWeight(v: V, side: Side): number {
  const x = v.part.kind === 'upperLip' || v.part.kind === 'lowerLip' ? v.a * W : v.p[0];
  return smoothstep(-0.35 * W, 0.35 * W, side * x);
}

const corner =
  (side: Side, move: Vec3, radius = 0.02): Shape =>
  (v) =>
    scale(move, cornerWeight(v, side, radius));

/** Moves the upper (which = 1) or lower (0) lip region; `side` limits it to one half. */
function lipRegion(which: 0 | 1, move: Vec3 | ((v: V) => Vec3), side: Side = 0, near = 1): Shape {
  return (v) => {
    const u = upperness(v);
    const w = (which === 1 ? u : 1 - u) * middleWeight(v) * (side === 0 ? 1 : sideWeight(v, side));
    const skinFade = v.part.kind === 'headSkin' || v.part.kind === 'mouthBag' ? near : 1;
    if (w * skinFade === 0) return ZERO;
    return scale(typeof move === 'function' ? move(v) : move, w * skinFade);
  };
}

/** Pulls lips and nearby skin towards the mouth's middle (x scaled) and pushes them forward. */
function gather(narrow: number, forward: number, spread: number): Shape {
  return (v) => {
    const w = mouthWeight(v);
    if (w === 0) return ZERO;
    const up = upperness(v) > 0.5 ? 1 : -1;
    const mid = middleWeight(v);
    return scale([-v.p[0] * narrow, up * spread * mid, forward * mid], w);
  };
}

/** Lip vertices move towards the lip's own centre line (thinning) or away. */
function lipThin(which: 'upperLip' | 'lowerLip', amount: number, move: Vec3): Shape {
  return (v) => {
    if (v.part.kind !== which) return ZERO;
    const line = mouthLineY(v.a * W);
    return add([0, -(v.p[1] - line) * amount, 0], move);
  };
}

const press =
  (side: Side): Shape =>
  (v) => {
    if (v.part.kind !== 'upperLip' && v.part.kind !== 'lowerLip') return ZERO;
    const w = sideWeight(v, side);
    const line = mouthLineY(v.a * W);
    return scale([0, -(v.p[1] - line) * 0.35, -0.0009], w);
  };

// ── Brows, cheeks, nose ────────────────────────────────────────────────────────────────────────

/** Moves brow points by `move(u)` in x/y and lays them back on the skin. */
function brow(side: Side | 0, move: (u: number, s: Side) => readonly [number, number]): Shape {
  return (v) => {
    if (v.part.kind !== 'brow' || (side !== 0 && v.part.side !== side)) return ZERO;
    const s = v.part.side as Side;
    const [dx, dy] = move(v.a, s);
    const base = browPoint(s, v.a, v.b);
    const from = layOnSkin(base);
    const to = layOnSkin([base[0] + dx, base[1] + dy, base[2]]);
    return sub(to, from);
  };
}

const cheekCentre = (side: Side): Vec3 => [side * 0.04, 1.522, 0.066];

const cheekPuff: Shape = (v) => {
  if (v.part.kind === 'upperLip' || v.part.kind === 'lowerLip') return [0, 0, 0.001];
  if (v.part.kind !== 'headSkin') return ZERO;
  let w = 0;
  for (const s of [1, -1] as const) {
    const c = cheekCentre(s);
    w = Math.max(w, bump(Math.hypot(v.p[0] - c[0], (v.p[1] - c[1]) * 1.1, (v.p[2] - c[2]) * 0.8) / 0.032));
  }
  if (w === 0) return ZERO;
  return scale(normalAt(headSurface, v.p), 0.0055 * w);
};

const cheekSquint = (side: Side): Shape =>
  combine(
    skinNear([side * 0.038, 1.545, 0.068], [0.026, 0.02, 0.025], [0, 0.0025, 0.001]),
    lids(
      side,
      () => 0,
      (phi) => 0.06 * opening(phi),
    ),
  );

const NOSE_WING: Vec3 = [0.0105, 1.535, 0.089];
const sneer = (side: Side): Shape =>
  combine(
    skinNear(
      [side * NOSE_WING[0], NOSE_WING[1] + 0.004, NOSE_WING[2]],
      [0.014, 0.016, 0.016],
      [side * 0.0008, 0.0026, 0.0004],
    ),
    lipRegion(1, [0, 0.0012, 0], side, 1),
    brow(side, (u) => [0, -0.0012 * (1 - u)]),
  );

// ── Tongue ─────────────────────────────────────────────────────────────────────────────────────

const tongueOut: Shape = (v) => {
  if (v.part.kind !== 'tongue') return ZERO;
  const t = smoothstep(0.15, 1, v.a);
  return [0, -0.004 * t, 0.024 * t];
};

// ── The table ──────────────────────────────────────────────────────────────────────────────────

const L = 1 as const;
const R = -1 as const;

/** Every ARKit shape's displacement field. */
export const SHAPES: Readonly<Record<ArkitExpression, Shape>> = {
  eyeBlinkLeft: blink(L),
  eyeLookDownLeft: lookDown(L),
  eyeLookInLeft: lookIn(L),
  eyeLookOutLeft: lookOut(L),
  eyeLookUpLeft: lookUp(L),
  eyeSquintLeft: squint(L),
  eyeWideLeft: wide(L),
  eyeBlinkRight: blink(R),
  eyeLookDownRight: lookDown(R),
  eyeLookInRight: lookIn(R),
  eyeLookOutRight: lookOut(R),
  eyeLookUpRight: lookUp(R),
  eyeSquintRight: squint(R),
  eyeWideRight: wide(R),
  jawForward: jawMove([0, 0, 0.006]),
  jawLeft: jawMove([0.006, 0, 0]),
  jawRight: jawMove([-0.006, 0, 0]),
  jawOpen,
  mouthClose: combine(lipRegion(1, [0, -0.002, 0]), lipRegion(0, [0, 0.009, 0.001], 0, 0.6)),
  mouthFunnel: gather(0.22, 0.0045, 0.0016),
  mouthPucker: combine(
    gather(0.38, 0.0065, -0.0004),
    lipThin('upperLip', -0.15, [0, 0, 0]),
    lipThin('lowerLip', -0.15, [0, 0, 0]),
  ),
  mouthLeft: (v) => scale([0.0055, 0, 0], mouthWeight(v)),
  mouthRight: (v) => scale([-0.0055, 0, 0], mouthWeight(v)),
  mouthSmileLeft: combine(
    corner(L, [0.003, 0.0056, -0.0024]),
    skinNear(cheekCentre(L), [0.025, 0.022, 0.025], [0.0006, 0.0014, 0.0008]),
  ),
  mouthSmileRight: combine(
    corner(R, [-0.003, 0.0056, -0.0024]),
    skinNear(cheekCentre(R), [0.025, 0.022, 0.025], [-0.0006, 0.0014, 0.0008]),
  ),
  mouthFrownLeft: corner(L, [0.0008, -0.0052, -0.0006]),
  mouthFrownRight: corner(R, [-0.0008, -0.0052, -0.0006]),
  mouthDimpleLeft: corner(L, [0.0016, 0.0006, -0.0028]),
  mouthDimpleRight: corner(R, [-0.0016, 0.0006, -0.0028]),
  mouthStretchLeft: combine(
    corner(L, [0.0042, -0.0014, -0.0012], 0.024),
    lipRegion(0, [0, -0.0009, 0], L, 0.6),
  ),
  mouthStretchRight: combine(
    corner(R, [-0.0042, -0.0014, -0.0012], 0.024),
    lipRegion(0, [0, -0.0009, 0], R, 0.6),
  ),
  mouthRollLower: lipThin('lowerLip', 0.35, [0, 0.0012, -0.0028]),
  mouthRollUpper: lipThin('upperLip', 0.35, [0, -0.001, -0.0026]),
  mouthShrugLower: combine(
    lipRegion(0, [0, 0.0026, 0.0014], 0, 0.8),
    skinNear([0, 1.478, 0.075], [0.03, 0.018, 0.02], [0, 0.0018, 0.0008]),
  ),
  mouthShrugUpper: lipRegion(1, [0, 0.0019, 0.001], 0, 0.7),
  mouthPressLeft: press(L),
  mouthPressRight: press(R),
  mouthLowerDownLeft: lipRegion(0, [0, -0.0042, 0.0004], L, 0.7),
  mouthLowerDownRight: lipRegion(0, [0, -0.0042, 0.0004], R, 0.7),
  mouthUpperUpLeft: lipRegion(1, [0, 0.0036, 0.0003], L, 0.7),
  mouthUpperUpRight: lipRegion(1, [0, 0.0036, 0.0003], R, 0.7),
  browDownLeft: brow(L, (u, s) => [-s * 0.0022 * (1 - u), -0.0055 * (1 - 0.6 * u)]),
  browDownRight: brow(R, (u, s) => [-s * 0.0022 * (1 - u), -0.0055 * (1 - 0.6 * u)]),
  browInnerUp: brow(0, (u, s) => [-s * 0.0008 * (1 - u), 0.0066 * (1 - u) ** 2]),
  browOuterUpLeft: brow(L, (u) => [0, 0.006 * u ** 1.1]),
  browOuterUpRight: brow(R, (u) => [0, 0.006 * u ** 1.1]),
  cheekPuff,
  cheekSquintLeft: cheekSquint(L),
  cheekSquintRight: cheekSquint(R),
  noseSneerLeft: sneer(L),
  noseSneerRight: sneer(R),
  tongueOut,
};

/** Displacements of every vertex of `part` for every ARKit shape, in `ARKIT_EXPRESSIONS` order. */
export function morphTargets(part: MeshPart): Float64Array[] {
  const n = part.positions.length / 3;
  return ARKIT_EXPRESSIONS.map((name) => {
    const shape = SHAPES[name];
    const out = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const p: Vec3 = [part.positions[3 * i]!, part.positions[3 * i + 1]!, part.positions[3 * i + 2]!];
      const d = shape({ part, p, a: part.params[2 * i] ?? 0, b: part.params[2 * i + 1] ?? 0 });
      out[3 * i] = d[0];
      out[3 * i + 1] = d[1];
      out[3 * i + 2] = d[2];
    }
    return out;
  });
}
