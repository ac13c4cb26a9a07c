/**
 * SH relighting of a three-vrm avatar's materials. Each lit material (three-vrm's MToon and
 * three.js's own lit materials: Standard, Physical, Lambert, Phong, Toon) gets the shared chunk
 * `shaders/sh-irradiance.glsl` and a block, run after the material's own light loop, that — while
 * `capsuleRelight` is 1 — replaces the scene's lights with the avatar's: indirect light from
 * `capsuleShIrradiance(worldNormal)` (the ambient SH: irradiance minus the key's share) and one
 * direct light, the key, through the material's own direct-light function (MToon's toon step).
 * With `capsuleRelight` 0 the block is skipped and the shader computes exactly what it did before.
 * Unlit materials (MeshBasic, `KHR_materials_unlit` fallbacks) stay unlit.
 *
 * The uniforms are one set per avatar, shared by all its materials, so a frame writes 27 + 7 floats
 * per avatar whatever the material count.
 */
import type { Material, Mesh, Object3D, WebGLProgramParametersWithUniforms } from 'three';
import { SH_IRRADIANCE_GLSL } from '../../../shaders/index.ts';

/** One avatar's relighting uniforms (three.js uniform objects, shared by its materials). */
export interface ThreeRelightUniforms {
  /** Ambient irradiance SH, 27 floats (contract layout), world space. */
  readonly capsuleSH: { value: Float32Array };
  /** 1: the avatar's light replaces the scene's; 0: the material renders as it did unpatched. */
  readonly capsuleRelight: { value: number };
  /** Unit vector towards the key light, world space. */
  readonly capsuleKeyDirection: { value: Float32Array };
  /** Key light colour (diffuse light colour for a surface facing it; linear RGB). */
  readonly capsuleKeyColor: { value: Float32Array };
}

/** Fresh uniforms: relighting off, no light. */
export function createThreeRelightUniforms(): ThreeRelightUniforms {
  return {
    capsuleSH: { value: new Float32Array(27) },
    capsuleRelight: { value: 0 },
    capsuleKeyDirection: { value: new Float32Array([0, 1, 0]) },
    capsuleKeyColor: { value: new Float32Array(3) },
  };
}

/** Declarations added after `#include <common>`: the shared chunk, then the key light's uniforms. */
export const THREE_RELIGHT_DECLARATIONS = `${SH_IRRADIANCE_GLSL}
uniform float capsuleRelight;
uniform vec3 capsuleKeyDirection;
uniform vec3 capsuleKeyColor;
`;

/**
 * The relit light, in three.js's units: its `irradiance` and light colours are π × the diffuse light
 * colour (its Lambert BRDF divides by π), the SH and the key are diffuse light colours.
 */
const relightBlock = (directCall: string): string => `
if ( capsuleRelight > 0.5 ) {
  reflectedLight.directDiffuse = vec3( 0.0 );
  reflectedLight.directSpecular = vec3( 0.0 );
  irradiance = PI * max( capsuleShIrradiance( inverseTransformDirection( geometryNormal, viewMatrix ) ), vec3( 0.0 ) );
  directLight.direction = normalize( ( viewMatrix * vec4( capsuleKeyDirection, 0.0 ) ).xyz );
  directLight.color = PI * capsuleKeyColor;
  directLight.visible = true;
  ${directCall}
}
`;

/** MToon (three-vrm): after its direct loops and indirect irradiance, before the light maps. */
const MTOON_ANCHOR = '#include <lights_fragment_maps>';
const MTOON_BLOCK = relightBlock(
  'RE_Direct( directLight, geometryPosition, geometryNormal, geometryViewDir, geometryClearcoatNormal, material, 1.0, reflectedLight );',
);
/** three.js lit materials: right after the standard light loop. */
const BUILTIN_ANCHOR = '#include <lights_fragment_begin>';
const BUILTIN_BLOCK = relightBlock(
  'RE_Direct( directLight, geometryPosition, geometryNormal, geometryViewDir, geometryClearcoatNormal, material, reflectedLight );',
);
const COMMON = '#include <common>';

/** Program cache key suffix: patched and unpatched materials never share a program. */
const CACHE_KEY = '|capsule-sh-relight';

type Patchable = Material & {
  isMToonMaterial?: boolean;
  isMeshStandardMaterial?: boolean;
  isMeshLambertMaterial?: boolean;
  isMeshPhongMaterial?: boolean;
  isMeshToonMaterial?: boolean;
};

/** Materials already patched, and with which uniforms (a VRM attached to a rebuilt engine keeps them). */
const patched = new WeakMap<Material, ThreeRelightUniforms>();

/** Whether the material has a light loop this module knows how to relight. */
export function isRelightable(material: Material): boolean {
  const m = material as Patchable;
  return !!(
    m.isMToonMaterial ||
    m.isMeshStandardMaterial ||
    m.isMeshLambertMaterial ||
    m.isMeshPhongMaterial ||
    m.isMeshToonMaterial
  );
}

/**
 * Patches one material to read `uniforms` (idempotent; a material patched for other uniforms keeps
 * its first ones). Returns false for materials left alone (unlit or unknown).
 */
export function patchMaterialForRelight(material: Material, uniforms: ThreeRelightUniforms): boolean {
  if (patched.has(material)) return true;
  if (!isRelightable(material)) return false;
  const toon = (material as Patchable).isMToonMaterial === true;
  const anchor = toon ? MTOON_ANCHOR : BUILTIN_ANCHOR;
  const block = toon ? MTOON_BLOCK : BUILTIN_BLOCK;
  const before = material.onBeforeCompile;
  const baseKey = material.customProgramCacheKey;
  material.onBeforeCompile = function (shader: WebGLProgramParametersWithUniforms, renderer) {
    before.call(this, shader, renderer);
    if (!shader.fragmentShader.includes(anchor) || !shader.fragmentShader.includes(COMMON)) return;
    shader.fragmentShader = shader.fragmentShader
      .replace(COMMON, `${COMMON}\n${THREE_RELIGHT_DECLARATIONS}`)
      .replace(anchor, toon ? `${block}\n${anchor}` : `${anchor}\n${block}`);
    Object.assign(shader.uniforms, uniforms);
  };
  material.customProgramCacheKey = function () {
    return baseKey.call(this) + CACHE_KEY;
  };
  material.needsUpdate = true;
  patched.set(material, uniforms);
  return true;
}

/** Every material of a subtree's meshes (arrays included), each once. */
export function materialsOf(root: Object3D): Material[] {
  const out = new Set<Material>();
  root.traverse((object) => {
    const material = (object as Mesh).material as Material | Material[] | undefined;
    if (!material) return;
    if (Array.isArray(material)) for (const m of material) out.add(m);
    else out.add(material);
  });
  return [...out];
}

/** The uniforms a patched material reads, or null (for tests and debugging). */
export function relightUniformsOf(material: Material): ThreeRelightUniforms | null {
  return patched.get(material) ?? null;
}
