/**
 * The real L2 spherical-harmonics basis the whole lighting stack shares: three.js
 * `SphericalHarmonics3` order and constants, so coefficients go straight into three's light probes
 * and into the project's GLSL chunk without reordering. An SH is a `Float32Array(27)`: 9 RGB triples.
 */

/** Coefficients per colour channel (L2: bands 0, 1, 2). */
export const SH_COEFFICIENTS = 9;
/** Floats in one RGB SH: `[c0.r, c0.g, c0.b, c1.r, …]`. */
export const SH_FLOATS = 27;

/** Y0 = 1 / (2√π). */
export const SH_C0 = 0.282095;
/** Band-1 constant: √3 / (2√π). */
export const SH_C1 = 0.488603;
/** Constant of Y4, Y5, Y7: √15 / (2√π). */
export const SH_C2 = 1.092548;
/** Constant of Y6: √5 / (4√π). */
export const SH_C3 = 0.315392;
/** Constant of Y8: √15 / (4√π). */
export const SH_C4 = 0.546274;

/** Band (l) of each coefficient index, so band-wise operations need no branching. */
export const SH_BAND: readonly number[] = [0, 1, 1, 1, 2, 2, 2, 2, 2];

/**
 * Writes the 9 basis values at unit direction (x, y, z) into `out`. Directions are world space,
 * right-handed, +y up (glTF / three.js); the caller normalises.
 */
export function shBasis(x: number, y: number, z: number, out: Float32Array | Float64Array): void {
  out[0] = SH_C0;
  out[1] = SH_C1 * y;
  out[2] = SH_C1 * z;
  out[3] = SH_C1 * x;
  out[4] = SH_C2 * x * y;
  out[5] = SH_C2 * y * z;
  out[6] = SH_C3 * (3 * z * z - 1);
  out[7] = SH_C2 * x * z;
  out[8] = SH_C4 * (x * x - y * y);
}

const basis = new Float64Array(SH_COEFFICIENTS);

/**
 * Evaluates an RGB SH at unit direction (x, y, z) into `out` (3 floats) and returns it. For an
 * irradiance SH this is the diffuse light colour for a surface with that normal.
 */
export function evaluateSH(
  sh: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
  out: Float32Array | Float64Array | number[],
): typeof out {
  shBasis(x, y, z, basis);
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < SH_COEFFICIENTS; i++) {
    const w = basis[i]!;
    r += sh[i * 3]! * w;
    g += sh[i * 3 + 1]! * w;
    b += sh[i * 3 + 2]! * w;
  }
  out[0] = r;
  out[1] = g;
  out[2] = b;
  return out;
}

/** A fresh zeroed SH, or `out` zeroed (projections accumulate into it). */
export function shTarget(out?: Float32Array): Float32Array {
  if (!out) return new Float32Array(SH_FLOATS);
  if (out.length < SH_FLOATS) throw new RangeError(`sh: output needs ${SH_FLOATS} floats, got ${out.length}`);
  out.fill(0, 0, SH_FLOATS);
  return out;
}

/** Throws a RangeError naming `source` unless `sh` holds 27 finite numbers. */
export function checkSH(sh: ArrayLike<number>, source: string): void {
  if (!sh || sh.length !== SH_FLOATS)
    throw new RangeError(`${source}: an SH needs ${SH_FLOATS} floats, got ${sh ? sh.length : sh}`);
  for (let i = 0; i < SH_FLOATS; i++)
    if (!Number.isFinite(sh[i]))
      throw new RangeError(
        `${source}: coefficient ${i} (c${Math.floor(i / 3)}.${'rgb'[i % 3]}) is not finite: ${sh[i]}`,
      );
}
