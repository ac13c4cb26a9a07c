/**
 * SH relighting on Babylon StandardMaterials (the avatar's MToon materials), as a material plugin
 * (GLSL/WebGL): injects the shared chunk `shaders/sh-irradiance.glsl` and, after Babylon's light
 * loop, while `capsuleRelight` is 1 replaces what the scene's lights gave with the avatar's light —
 * the key light through the toon step (`vrmToonShading`, split between lit and shade colours as the
 * {@link ToonMaterialPlugin} does; Lambert on a plain StandardMaterial) and the ambient SH on the lit
 * colour (MToon's indirect term). With `capsuleRelight` 0 the branch is skipped and the material
 * renders exactly as it did.
 *
 * Spaces: the SH and the key direction are glTF / three.js world. In a left-handed scene Babylon
 * world (x, y, z) is glTF (−x, y, z) (see space.ts), so the normal's x is flipped before the SH is
 * evaluated, and the key direction is flipped on the CPU — the same environment lights the same
 * side of the avatar in both renderers.
 *
 * Colour: StandardMaterial works on gamma-encoded colours; the SH is linear. Both light shares (lit:
 * key·s + ambient, shade: key·(1 − s)) are scaled by γ(T)/T with T = key + ambient, γ = pow 1/2.2 —
 * exact where lit and shade colours agree or one share is zero, and the lit side always stays
 * brighter than the shaded side (encoding each share on its own would not keep that).
 */
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import type { MaterialDefines } from '@babylonjs/core/Materials/materialDefines.js';
import { MaterialPluginBase } from '@babylonjs/core/Materials/materialPluginBase.pure.js';
import { ShaderLanguage } from '@babylonjs/core/Materials/shaderLanguage.js';
import type { UniformBuffer } from '@babylonjs/core/Materials/uniformBuffer.js';
import type { SubMesh } from '@babylonjs/core/Meshes/subMesh.js';
import type { AbstractEngine } from '@babylonjs/core/Engines/abstractEngine.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { Nullable } from '@babylonjs/core/types.js';
import { SH_IRRADIANCE_GLSL } from '../../../shaders/index.ts';

const PLUGIN_NAME = 'CapsuleShRelight';

/** One avatar's light as its materials read it (shared by all of them; written every frame). */
export interface BabylonRelightState {
  /** Ambient irradiance SH, 27 floats, glTF world. */
  readonly sh: Float32Array;
  /** 1: the avatar's light replaces the scene's; 0: unchanged rendering. */
  relight: number;
  /** Unit vector towards the key light, Babylon world. */
  readonly keyDirection: Float32Array;
  /** Key light colour (linear diffuse light colour). */
  readonly keyColor: Float32Array;
  /** −1 in a left-handed scene (Babylon x = −glTF x), +1 in a right-handed one. */
  flipX: number;
}

/** Fresh state: relighting off. */
export function createBabylonRelightState(rightHanded: boolean): BabylonRelightState {
  return {
    sh: new Float32Array(27),
    relight: 0,
    keyDirection: new Float32Array([0, 1, 0]),
    keyColor: new Float32Array(3),
    flipX: rightHanded ? 1 : -1,
  };
}

/** Uniforms the plugin declares itself (outside the material's uniform buffer). */
const UNIFORMS = ['capsuleSH', 'capsuleRelight', 'capsuleKeyDirection', 'capsuleKeyColor', 'capsuleShFlipX'];

/** Declarations: the shared chunk verbatim, then the key light and switches. */
export const BABYLON_RELIGHT_DEFINITIONS = `
#ifdef CAPSULESH
${SH_IRRADIANCE_GLSL}
uniform float capsuleRelight;
uniform vec3 capsuleKeyDirection;
uniform vec3 capsuleKeyColor;
uniform float capsuleShFlipX;
vec3 capsuleGamma(vec3 light) { return pow(max(light, vec3(0.)), vec3(1. / 2.2)); }
#endif
`;

/** Shader rewrite after the light loop (pinned to Babylon 9.28, checked by a test). */
export const RELIGHT_SHADER_PATCH = {
  pattern: 'aggShadow=aggShadow\\/numLights;',
  code: `aggShadow=aggShadow/numLights;
#ifdef CAPSULESH
if (capsuleRelight>0.5) {
vec3 capsuleAmbient=max(capsuleShIrradiance(vec3(capsuleShFlipX*normalW.x,normalW.y,normalW.z)),vec3(0.));
float capsuleNdl=dot(normalW,capsuleKeyDirection);
#ifdef VRMTOON
float capsuleLit=vrmToonShading(capsuleNdl);
vec3 capsuleTotal=max(capsuleKeyColor+capsuleAmbient,vec3(1e-4));
vec3 capsuleScale=capsuleGamma(capsuleTotal)/capsuleTotal;
vrmToonShade=capsuleKeyColor*(1.-capsuleLit)*capsuleScale;
diffuseBase=(capsuleKeyColor*capsuleLit+capsuleAmbient)*capsuleScale;
#else
diffuseBase=capsuleGamma(capsuleKeyColor*max(capsuleNdl,0.)+capsuleAmbient);
#endif
#ifdef SPECULARTERM
specularBase=vec3(0.);
#endif
}
#endif
`,
} as const;

const plugins = new WeakMap<Material, ShRelightMaterialPlugin>();

/** The relight plugin of a material, or null. */
export function getRelightPlugin(material: Material): ShRelightMaterialPlugin | null {
  return plugins.get(material) ?? null;
}

/** The SH relighting of one StandardMaterial, reading a shared {@link BabylonRelightState}. */
export class ShRelightMaterialPlugin extends MaterialPluginBase {
  readonly state: BabylonRelightState;

  constructor(material: Material, state: BabylonRelightState) {
    super(material, PLUGIN_NAME, 160, { CAPSULESH: false }, true, true);
    this.state = state;
    plugins.set(material, this);
  }

  override getClassName(): string {
    return 'ShRelightMaterialPlugin';
  }

  override isCompatible(shaderLanguage: ShaderLanguage): boolean {
    return shaderLanguage === ShaderLanguage.GLSL;
  }

  override prepareDefinesBeforeAttributes(defines: MaterialDefines): void {
    defines['CAPSULESH'] = true;
  }

  override getUniforms(): { externalUniforms: string[] } {
    return { externalUniforms: UNIFORMS };
  }

  override bindForSubMesh(
    _ubo: UniformBuffer,
    _scene: Scene,
    _engine: AbstractEngine,
    subMesh: SubMesh,
  ): void {
    const effect = subMesh.effect;
    if (!effect) return;
    const s = this.state;
    effect.setFloat('capsuleRelight', s.relight);
    effect.setArray3('capsuleSH', s.sh as unknown as number[]);
    effect.setFloat3('capsuleKeyDirection', s.keyDirection[0]!, s.keyDirection[1]!, s.keyDirection[2]!);
    effect.setFloat3('capsuleKeyColor', s.keyColor[0]!, s.keyColor[1]!, s.keyColor[2]!);
    effect.setFloat('capsuleShFlipX', s.flipX);
  }

  override getCustomCode(shaderType: string): Nullable<Record<string, string>> {
    if (shaderType !== 'fragment') return null;
    return {
      CUSTOM_FRAGMENT_DEFINITIONS: BABYLON_RELIGHT_DEFINITIONS,
      [`!${RELIGHT_SHADER_PATCH.pattern}`]: RELIGHT_SHADER_PATCH.code,
    };
  }
}
