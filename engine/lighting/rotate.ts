/**
 * Exact rotation of an L2 SH. Band 1 is a vector in (x, y, z), so it turns with the 3×3 matrix
 * itself. Band 2 is rotated by a 5×5 matrix built by evaluation: a band-2 function is fixed by its
 * values at five generic directions n_i, so M = N⁻¹ · B with N_ij = Y_2j(n_i) (constant, inverted once)
 * and B_ij = Y_2j(Rᵀ n_i). Exact for any rotation, ~200 flops, no trigonometry, no allocation.
 *
 * Convention: rotating by R moves what the environment shows in direction v to direction R·v, i.e.
 * the rotated radiance is L'(d) = L(Rᵀ d). Matrices are 3×3 row-major.
 */
import { SH_C2, SH_C3, SH_C4, SH_FLOATS } from './sh-basis.ts';

const S = Math.SQRT1_2;
/** The five sample directions of the band-2 rotation (unisolvent for band-2 functions). */
const SAMPLES: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [0, 0, 1],
  [S, S, 0],
  [S, 0, S],
  [0, S, S],
];

/** Writes the five band-2 basis values at (x, y, z) into out[o..o+5). */
function band2(x: number, y: number, z: number, out: Float64Array, o: number): void {
  out[o] = SH_C2 * x * y;
  out[o + 1] = SH_C2 * y * z;
  out[o + 2] = SH_C3 * (3 * z * z - 1);
  out[o + 3] = SH_C2 * x * z;
  out[o + 4] = SH_C4 * (x * x - y * y);
}

/** Inverts a 5×5 row-major matrix (Gauss–Jordan, partial pivoting); throws if singular. */
function invert5(m: Float64Array): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(25);
  for (let i = 0; i < 5; i++) inv[i * 5 + i] = 1;
  for (let col = 0; col < 5; col++) {
    let piv = col;
    for (let r = col + 1; r < 5; r++) if (Math.abs(a[r * 5 + col]!) > Math.abs(a[piv * 5 + col]!)) piv = r;
    if (Math.abs(a[piv * 5 + col]!) < 1e-12) throw new Error('sh rotation: band-2 sample matrix is singular');
    for (let k = 0; k < 5; k++) {
      let t = a[col * 5 + k]!;
      a[col * 5 + k] = a[piv * 5 + k]!;
      a[piv * 5 + k] = t;
      t = inv[col * 5 + k]!;
      inv[col * 5 + k] = inv[piv * 5 + k]!;
      inv[piv * 5 + k] = t;
    }
    const p = a[col * 5 + col]!;
    for (let k = 0; k < 5; k++) {
      a[col * 5 + k]! /= p;
      inv[col * 5 + k]! /= p;
    }
    for (let r = 0; r < 5; r++) {
      if (r === col) continue;
      const f = a[r * 5 + col]!;
      if (f === 0) continue;
      for (let k = 0; k < 5; k++) {
        a[r * 5 + k]! -= f * a[col * 5 + k]!;
        inv[r * 5 + k]! -= f * inv[col * 5 + k]!;
      }
    }
  }
  return inv;
}

/** N⁻¹, computed once. */
const N_INV: Float64Array = (() => {
  const n = new Float64Array(25);
  SAMPLES.forEach(([x, y, z], i) => band2(x, y, z, n, i * 5));
  return invert5(n);
})();

/** The samples flat, so the per-rotation loop reads numbers, not tuples. */
const SAMPLE_XYZ = Float64Array.from(SAMPLES.flat());
const B = new Float64Array(25);
const tmp = new Float64Array(SH_FLOATS);
const bc = new Float64Array(5);

