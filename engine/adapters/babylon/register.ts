/**
 * Side effects, in one explicit call: registers Babylon's glTF file loader and 2.0 loader, the
 * built-in glTF extensions (each imported lazily, only when a file uses it), and the VRM ones —
 * `VRMC_vrm`, `VRM`, `VRMC_materials_mtoon`, plus extensions whose data the adapter does not use
 * but whose presence (even as required) must not stop a VRM from loading.
 */
import { RegisterStandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import { RegisterInstancedMesh } from '@babylonjs/core/Meshes/instancedMesh.pure.js';
import { RegisterGLTFFileLoader } from '@babylonjs/loaders/glTF/glTFFileLoader.pure.js';
import { RegisterGLTF2Loader } from '@babylonjs/loaders/glTF/2.0/glTFLoader.pure.js';
import { registerBuiltInGLTFExtensions } from '@babylonjs/loaders/glTF/2.0/Extensions/dynamic.js';
import {
  registerGLTFExtension,
  registeredGLTFExtensions,
} from '@babylonjs/loaders/glTF/2.0/glTFLoaderExtensionRegistry.js';
import { MToonLoaderExtension, MTOON } from './mtoon.ts';
import { ToleratedExtension, VRM_EXTENSIONS, VrmLoaderExtension } from './vrm-extension.ts';

/** VRM-family extensions accepted without being rendered (spring bones, constraints, HDR emissive). */
export const TOLERATED_EXTENSIONS = [
  'VRMC_springBone',
  'VRMC_springBone_extended_collider',
  'VRMC_node_constraint',
  'VRMC_materials_hdr_emissiveMultiplier',
] as const;

let registered = false;

/** Registers everything {@link loadVrmBabylon} needs; idempotent. */
export function registerVrmLoader(): void {
  if (registered) return;
  registered = true;
  RegisterGLTFFileLoader();
  RegisterGLTF2Loader();
  RegisterInstancedMesh();
  RegisterStandardMaterial();
  if (!registeredGLTFExtensions.has('KHR_materials_unlit')) registerBuiltInGLTFExtensions();
  for (const name of VRM_EXTENSIONS)
    registerGLTFExtension(name, false, (loader) => new VrmLoaderExtension(name, loader));
  registerGLTFExtension(MTOON, false, (loader) => new MToonLoaderExtension(loader));
  for (const name of TOLERATED_EXTENSIONS)
    registerGLTFExtension(name, true, () => new ToleratedExtension(name));
}

/** Names of the glTF extensions the loader can handle right now (for the required-extension check). */
export function supportedExtensions(): ReadonlySet<string> {
  return new Set(registeredGLTFExtensions.keys());
}
