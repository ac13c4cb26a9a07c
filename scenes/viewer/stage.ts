/**
 * The viewer's Babylon.js stage: a soft studio (graded backdrop, a floor that fades out, a sky/ground
 * hemispheric fill and one soft-shadowed key light) and an orbit camera that frames the upper body.
 * With camera capsules on (the default), the picture is taken by a rig camera: the user's orbit plus
 * the avatar's CS camera channels (engine/camera); off, by the orbit camera itself.
 */
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { TargetCamera } from '@babylonjs/core/Cameras/targetCamera.js';
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Layer } from '@babylonjs/core/Layers/layer.js';
import '@babylonjs/core/Layers/layerSceneComponent.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { ShadowGenerator } from '@babylonjs/core/Lights/Shadows/shadowGenerator.js';
import '@babylonjs/core/Lights/Shadows/shadowGeneratorSceneComponent.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js';
import { CreateDisc } from '@babylonjs/core/Meshes/Builders/discBuilder.js';
import { Scene } from '@babylonjs/core/scene.js';
import { applyCameraRigBabylon, cameraBaseFromArcRotate } from '../../engine/adapters/babylon/camera.ts';
import { cameraRigPose, createCameraRigPose } from '../../engine/camera/rig.ts';
import type { CameraBase, CameraRigPose } from '../../engine/camera/rig.ts';

/** The stage: engine, scene, camera, and what the avatar needs from it. */
export interface Stage {
  readonly engine: Engine;
  readonly scene: Scene;
  /** The user's orbit camera (inputs, framing). */
  readonly camera: ArcRotateCamera;
  /** The camera that takes the picture with camera capsules on. */
  readonly rigCamera: TargetCamera;
  /** Whether CS capsules move the picture (on by default). */
  readonly cameraCapsules: boolean;
  setCameraCapsules(on: boolean): void;
  /**
   * Before a render: with camera capsules on, runs the orbit camera's inputs and puts the rig camera
   * at the orbit plus `channels` (a pose's `camera` view) at engine time `timeMs`; off, nothing.
   */
  prepareCamera(channels: ArrayLike<number> | null, timeMs: number): void;
  /** The pose last given to the rig camera (glTF / three.js world), or the orbit's with capsules off. */
  cameraPose(): CameraRigPose;
  /** Makes meshes cast soft shadows on the floor. */
  castShadows(meshes: readonly AbstractMesh[]): void;
  /**
   * Points the camera at the upper body and hands, from the head bone, the lowest of the hips and
   * hand bones and the top of the avatar's meshes (Babylon world).
   */
  frame(head: Vector3, low: Vector3, top: number): void;
}

const BACKDROP_TOP = '#2a2f38';
const BACKDROP_BOTTOM = '#15171c';
const FLOOR = new Color3(0.2, 0.215, 0.24);

/** A gradient texture drawn with the 2D canvas API. */
function gradientTexture(
  name: string,
  scene: Scene,
  size: number,
  paint: (ctx: CanvasRenderingContext2D, size: number) => void,
): DynamicTexture {
  const texture = new DynamicTexture(name, { width: size, height: size }, scene, false);
  paint(texture.getContext() as CanvasRenderingContext2D, size);
  texture.update(false);
  return texture;
}

