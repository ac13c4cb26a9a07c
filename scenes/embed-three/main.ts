/**
 * Embedding the runtime in a three.js scene: load a VRM with the three adapter, attach it to an
 * engine avatar, run the engine each frame. The performance helper loops the demo script; in your
 * own page, call `runtime.playProfile(avatar, …)` / `runtime.play(avatar, …)` instead.
 *
 * Relighting: the lighting plugin is installed (on, default environment), so the avatar is lit by
 * its SH environment rather than this scene's lights. Camera capsules are opt-in (off here; the
 * test hook's `cameraCapsules(true)` turns them on): the picture is then taken by a second camera
 * at the orbit plus the avatar's CS channels (engine/camera, applyCameraRigThree).
 */
import {
  Box3,
  Color,
  DirectionalLight,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  PCFSoftShadowMap,
  PerspectiveCamera,
  CircleGeometry,
  Scene,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import {
  THREE_ADAPTER,
  applyCameraRigThree,
  cameraBaseFromThree,
  loadVrmThree,
  threeAdapterPlugin,
} from '../../engine/adapters/three/index.ts';
import { cameraRigPose, createCameraRigPose } from '../../engine/camera/rig.ts';
import type { CameraBase } from '../../engine/camera/rig.ts';
import type { ThreeAdapter, ThreeVrmAvatar } from '../../engine/adapters/three/index.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';
import { readRigDescription } from '../../engine/rig/vrm-reader.ts';
import type { SceneHook } from '../shared/hook.ts';
import { loadErrorMessage, performanceHook } from '../shared/hook.ts';
import { demoScript, loadLibrary } from '../shared/library.ts';
import { createPerformance } from '../shared/performance.ts';
import { DEFAULT_AVATAR_NAME, fetchDefaultAvatar, sceneOptions } from '../shared/scene-options.ts';
import { cameraInfo, sceneLighting, sceneLightingPlugin, setEnvironmentNow } from '../shared/lighting.ts';
import { createPageEnvironment } from '../shared/environments.ts';
import { createEnvironmentPicker } from './environment-picker.ts';

const options = sceneOptions(location.search);
const canvas = document.querySelector<HTMLCanvasElement>('#scene')!;
const errorBox = document.querySelector<HTMLElement>('#error')!;

// --- A plain three.js scene -------------------------------------------------------------------
const renderer = new WebGLRenderer({ canvas, antialias: true });
renderer.setPixelRatio(Math.min(2, window.devicePixelRatio));
renderer.shadowMap.enabled = true;
renderer.shadowMap.type = PCFSoftShadowMap;
const scene = new Scene();
scene.background = new Color(0x1d2026);
const camera = new PerspectiveCamera(30, 1, 0.1, 50);
camera.position.set(0, 1.35, 2.1);
// Paused, the page draws only when the view or the performance changed.
let dirty = true;
const controls = new OrbitControls(camera, canvas);
controls.addEventListener('change', () => (dirty = true));
controls.target.set(0, 1.15, 0);
controls.enableDamping = true;
controls.update();

scene.add(new HemisphereLight(0xf2f0ff, 0x3a3430, 1.6));
const sun = new DirectionalLight(0xffffff, 2.2);
sun.position.set(1.2, 3, 2.2);
sun.castShadow = true;
sun.shadow.mapSize.set(1024, 1024);
Object.assign(sun.shadow.camera, { left: -1, right: 1, top: 2, bottom: -0.2, near: 0.5, far: 8 });
scene.add(sun);
const ground = new Mesh(new CircleGeometry(3, 64), new MeshStandardMaterial({ color: 0x2a2e36 }));
ground.rotation.x = -Math.PI / 2;
ground.receiveShadow = true;
scene.add(ground);

// Camera capsules (opt-in): a second camera takes the picture at the orbit plus the CS channels.
const rigCamera = new PerspectiveCamera(30, 1, 0.1, 50);
let cameraCapsules = false;
const rigBase: CameraBase & { target: number[] } = {
  target: [0, 0, 0],
  distance: 1,
  yawDeg: 0,
  pitchDeg: 0,
  fovDeg: 30,
};
const rigPose = createCameraRigPose();
const NEUTRAL_CAMERA = new Float32Array(8);

function resize(): void {
  const { clientWidth: w, clientHeight: h } = canvas;
  renderer.setSize(w, h, false);
  camera.aspect = w / h;
  camera.updateProjectionMatrix();
  rigCamera.aspect = w / h;
  rigCamera.updateProjectionMatrix();
  dirty = true;
}
new ResizeObserver(resize).observe(canvas);
resize();

// --- The engine: capsule library, the three adapter, a looping performance ----------------------
let avatar: ThreeVrmAvatar | null = null;
let avatarName: string | null = null;
/** Relighting switch, given to every engine built (kept across seeks). */
let relighting = true;
/** The environment picked (bottom right): every engine built is lit by it (environment-picker.ts). */
const pageEnvironment = createPageEnvironment(location.search);
pageEnvironment.relighting = null; // the switch is `relighting` above
const { registry } = loadLibrary();
const performance = createPerformance({
  registry,
  script: demoScript(),
  seed: options.seed,
  startMs: options.startMs,
  // The idle (breathing, blinks, saccades) beneath everything, SH relighting, then the renderer.
  plugins: () => [idlePlugin(), sceneLightingPlugin(), pageEnvironment.plugin, threeAdapterPlugin()],
  // Every seek builds a new engine: attach the avatar to it.
  onBuild: (engine, eid) => {
    const lighting = sceneLighting(engine);
    if (lighting) lighting.enabled = relighting;
    if (avatar) engine.resource<ThreeAdapter>(THREE_ADAPTER).attach(eid, avatar);
  },
});
performance.setPlaying(!options.paused);
const environmentPicker = createEnvironmentPicker({
  select: document.querySelector<HTMLSelectElement>('#environment')!,
  scene,
  page: pageEnvironment,
  performance,
  invalidate: () => (dirty = true),
});

/** Loads a VRM; on failure shows the error and keeps the current avatar running. */
async function show(bytes: Uint8Array, name: string): Promise<boolean> {
  let next: ThreeVrmAvatar;
  try {
    await readRigDescription(bytes, name); // a bad file's error names its byte offset or JSON path
    next = await loadVrmThree(bytes, name);
  } catch (error) {
    errorBox.textContent = `Could not load ${loadErrorMessage(name, error)}`;
    errorBox.hidden = false;
    return false;
  }
  const adapter = performance.engine.resource<ThreeAdapter>(THREE_ADAPTER);
  if (avatar) {
    adapter.detach(performance.avatar, avatar);
    avatar.dispose();
  }
  next.scene.traverse((o) => (o.castShadow = true));
  scene.add(next.scene);
  adapter.attach(performance.avatar, next);
  avatar = next;
  avatarName = name;
  errorBox.hidden = true;
  // Frame the upper body: from the top of the head to just below the hips.
  const hips = next.vrm.humanoid.getRawBoneNode('hips');
  if (hips) {
    const top = new Box3().setFromObject(next.scene).max.y + 0.05;
    const bottom = hips.getWorldPosition(new Vector3()).y - 0.15;
    const distance = (top - bottom) / 2 / Math.tan(((camera.fov / 2) * Math.PI) / 180);
    controls.target.set(0, (top + bottom) / 2, 0);
    camera.position.set(0, (top + bottom) / 2 + 0.15, distance);
    controls.update();
  }
  dirty = true;
  return true;
}

addEventListener('dragover', (e) => e.preventDefault());
addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (file) void file.arrayBuffer().then((buffer) => show(new Uint8Array(buffer), file.name));
});

