/**
 * Binds a Babylon VRM's materials to SH relighting and writes one avatar's light into them each frame
 * (see relight-plugin.ts). Materials get the plugin the first time the lighting plugin is seen, so a
 * host without it renders exactly as before.
 */
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import { ShaderLanguage } from '@babylonjs/core/Materials/shaderLanguage.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import type { Lighting } from '../../lighting/index.ts';
import type { BabylonVrm } from './avatar.ts';
import { createBabylonRelightState, getRelightPlugin, ShRelightMaterialPlugin } from './relight-plugin.ts';
import type { BabylonRelightState } from './relight-plugin.ts';

const states = new WeakMap<BabylonVrm, BabylonRelightState>();

/** Every material on the VRM's meshes (multi-materials opened), each once. */
export function babylonMaterialsOf(vrm: BabylonVrm): Material[] {
  const out = new Set<Material>();
  for (const mesh of vrm.meshes) {
    const m = mesh.material;
    if (!m) continue;
    const sub = (m as { subMaterials?: (Material | null)[] }).subMaterials;
    if (sub) for (const s of sub) if (s) out.add(s);
    out.add(m);
  }
  return [...out];
}

/**
 * The relight state of a VRM, adding the plugin to its StandardMaterials (GLSL only) the first time.
 * PBR materials (non-MToon glTF materials) are not relit and keep the scene's lights.
 */
export function babylonRelightStateFor(vrm: BabylonVrm): BabylonRelightState {
  let state = states.get(vrm);
  if (state) return state;
  state = createBabylonRelightState(vrm.root.getScene().useRightHandedSystem);
  for (const material of babylonMaterialsOf(vrm)) {
    if (!(material instanceof StandardMaterial) || getRelightPlugin(material)) continue;
    if (material.shaderLanguage !== ShaderLanguage.GLSL) continue;
    new ShRelightMaterialPlugin(material, state);
  }
  states.set(vrm, state);
  return state;
}

/** Relighting state of a VRM if it has been bound, else null (to switch it off without binding). */
export function babylonRelightStateOf(vrm: BabylonVrm): BabylonRelightState | null {
  return states.get(vrm) ?? null;
}

/** Writes this frame's light of `avatar` (off when `lighting.enabled` is false). Allocation-free. */
export function writeBabylonRelight(state: BabylonRelightState, lighting: Lighting, avatar: number): void {
  if (!lighting.enabled) {
    state.relight = 0;
    return;
  }
  state.relight = 1;
  state.sh.set(lighting.ambient(avatar));
  const key = lighting.keyLight(avatar);
  state.keyDirection[0] = state.flipX * key.direction[0]!;
  state.keyDirection[1] = key.direction[1]!;
  state.keyDirection[2] = key.direction[2]!;
  state.keyColor.set(key.colour);
}
