/**
 * The environment as the viewer's background: a sky dome centred on the camera that samples the
 * environment's 8-bit equirect preview in the same mapping the SH projection uses (three.js
 * `equirectUv`, glTF world — Babylon's left-handed x is mirrored back), dimmed so the avatar stays
 * the subject. Hidden, the stage's own studio backdrop shows.
 */
import { Effect } from '@babylonjs/core/Materials/effect.js';
import { ShaderMaterial } from '@babylonjs/core/Materials/shaderMaterial.js';
import { Texture } from '@babylonjs/core/Materials/Textures/texture.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import type { Scene } from '@babylonjs/core/scene.js';

/** The dome: what it shows, or nothing. */
export interface EnvironmentDome {
  /**
   * Shows the equirect image at `url` (a bundled preview or a data URL); resolves once the image is
   * on the GPU and the dome's shader compiled (so the next frame draws it), or at once when a later
   * call replaced the image before it loaded.
   */
  show(url: string): Promise<void>;
  hide(): void;
  readonly visible: boolean;
}

/** How much of the preview's brightness the background keeps. */
const DIM = 0.7;

Effect.ShadersStore['capsuleDomeVertexShader'] = `
precision highp float;
attribute vec3 position;
uniform mat4 world;
uniform mat4 worldViewProjection;
varying vec3 vWorld;
void main() {
  vWorld = (world * vec4(position, 1.0)).xyz;
  gl_Position = worldViewProjection * vec4(position, 1.0);
}`;

Effect.ShadersStore['capsuleDomeFragmentShader'] = `
precision highp float;
varying vec3 vWorld;
uniform vec3 eye;
uniform float handedness;
uniform float dim;
uniform sampler2D envMap;
void main() {
  vec3 d = normalize(vWorld - eye);
  d.x *= handedness; // Babylon world (left-handed) → glTF world
  float u = atan(d.z, d.x) * 0.15915494 + 0.5;
  float v = asin(clamp(d.y, -1.0, 1.0)) * 0.31830989 + 0.5;
  gl_FragColor = vec4(texture2D(envMap, vec2(u, v)).rgb * dim, 1.0);
}`;

/** Adds the (hidden) dome to a scene. */
export function createEnvironmentDome(scene: Scene): EnvironmentDome {
  const dome = CreateSphere('environment-dome', { diameter: 80, segments: 24, sideOrientation: 1 }, scene);
  dome.infiniteDistance = true;
  dome.isPickable = false;
  dome.receiveShadows = false;
  dome.setEnabled(false);
  const material = new ShaderMaterial('environment-dome', scene, 'capsuleDome', {
    attributes: ['position'],
    uniforms: ['world', 'worldViewProjection', 'eye', 'handedness', 'dim'],
    samplers: ['envMap'],
  });
  material.backFaceCulling = false;
  material.setFloat('dim', DIM);
  material.setFloat('handedness', scene.useRightHandedSystem ? 1 : -1);
  material.onBindObservable.add(() => {
    const camera = scene.activeCamera;
    if (camera) material.getEffect()?.setVector3('eye', camera.globalPosition);
  });
  dome.material = material;
  let texture: Texture | null = null;
  let url: string | null = null;
  return {
    async show(next) {
      if (next !== url) {
        texture?.dispose();
        texture = new Texture(next, scene, {
          noMipmap: true,
          invertY: true,
          samplingMode: Texture.BILINEAR_SAMPLINGMODE,
        });
        texture.wrapU = Texture.WRAP_ADDRESSMODE;
        texture.wrapV = Texture.CLAMP_ADDRESSMODE;
        material.setTexture('envMap', texture);
        url = next;
      }
      dome.setEnabled(true);
      const t = texture!;
      if (!t.isReady())
        await new Promise<void>((resolve) => {
          t.onLoadObservable.addOnce(() => resolve());
          // A later show() replaced (disposed) it before it loaded: its load never comes.
          t.onDisposeObservable.addOnce(() => resolve());
        });
      if (t !== texture) return;
      await scene.whenReadyAsync();
    },
    hide() {
      dome.setEnabled(false);
    },
    get visible() {
      return dome.isEnabled();
    },
  };
}
