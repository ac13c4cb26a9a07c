/**
 * A loaded VRM driven by the engine's pose buffers: humanoid, look-at and expressions bound once at
 * load, then every frame only copies numbers into Babylon nodes, morph targets and materials.
 */
import { Matrix } from '@babylonjs/core/Maths/math.vector.pure.js';
import type { AnimationGroup } from '@babylonjs/core/Animations/animationGroup.js';
import type { Skeleton } from '@babylonjs/core/Bones/skeleton.js';
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';
import { BONE_COUNT, boneIndex } from '../../rig/bones.ts';
import type { HumanBoneName } from '../../rig/bones.ts';
import type { ChannelLayout } from '../../rig/channels.ts';
import type { PoseBuffer } from '../../rig/pose-buffer.ts';
import type { RigDescription } from '../../rig/vrm-reader.ts';
import { createExpressionChannels } from './expression-channels.ts';
import { createExpressionManager } from './expressions.ts';
import { createHumanoidRig } from './humanoid.ts';
import type { LoadedGltf } from './loaded-gltf.ts';
import { createLookAt } from './look-at.ts';
import type { LookWeights } from './look-at.ts';
import { quatMultiply } from './quat.ts';
import { matrixRotation, modelMatrix } from './space.ts';
import { getToonPlugin } from './toon-plugin.ts';
import type { ToonMaterialPlugin } from './toon-plugin.ts';

/** A VRM avatar in a Babylon scene, driven by the engine's pose buffers. */
export interface BabylonVrm {
  /** Place, turn or parent this node; the avatar (VRM 0.x turned too) faces its +Z. */
  readonly root: TransformNode;
  readonly rig: RigDescription;
  readonly meshes: AbstractMesh[];
  /** Writes a pose: bones, hips offset, gaze (look-at) and expressions. */
  applyPose(pose: PoseBuffer, layout: ChannelLayout): void;
  /** Advances time-driven effects (MToon UV animation) by `deltaSeconds`. */
  update(deltaSeconds: number): void;
  /**
   * World rotation of a humanoid bone's raw node as xyzw, for tests: in avatar space (glTF /
   * three.js right-handed, VRM 0.x turned to face +Z), ignoring the root's own transform — equal
   * to three-vrm's `getRawBoneNode(bone).getWorldQuaternion()` after `VRMUtils.rotateVRM0`.
   */
  boneWorldQuaternion(bone: HumanBoneName, out: Float32Array): void;
  /** The raw node of a humanoid bone (for camera framing, attachments), or null when the avatar lacks it. */
  boneNode(bone: HumanBoneName): TransformNode | null;
  /** Mesh name → morph target influences, for tests (a repeated name gets `#2`, `#3`…). */
  morphInfluences(): Record<string, number[]>;
  /** Frees the meshes, materials, textures, skeletons and nodes; idempotent. */
  dispose(): void;
}

/** What {@link createBabylonVrm} wraps. */
export interface BabylonVrmParts {
  readonly root: TransformNode;
  readonly rig: RigDescription;
  readonly loaded: LoadedGltf;
  readonly meshes: AbstractMesh[];
  readonly skeletons: readonly Skeleton[];
  readonly animationGroups: readonly AnimationGroup[];
}

const LEFT_EYE = boneIndex('leftEye');
const RIGHT_EYE = boneIndex('rightEye');
const LOOK_NAMES = new Set(['lookUp', 'lookDown', 'lookLeft', 'lookRight']);
const HALF_TURN_Y = new Float64Array([0, 1, 0, 0]);
const _m = new Matrix();
const _q = new Float64Array(4);

