/**
 * First-person mesh annotations from either VRM version, per node: 1.0 annotates nodes, 0.x
 * meshes, so a 0.x annotation is repeated for every node that uses its mesh.
 */

import { mapVrm0FirstPersonFlag, type FirstPersonType } from '../vrm0-mapping.ts';
import { V0, V1 } from './extensions.ts';
import { forEachBind, isIndex, isRecord, optionalObject, show, type Ctx } from './json-read.ts';
import type { FirstPersonAnnotation } from './types.ts';

const FIRST_PERSON_TYPES = new Set<string>(['auto', 'both', 'thirdPersonOnly', 'firstPersonOnly']);

/** Reads `VRMC_vrm.firstPerson.meshAnnotations`; a bad annotation is warned and dropped. */
export function readFirstPersonV1(ctx: Ctx, section: unknown): FirstPersonAnnotation[] {
  const path = `${V1}/firstPerson`;
  const out: FirstPersonAnnotation[] = [];
  const firstPerson = optionalObject(ctx, section, path, 'ignored');
  if (firstPerson === undefined) return out;
  forEachBind(ctx, firstPerson.meshAnnotations, `${path}/meshAnnotations`, (a) => {
    if (!isIndex(a.node, ctx.nodes.length))
      return `node ${show(a.node)} does not exist (${ctx.nodes.length} nodes)`;
    if (typeof a.type !== 'string' || !FIRST_PERSON_TYPES.has(a.type))
      return `type is ${show(a.type)}, expected auto, both, thirdPersonOnly or firstPersonOnly`;
    out.push({ node: a.node, type: a.type as FirstPersonType });
    return null;
  });
  return out;
}

/** Reads `VRM.firstPerson.meshAnnotations`, one annotation per node that uses the mesh. */
export function readFirstPersonV0(ctx: Ctx, firstPerson: unknown): FirstPersonAnnotation[] {
  const out: FirstPersonAnnotation[] = [];
  if (!isRecord(firstPerson)) return out; // already warned by readLookAtV0
  forEachBind(ctx, firstPerson.meshAnnotations, `${V0}/firstPerson/meshAnnotations`, (a) => {
    if (!isIndex(a.mesh, ctx.meshes.length))
      return `mesh ${show(a.mesh)} does not exist (${ctx.meshes.length} meshes)`;
    const type = typeof a.firstPersonFlag === 'string' ? mapVrm0FirstPersonFlag(a.firstPersonFlag) : null;
    if (type === null)
      return `firstPersonFlag is ${show(a.firstPersonFlag)}, expected Auto, Both, ThirdPersonOnly or FirstPersonOnly`;
    for (const node of ctx.meshNodes.get(a.mesh) ?? []) out.push({ node, type });
    return null;
  });
  return out;
}
