/**
 * `VRMC_materials_mtoon` on Babylon's glTF loader: MToon materials become a StandardMaterial with
 * the {@link ToonMaterialPlugin} (lit/shade colours and textures, shading toony/shift, emissive,
 * normal map, alpha mode, double-sidedness, UV scroll/rotation animation). Rim, matcap, outline,
 * GI equalization and the UV animation mask are not rendered. The extension runs before
 * `KHR_materials_unlit`, so the unlit fallback MToon files carry is used only by other viewers.
 * VRM 0.x MToon materials reach it after {@link convertV0MToon} rewrote them in 1.0 terms.
 */
import type { Color3 } from '@babylonjs/core/Maths/math.color.pure.js';
import { Material } from '@babylonjs/core/Materials/material.pure.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import type { BaseTexture } from '@babylonjs/core/Materials/Textures/baseTexture.pure.js';
import type { Nullable } from '@babylonjs/core/types.js';
import type { GLTFLoader } from '@babylonjs/loaders/glTF/2.0/glTFLoader.pure.js';
import type { IGLTFLoaderExtension } from '@babylonjs/loaders/glTF/2.0/glTFLoaderExtension.js';
import type { IMaterial, ITextureInfo } from '@babylonjs/loaders/glTF/2.0/glTFLoaderInterfaces.js';
import { ToonMaterialPlugin } from './toon-plugin.ts';

/** The extension's name, as registered with the loader. */
export const MTOON = 'VRMC_materials_mtoon';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const rgb = (v: unknown, fallback: readonly number[]): number[] =>
  [0, 1, 2].map((i) => num(Array.isArray(v) ? v[i] : undefined, fallback[i] ?? 0));
const textureInfo = (v: unknown): ITextureInfo | null =>
  isRecord(v) && typeof v.index === 'number' ? (v as unknown as ITextureInfo) : null;

/** The MToon extension object of a glTF material, or null. */
export function mtoonOf(material: IMaterial): Json | null {
  const ext = material.extensions?.[MTOON];
  return isRecord(ext) ? ext : null;
}

/** Sets a Color3 from linear components, stored gamma (the StandardMaterial pipeline's space). */
function setGamma(target: Color3, linear: readonly number[]): void {
  target.set(linear[0] ?? 0, linear[1] ?? 0, linear[2] ?? 0);
  target.toGammaSpaceToRef(target);
}

/** Loader extension: creates and fills toon materials for glTF materials that carry MToon. */
export class MToonLoaderExtension implements IGLTFLoaderExtension {
  readonly name = MTOON;
  /** Before KHR_materials_unlit (210): an MToon material's unlit fallback is ignored here. */
  readonly order = 100;
  /** Always on: VRM 0.x files get MToon objects added to their materials without listing the extension. */
  enabled = true;
  #loader: GLTFLoader | null;

  constructor(loader: GLTFLoader) {
    this.#loader = loader;
  }

  dispose(): void {
    this.#loader = null;
  }

  createMaterial(_context: string, material: IMaterial, babylonDrawMode: number): Nullable<Material> {
    const loader = this.#loader;
    if (!loader || !mtoonOf(material)) return null;
    const babylonMaterial = new StandardMaterial(
      material.name || `material${material.index}`,
      loader.babylonScene,
    );
    babylonMaterial.fillMode = babylonDrawMode;
    new ToonMaterialPlugin(babylonMaterial);
    return babylonMaterial;
  }

  loadMaterialPropertiesAsync(
    context: string,
    material: IMaterial,
    babylonMaterial: Material,
  ): Nullable<Promise<void>> {
    const loader = this.#loader;
    const ext = mtoonOf(material);
    if (!loader || !ext || !(babylonMaterial instanceof StandardMaterial)) return null;
    const toon = babylonMaterial.pluginManager?.getPlugin<ToonMaterialPlugin>('VrmToon');
    if (!toon) return null;
    const m = babylonMaterial;
    const pending: Promise<BaseTexture>[] = [];
    const load = (path: string, info: unknown, assign: (t: BaseTexture) => void, nonColor = false): void => {
      const ti = textureInfo(info);
      if (!ti) return;
      if (nonColor) ti.nonColorData = true;
      pending.push(loader.loadTextureInfoAsync(`${context}${path}`, ti, assign));
    };

    const pbr = material.pbrMetallicRoughness;
    const base = pbr?.baseColorFactor ?? [1, 1, 1, 1];
    setGamma(m.diffuseColor, base);
    m.alpha = base[3] ?? 1;
    m.specularColor.set(0, 0, 0);
    load('/pbrMetallicRoughness/baseColorTexture', pbr?.baseColorTexture, (t) => {
      t.name = `${m.name} (Base Color)`;
      m.diffuseTexture = t;
    });
    setGamma(m.emissiveColor, material.emissiveFactor ?? [0, 0, 0]);
    load('/emissiveTexture', material.emissiveTexture, (t) => (m.emissiveTexture = t));
    load(
      '/normalTexture',
      material.normalTexture,
      (t) => {
        m.bumpTexture = t;
        t.level = material.normalTexture?.scale ?? 1;
      },
      true,
    );
    const rightHanded = loader.babylonScene.useRightHandedSystem;
    m.invertNormalMapX = !rightHanded;
    m.invertNormalMapY = rightHanded;
    if (material.doubleSided) {
      m.backFaceCulling = false;
      m.twoSidedLighting = true;
    }

    setGamma(toon.shadeColor, rgb(ext.shadeColorFactor, [0, 0, 0]));
    toon.shadingToony = num(ext.shadingToonyFactor, 0.9);
    toon.shadingShift = num(ext.shadingShiftFactor, 0);
    load(
      `/extensions/${MTOON}/shadeMultiplyTexture`,
      ext.shadeMultiplyTexture,
      (t) => (toon.shadeTexture = t),
    );
    toon.uvAnimation.scrollX = num(ext.uvAnimationScrollXSpeedFactor, 0);
    toon.uvAnimation.scrollY = num(ext.uvAnimationScrollYSpeedFactor, 0);
    toon.uvAnimation.rotation = num(ext.uvAnimationRotationSpeedFactor, 0);

    return Promise.all(pending).then(() => {
      const texture = m.diffuseTexture;
      switch (material.alphaMode ?? 'OPAQUE') {
        case 'MASK':
          m.transparencyMode = Material.MATERIAL_ALPHATEST;
          m.alphaCutOff = material.alphaCutoff ?? 0.5;
          if (texture) texture.hasAlpha = true;
          break;
        case 'BLEND':
          m.transparencyMode = Material.MATERIAL_ALPHABLEND;
          if (texture) {
            texture.hasAlpha = true;
            m.useAlphaFromDiffuseTexture = true;
          }
          break;
        default:
          m.transparencyMode = Material.MATERIAL_OPAQUE;
          m.alpha = 1;
      }
    });
  }
}
