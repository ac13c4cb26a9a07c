/**
 * Assembles the glTF document: bone nodes (translations only), one skin over all 55 bones, the
 * head and body meshes (one primitive per material), sparse morph targets on the head, and the
 * materials. Numbers are rounded to fixed grids before they become float32, so the bytes do not
 * depend on the last bits of a libm implementation.
 */
import { Document, Logger, NodeIO, type Accessor, type Material, type Node } from '@gltf-transform/core';
import { HUMAN_BONE_NAMES, type HumanBoneName } from '../../engine/rig/bones.ts';
import { MATERIALS, linearRgb, mtoonJson } from './materials.ts';
import type { MaterialName, MeshName, MeshPart } from './mesh-part.ts';
import { SKELETON } from './skeleton.ts';
import { skinPart } from './skinning.ts';
import { MtoonExtension, VrmcVrmExtension, type IndexLookup } from './vrm-extensions.ts';

/** Rounds to a fixed grid (1e-6 by default): stable bytes across platforms. */
export const q = (v: number, grid = 1e6): number => Math.round(v * grid) / grid || 0;

/** A part and, for head parts, its morph target deltas (one packed xyz array per target). */
export interface PartWithTargets {
  readonly part: MeshPart;
  readonly targets: readonly Float64Array[];
}

/** What the VRM extension builder gets: node handles to resolve to indices. */
export interface BuiltNodes {
  readonly bones: ReadonlyMap<HumanBoneName, Node>;
  readonly meshes: ReadonlyMap<MeshName, Node>;
}

/** Everything the writer needs. */
export interface AvatarDocumentInput {
  readonly parts: readonly PartWithTargets[];
  readonly targetNames: readonly string[];
  readonly vrm: (nodes: BuiltNodes, lookup: IndexLookup) => Record<string, unknown>;
}

const MESH_ORDER: readonly MeshName[] = ['body', 'head'];
const MESH_NODE_NAMES: Readonly<Record<MeshName, string>> = { body: 'Body', head: 'Face' };

