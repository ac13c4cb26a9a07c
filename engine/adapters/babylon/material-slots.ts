/**
 * The material properties VRM expressions animate, found on whatever Babylon material the loader
 * made (glTF PBR, unlit PBR, or the adapter's toon material), mirroring three-vrm's property maps:
 * `color` → base colour and alpha, `emissionColor` → emissive, `shadeColor` → the toon shade colour;
 * texture transforms move every colour/normal/emissive/shade texture of the material. Values are
 * handled linear (as the VRM file writes them); the toon material stores gamma colours and converts
 * on write.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color.pure.js';
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import { Texture } from '@babylonjs/core/Materials/Textures/texture.pure.js';
import type { MaterialColorType } from '../../rig/vrm0-mapping.ts';
import { getToonPlugin } from './toon-plugin.ts';

/** A colour an expression can move: its linear rest value and a writer. */
export interface ColorSlot {
  /** Rest value, linear RGBA (alpha is 1 and unused when `hasAlpha` is false). */
  readonly initial: readonly [number, number, number, number];
  /** Whether `write` also sets the material's alpha (only for `color`, like three-vrm's opacity). */
  readonly hasAlpha: boolean;
  /** Writes a linear colour; allocation-free. */
  write(r: number, g: number, b: number, a: number): void;
}

function prop(material: Material, key: string): unknown {
  return (material as unknown as Record<string, unknown>)[key];
}

const toGamma = (v: number): number => Math.pow(Math.max(0, v), 1 / 2.2);
const toLinear = (v: number): number => Math.pow(Math.max(0, v), 2.2);

function slotFor(material: Material, color: Color3, gamma: boolean, hasAlpha: boolean): ColorSlot {
  const dec = gamma ? toLinear : (v: number): number => v;
  const enc = gamma ? toGamma : (v: number): number => v;
  return {
    initial: [dec(color.r), dec(color.g), dec(color.b), hasAlpha ? material.alpha : 1],
    hasAlpha,
    write(r, g, b, a) {
      color.r = enc(r);
      color.g = enc(g);
      color.b = enc(b);
      if (hasAlpha) material.alpha = a;
    },
  };
}

/** The slot a colour bind of `type` drives on `material`, or null when the material has no such colour. */
export function colorSlot(material: Material, type: MaterialColorType): ColorSlot | null {
  const toon = getToonPlugin(material);
  if (toon && type === 'shadeColor') return slotFor(material, toon.shadeColor, true, false);
  const base = prop(material, 'albedoColor') ?? prop(material, 'diffuseColor');
  const emissive = prop(material, 'emissiveColor');
  const gamma = toon !== null;
  if (type === 'color' && base instanceof Color3) return slotFor(material, base, gamma, true);
  if (type === 'emissionColor' && emissive instanceof Color3)
    return slotFor(material, emissive, gamma, false);
  return null;
}

/** Texture properties an expression texture transform moves, per material kind (three-vrm's lists). */
const TEXTURE_KEYS = [
  'albedoTexture',
  'diffuseTexture',
  'bumpTexture',
  'emissiveTexture',
  'metallicTexture',
  'opacityTexture',
] as const;

/** A texture property of a material (or of its toon plugin) that holds a transformable texture. */
export interface TextureRef {
  readonly owner: object;
  readonly key: string;
  readonly texture: Texture;
}

/** Every transformable texture of `material`, with where it is stored (so it can be replaced by a clone). */
export function textureRefs(material: Material): TextureRef[] {
  const refs: TextureRef[] = [];
  for (const key of TEXTURE_KEYS) {
    const t = prop(material, key);
    if (t instanceof Texture) refs.push({ owner: material, key, texture: t });
  }
  const toon = getToonPlugin(material);
  if (toon?.shadeTexture instanceof Texture)
    refs.push({ owner: toon, key: 'shadeTexture', texture: toon.shadeTexture });
  return refs;
}

/** Replaces a texture reference with a clone (shares the GPU texture, owns its own UV transform). */
export function cloneTextureRef(ref: TextureRef): Texture {
  const copy = ref.texture.clone();
  (ref.owner as Record<string, unknown>)[ref.key] = copy;
  return copy;
}
