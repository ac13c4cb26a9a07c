/**
 * Loading a VRM (1.0 or 0.x) from bytes through three.js's GLTFLoader and @pixiv/three-vrm. Bytes,
 * not URLs, so the same call serves a file drop, a fetch, a bundled asset and Node tests.
 */
import { VRMLoaderPlugin, VRMUtils } from './three-vrm.ts';
import type { VRM } from './three-vrm.ts';
import { Matrix4 } from 'three';
import type { Mesh, SkinnedMesh } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { RigReadError, checkGltfReferences, readGlbJson } from '../../rig/vrm-reader.ts';
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
 * (`VRMUtils.rotateVRM0`). Errors name `fileName` (a RigReadError for a broken container or glTF
 * index). In Node, install a DOM shim first (textures load through an `img` element).
 */
export async function loadVrmThree(
  bytes: Uint8Array,
  fileName: string,
  options: Partial<ThreeVrmLoadOptions> = {},
): Promise<ThreeVrmAvatar> {
  const opts = { ...THREE_VRM_LOAD_DEFAULTS, ...options };
  // A GLB's container and glTF indices are checked first: a RigReadError with the byte offset or
  // JSON pointer, and no GLTFLoader run that fails half-way and leaves rejected loads behind.
  if (isGlb(bytes)) {
    const { json } = readGlbJson(bytes, fileName);
    checkGltfReferences(json, fileName);
    checkEmbedded(json, fileName);
  }
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
  try {
    if (opts.optimize) optimize(vrm);
    VRMUtils.rotateVRM0(vrm);
    // Skinned bounds come from the bind pose; a hand or head moved far from it must not be culled away.
    vrm.scene.traverse((object) => {
      object.frustumCulled = false;
    });
    return createThreeVrmAvatar(vrm, fileName);
  } catch (error) {
    // three-vrm's clean-ups and the bindings trust the file (e.g. a skin with no skeleton).
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${fileName}: loaded, but cannot set up the VRM: ${reason}`, { cause: error });
  }
}

/**
 * Throws for a buffer or image that names an external file. Loading from bytes has nothing to
 * resolve it against, and three.js's FileLoader, given a URL its Request cannot parse, throws after
 * marking the URL as loading: every later load of that URL in the process then waits forever.
 */
function checkEmbedded(json: unknown, fileName: string): void {
  for (const key of ['buffers', 'images']) {
    const items = (json as Record<string, unknown>)[key];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const uri = typeof item === 'object' && item !== null ? (item as { uri?: unknown }).uri : undefined;
      if (uri !== undefined && !(typeof uri === 'string' && uri.startsWith('data:')))
        throw new RigReadError(
          fileName,
          { path: `/${key}/${i}/uri` },
          `names an external resource (${JSON.stringify(uri)?.slice(0, 60)}); a VRM loaded from bytes must embed it`,
        );
    });
  }
}

/** True when the bytes start with the GLB magic `glTF` (other input is left to GLTFLoader). */
function isGlb(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46
  );
}

const IDENTITY = new Matrix4();

/**
 * Throws for an index buffer that points past its mesh's vertices. removeUnnecessaryVertices marks
 * used vertices in an array indexed by vertex index, then walks it to its length: one corrupt
 * index near 2³² keeps it busy for minutes.
 */
function checkVertexIndices(vrm: VRM): void {
  vrm.scene.traverse((object) => {
    const geometry = (object as Mesh).isMesh ? (object as Mesh).geometry : undefined;
    const index = geometry?.index;
    if (!geometry || !index) return;
    const count = geometry.attributes.position?.count ?? 0;
    const array = index.array;
    for (let i = 0; i < array.length; i++)
      if (!(array[i]! < count))
        throw new Error(
          `mesh "${object.name}": vertex index ${array[i]} at ${i} is past its ${count} vertices`,
        );
  });
}

function optimize(vrm: VRM): void {
  checkVertexIndices(vrm);
  VRMUtils.removeUnnecessaryVertices(vrm.scene);
  let identityBound = true;
  vrm.scene.traverse((object) => {
    const mesh = object as SkinnedMesh;
    if (mesh.isSkinnedMesh && !mesh.bindMatrix.equals(IDENTITY)) identityBound = false;
  });
  if (identityBound) VRMUtils.combineSkeletons(vrm.scene);
}
