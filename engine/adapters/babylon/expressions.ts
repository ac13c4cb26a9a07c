/**
 * VRM expressions on Babylon objects, as three-vrm's `VRMExpressionManager.update` computes them,
 * in one pass over flat arrays built at load (no allocation per frame):
 *
 * 1. output weight = isBinary ? (weight > 0.5 ? 1 : 0) : weight;
 * 2. per group (blink, lookAt, mouth — three-vrm's name lists), multiplier = max(0, 1 − Σ amount),
 *    amount = 'block' → (output > 0 ? 1 : 0), 'blend' → output, 'none' → 0, over every expression;
 * 3. applied = output × product of its groups' multipliers; a binary expression below 1 applies 0;
 * 4. morph influence = Σ applied × bind weight, clamped to 0..1 (three-vrm leaves sums above 1
 *    unclamped — the one deliberate difference); colour = rest + Σ applied × (target − rest);
 *    texture offset/scale = rest + Σ applied × (target − rest).
 */
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import type { Texture } from '@babylonjs/core/Materials/Textures/texture.pure.js';
import type { MorphTarget } from '@babylonjs/core/Morph/morphTarget.js';
import type { ExpressionDescription, ExpressionOverride, RigDescription } from '../../rig/vrm-reader.ts';
import type { LoadedGltf } from './loaded-gltf.ts';
import type { ColorSlot, TextureRef } from './material-slots.ts';
import { cloneTextureRef, colorSlot, textureRefs } from './material-slots.ts';

const BLINK = new Set(['blink', 'blinkLeft', 'blinkRight']);
const LOOK_AT = new Set(['lookLeft', 'lookRight', 'lookUp', 'lookDown']);
const MOUTH = new Set(['aa', 'ee', 'ih', 'oh', 'ou']);
const GROUP_BLINK = 1;
const GROUP_LOOK_AT = 2;
const GROUP_MOUTH = 4;
const OVERRIDE: Record<ExpressionOverride, number> = { none: 0, block: 1, blend: 2 };

/** The avatar's expressions bound to its Babylon morph targets, materials and textures. */
export interface ExpressionManager {
  /** Input weights 0..1, one per rig expression, in `rig.expressions` order; set, then `update()`. */
  readonly weights: Float32Array;
  /** Index of a rig expression by channel name (`happy`, `custom:jawOpen`), or −1. */
  indexOf(name: string): number;
  /** Resolves binary/override rules and writes every bind. */
  update(): void;
  /** Problems found while binding (unsupported colour types, missing morph targets). */
  readonly warnings: readonly string[];
}

/** Dedupes Babylon objects into slot indices. */
function slotter<T>(): { readonly items: T[]; slot(item: T): number } {
  const items: T[] = [];
  const index = new Map<T, number>();
  return {
    items,
    slot(item) {
      let i = index.get(item);
      if (i === undefined) {
        i = items.length;
        items.push(item);
        index.set(item, i);
      }
      return i;
    },
  };
}

/** Gives each material its own copy of any texture another material also uses, as three-vrm clones. */
function ownTextures(material: Material, all: readonly Material[]): TextureRef[] {
  return textureRefs(material).map((ref) => {
    const shared = all.some((m) => m !== material && textureRefs(m).some((r) => r.texture === ref.texture));
    return shared ? { ...ref, texture: cloneTextureRef(ref) } : ref;
  });
}

