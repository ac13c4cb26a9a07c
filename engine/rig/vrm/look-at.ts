/**
 * Look-at from either VRM version, as 1.0's eye offset and four linear range maps. 0.x keeps the
 * offset in Unity space and allows curves 1.0 cannot express; both are converted or warned here.
 */

import type { HumanBoneName } from '../bones.ts';
import { mapVrm0LookAtType } from '../vrm0-mapping.ts';
import { V0, V1 } from './extensions.ts';
import { finiteTuple, isIndex, isRecord, optionalObject, show, warn, type Ctx } from './json-read.ts';
import type { HumanBoneBinding, LookAtDescription, LookAtRangeMap } from './types.ts';

type LookAtType = LookAtDescription['type'];

/** The four range maps, named as in 1.0, in the order they are read (and warned about). */
type RangeMapKey =
  'rangeMapHorizontalInner' | 'rangeMapHorizontalOuter' | 'rangeMapVerticalDown' | 'rangeMapVerticalUp';

/** The 0.x names of the range maps. */
const V0_RANGE_KEYS: Readonly<Record<RangeMapKey, string>> = {
  rangeMapHorizontalInner: 'lookAtHorizontalInner',
  rangeMapHorizontalOuter: 'lookAtHorizontalOuter',
  rangeMapVerticalDown: 'lookAtVerticalDown',
  rangeMapVerticalUp: 'lookAtVerticalUp',
};

/** UniVRM's default look-at curve (linear, as Unity keyframes); the only one VRM 1.0 can express. */
const V0_DEFAULT_CURVE = [0, 0, 0, 1, 1, 1, 1, 0] as const;

/** Reads `VRMC_vrm.lookAt`; null when the file has none. */
export function readLookAtV1(ctx: Ctx, section: unknown): LookAtDescription | null {
  const path = `${V1}/lookAt`;
  const lookAt = optionalObject(ctx, section, path, 'no look-at');
  if (lookAt === undefined) return null;
  let type: LookAtType = 'bone';
  if (lookAt.type === 'expression' || lookAt.type === 'bone') type = lookAt.type;
  else if (lookAt.type !== undefined)
    warn(ctx, `${path}/type`, `is ${show(lookAt.type)}, expected "bone" or "expression"; read as "bone"`);
  let offset: [number, number, number] = [0, 0.06, 0];
  if (lookAt.offsetFromHeadBone !== undefined) {
    const o = finiteTuple(lookAt.offsetFromHeadBone, 3);
    if (o) offset = [o[0] ?? 0, o[1] ?? 0.06, o[2] ?? 0];
    else
      warn(
        ctx,
        `${path}/offsetFromHeadBone`,
        `is ${show(lookAt.offsetFromHeadBone)}, expected 3 finite numbers; [0, 0.06, 0] used`,
      );
  }
  return withRangeMaps(type, offset, (key, scale) =>
    readRangeMap(ctx, lookAt[key], `${path}/${key}`, ['inputMaxValue', 'outputScale'], scale),
  );
}

/**
 * Reads the look-at half of `VRM.firstPerson`; null when the file has no firstPerson. The offset
 * is always applied to the head bone, as in 1.0, so a different `firstPersonBone` only warns.
 */