/** Builds the stage on a canvas. */
export function createStage(canvas: HTMLCanvasElement): Stage {
  const engine = new Engine(canvas, true, { stencil: true, antialias: true }, true);
  const scene = new Scene(engine);
  scene.clearColor = Color4.FromHexString(`${BACKDROP_BOTTOM}ff`);
  scene.ambientColor = new Color3(0.1, 0.1, 0.12);

  // Backdrop: a vertical grade with a soft glow behind the avatar, in screen space.
  const backdrop = new Layer('backdrop', null, scene, true);
  backdrop.texture = gradientTexture('backdrop', scene, 256, (ctx, s) => {
    const vertical = ctx.createLinearGradient(0, 0, 0, s);
    vertical.addColorStop(0, BACKDROP_TOP);
    vertical.addColorStop(1, BACKDROP_BOTTOM);
    ctx.fillStyle = vertical;
    ctx.fillRect(0, 0, s, s);
    const glow = ctx.createRadialGradient(s / 2, s * 0.42, 0, s / 2, s * 0.42, s * 0.55);
    glow.addColorStop(0, 'rgba(120, 140, 150, 0.22)');
    glow.addColorStop(1, 'rgba(120, 140, 150, 0)');
    ctx.fillStyle = glow;
    ctx.fillRect(0, 0, s, s);
  });

  const camera = new ArcRotateCamera('camera', Math.PI / 2, 1.42, 2.2, new Vector3(0, 1.2, 0), scene);
  camera.fov = 0.62;
  camera.minZ = 0.05;
  camera.maxZ = 60;
  camera.lowerRadiusLimit = 0.45;
  camera.upperRadiusLimit = 6;
  camera.lowerBetaLimit = 0.35;
  camera.upperBetaLimit = 1.66;
  camera.wheelDeltaPercentage = 0.01;
  camera.pinchDeltaPercentage = 0.002;
  camera.panningSensibility = 0;
  camera.inertia = 0.85;
  camera.attachControl(true);

  const fill = new HemisphericLight('fill', new Vector3(0.2, 1, 0.3), scene);
  fill.intensity = 0.5;
  fill.diffuse = new Color3(0.92, 0.94, 1);
  fill.groundColor = new Color3(0.22, 0.2, 0.2);
  fill.specular = Color3.Black();

  const key = new DirectionalLight('key', new Vector3(-0.45, -1, -0.55), scene);
  key.position = new Vector3(2.2, 5, 2.8);
  key.intensity = 0.8;
  key.diffuse = new Color3(1, 0.96, 0.9);
  key.autoCalcShadowZBounds = true;
  const shadows = new ShadowGenerator(1024, key);
  shadows.usePercentageCloserFiltering = true;
  shadows.filteringQuality = ShadowGenerator.QUALITY_MEDIUM;
  shadows.darkness = 0.45;
  shadows.bias = 0.001;
  shadows.normalBias = 0.01;

  // Floor: a disc that fades into the backdrop, receiving the key light's shadow.
  const floor = CreateDisc('floor', { radius: 3.2, tessellation: 96 }, scene);
  floor.rotation.x = Math.PI / 2;
  floor.receiveShadows = true;
  floor.isPickable = false;
  const floorMaterial = new StandardMaterial('floor', scene);
  floorMaterial.diffuseColor = FLOOR;
  floorMaterial.specularColor = Color3.Black();
  const fade = gradientTexture('floor-fade', scene, 256, (ctx, s) => {
    const g = ctx.createRadialGradient(s / 2, s / 2, 0, s / 2, s / 2, s / 2);
    g.addColorStop(0, '#ffffff');
    g.addColorStop(0.45, '#d8d8d8');
    g.addColorStop(1, '#000000');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, s, s);
  });
  fade.getAlphaFromRGB = true;
  floorMaterial.opacityTexture = fade;
  floor.material = floorMaterial;

  // The rig camera: the orbit's framing plus CS channels. Same projection settings as the orbit.
  const rigCamera = new TargetCamera('camera-rig', camera.position.clone(), scene);
  rigCamera.minZ = camera.minZ;
  rigCamera.maxZ = camera.maxZ;
  let cameraCapsules = true;
  const base: CameraBase & { target: number[] } = {
    target: [0, 0, 0],
    distance: 1,
    yawDeg: 0,
    pitchDeg: 0,
    fovDeg: 30,
  };
  const pose = createCameraRigPose();
  const NEUTRAL = new Float32Array(8);

  return {
    engine,
    scene,
    camera,
    rigCamera,
    get cameraCapsules() {
      return cameraCapsules;
    },
    setCameraCapsules(on) {
      cameraCapsules = on;
      if (!on) scene.activeCamera = camera;
    },
    prepareCamera(channels, timeMs) {
      const rightHanded = scene.useRightHandedSystem;
      if (!cameraCapsules) {
        cameraRigPose(cameraBaseFromArcRotate(camera, rightHanded, base), NEUTRAL, pose);
        return;
      }
      // The orbit camera is not the active one: run its inputs (and inertia) here.
      camera.update();
      camera.getViewMatrix();
      cameraBaseFromArcRotate(camera, rightHanded, base);
      cameraRigPose(base, channels ?? NEUTRAL, pose, timeMs);
      applyCameraRigBabylon(pose, rigCamera, rightHanded);
      rigCamera.viewport = camera.viewport;
      scene.activeCamera = rigCamera;
    },
    cameraPose: () => pose,
    castShadows(meshes) {
      for (const mesh of meshes) shadows.addShadowCaster(mesh, false);
    },
    frame(head, low, meshTop) {
      // Head to a little below the hips and hands, with air above the head (hair and hats can be tall).
      const top = Math.min(Math.max(meshTop, head.y + 0.15), head.y + 0.45) + 0.04;
      const bottom = low.y - 0.1;
      camera.target = new Vector3(head.x, (top + bottom) / 2, head.z);
      camera.alpha = Math.PI / 2;
      camera.beta = 1.5;
      camera.radius = ((top - bottom) * 0.5) / Math.tan(camera.fov / 2);
      // Back off until the top of the head and the hands (in front of the body) are in view.
      const points = [new Vector3(head.x, top, head.z), new Vector3(low.x, bottom, low.z)];
      for (let i = 0; i < 30; i++) {
        camera.getViewMatrix(true);
        const viewport = camera.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight());
        const transform = camera.getTransformationMatrix();
        const fits = points.every((p) => {
          const s = Vector3.Project(p, Matrix.IdentityReadOnly, transform, viewport);
          return s.y >= viewport.height * 0.03 && s.y <= viewport.height * 0.97;
        });
        if (fits) break;
        camera.radius *= 1.05;
      }
      camera.upperRadiusLimit = Math.max(6, camera.radius * 3);
    },
  };
}
