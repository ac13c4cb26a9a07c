/**
 * Quaternion arithmetic on plain Float64Array slots (x y z w), Hamilton product — the convention
 * three.js, glTF and Babylon's `Quaternion.multiply` share. The adapter keeps its rig maths here, in
 * double precision and on preallocated storage, so a frame allocates nothing and the numbers match
 * three-vrm's to the last bits that matter.
 */

/** `out[o] = a[ao] ⊗ b[bo]`; `out` may alias either input. */
export function quatMultiply(
  a: ArrayLike<number>,
  ao: number,
  b: ArrayLike<number>,
  bo: number,
  out: Float64Array,
  o: number,
): void {
  const ax = a[ao]!,
    ay = a[ao + 1]!,
    az = a[ao + 2]!,
    aw = a[ao + 3]!;
  const bx = b[bo]!,
    by = b[bo + 1]!,
    bz = b[bo + 2]!,
    bw = b[bo + 3]!;
  out[o] = aw * bx + ax * bw + ay * bz - az * by;
  out[o + 1] = aw * by - ax * bz + ay * bw + az * bx;
  out[o + 2] = aw * bz + ax * by - ay * bx + az * bw;
  out[o + 3] = aw * bw - ax * bx - ay * by - az * bz;
}

/** Writes the inverse of the unit quaternion `q[qo]` (its conjugate) to `out[o]`. */
export function quatInvert(q: ArrayLike<number>, qo: number, out: Float64Array, o: number): void {
  out[o] = -q[qo]!;
  out[o + 1] = -q[qo + 1]!;
  out[o + 2] = -q[qo + 2]!;
  out[o + 3] = q[qo + 3]!;
}

/**
 * Rotation for Euler angles (radians) about X then Y in three.js order 'YXZ' with no roll:
 * `qY(yaw) ⊗ qX(pitch)` — what three-vrm's lookAt bone applier builds for the eyes.
 */
export function quatFromYawPitch(yaw: number, pitch: number, out: Float64Array, o: number): void {
  const sy = Math.sin(yaw / 2),
    cy = Math.cos(yaw / 2);
  const sp = Math.sin(pitch / 2),
    cp = Math.cos(pitch / 2);
  out[o] = sp * cy;
  out[o + 1] = cp * sy;
  out[o + 2] = -sp * sy;
  out[o + 3] = cp * cy;
}
