/**
 * Loads a VRM (0.x or 1.0) from bytes into a Babylon scene. The GLB container, the VRM data and the
 * required extensions are checked before Babylon parses anything, so bad input fails with a
 * {@link RigReadError} that names the file and the byte offset or JSON pointer; whatever Babylon's
 * loader still rejects is wrapped the same way, and nothing it created is left in the scene.
 */
import { ImportMeshAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';
import type { Scene } from '@babylonjs/core/scene.pure.js';
import { GLTFLoaderAnimationStartMode } from '@babylonjs/loaders/glTF/glTFFileLoader.pure.js';
import { RigReadError, checkGltfReferences, describeRig, readGlbJson } from '../../rig/vrm-reader.ts';
import type { BabylonVrm } from './avatar.ts';
import { createBabylonVrm } from './avatar.ts';
import { registerVrmLoader, supportedExtensions } from './register.ts';
import { placeModelRoot } from './space.ts';
import { REQUEST_OPTION, VRM_EXTENSIONS, VrmLoadRequest } from './vrm-extension.ts';

/** Throws for an `extensionsRequired` entry no registered loader extension handles. */
function checkRequiredExtensions(json: unknown, fileName: string): void {
  const required =
    typeof json === 'object' && json !== null
      ? (json as Record<string, unknown>).extensionsRequired
      : undefined;
  if (!Array.isArray(required)) return;
  const supported = supportedExtensions();
  required.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !supported.has(name)) {
      throw new RigReadError(
        fileName,
        { path: `/extensionsRequired/${i}` },
        `the file requires glTF extension ${JSON.stringify(name)}, which the Babylon adapter does not support`,
      );
    }
  });
}

/**
 * Loads a VRM into `scene` and binds it to the engine's pose model.
 * @throws {RigReadError} for a file that is not a loadable VRM.
 */
export async function loadVrmBabylon(scene: Scene, bytes: Uint8Array, fileName: string): Promise<BabylonVrm> {
  registerVrmLoader();
  const { json } = readGlbJson(bytes, fileName);
  const rig = describeRig(json, fileName);
  checkRequiredExtensions(json, fileName);
  checkGltfReferences(json, fileName);

  const root = new TransformNode(`VRM ${rig.meta.name ?? fileName}`, scene);
  const modelRoot = new TransformNode('VRM model space', scene);
  modelRoot.parent = root;
  placeModelRoot(modelRoot, rig.forward, scene.useRightHandedSystem);
  const request = new VrmLoadRequest(fileName, rig);
  try {
    const result = await ImportMeshAsync(bytes, scene, {
      pluginExtension: '.glb',
      name: fileName,
      pluginOptions: {
        gltf: {
          customRootNode: modelRoot,
          animationStartMode: GLTFLoaderAnimationStartMode.NONE,
          extensionOptions: Object.fromEntries(VRM_EXTENSIONS.map((n) => [n, { [REQUEST_OPTION]: request }])),
        },
      },
    });
    const loaded = request.loaded;
    if (!loaded)
      throw new Error('the VRM loader extension did not run (is the VRM extension object missing?)');
    for (const mesh of result.meshes) {
      const manager = mesh.morphTargetManager;
      // All targets stay active, so changing weights never re-syncs or recompiles the mesh.
      if (manager) manager.optimizeInfluencers = false;
      // Bounds come from the bind pose; a hand or head moved far from it must not be culled away.
      mesh.alwaysSelectAsActiveMesh = true;
    }
    return createBabylonVrm({
      root,
      rig,
      loaded,
      meshes: result.meshes,
      skeletons: result.skeletons,
      animationGroups: result.animationGroups,
    });
  } catch (e) {
    root.dispose(false, true);
    if (e instanceof RigReadError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new RigReadError(fileName, {}, `Babylon.js could not load the glTF: ${reason}`, { cause: e });
  }
}
