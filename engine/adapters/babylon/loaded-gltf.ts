/**
 * What the Babylon glTF loader made of each glTF index, gathered once when loading is ready: the
 * rig, expressions and look-at bind by glTF node/material index (that is what the VRM extensions
 * name), so they need the Babylon object behind each index.
 */
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.pure.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.pure.js';
import type { GLTFLoader } from '@babylonjs/loaders/glTF/2.0/glTFLoader.pure.js';

/** Babylon objects by glTF index. */
export interface LoadedGltf {
  /** The node everything was loaded under (the loader's root); model space is its local space. */
  readonly modelRoot: TransformNode;
  /** Per glTF node: the node that carries its transform (for a skinned mesh, its skin node). */
  readonly nodes: readonly (TransformNode | undefined)[];
  /** Per glTF node: the Babylon meshes of its mesh's primitives (empty when it has no mesh). */
  readonly primitives: readonly (readonly AbstractMesh[])[];
  /** Per glTF material: every Babylon material made from it (one per draw mode used). */
  readonly materials: readonly (readonly Material[])[];
}

/** Reads the loader's per-index results; call from an extension's `onReady`. */
export function collectLoadedGltf(loader: GLTFLoader): LoadedGltf {
  const gltf = loader.gltf;
  const modelRoot = loader.rootBabylonMesh;
  if (!modelRoot)
    throw new Error('VRM: the glTF loader has no root node (customRootNode: null is not supported)');
  const nodes = (gltf.nodes ?? []).map((n) => n._babylonTransformNodeForSkin ?? n._babylonTransformNode);
  const primitives = (gltf.nodes ?? []).map((n) => n._primitiveBabylonMeshes ?? []);
  const materials = (gltf.materials ?? []).map((m) =>
    Object.values(m._data ?? {}).map((d: { babylonMaterial: Material }) => d.babylonMaterial),
  );
  return { modelRoot, nodes, primitives, materials };
}