const saturate = (w: number): number => (w > 0 ? (w < 1 ? w : 1) : 0);
const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** Binds a loaded VRM; reads rest transforms, so call before anything moves the bones. */
export function createBabylonVrm(parts: BabylonVrmParts): BabylonVrm {
  const { root, rig, loaded, meshes } = parts;
  const humanoid = createHumanoidRig(rig, loaded);
  const lookAt = createLookAt(rig.lookAt, humanoid);
  const lookBones = lookAt?.type === 'bone';
  const lookExpressions = lookAt?.type === 'expression';
  const expressions = createExpressionManager(rig, loaded);
  const channels = createExpressionChannels(
    rig.expressions,
    (name) => lookExpressions && LOOK_NAMES.has(name),
  );
  const look: LookWeights = { lookUp: 0, lookDown: 0, lookLeft: 0, lookRight: 0 };
  const lookIndex = {
    lookUp: expressions.indexOf('lookUp'),
    lookDown: expressions.indexOf('lookDown'),
    lookLeft: expressions.indexOf('lookLeft'),
    lookRight: expressions.indexOf('lookRight'),
  };
  const toons: ToonMaterialPlugin[] = loaded.materials
    .flat()
    .map((m: Material) => getToonPlugin(m))
    .filter((p): p is ToonMaterialPlugin => p !== null);
  const weights = expressions.weights;
  const offsets = channels.offsets;
  let disposed = false;

  return {
    root,
    rig,
    meshes,
    applyPose(pose, layout) {
      if (disposed) return;
      const r = pose.rotations;
      for (let b = 0; b < BONE_COUNT; b++) {
        if (lookBones && (b === LEFT_EYE || b === RIGHT_EYE)) continue;
        humanoid.setNormalized(b, r, b * 4);
      }
      const h = pose.hipsOffset;
      humanoid.setHipsOffset(finite(h[0]!), finite(h[1]!), finite(h[2]!));

      channels.sync(layout);
      const w = pose.expressions;
      for (let e = 0; e < weights.length; e++) {
        const o = offsets[e]!;
        weights[e] = o < 0 ? 0 : saturate(w[o]!);
      }
      if (lookAt) {
        lookAt.apply(finite(pose.gaze[0]!), finite(pose.gaze[1]!), look);
        if (lookExpressions) {
          if (lookIndex.lookUp >= 0) weights[lookIndex.lookUp] = saturate(look.lookUp);
          if (lookIndex.lookDown >= 0) weights[lookIndex.lookDown] = saturate(look.lookDown);
          if (lookIndex.lookLeft >= 0) weights[lookIndex.lookLeft] = saturate(look.lookLeft);
          if (lookIndex.lookRight >= 0) weights[lookIndex.lookRight] = saturate(look.lookRight);
        }
      }
      expressions.update();
    },
    update(deltaSeconds) {
      if (disposed || !(deltaSeconds > 0) || !Number.isFinite(deltaSeconds)) return;
      for (let i = 0; i < toons.length; i++) toons[i]!.advanceUvAnimation(deltaSeconds);
    },
    boneWorldQuaternion(bone, out) {
      const node = humanoid.nodes[boneIndex(bone)];
      if (!node) throw new RangeError(`babylon adapter: ${rig.file} has no ${bone} bone`);
      matrixRotation(modelMatrix(node, loaded.modelRoot, _m), _q, 0);
      if (humanoid.sign < 0) quatMultiply(HALF_TURN_Y, 0, _q, 0, _q, 0);
      out[0] = _q[0]!;
      out[1] = _q[1]!;
      out[2] = _q[2]!;
      out[3] = _q[3]!;
    },
    boneNode(bone) {
      return humanoid.nodes[boneIndex(bone)] ?? null;
    },
    morphInfluences() {
      const result: Record<string, number[]> = {};
      for (const mesh of meshes) {
        const manager = mesh.morphTargetManager;
        if (!manager) continue;
        let key = mesh.name;
        for (let n = 2; key in result; n++) key = `${mesh.name}#${n}`;
        const values: number[] = [];
        for (let t = 0; t < manager.numTargets; t++) values.push(manager.getTarget(t).influence);
        result[key] = values;
      }
      return result;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const mesh of meshes) mesh.morphTargetManager?.dispose();
      for (const group of parts.animationGroups) group.dispose();
      for (const skeleton of parts.skeletons) skeleton.dispose();
      root.dispose(false, true);
    },
  };
}
