/**
 * Loading a VRM (1.0 or 0.x) from bytes through three.js's GLTFLoader and @pixiv/three-vrm. Bytes,
 * not URLs, so the same call serves a file drop, a fetch, a bundled asset and Node tests.
 */
import { VRMLoaderPlugin, VRMUtils } from './three-vrm.ts';
import type { VRM } from './three-vrm.ts';
import { Matrix4 } from 'three';
import type { SkinnedMesh } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { createThreeVrmAvatar } from './avatar.ts';
import type { ThreeVrmAvatar } from './avatar.ts';

/** Load options. */
export interface ThreeVrmLoadOptions {
  /**
   * Apply three-vrm's clean-ups that leave the rendered result unchanged:
   * `removeUnnecessaryVertices`, and `combineSkeletons` when every skinned mesh is bound at the
   * identity (it rebinds at the identity). `combineMorphs` is never applied: it renames morphs.
   */
  optimize: boolean;
}

/** Defaults for {@link loadVrmThree}. */
export const THREE_VRM_LOAD_DEFAULTS: Readonly<ThreeVrmLoadOptions> = { optimize: true };

/**
 * Parses a `.vrm` (GLB) into a {@link ThreeVrmAvatar}. VRM 0.x scenes are turned to face +Z
 * (`VRMUtils.rotateVRM0`). Errors name `fileName`. In Node, install a DOM shim first (textures
 * load through an `img` element).
 */
export async function loadVrmThree(
  bytes: Uint8Array,
  fileName: string,
  options: Partial<ThreeVrmLoadOptions> = {},
): Promise<ThreeVrmAvatar> {
  const opts = { ...THREE_VRM_LOAD_DEFAULTS, ...options };
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  let vrm: VRM | undefined;
  try {
    const gltf = await loader.parseAsync(new Uint8Array(bytes).buffer, '');
    vrm = (gltf.userData as { vrm?: VRM }).vrm;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${fileName}: cannot load as glTF/VRM: ${reason}`, { cause: error });
  }
  if (!vrm) throw new Error(`${fileName}: not a VRM (no VRMC_vrm or VRM extension)`);
  if (opts.optimize) optimize(vrm);
  VRMUtils.rotateVRM0(vrm);
  // Skinned bounds come from the bind pose; a hand or head moved far from it must not be culled away.
  vrm.scene.traverse((object) => {
    object.frustumCulled = false;
  });
  return createThreeVrmAvatar(vrm, fileName);
}

const IDENTITY = new Matrix4();

function optimize(vrm: VRM): void {
  VRMUtils.removeUnnecessaryVertices(vrm.scene);
  let identityBound = true;
  vrm.scene.traverse((object) => {
    const mesh = object as SkinnedMesh;
    if (mesh.isSkinnedMesh && !mesh.bindMatrix.equals(IDENTITY)) identityBound = false;
  });
  if (identityBound) VRMUtils.combineSkeletons(vrm.scene);
}
