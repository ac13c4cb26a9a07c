/**
 * A toon look for MToon materials on Babylon's StandardMaterial, as a material plugin (GLSL/WebGL):
 * per light, MToon's shading factor `s = linearstep(−1 + toony, 1 − toony, N·L + shift) · shadow`
 * splits the light between the lit colour (base colour × texture, Babylon's diffuse path) and the
 * shade colour (shade factor × shade texture), i.e. `light · mix(shade, lit, s)`; ambient and
 * hemispheric light reach the lit colour only, like MToon's indirect term. No specular.
 *
 * It works by rewriting three spots of the generated shader (the per-light N·L, the per-light diffuse
 * accumulation, the final colour); the patterns are pinned to Babylon 9.28 and checked by a test.
 * Under WebGPU/WGSL the plugin reports itself incompatible and the material renders as plain
 * Lambert with the same colours.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color.pure.js';
import type { Material } from '@babylonjs/core/Materials/material.pure.js';
import type { MaterialDefines } from '@babylonjs/core/Materials/materialDefines.js';
import { MaterialPluginBase } from '@babylonjs/core/Materials/materialPluginBase.pure.js';
import { ShaderLanguage } from '@babylonjs/core/Materials/shaderLanguage.js';
import type { BaseTexture } from '@babylonjs/core/Materials/Textures/baseTexture.pure.js';
import { Texture } from '@babylonjs/core/Materials/Textures/texture.pure.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.pure.js';
import type { UniformBuffer } from '@babylonjs/core/Materials/uniformBuffer.js';
import type { Nullable } from '@babylonjs/core/types.js';

const PLUGIN_NAME = 'VrmToon';

/**
 * Shader rewrites, keyed as Babylon's material plugins expect (`!regex` → replacement). Exported so
 * a test can check each pattern still occurs in the installed Babylon's shader sources.
 */
export const TOON_SHADER_PATCHES = {
  /** Declares the accumulators and the shading step ahead of the lighting functions. */
  declarations: {
    pattern: 'struct lightingInfo',
    code: [
      'vec3 vrmToonLight=vec3(0.);',
      'vec3 vrmToonShade=vec3(0.);',
      'float vrmToonShading(float d){',
      'float lo=-1.+vrmToonParams.x;float hi=1.-vrmToonParams.x;',
      'return clamp((d+vrmToonParams.y-lo)/max(hi-lo,1e-4),0.,1.);}',
      'struct lightingInfo',
    ].join('\n'),
  },
  /** Point, directional and spot lights: the stepped factor replaces the Lambert cosine. */
  shading: {
    pattern: 'float ndl=max\\(0\\.,dot\\(vNormal,lightVectorW\\)\\);',
    code: 'float ndl=vrmToonShading(dot(vNormal,lightVectorW));',
  },
  /** Remembers the light's full colour so the shade share can be taken after shadows. */
  lightColor: {
    pattern: 'result\\.diffuse=ndl\\*diffuseColor\\*attenuation;',
    code: 'result.diffuse=ndl*diffuseColor*attenuation;vrmToonLight=diffuseColor*attenuation;',
  },
  /** What the lit share (factor × shadow) leaves goes to the shade colour. */
  accumulate: {
    pattern: 'diffuseBase\\+=info\\.diffuse\\*shadow;',
    code: 'diffuseBase+=info.diffuse*shadow;vrmToonShade+=max(vrmToonLight-info.diffuse*shadow,vec3(0.));vrmToonLight=vec3(0.);',
  },
} as const;

const FRAGMENT_DEFINITIONS = `
#ifdef VRMTOON_SHADETEXTURE
uniform sampler2D vrmToonShadeSampler;
#endif
`;

const BEFORE_FOG = `
vec3 vrmToonShadeColorAt=vrmToonShadeColor;
#if defined(VRMTOON_SHADETEXTURE) && defined(MAINUV1)
vrmToonShadeColorAt*=texture2D(vrmToonShadeSampler,(vrmToonShadeMatrix*vec4(vMainUV1,1.,0.)).xy).rgb;
#endif
color.rgb+=vrmToonShade*vrmToonShadeColorAt;
`;

const plugins = new WeakMap<Material, ToonMaterialPlugin>();

/** The toon plugin of a material, or null for any other material. */
export function getToonPlugin(material: Material): ToonMaterialPlugin | null {
  return plugins.get(material) ?? null;
}

/** MToon's shade colour, shade texture and shading step on a StandardMaterial. */
export class ToonMaterialPlugin extends MaterialPluginBase {
  /** Shade colour, gamma space (the StandardMaterial pipeline's space). */
  readonly shadeColor = new Color3(0, 0, 0);
  /** MToon `shadingToonyFactor`: 0 = smooth Lambert-like ramp, 1 = hard step. */
  shadingToony = 0.9;
  /** MToon `shadingShiftFactor`: moves the terminator (−1..1). */
  shadingShift = 0;
  /** MToon UV animation speeds: scroll in UV units per second, rotation in radians per second. */
  readonly uvAnimation = { scrollX: 0, scrollY: 0, rotation: 0 };
  #shadeTexture: Nullable<BaseTexture> = null;
  #uvX = 0;
  #uvY = 0;
  #uvPhase = 0;
  readonly #uvRest = new Map<Texture, readonly [number, number, number]>();