/** Builds the document and writes it as GLB bytes. */
export async function writeAvatarGlb(input: AvatarDocumentInput): Promise<Uint8Array> {
  // Quiet: sparse targets on small parts (the tongue) are mostly non-zero, which is fine.
  const logger = new Logger(Logger.Verbosity.ERROR);
  const doc = new Document().setLogger(logger);
  doc.getRoot().getAsset().generator = 'Capsule Avatar Runtime forge-avatar';
  const buffer = doc.createBuffer();
  const vrmExt = doc.createExtension(VrmcVrmExtension);
  const mtoon = doc.createExtension(MtoonExtension);
  const scene = doc.createScene('Scene');
  doc.getRoot().setDefaultScene(scene);

  // Bones: translations relative to the parent, rounded; world positions re-summed from those.
  const bones = new Map<HumanBoneName, Node>();
  const world = new Map<HumanBoneName, [number, number, number]>();
  for (const name of HUMAN_BONE_NAMES) {
    const b = SKELETON.get(name)!;
    const parentWorld: readonly [number, number, number] = b.parent ? world.get(b.parent)! : [0, 0, 0];
    const t: [number, number, number] = [
      q(b.head[0] - parentWorld[0]),
      q(b.head[1] - parentWorld[1]),
      q(b.head[2] - parentWorld[2]),
    ];
    world.set(name, [parentWorld[0] + t[0], parentWorld[1] + t[1], parentWorld[2] + t[2]]);
    const node = doc.createNode(name).setTranslation(t);
    bones.set(name, node);
    if (b.parent) bones.get(b.parent)!.addChild(node);
    else scene.addChild(node);
  }
  const ibm = new Float32Array(16 * HUMAN_BONE_NAMES.length);
  HUMAN_BONE_NAMES.forEach((name, i) => {
    const w = world.get(name)!;
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -w[0], -w[1], -w[2], 1], 16 * i);
  });
  const skin = doc
    .createSkin('Skin')
    .setSkeleton(bones.get('hips')!)
    .setInverseBindMatrices(
      doc.createAccessor('inverseBindMatrices').setType('MAT4').setArray(ibm).setBuffer(buffer),
    );
  for (const name of HUMAN_BONE_NAMES) skin.addJoint(bones.get(name)!);

  // Materials, in a fixed order.
  const materials = new Map<MaterialName, Material>();
  for (const [name, spec] of Object.entries(MATERIALS) as [
    MaterialName,
    (typeof MATERIALS)[MaterialName],
  ][]) {
    if (!input.parts.some((p) => p.part.material === name)) continue;
    const mat = doc
      .createMaterial(name)
      .setBaseColorFactor([...linearRgb(spec.base), 1])
      .setMetallicFactor(0)
      .setRoughnessFactor(1)
      .setDoubleSided(spec.doubleSided)
      .setEmissiveFactor(linearRgb(spec.emissive));
    mtoon.setMaterial(mat, mtoonJson(spec));
    materials.set(name, mat);
  }

  const accessor = (
    name: string,
    type: 'VEC3' | 'VEC4' | 'SCALAR',
    array: Float32Array | Uint8Array | Uint16Array | Uint32Array,
  ): Accessor => doc.createAccessor(name).setType(type).setArray(array).setBuffer(buffer);

  const meshNodes = new Map<MeshName, Node>();
  for (const meshName of MESH_ORDER) {
    const parts = input.parts.filter((p) => p.part.mesh === meshName);
    if (parts.length === 0) continue;
    const mesh = doc.createMesh(MESH_NODE_NAMES[meshName]);
    const hasTargets = meshName === 'head';
    for (const [matName, mat] of materials) {
      const group = parts.filter((p) => p.part.material === matName);
      if (group.length === 0) continue;
      const prim = doc.createPrimitive().setMaterial(mat);
      const nv = group.reduce((s, p) => s + p.part.positions.length / 3, 0);
      const pos = new Float32Array(3 * nv);
      const nrm = new Float32Array(3 * nv);
      const joints = new Uint8Array(4 * nv);
      const weights = new Uint8Array(4 * nv);
      const indexCount = group.reduce((s, p) => s + p.part.indices.length, 0);
      const indices = nv < 65536 ? new Uint16Array(indexCount) : new Uint32Array(indexCount);
      let v0 = 0;
      let i0 = 0;
      for (const { part } of group) {
        const n = part.positions.length / 3;
        for (let k = 0; k < 3 * n; k++) {
          pos[3 * v0 + k] = q(part.positions[k]!);
          nrm[3 * v0 + k] = q(part.normals[k]!, 1e5);
        }
        const sw = skinPart(part);
        joints.set(sw.joints, 4 * v0);
        weights.set(sw.weights, 4 * v0);
        for (let k = 0; k < part.indices.length; k++) indices[i0 + k] = part.indices[k]! + v0;
        v0 += n;
        i0 += part.indices.length;
      }
      prim
        .setAttribute('POSITION', accessor(`${matName}.position`, 'VEC3', pos))
        .setAttribute('NORMAL', accessor(`${matName}.normal`, 'VEC3', nrm))
        .setAttribute('JOINTS_0', accessor(`${matName}.joints`, 'VEC4', joints))
        .setAttribute('WEIGHTS_0', accessor(`${matName}.weights`, 'VEC4', weights).setNormalized(true))
        .setIndices(accessor(`${matName}.indices`, 'SCALAR', indices));
      if (hasTargets) {
        input.targetNames.forEach((targetName, t) => {
          const delta = new Float32Array(3 * nv);
          let o = 0;
          for (const { part, targets } of group) {
            const d = targets[t];
            if (d) for (let k = 0; k < d.length; k++) delta[o + k] = Math.abs(d[k]!) < 2e-5 ? 0 : q(d[k]!);
            o += part.positions.length;
          }
          const target = doc
            .createPrimitiveTarget(targetName)
            .setAttribute('POSITION', accessor(`${matName}.${targetName}`, 'VEC3', delta).setSparse(true));
          prim.addTarget(target);
        });
      }
      mesh.addPrimitive(prim);
    }
    if (hasTargets)
      mesh.setWeights(input.targetNames.map(() => 0)).setExtras({ targetNames: [...input.targetNames] });
    const node = doc.createNode(MESH_NODE_NAMES[meshName]).setMesh(mesh).setSkin(skin);
    scene.addChild(node);
    meshNodes.set(meshName, node);
  }

  vrmExt.setBuilder((lookup) => input.vrm({ bones, meshes: meshNodes }, lookup));
  const io = new NodeIO().setLogger(logger).registerExtensions([VrmcVrmExtension, MtoonExtension]);
  return io.writeBinary(doc);
}
