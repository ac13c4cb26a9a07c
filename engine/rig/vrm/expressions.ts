/**
 * The expression lists of both VRM versions, named as capsule channels: presets keep their 1.0
 * name (0.x presets are translated), everything else becomes a unique, sanitised `custom:<name>`.
 * Each expression's binds are read by ./expression-binds.ts.
 */

import {
  CUSTOM_EXPRESSION_PATTERN,
  VRM_PRESET_EXPRESSIONS,
  type VrmPresetExpression,
} from '../expressions.ts';
import { mapVrm0ExpressionPreset } from '../vrm0-mapping.ts';
import { readExpressionV0, readExpressionV1 } from './expression-binds.ts';
import { V0, V1 } from './extensions.ts';
import { isRecord, nonEmptyString, optionalObject, ptr, show, warn, type Ctx } from './json-read.ts';
import type { ExpressionDescription } from './types.ts';

const PRESETS = new Set<string>(VRM_PRESET_EXPRESSIONS);

/**
 * The capsule channel name for a custom expression: `custom:<name>`, with characters outside
 * `[A-Za-z0-9_.-]` replaced (ASCII by `_`, others by `u<hex code point>` so distinct non-Latin
 * names stay distinct) and the length capped at 64.
 */
export function customExpressionChannel(sourceName: string): string {
  let out = '';
  for (const ch of sourceName) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9_.-]$/.test(ch)) out += ch;
    else if (cp < 0x80) out += '_';
    else out += `u${cp.toString(16).toUpperCase()}`;
    if (out.length >= 64) break;
  }
  out = out.slice(0, 64);
  return `custom:${out === '' ? 'unnamed' : out}`;
}

/** Reads `VRMC_vrm.expressions`: presets first, then custom expressions, in file order. */
export function readExpressionsV1(ctx: Ctx, section: unknown): ExpressionDescription[] {
  const path = `${V1}/expressions`;
  const out: ExpressionDescription[] = [];
  const expressions = optionalObject(ctx, section, path, 'no expressions read');
  if (expressions === undefined) return out;
  const taken = new Set<string>();
  for (const group of ['preset', 'custom'] as const) {
    const defs = optionalObject(ctx, expressions[group], `${path}/${group}`, 'ignored');
    if (defs === undefined) continue;
    for (const [key, def] of Object.entries(defs)) {
      const exprPath = ptr(path, group, key);
      if (!isRecord(def)) {
        warn(ctx, exprPath, `is ${show(def)}, expected an object; expression ignored`);
        continue;
      }
      let preset: VrmPresetExpression | null = null;
      let name: string;
      if (group === 'preset' && PRESETS.has(key)) {
        preset = key as VrmPresetExpression;
        name = key;
        taken.add(name);
      } else {
        if (group === 'preset')
          warn(ctx, exprPath, `${show(key)} is not a VRM 1.0 preset; read as a custom expression`);
        name = customName(ctx, key, taken, exprPath);
      }
      out.push(readExpressionV1(ctx, def, exprPath, name, key, preset));
    }
  }
  return out;
}

/** Reads `VRM.blendShapeMaster.blendShapeGroups`; a repeated preset keeps its first group. */
export function readExpressionsV0(ctx: Ctx, master: unknown): ExpressionDescription[] {
  const path = `${V0}/blendShapeMaster`;
  const out: ExpressionDescription[] = [];
  if (master === undefined) return out;
  const groups = isRecord(master) ? master.blendShapeGroups : master;
  if (groups === undefined) return out;
  if (!Array.isArray(groups)) {
    warn(
      ctx,
      isRecord(master) ? `${path}/blendShapeGroups` : path,
      `is ${show(groups)}, not a list of groups; no expressions read`,
    );
    return out;
  }
  const taken = new Set<string>();
  groups.forEach((group: unknown, i) => {
    const groupPath = `${path}/blendShapeGroups/${i}`;
    if (!isRecord(group)) {
      warn(ctx, groupPath, `is ${show(group)}, expected an object; expression ignored`);
      return;
    }
    const groupName = nonEmptyString(group.name);
    const presetName = group.presetName === undefined ? 'unknown' : group.presetName;
    let mapped = typeof presetName === 'string' ? mapVrm0ExpressionPreset(presetName) : null;
    if (mapped === null) {
      warn(
        ctx,
        `${groupPath}/presetName`,
        `${show(presetName)} is not a VRM 0.x preset; read as a custom expression`,
      );
      mapped = 'custom';
    }
    let name: string;
    if (mapped === 'custom') {
      if (groupName === null) {
        warn(ctx, `${groupPath}/name`, 'custom (unknown preset) group has no name; expression ignored');
        return;
      }
      name = customName(ctx, groupName, taken, groupPath);
    } else {
      if (taken.has(mapped)) {
        warn(
          ctx,
          `${groupPath}/presetName`,
          `preset ${show(presetName)} (${mapped}) appears twice; the first group is kept`,
        );
        return;
      }
      name = mapped;
      taken.add(name);
    }
    out.push(
      readExpressionV0(
        ctx,
        group,
        groupPath,
        name,
        groupName ?? String(presetName),
        mapped === 'custom' ? null : mapped,
      ),
    );
  });
  return out;
}

/** `name`, or with a `-2`, `-3`, … suffix (within 64 characters) if taken; then marks it taken. */
function uniqueName(ctx: Ctx, taken: Set<string>, name: string, path: string): string {
  let out = name;
  for (let k = 2; taken.has(out); k++) {
    const suffix = `-${k}`;
    out = `custom:${name.slice('custom:'.length, 'custom:'.length + 64 - suffix.length)}${suffix}`;
  }
  if (out !== name) warn(ctx, path, `expression name ${name} is already taken; renamed ${out}`);
  taken.add(out);
  return out;
}

/** The channel for a custom expression, warning when sanitising changed the name the file uses. */
function customName(ctx: Ctx, sourceName: string, taken: Set<string>, path: string): string {
  const channel = customExpressionChannel(sourceName);
  if (`custom:${sourceName}` !== channel || !CUSTOM_EXPRESSION_PATTERN.test(channel)) {
    warn(
      ctx,
      path,
      `custom expression ${show(sourceName)} renamed ${channel} to fit ${CUSTOM_EXPRESSION_PATTERN}`,
    );
  }
  return uniqueName(ctx, taken, channel, path);
}
