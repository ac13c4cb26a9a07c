/**
 * A loaded VRM wrapped for the engine: writes one pose buffer into three-vrm's normalized humanoid,
 * expression manager and lookAt, then lets `vrm.update` carry it to the raw skeleton, morphs and
 * materials. Every lookup is resolved at construction so a frame only copies numbers.
 */
import { VRMLookAtBoneApplier, VRMLookAtExpressionApplier, VRMUtils } from './three-vrm.ts';
import type { VRM } from './three-vrm.ts';
import { Quaternion, Vector3 } from 'three';
import type { Mesh, Object3D } from 'three';
import { BONE_COUNT, HUMAN_BONE_NAMES } from '../../rig/bones.ts';
import type { HumanBoneName } from '../../rig/bones.ts';
import type { ChannelLayout } from '../../rig/channels.ts';
import type { PoseBuffer } from '../../rig/pose-buffer.ts';
import { normalizedFrameSign, threeVrmPitch, threeVrmYaw } from './conventions.ts';
import { createExpressionTable } from './expression-table.ts';

/** A VRM in a three.js scene, driven by the engine's pose buffers. */
export interface ThreeVrmAvatar {
  readonly vrm: VRM;
  /** Add this to your scene; VRM 0.x files are already turned to face +Z like VRM 1.0. */
  readonly scene: Object3D;
  /** Writes a pose into the normalized bones, expressions and lookAt; visible after {@link update}. */
  applyPose(pose: PoseBuffer, layout: ChannelLayout): void;
  /** Runs `vrm.update` (raw bones, lookAt applier, expressions, spring bones, MToon). */
  update(deltaSeconds: number): void;
  /** World rotation of a humanoid bone's raw node, xyzw, for conformance tests. */
  boneWorldQuaternion(bone: HumanBoneName, out: Float32Array): void;
  /** Morph target influences by mesh name (duplicates get `#2`, `#3`…), for tests and debugging. */
  morphInfluences(): Record<string, number[]>;
  /** Frees geometries, materials and textures and takes the scene out of its parent; idempotent. */
  dispose(): void;
}

const LEFT_EYE = HUMAN_BONE_NAMES.indexOf('leftEye');
const RIGHT_EYE = HUMAN_BONE_NAMES.indexOf('rightEye');
const _quat = new Quaternion();

/**
 * Wraps a VRM loaded by three-vrm. Takes over its lookAt (target cleared, yaw/pitch come from the
 * pose's gaze). Eye bones in the pose are skipped when a bone-type lookAt drives the eyes, and the
 * `look*` expression channels when an expression-type lookAt writes them: gaze is the one input.
 */
export function createThreeVrmAvatar(vrm: VRM, fileName = 'VRM'): ThreeVrmAvatar {
  const humanoid = vrm.humanoid;
  const sign = normalizedFrameSign(vrm.meta.metaVersion);
  const lookAt = vrm.lookAt ?? null;
  if (lookAt) {
    lookAt.target = null;
    lookAt.autoUpdate = true;
  }
  const lookAtBones = lookAt?.applier instanceof VRMLookAtBoneApplier;
  const lookAtExpressions = lookAt?.applier instanceof VRMLookAtExpressionApplier;

  const nodes: (Object3D | null)[] = HUMAN_BONE_NAMES.map((name, b) =>
    lookAtBones && (b === LEFT_EYE || b === RIGHT_EYE) ? null : humanoid.getNormalizedBoneNode(name),
  );
  const hips = humanoid.getNormalizedBoneNode('hips');
  const hipsRest = hips ? hips.position.clone() : new Vector3();
  const manager = vrm.expressionManager;
  const table = createExpressionTable(manager, { lookAtOwnsLookExpressions: lookAtExpressions });
  let disposed = false;

  return {
    vrm,
    scene: vrm.scene,
    applyPose(pose, layout) {
      if (disposed) return;
      const r = pose.rotations;
      for (let b = 0; b < BONE_COUNT; b++) {
        const node = nodes[b];
        if (!node) continue;
        const o = b * 4;
        node.quaternion.set(r[o]! * sign, r[o + 1]!, r[o + 2]! * sign, r[o + 3]!);
      }
      if (hips) {
        const h = pose.hipsOffset;
        hips.position.set(hipsRest.x + h[0]! * sign, hipsRest.y + h[1]!, hipsRest.z + h[2]! * sign);
      }
      if (manager) {
        table.sync(layout);
        const w = pose.expressions;
        for (let i = 0; i < table.count; i++) manager.setValue(table.names[i]!, w[table.offsets[i]!]!);
      }
      if (lookAt) {
        lookAt.yaw = threeVrmYaw(pose.gaze[0]!);
        lookAt.pitch = threeVrmPitch(pose.gaze[1]!);
      }
    },
    update(deltaSeconds) {
      if (!disposed) vrm.update(deltaSeconds);
    },
    boneWorldQuaternion(bone, out) {
      const node = humanoid.getRawBoneNode(bone);
      if (!node) throw new RangeError(`three adapter: ${fileName} has no ${bone} bone`);
      node.getWorldQuaternion(_quat);
      out[0] = _quat.x;
      out[1] = _quat.y;
      out[2] = _quat.z;
      out[3] = _quat.w;
    },
    morphInfluences() {
      const result: Record<string, number[]> = {};
      vrm.scene.traverse((object) => {
        const influences = (object as Mesh).morphTargetInfluences;
        if (!influences) return;
        let key = object.name;
        for (let n = 2; key in result; n++) key = `${object.name}#${n}`;
        result[key] = [...influences];
      });
      return result;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      vrm.scene.removeFromParent();
      VRMUtils.deepDispose(vrm.scene);
    },
  };
}
