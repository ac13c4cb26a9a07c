/**
 * One expression's binds (morph targets, material colours, texture transforms) and flags, from
 * either VRM version, in 1.0 terms. A bind that points nowhere is warned and dropped, never
 * fatal: a viewer can still show the avatar with that expression doing a little less.
 */

import type { VrmPresetExpression } from '../expressions.ts';
import {
  VRM0_TEXTURE_TRANSFORM_PROPERTY,
  VRM1_MATERIAL_COLOR_TYPES,
  mapVrm0MaterialColorProperty,
  vrm0BindWeight,
  vrm0TextureTransform,
  type MaterialColorType,
} from '../vrm0-mapping.ts';
import {
  finiteTuple,
  forEachBind,
  isIndex,
  isRecord,
  readBinary,
  show,
  warn,
  type Ctx,
  type Json,
} from './json-read.ts';
import type {
  ExpressionDescription,
  ExpressionOverride,
  MaterialColorBind,
  MorphTargetBind,
  TextureTransformBind,
} from './types.ts';

const OVERRIDES = new Set<string>(['none', 'block', 'blend']);
const COLOR_TYPES = new Set<string>(VRM1_MATERIAL_COLOR_TYPES);

/** Reads one `VRMC_vrm.expressions` entry; `name` is its channel, `sourceName` its key. */
export function readExpressionV1(
  ctx: Ctx,
  def: Json,
  path: string,
  name: string,
  sourceName: string,
  preset: VrmPresetExpression | null,
): ExpressionDescription {
  const morphTargetBinds: MorphTargetBind[] = [];
  forEachBind(ctx, def.morphTargetBinds, `${path}/morphTargetBinds`, (bind, bindPath) => {
    const node = bind.node;
    if (!isIndex(node, ctx.nodes.length))
      return `node ${show(node)} does not exist (${ctx.nodes.length} nodes)`;
    const nodeDef = ctx.nodes[node];
    const mesh = isRecord(nodeDef) ? nodeDef.mesh : undefined;
    const target = morphTarget(ctx, mesh, bind.index);
    if (typeof target === 'string') return `node ${node}: ${target}`;
    morphTargetBinds.push({
      ...target,
      nodes: [node],
      weight: bindWeight(ctx, bind.weight, `${bindPath}/weight`),
    });
    return null;
  });

  const materialColorBinds: MaterialColorBind[] = [];
  forEachBind(ctx, def.materialColorBinds, `${path}/materialColorBinds`, (bind) => {
    const material = materialAt(ctx, bind.material);
    if (typeof material === 'string') return material;
    if (typeof bind.type !== 'string' || !COLOR_TYPES.has(bind.type))
      return `type is ${show(bind.type)}, expected one of ${VRM1_MATERIAL_COLOR_TYPES.join(', ')}`;
    const targetValue = targetColour(bind.targetValue);
    if (typeof targetValue === 'string') return targetValue;
    materialColorBinds.push({ material, type: bind.type as MaterialColorType, targetValue });
    return null;
  });

  const textureTransformBinds: TextureTransformBind[] = [];
  forEachBind(ctx, def.textureTransformBinds, `${path}/textureTransformBinds`, (bind) => {
    const material = materialAt(ctx, bind.material);
    if (typeof material === 'string') return material;
    const scale = bind.scale === undefined ? [1, 1] : finiteTuple(bind.scale, 2);
    const offset = bind.offset === undefined ? [0, 0] : finiteTuple(bind.offset, 2);
    if (scale === null) return `scale is ${show(bind.scale)}, expected 2 finite numbers`;
    if (offset === null) return `offset is ${show(bind.offset)}, expected 2 finite numbers`;
    textureTransformBinds.push({
      material,
      scale: [scale[0] ?? 1, scale[1] ?? 1],
      offset: [offset[0] ?? 0, offset[1] ?? 0],
    });
    return null;
  });

  return {
    name,
    sourceName,
    preset,
    isBinary: readBinary(ctx, def.isBinary, `${path}/isBinary`),
    overrideBlink: readOverride(ctx, def.overrideBlink, `${path}/overrideBlink`),
    overrideLookAt: readOverride(ctx, def.overrideLookAt, `${path}/overrideLookAt`),
    overrideMouth: readOverride(ctx, def.overrideMouth, `${path}/overrideMouth`),
    morphTargetBinds,
    materialColorBinds,
    textureTransformBinds,
  };
}

/**
 * Reads one 0.x blend shape group: binds name a mesh (driven on every node using it) with a
 * 0..100 weight; material values name a material and a Unity shader property. 0.x has no overrides.
 */
