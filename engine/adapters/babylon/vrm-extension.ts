/**
 * The `VRMC_vrm` (1.0) and `VRM` (0.x) extensions on Babylon's glTF 2.0 loader. Registered for
 * every glTF load, each enables itself only when the file has its extension object; then it reads
 * the rig description (engine/rig/vrm-reader — the one reader of VRM data), rewrites 0.x MToon
 * materials for the toon material, and when loading is ready gathers the Babylon object behind
 * every glTF node/material index for {@link loadVrmBabylon}. Used through plain `SceneLoader`
 * calls, it leaves the rig in the root node's `metadata.vrm`.
 */
import type { GLTFLoader } from '@babylonjs/loaders/glTF/2.0/glTFLoader.pure.js';
import type { IGLTFLoaderExtension } from '@babylonjs/loaders/glTF/2.0/glTFLoaderExtension.js';
import { describeRig } from '../../rig/vrm-reader.ts';
import type { RigDescription } from '../../rig/vrm-reader.ts';
import type { LoadedGltf } from './loaded-gltf.ts';
import { collectLoadedGltf } from './loaded-gltf.ts';
import { convertV0MToon } from './mtoon-v0.ts';

/** The two VRM extension names; the extension whose version the rig is read as does the work. */
export const VRM_EXTENSIONS = ['VRMC_vrm', 'VRM'] as const;
/** A VRM extension name. */
export type VrmExtensionName = (typeof VRM_EXTENSIONS)[number];

/** Hand-over between {@link loadVrmBabylon} and the extension, passed through `extensionOptions`. */
export class VrmLoadRequest {
  /** Filled by the extension when loading is ready. */
  loaded: LoadedGltf | null = null;
  /** The rig, when the caller already read it from the file's JSON (else the extension reads it). */
  constructor(
    readonly fileName: string,
    public rig: RigDescription | null,
  ) {}
}

/** Key in `extensionOptions[name]` under which a {@link VrmLoadRequest} travels. */
export const REQUEST_OPTION = 'request';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One of the two VRM loader extensions. */
export class VrmLoaderExtension implements IGLTFLoaderExtension {
  /** Before MToon (100): 0.x materials are rewritten before any material loads. */
  readonly order = 90;
  enabled: boolean;
  #loader: GLTFLoader | null;
  #request: VrmLoadRequest | null;
  #rig: RigDescription | null = null;

  constructor(
    readonly name: VrmExtensionName,
    loader: GLTFLoader,
  ) {
    this.#loader = loader;
    const gltf = loader.gltf;
    const own = isRecord(gltf.extensions?.[name]);
    // A file with both reads as 1.0 (as vrm-reader does); the 0.x extension then stays out.
    const preferred = name === 'VRMC_vrm' || !isRecord(gltf.extensions?.['VRMC_vrm']);
    this.enabled = own && preferred;
    const request = loader.parent.extensionOptions[name]?.[REQUEST_OPTION];
    this.#request = request instanceof VrmLoadRequest ? request : null;
    if (!this.enabled) return;
    const fileName = this.#request?.fileName ?? 'glTF';
    this.#rig = this.#request?.rig ?? describeRig(gltf, fileName);
    if (this.#request) this.#request.rig = this.#rig;
    const vrm = gltf.extensions?.['VRM'];
    if (name === 'VRM' && isRecord(vrm)) convertV0MToon(gltf, vrm);
  }

  onReady(): void {
    const loader = this.#loader;
    if (!loader) return;
    const loaded = collectLoadedGltf(loader);
    if (this.#request) this.#request.loaded = loaded;
    else loaded.modelRoot.metadata = { ...(loaded.modelRoot.metadata as object | null), vrm: this.#rig };
  }

  dispose(): void {
    this.#loader = null;
    this.#request = null;
  }
}

/** A do-nothing extension that lets files requiring it load (its data is not used). */
export class ToleratedExtension implements IGLTFLoaderExtension {
  enabled = true;
  constructor(readonly name: string) {}
  dispose(): void {}
}