/** Fills B with B_ij = Y_2j(Rᵀ n_i). */
function sampleRotated(r: ArrayLike<number>): void {
  for (let i = 0; i < 5; i++) {
    const x = SAMPLE_XYZ[i * 3]!;
    const y = SAMPLE_XYZ[i * 3 + 1]!;
    const z = SAMPLE_XYZ[i * 3 + 2]!;
    // Rᵀ · n_i
    const px = r[0]! * x + r[3]! * y + r[6]! * z;
    const py = r[1]! * x + r[4]! * y + r[7]! * z;
    const pz = r[2]! * x + r[5]! * y + r[8]! * z;
    band2(px, py, pz, B, i * 5);
  }
}

/**
 * Writes the 5×5 band-2 rotation matrix of R (row-major, acting on coefficients 4..8) into `out`.
 * For tests and for callers that rotate many SHs by one matrix; {@link rotateSH} applies N⁻¹·(B·c)
 * without forming it.
 */
export function band2RotationMatrix(
  r: ArrayLike<number>,
  out: Float64Array = new Float64Array(25),
): Float64Array {
  sampleRotated(r);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) {
      let s = 0;
      for (let k = 0; k < 5; k++) s += N_INV[i * 5 + k]! * B[k * 5 + j]!;
      out[i * 5 + j] = s;
    }
  return out;
}

/**
 * Rotates an RGB SH by the 3×3 row-major rotation `r` (see the module note for the direction);
 * `out` may be `sh` itself. Returns `out`.
 */
export function rotateSH(
  sh: ArrayLike<number>,
  r: ArrayLike<number>,
  out: Float32Array = new Float32Array(SH_FLOATS),
): Float32Array {
  for (let i = 0; i < SH_FLOATS; i++) tmp[i] = sh[i]!;
  sampleRotated(r);
  out[0] = tmp[0]!;
  out[1] = tmp[1]!;
  out[2] = tmp[2]!;
  for (let c = 0; c < 3; c++) {
    // Band 1 as a vector (x, y, z) = (c3, c1, c2).
    const vx = tmp[9 + c]!;
    const vy = tmp[3 + c]!;
    const vz = tmp[6 + c]!;
    out[3 + c] = r[3]! * vx + r[4]! * vy + r[5]! * vz;
    out[6 + c] = r[6]! * vx + r[7]! * vy + r[8]! * vz;
    out[9 + c] = r[0]! * vx + r[1]! * vy + r[2]! * vz;
    // Band 2: the rotated function's values at the samples (B·c), then back to coefficients (N⁻¹).
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let k = 0; k < 5; k++) s += B[i * 5 + k]! * tmp[(4 + k) * 3 + c]!;
      bc[i] = s;
    }
    for (let i = 0; i < 5; i++) {
      let s = 0;
      for (let k = 0; k < 5; k++) s += N_INV[i * 5 + k]! * bc[k]!;
      out[(4 + i) * 3 + c] = s;
    }
  }
  return out;
}

const DEG = Math.PI / 180;

/**
 * Writes R = Ry(yaw) · Rx(−pitch) (row-major) into `out`: positive pitch raises what is in front of
 * the avatar (+z tilts towards +y), then positive yaw turns the environment counter-clockwise seen
 * from above (+z towards +x). Degrees.
 */
export function rotationFromYawPitch<T extends Float64Array | Float32Array = Float64Array>(
  yawDeg: number,
  pitchDeg: number,
  out: T = new Float64Array(9) as T,
): T {
  const cy = Math.cos(yawDeg * DEG);
  const sy = Math.sin(yawDeg * DEG);
  const cp = Math.cos(pitchDeg * DEG);
  const sp = Math.sin(pitchDeg * DEG);
  // Rx(−p) = [[1,0,0],[0,cp,sp],[0,−sp,cp]]; Ry(y) = [[cy,0,sy],[0,1,0],[−sy,0,cy]].
  out[0] = cy;
  out[1] = -sy * sp;
  out[2] = sy * cp;
  out[3] = 0;
  out[4] = cp;
  out[5] = sp;
  out[6] = -sy;
  out[7] = -cy * sp;
  out[8] = cy * cp;
  return out;
}