/** Binds every expression of `rig` to the loaded scene. */
export function createExpressionManager(rig: RigDescription, loaded: LoadedGltf): ExpressionManager {
  const exprs = rig.expressions;
  const n = exprs.length;
  const warnings: string[] = [];
  const allMaterials = loaded.materials.flat();

  const isBinary = new Uint8Array(n);
  const overrides = new Uint8Array(n * 3);
  const groups = new Uint8Array(n);
  exprs.forEach((e, i) => {
    isBinary[i] = e.isBinary ? 1 : 0;
    overrides[i * 3] = OVERRIDE[e.overrideBlink];
    overrides[i * 3 + 1] = OVERRIDE[e.overrideLookAt];
    overrides[i * 3 + 2] = OVERRIDE[e.overrideMouth];
    groups[i] =
      (BLINK.has(e.name) ? GROUP_BLINK : 0) |
      (LOOK_AT.has(e.name) ? GROUP_LOOK_AT : 0) |
      (MOUTH.has(e.name) ? GROUP_MOUTH : 0);
  });

  const morphs = slotter<MorphTarget>();
  const morphBinds: number[] = []; // (expression, slot, weight) triples
  const colors = slotter<ColorSlot>();
  const colorByKey = new Map<string, ColorSlot>();
  const colorBinds: number[] = []; // (expression, slot, dr, dg, db, da)
  const textures = slotter<Texture>();
  const textureBinds: number[] = []; // (expression, slot, du, dv, dsu, dsv)
  const owned = new Map<Material, TextureRef[]>();

  const bindExpression = (e: ExpressionDescription, i: number): void => {
    for (const bind of e.morphTargetBinds) {
      for (const node of bind.nodes) {
        const meshes = loaded.primitives[node] ?? [];
        const targets = meshes.map((m) => {
          const manager = m.morphTargetManager;
          return manager && bind.index < manager.numTargets ? manager.getTarget(bind.index) : null;
        });
        if (meshes.length === 0 || targets.some((t) => t === null)) {
          warnings.push(`expression ${e.name}: node ${node} has no morph target ${bind.index}; bind ignored`);
          continue;
        }
        for (const t of targets) morphBinds.push(i, morphs.slot(t!), bind.weight);
      }
    }
    for (const bind of e.materialColorBinds) {
      for (const material of loaded.materials[bind.material] ?? []) {
        const key = `${material.uniqueId}:${bind.type}`;
        let slot = colorByKey.get(key);
        if (!slot) {
          const found = colorSlot(material, bind.type);
          if (!found) {
            warnings.push(
              `expression ${e.name}: material ${bind.material} has no ${bind.type}; bind ignored`,
            );
            continue;
          }
          slot = found;
          colorByKey.set(key, slot);
        }
        const [r, g, b, a] = bind.targetValue;
        const [r0, g0, b0, a0] = slot.initial;
        colorBinds.push(i, colors.slot(slot), r - r0, g - g0, b - b0, slot.hasAlpha ? a - a0 : 0);
      }
    }
    for (const bind of e.textureTransformBinds) {
      for (const material of loaded.materials[bind.material] ?? []) {
        let refs = owned.get(material);
        if (!refs) {
          refs = ownTextures(material, allMaterials);
          owned.set(material, refs);
        }
        for (const { texture: t } of refs) {
          textureBinds.push(
            i,
            textures.slot(t),
            bind.offset[0] - t.uOffset,
            bind.offset[1] - t.vOffset,
            bind.scale[0] - t.uScale,
            bind.scale[1] - t.vScale,
          );
        }
      }
    }
  };
  exprs.forEach(bindExpression);

  const morphData = Float64Array.from(morphBinds);
  const colorData = Float64Array.from(colorBinds);
  const textureData = Float64Array.from(textureBinds);
  const colorRest = Float64Array.from(colors.items.flatMap((c) => [...c.initial]));
  const textureRest = Float64Array.from(
    textures.items.flatMap((t) => [t.uOffset, t.vOffset, t.uScale, t.vScale]),
  );
  const morphAcc = new Float64Array(morphs.items.length);
  const colorAcc = new Float64Array(colors.items.length * 4);
  const textureAcc = new Float64Array(textures.items.length * 4);
  const weights = new Float32Array(n);
  const applied = new Float64Array(n);
  const names = new Map(exprs.map((e, i) => [e.name, i]));

  const amount = (kind: number, output: number): number =>
    kind === 1 ? (output > 0 ? 1 : 0) : kind === 2 ? output : 0;

  return {
    weights,
    warnings,
    indexOf: (name) => names.get(name) ?? -1,
    update() {
      let blink = 1;
      let lookAt = 1;
      let mouth = 1;
      for (let i = 0; i < n; i++) {
        const w = weights[i]!;
        const output = isBinary[i] ? (w > 0.5 ? 1 : 0) : w;
        applied[i] = output;
        blink -= amount(overrides[i * 3]!, output);
        lookAt -= amount(overrides[i * 3 + 1]!, output);
        mouth -= amount(overrides[i * 3 + 2]!, output);
      }
      blink = Math.max(0, blink);
      lookAt = Math.max(0, lookAt);
      mouth = Math.max(0, mouth);
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        let a = applied[i]!;
        if (g & GROUP_BLINK) a *= blink;
        if (g & GROUP_LOOK_AT) a *= lookAt;
        if (g & GROUP_MOUTH) a *= mouth;
        if (isBinary[i] && a < 1) a = 0;
        applied[i] = a;
      }

      morphAcc.fill(0);
      for (let k = 0; k < morphData.length; k += 3) {
        const s = morphData[k + 1]!;
        morphAcc[s] = morphAcc[s]! + applied[morphData[k]!]! * morphData[k + 2]!;
      }
      for (let s = 0; s < morphAcc.length; s++)
        morphs.items[s]!.influence = Math.min(1, Math.max(0, morphAcc[s]!));

      colorAcc.set(colorRest);
      for (let k = 0; k < colorData.length; k += 6) {
        const a = applied[colorData[k]!]!;
        const o = colorData[k + 1]! * 4;
        for (let c = 0; c < 4; c++) colorAcc[o + c] = colorAcc[o + c]! + a * colorData[k + 2 + c]!;
      }
      for (let s = 0; s < colors.items.length; s++) {
        const o = s * 4;
        colors.items[s]!.write(colorAcc[o]!, colorAcc[o + 1]!, colorAcc[o + 2]!, colorAcc[o + 3]!);
      }

      textureAcc.set(textureRest);
      for (let k = 0; k < textureData.length; k += 6) {
        const a = applied[textureData[k]!]!;
        const o = textureData[k + 1]! * 4;
        for (let c = 0; c < 4; c++) textureAcc[o + c] = textureAcc[o + c]! + a * textureData[k + 2 + c]!;
      }
      for (let s = 0; s < textures.items.length; s++) {
        const t = textures.items[s]!;
        const o = s * 4;
        t.uOffset = textureAcc[o]!;
        t.vOffset = textureAcc[o + 1]!;
        t.uScale = textureAcc[o + 2]!;
        t.vScale = textureAcc[o + 3]!;
      }
    },
  };
}