export function readLookAtV0(
  ctx: Ctx,
  firstPerson: unknown,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
): LookAtDescription | null {
  const path = `${V0}/firstPerson`;
  const fp = optionalObject(ctx, firstPerson, path, 'no look-at');
  if (fp === undefined) return null;
  let type: LookAtType = 'bone';
  if (fp.lookAtTypeName !== undefined) {
    const mapped = typeof fp.lookAtTypeName === 'string' ? mapVrm0LookAtType(fp.lookAtTypeName) : null;
    if (mapped) type = mapped;
    else
      warn(
        ctx,
        `${path}/lookAtTypeName`,
        `is ${show(fp.lookAtTypeName)}, expected "Bone" or "BlendShape"; read as bone`,
      );
  }

  const head = bones.get('head');
  if (fp.firstPersonBone !== undefined && fp.firstPersonBone !== -1) {
    if (!isIndex(fp.firstPersonBone, ctx.nodes.length)) {
      warn(
        ctx,
        `${path}/firstPersonBone`,
        `node ${show(fp.firstPersonBone)} does not exist; the head is used`,
      );
    } else if (head && fp.firstPersonBone !== head.node) {
      warn(
        ctx,
        `${path}/firstPersonBone`,
        `is node ${fp.firstPersonBone}, not the head (node ${head.node}); the offset is applied to the head`,
      );
    }
  }

  // 0.x stores the offset in Unity space; in the file's glTF space z is negated.
  let offset: [number, number, number] = [0, 0.06, 0];
  const o = fp.firstPersonBoneOffset;
  if (o !== undefined) {
    const xyz = isRecord(o) ? finiteTuple([o.x ?? 0, o.y ?? 0.06, o.z ?? 0], 3) : null;
    if (xyz) {
      const [x = 0, y = 0.06, z = 0] = xyz;
      offset = [x, y, z === 0 ? 0 : -z];
    } else {
      warn(
        ctx,
        `${path}/firstPersonBoneOffset`,
        `is ${show(o)}, expected { x, y, z } numbers; (0, 0.06, 0) used`,
      );
    }
  }

  return withRangeMaps(type, offset, (rangeKey, scale) => {
    const key = V0_RANGE_KEYS[rangeKey];
    const v = fp[key];
    const curve = isRecord(v) ? v.curve : undefined;
    if (curve !== undefined && !isDefaultCurve(curve)) {
      warn(
        ctx,
        `${path}/${key}/curve`,
        'custom look-at curves are not supported (VRM 1.0 is linear); read as linear',
      );
    }
    return readRangeMap(ctx, v, `${path}/${key}`, ['xRange', 'yRange'], scale);
  });
}

/** Bone look-at with no eye bones cannot move anything; worth telling whoever picked the avatar. */
export function warnEyes(
  ctx: Ctx,
  lookAt: LookAtDescription | null,
  bones: ReadonlyMap<HumanBoneName, HumanBoneBinding>,
  path: string,
): void {
  if (lookAt?.type === 'bone' && !(bones.has('leftEye') && bones.has('rightEye'))) {
    warn(ctx, path, 'look-at type is bone but the humanoid has no leftEye/rightEye; the eyes cannot turn');
  }
}

/**
 * Completes a look-at with its range maps, read in a fixed order by `range`, which gets the
 * output scale to default to (degrees for bones, weight for expressions).
 */
function withRangeMaps(
  type: LookAtType,
  offset: readonly [number, number, number],
  range: (key: RangeMapKey, defaultScale: number) => LookAtRangeMap,
): LookAtDescription {
  const scale = type === 'expression' ? 1 : 10;
  return {
    type,
    offsetFromHeadBone: offset,
    rangeMapHorizontalInner: range('rangeMapHorizontalInner', scale),
    rangeMapHorizontalOuter: range('rangeMapHorizontalOuter', scale),
    rangeMapVerticalDown: range('rangeMapVerticalDown', scale),
    rangeMapVerticalUp: range('rangeMapVerticalUp', scale),
  };
}

/**
 * Reads a look-at range map; `keys` names its input/output fields (1.0 `inputMaxValue`/`outputScale`,
 * 0.x `xRange`/`yRange`). A zero or negative input range would divide by zero downstream.
 */
function readRangeMap(
  ctx: Ctx,
  value: unknown,
  path: string,
  keys: readonly [input: string, output: string],
  defaultScale: number,
): LookAtRangeMap {
  if (value === undefined) return { inputMaxValue: 90, outputScale: defaultScale };
  if (!isRecord(value)) {
    warn(ctx, path, `is ${show(value)}, expected an object; defaults used`);
    return { inputMaxValue: 90, outputScale: defaultScale };
  }
  const inputMax = value[keys[0]];
  const outputScale = value[keys[1]];
  let inputMaxValue = 90;
  if (inputMax !== undefined) {
    if (typeof inputMax === 'number' && Number.isFinite(inputMax) && inputMax > 0) inputMaxValue = inputMax;
    else warn(ctx, `${path}/${keys[0]}`, `is ${show(inputMax)}, expected a positive number; 90 used`);
  }
  let scale = defaultScale;
  if (outputScale !== undefined) {
    if (typeof outputScale === 'number' && Number.isFinite(outputScale) && outputScale >= 0)
      scale = outputScale;
    else
      warn(ctx, `${path}/${keys[1]}`, `is ${show(outputScale)}, expected a number ≥ 0; ${defaultScale} used`);
  }
  return { inputMaxValue, outputScale: scale };
}

function isDefaultCurve(curve: unknown): boolean {
  return (
    Array.isArray(curve) &&
    curve.length === V0_DEFAULT_CURVE.length &&
    curve.every((v, i) => v === V0_DEFAULT_CURVE[i])
  );
}