  constructor(material: Material) {
    super(material, PLUGIN_NAME, 150, { VRMTOON: false, VRMTOON_SHADETEXTURE: false }, true, true);
    plugins.set(material, this);
  }

  /** Multiplies the shade colour (sampled with the first UV set). */
  get shadeTexture(): Nullable<BaseTexture> {
    return this.#shadeTexture;
  }

  set shadeTexture(texture: Nullable<BaseTexture>) {
    if (this.#shadeTexture === texture) return;
    this.#shadeTexture = texture;
    this.markAllDefinesAsDirty();
  }

  /**
   * Advances the UV animation by `delta` seconds and moves the material's base, normal, emissive and
   * shade textures: offset += scroll, rotation about the UV centre (MToon's order; exact for
   * textures without their own KHR_texture_transform). The animation mask is not supported.
   */
  advanceUvAnimation(delta: number): void {
    const a = this.uvAnimation;
    if (a.scrollX === 0 && a.scrollY === 0 && a.rotation === 0) return;
    this.#uvX = (this.#uvX + delta * a.scrollX) % 1;
    this.#uvY = (this.#uvY + delta * a.scrollY) % 1;
    this.#uvPhase = (this.#uvPhase + delta * a.rotation) % (2 * Math.PI);
    const m = this._material;
    if (m instanceof StandardMaterial) {
      this.#moveTexture(m.diffuseTexture);
      this.#moveTexture(m.bumpTexture);
      this.#moveTexture(m.emissiveTexture);
    }
    this.#moveTexture(this.#shadeTexture);
  }

  #moveTexture(t: Nullable<BaseTexture>): void {
    if (!(t instanceof Texture)) return;
    let rest = this.#uvRest.get(t);
    if (!rest) {
      rest = [t.uOffset, t.vOffset, t.wAng];
      this.#uvRest.set(t, rest);
      if (this.uvAnimation.rotation !== 0) {
        t.uRotationCenter = 0.5;
        t.vRotationCenter = 0.5;
      }
    }
    t.uOffset = rest[0] + this.#uvX;
    t.vOffset = rest[1] + this.#uvY;
    t.wAng = rest[2] - this.#uvPhase;
  }

  override getClassName(): string {
    return 'ToonMaterialPlugin';
  }

  override isCompatible(shaderLanguage: ShaderLanguage): boolean {
    return shaderLanguage === ShaderLanguage.GLSL;
  }

  override prepareDefinesBeforeAttributes(defines: MaterialDefines): void {
    const hasTexture = this.#shadeTexture !== null;
    defines['VRMTOON'] = true;
    defines['VRMTOON_SHADETEXTURE'] = hasTexture;
    if (hasTexture) {
      defines._needUVs = true;
      defines['MAINUV1'] = true;
    }
  }

  override getSamplers(samplers: string[]): void {
    samplers.push('vrmToonShadeSampler');
  }

  override getUniforms(): {
    ubo: { name: string; size: number; type: string }[];
    fragment: string;
  } {
    return {
      ubo: [
        { name: 'vrmToonShadeColor', size: 3, type: 'vec3' },
        { name: 'vrmToonParams', size: 2, type: 'vec2' },
        { name: 'vrmToonShadeMatrix', size: 16, type: 'mat4' },
      ],
      fragment:
        'uniform vec3 vrmToonShadeColor;\nuniform vec2 vrmToonParams;\nuniform mat4 vrmToonShadeMatrix;',
    };
  }

  override bindForSubMesh(ubo: UniformBuffer): void {
    ubo.updateColor3('vrmToonShadeColor', this.shadeColor);
    ubo.updateFloat2('vrmToonParams', this.shadingToony, this.shadingShift);
    const texture = this.#shadeTexture;
    if (texture) {
      ubo.updateMatrix('vrmToonShadeMatrix', texture.getTextureMatrix());
      ubo.setTexture('vrmToonShadeSampler', texture);
    }
  }

  override hasTexture(texture: BaseTexture): boolean {
    return this.#shadeTexture === texture;
  }

  override getActiveTextures(activeTextures: BaseTexture[]): void {
    if (this.#shadeTexture) activeTextures.push(this.#shadeTexture);
  }

  override getCustomCode(shaderType: string): Nullable<Record<string, string>> {
    if (shaderType !== 'fragment') return null;
    const code: Record<string, string> = {
      CUSTOM_FRAGMENT_DEFINITIONS: FRAGMENT_DEFINITIONS,
      CUSTOM_FRAGMENT_BEFORE_FOG: BEFORE_FOG,
    };
    for (const patch of Object.values(TOON_SHADER_PATCHES)) code[`!${patch.pattern}`] = patch.code;
    return code;
  }

  override dispose(forceDisposeTextures?: boolean): void {
    if (forceDisposeTextures) this.#shadeTexture?.dispose();
    this.#shadeTexture = null;
  }
}