export function readExpressionV0(
  ctx: Ctx,
  group: Json,
  path: string,
  name: string,
  sourceName: string,
  preset: VrmPresetExpression | null,
): ExpressionDescription {
  const morphTargetBinds: MorphTargetBind[] = [];
  forEachBind(ctx, group.binds, `${path}/binds`, (bind, bindPath) => {
    const target = morphTarget(ctx, bind.mesh, bind.index);
    if (typeof target === 'string') return target;
    const nodes = ctx.meshNodes.get(target.mesh) ?? [];
    if (nodes.length === 0) return `mesh ${target.mesh} is not used by any node`;
    let weight = 1;
    if (bind.weight !== undefined) {
      if (typeof bind.weight === 'number' && Number.isFinite(bind.weight)) {
        weight = vrm0BindWeight(bind.weight);
        if (bind.weight < 0 || bind.weight > 100)
          warn(ctx, `${bindPath}/weight`, `weight ${bind.weight} is outside 0..100; clamped`);
      } else {
        warn(ctx, `${bindPath}/weight`, `weight ${show(bind.weight)} is not a number; 100 used`);
      }
    }
    morphTargetBinds.push({ ...target, nodes, weight });
    return null;
  });

  const materialColorBinds: MaterialColorBind[] = [];
  const textureTransformBinds: TextureTransformBind[] = [];
  forEachBind(ctx, group.materialValues, `${path}/materialValues`, (value) => {
    const materialName = value.materialName;
    const material =
      typeof materialName === 'string'
        ? ctx.materials.findIndex((m) => isRecord(m) && m.name === materialName)
        : -1;
    if (material < 0) return `material ${show(materialName)} does not exist`;
    const property = value.propertyName;
    if (property === VRM0_TEXTURE_TRANSFORM_PROPERTY) {
      const st = finiteTuple(value.targetValue, 4);
      if (st === null) return `targetValue is ${show(value.targetValue)}, expected 4 finite numbers`;
      textureTransformBinds.push({
        material,
        ...vrm0TextureTransform([st[0] ?? 1, st[1] ?? 1, st[2] ?? 0, st[3] ?? 0]),
      });
      return null;
    }
    const type = typeof property === 'string' ? mapVrm0MaterialColorProperty(property) : null;
    if (type === null) return `property ${show(property)} has no VRM 1.0 equivalent`;
    const targetValue = targetColour(value.targetValue);
    if (typeof targetValue === 'string') return targetValue;
    materialColorBinds.push({ material, type, targetValue });
    return null;
  });

  return {
    name,
    sourceName,
    preset,
    isBinary: readBinary(ctx, group.isBinary, `${path}/isBinary`),
    overrideBlink: 'none',
    overrideLookAt: 'none',
    overrideMouth: 'none',
    morphTargetBinds,
    materialColorBinds,
    textureTransformBinds,
  };
}

/** Validates a morph bind's mesh and target index; a string is the problem, as a warning text. */
function morphTarget(ctx: Ctx, mesh: unknown, index: unknown): { mesh: number; index: number } | string {
  if (!isIndex(mesh, ctx.meshes.length))
    return `mesh ${show(mesh)} does not exist (${ctx.meshes.length} meshes)`;
  const count = morphTargetCount(ctx, mesh);
  if (!isIndex(index, count))
    return `morph target ${show(index)} does not exist on mesh ${mesh} (${count} targets)`;
  return { mesh, index };
}

/** Morph targets every primitive of the mesh has, so a bind to any of them is safe. */
function morphTargetCount(ctx: Ctx, mesh: number): number {
  const def = ctx.meshes[mesh];
  const primitives: readonly unknown[] = isRecord(def) && Array.isArray(def.primitives) ? def.primitives : [];
  if (primitives.length === 0) return 0;
  // Every primitive of a mesh must carry the same targets; the smallest count is the safe one.
  let count = Infinity;
  for (const p of primitives)
    count = Math.min(count, isRecord(p) && Array.isArray(p.targets) ? p.targets.length : 0);
  return count;
}

/** A 1.0 bind's material index; a string is the problem, as a warning text. */
function materialAt(ctx: Ctx, material: unknown): number | string {
  if (isIndex(material, ctx.materials.length)) return material;
  return `material ${show(material)} does not exist (${ctx.materials.length} materials)`;
}

/** RGBA from 3 or 4 numbers (alpha defaults to 1); a string is the problem, as a warning text. */
function targetColour(v: unknown): [number, number, number, number] | string {
  const rgba = finiteTuple(v, 4) ?? finiteTuple(v, 3);
  if (rgba === null) return `targetValue is ${show(v)}, expected 3 or 4 finite numbers`;
  return [rgba[0] ?? 0, rgba[1] ?? 0, rgba[2] ?? 0, rgba[3] ?? 1];
}

/** A 1.0 bind weight, clamped to 0..1 (1 when absent or not a number). */
function bindWeight(ctx: Ctx, value: unknown, path: string): number {
  if (value === undefined) return 1;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 0 && value <= 1) return value;
    warn(ctx, path, `weight ${value} is outside 0..1; clamped`);
    return Math.min(1, Math.max(0, value));
  }
  warn(ctx, path, `weight ${show(value)} is not a number; 1 used`);
  return 1;
}

/** A 1.0 override mode; anything unknown reads as "none", with a warning. */
function readOverride(ctx: Ctx, value: unknown, path: string): ExpressionOverride {
  if (value === undefined) return 'none';
  if (typeof value === 'string' && OVERRIDES.has(value)) return value as ExpressionOverride;
  warn(ctx, path, `is ${show(value)}, expected "none", "block" or "blend"; read as "none"`);
  return 'none';
}