let drawnRevision = -1;
let last = -1;
let frameMs = 0;
let frames = 0;
/** The camera taking the picture: the orbit camera, or the rig camera with camera capsules on. */
function viewCamera(): PerspectiveCamera {
  cameraBaseFromThree(camera, controls.target, rigBase);
  const channels = cameraCapsules ? performance.runtime.pose(performance.avatar).camera : NEUTRAL_CAMERA;
  cameraRigPose(rigBase, channels, rigPose, performance.time());
  if (!cameraCapsules) return camera;
  applyCameraRigThree(rigPose, rigCamera);
  return rigCamera;
}
function draw(): void {
  renderer.render(scene, viewCamera());
  frames++;
}
renderer.setAnimationLoop((now: number) => {
  controls.update();
  if (!performance.playing && !dirty && performance.revision === drawnRevision) {
    last = -1;
    return;
  }
  dirty = false;
  drawnRevision = performance.revision;
  const delta = last < 0 ? 0 : now - last;
  last = now;
  if (delta > 0) frameMs = frameMs === 0 ? delta : frameMs + (delta - frameMs) * 0.1;
  performance.tick(delta);
  draw();
});

// --- Test hook ----------------------------------------------------------------------------------
const ready = (async () => {
  const bytes = options.defaultAvatar ? await fetchDefaultAvatar() : null;
  if (bytes) await show(bytes, DEFAULT_AVATAR_NAME);
  else if (options.defaultAvatar) console.warn('embed-three: no default avatar yet; drop a .vrm file');
  await environmentPicker.ready;
  performance.tick(0);
  draw();
})();

const centre = new Vector3();
const edge = new Vector3();
const hook: SceneHook = {
  ...performanceHook(() => performance),
  ready,
  loadBytes: (bytes, name) => show(new Uint8Array(bytes), name),
  lastError: () => (errorBox.hidden ? null : errorBox.textContent),
  avatarName: () => avatarName,
  frameMs: () => frameMs,
  frames: () => frames,
  snapshot() {
    performance.tick(0);
    draw();
    return canvas.toDataURL('image/png');
  },
  setEnvironmentSH: (radiance) => {
    setEnvironmentNow(performance, radiance);
    dirty = true;
  },
  relighting(on) {
    if (on !== undefined) {
      relighting = on;
      const lighting = sceneLighting(performance.engine);
      if (lighting) lighting.enabled = on;
      dirty = true;
    }
    return relighting;
  },
  camera: () => {
    viewCamera();
    return cameraInfo(rigPose);
  },
  cameraCapsules(on) {
    if (on !== undefined) {
      cameraCapsules = on;
      dirty = true;
    }
    return cameraCapsules;
  },
  screenBox(bone, halfSize, offset = [0, 0, 0]) {
    const node = avatar?.vrm.humanoid.getRawBoneNode(bone);
    if (!node) return null;
    const camera = viewCamera();
    camera.updateMatrixWorld();
    node.getWorldPosition(centre).add(edge.set(...offset));
    edge.setFromMatrixColumn(camera.matrixWorld, 0).multiplyScalar(halfSize).add(centre);
    centre.project(camera);
    edge.project(camera);
    const w = canvas.width;
    const h = canvas.height;
    const r = Math.abs(edge.x - centre.x) * 0.5 * w;
    const x = (centre.x * 0.5 + 0.5) * w;
    const y = (0.5 - centre.y * 0.5) * h;
    return {
      x: Math.round(x - r),
      y: Math.round(y - r),
      width: Math.round(2 * r),
      height: Math.round(2 * r),
    };
  },
};
window.capsuleViewer = hook;
