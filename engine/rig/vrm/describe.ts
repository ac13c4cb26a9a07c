/**
 * From glTF JSON to a rig description: indexes the glTF arrays every section reader needs, picks
 * the VRM extension to read (1.0 wins over 0.x) and hands over to that version's describer.
 */

import { describeV0 } from './describe-vrm0.ts';
import { describeV1 } from './describe-vrm1.ts';
import { V0, V1 } from './extensions.ts';
import { arrayAt, fail, isRecord, nonEmptyString, show, warn, type Ctx, type Json } from './json-read.ts';
import { RigReadError } from './rig-error.ts';
import type { ExtensionRig, RigDescription } from './types.ts';

/** Describes the rig from parsed glTF JSON; throws a RigReadError, or anything else on a bug. */
export function describeRigJson(json: unknown, file: string): RigDescription {
  if (!isRecord(json)) throw new RigReadError(file, { path: '' }, 'glTF JSON is not an object');
  const warnings: string[] = [];
  const ctx = createContext(json, file, warnings);

  const extensions = json.extensions;
  if (extensions !== undefined && !isRecord(extensions)) {
    fail(ctx, '/extensions', `is ${show(extensions)}, expected an object holding VRMC_vrm or VRM`);
  }
  const v1 = extensions?.['VRMC_vrm'];
  const v0 = extensions?.['VRM'];
  const used = Array.isArray(json.extensionsUsed) ? json.extensionsUsed : [];
  const asset = isRecord(json.asset) ? json.asset : {};
  const generator = nonEmptyString(asset.generator);

  let rig: ExtensionRig;
  if (isRecord(v1)) {
    if (v0 !== undefined) warn(ctx, V0, 'file also has VRMC_vrm (1.0); the VRM 0.x extension is ignored');
    if (!used.includes('VRMC_vrm')) warn(ctx, '/extensionsUsed', 'does not list VRMC_vrm');
    rig = describeV1(ctx, v1, generator);
  } else if (isRecord(v0)) {
    if (v1 !== undefined) warn(ctx, V1, `is ${show(v1)}, not an object; reading VRM 0.x instead`);
    if (!used.includes('VRM')) warn(ctx, '/extensionsUsed', 'does not list VRM');
    rig = describeV0(ctx, v0, generator);
  } else if (v1 !== undefined || v0 !== undefined) {
    const [key, value] = v1 !== undefined ? ['VRMC_vrm', v1] : ['VRM', v0];
    fail(ctx, `/extensions/${key}`, `is ${show(value)}, expected an object`);
  } else {
    fail(
      ctx,
      '/extensions',
      'no VRMC_vrm (VRM 1.0) or VRM (VRM 0.x) extension: a plain glTF, not a VRM avatar',
    );
  }

  if (ctx.omitted > 0) warnings.push(`${ctx.omitted} more warnings omitted`);
  return { file, ...rig, warnings };
}

/** The glTF arrays the section readers index into, and which nodes instantiate each mesh. */
function createContext(json: Json, file: string, warnings: string[]): Ctx {
  const nodes = arrayAt(json, 'nodes', warnings);
  const meshNodes = new Map<number, number[]>();
  nodes.forEach((node, i) => {
    const mesh = isRecord(node) ? node.mesh : undefined;
    if (typeof mesh === 'number' && Number.isInteger(mesh)) {
      const list = meshNodes.get(mesh);
      if (list) list.push(i);
      else meshNodes.set(mesh, [i]);
    }
  });
  return {
    file,
    nodes,
    meshes: arrayAt(json, 'meshes', warnings),
    materials: arrayAt(json, 'materials', warnings),
    textures: arrayAt(json, 'textures', warnings),
    images: arrayAt(json, 'images', warnings),
    meshNodes,
    warnings,
    omitted: 0,
  };
}
