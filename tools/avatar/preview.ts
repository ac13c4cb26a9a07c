/**
 * Renders the default avatar in headless Chromium with three.js + three-vrm, from the front, the
 * side, and close-ups of the face (several expressions) and the right hand (a finger curl), so a
 * person can look at what the generator made. Three.js and three-vrm are served straight from
 * node_modules by a tiny local server; nothing is downloaded.
 *
 *   node bin/run-ts.js tools/avatar/preview.ts [--vrm assets/default-avatar.vrm] [--out out/avatar-preview]
 *     [--only name,…] [--shots '<JSON list of shots>']
 *
 * With `--out docs/images` the files are named `default-avatar-<shot>.png`, as the docs use them.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

/** A rotation vector in degrees (VRM 1.0 normalised frame, as capsules write them). */
type Rot = readonly [number, number, number];
/**
 * Per normalised bone: one rotation vector, or several applied one after another about the
 * parent's axes (first the first), which is easier to aim an arm with.
 */
type Pose = Readonly<Record<string, Rot | readonly Rot[]>>;

/** One picture: camera, pose, expression weights. */
interface Shot {
  readonly name: string;
  readonly size: readonly [number, number];
  /** Camera position and target; a `bone` target is that bone's world position plus `offset`. */
  readonly camera: {
    readonly position: readonly [number, number, number];
    readonly target: readonly [number, number, number];
    readonly bone?: string;
    /** With a bone: position and target are in that bone's local frame (they turn with it). */
    readonly local?: boolean;
    readonly fov: number;
  };
  readonly pose?: Pose;
  readonly expressions?: Readonly<Record<string, number>>;
  /** Material names to hide (debugging). */
  readonly hide?: readonly string[];
  /** A contact sheet: the shot's camera over several expression/pose cells, `columns` wide. */
  readonly cells?: readonly {
    readonly expressions?: Readonly<Record<string, number>>;
    readonly pose?: Pose;
  }[];
  readonly columns?: number;
}

/** Arms relaxed at the sides with a slight bend: the pose a viewer shows the avatar in. */
const RELAXED: Pose = {
  leftUpperArm: [0, 0, -68],
  rightUpperArm: [0, 0, 68],
  leftLowerArm: [0, -12, 0],
  rightLowerArm: [0, 12, 0],
  leftHand: [0, 0, -8],
  rightHand: [0, 0, 8],
};

/** Right forearm raised in front, palm facing the midline: the seed library's reference hand. */
const GESTURE: Pose = {
  ...RELAXED,
  rightUpperArm: [
    [0, 0, 74],
    [-22, 0, 0],
    [0, 38, 0],
  ],
  rightLowerArm: [0, 95, 0],
  rightHand: [-10, 0, -12],
};

/** Sums rotation vectors bone by bone: capsule deltas are additive on a base pose. */
function addPoses(...poses: Pose[]): Pose {
  const out: Record<string, Rot | readonly Rot[]> = {};
  for (const pose of poses)
    for (const [bone, v] of Object.entries(pose)) {
      const o = out[bone];
      if (o === undefined || typeof o[0] !== 'number' || typeof v[0] !== 'number') out[bone] = v;
      else {
        const a = o as Rot;
        const b = v as Rot;
        out[bone] = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
      }
    }
  return out;
}

/** A relaxed right hand: fingers softly curled, more towards the little finger. */
const SOFT_HAND: Pose = {
  rightIndexProximal: [0, 0, 8],
  rightIndexIntermediate: [0, 0, 10],
  rightIndexDistal: [0, 0, 6],
  rightMiddleProximal: [0, 0, 10],
  rightMiddleIntermediate: [0, 0, 12],
  rightMiddleDistal: [0, 0, 7],
  rightRingProximal: [0, 0, 13],
  rightRingIntermediate: [0, 0, 14],
  rightRingDistal: [0, 0, 8],
  rightLittleProximal: [0, 0, 16],
  rightLittleIntermediate: [0, 0, 16],
  rightLittleDistal: [0, 0, 9],
  rightThumbProximal: [0, -8, 0],
};

/** The same relaxed curl on the left hand (mirrored: (x, y, z) → (x, −y, −z)). */
const SOFT_LEFT_HAND: Pose = Object.fromEntries(
  Object.entries(SOFT_HAND).map(([bone, v]) => {
    const r = v as Rot;
    return [bone.replace('right', 'left'), [r[0], -r[1], -r[2]] as const];
  }),
);

/** HK_001 (index + middle curl, as compiled) at full weight. */
const HK_001: Pose = {
  rightIndexProximal: [0, -1.371, 16.2],
  rightIndexIntermediate: [0, 0, 19.8],
  rightIndexDistal: [0, 0, 14.4],
  rightMiddleProximal: [0, 1.217, 16.2],
  rightMiddleIntermediate: [0, 0, 19.8],
  rightMiddleDistal: [0, 0, 14.4],
};

/** A stronger curl of the ring and little fingers with the thumb across: fingers bend separately. */
const CURL: Pose = {
  rightRingProximal: [0, 0, 55],
  rightRingIntermediate: [0, 0, 70],
  rightRingDistal: [0, 0, 45],
  rightLittleProximal: [0, 0, 60],
  rightLittleIntermediate: [0, 0, 75],
  rightLittleDistal: [0, 0, 50],
  rightThumbMetacarpal: [0, -15, 10],
  rightThumbProximal: [0, -25, 0],
  rightThumbDistal: [0, -30, 0],
};

const FACE_CAMERA = { position: [0, 1.575, 0.62], target: [0, 1.565, 0], fov: 22 } as const;

const FACE_SHEET = [
  'neutral',
  'happy',
  'angry',
  'sad',
  'relaxed',
  'surprised',
  'blink',
  'aa',
  'ih',
  'ou',
  'ee',
  'oh',
];

/** Every shot the preview renders (the set docs/default-avatar.md shows). */
export const SHOTS: readonly Shot[] = [
  {
    name: 'front',
    size: [560, 900],
    camera: { position: [0, 0.92, 3.6], target: [0, 0.86, 0], fov: 30 },
    pose: RELAXED,
  },
  {
    name: 'side',
    size: [560, 900],
    camera: { position: [3.6, 0.92, 0.05], target: [0, 0.86, 0.05], fov: 30 },
    pose: RELAXED,
  },
  {
    name: 'tpose',
    size: [900, 600],
    camera: { position: [0, 1.0, 4.2], target: [0, 0.9, 0], fov: 30 },
    pose: {},
  },
  {
    name: 'half-body',
    size: [720, 720],
    camera: { position: [0.27, 1.36, 1.7], target: [0, 1.29, 0], fov: 30 },
    pose: addPoses(GESTURE, SOFT_HAND, SOFT_LEFT_HAND, HK_001),
    expressions: { happy: 0.4 },
  },
  { name: 'face', size: [560, 560], camera: FACE_CAMERA },
  {
    name: 'face-three-quarter',
    size: [560, 560],
    camera: { position: [0.38, 1.59, 0.48], target: [0, 1.56, 0.02], fov: 24 },
    expressions: { happy: 0.5 },
  },
  {
    name: 'expressions',
    size: [260, 260],
    camera: FACE_CAMERA,
    columns: 4,
    cells: FACE_SHEET.map((name) => ({ expressions: name === 'neutral' ? {} : { [name]: 1 } })),
  },
  {
    name: 'head-turnaround',
    size: [300, 340],
    camera: { position: [0, 1.58, 0.75], target: [0, 1.575, 0], fov: 24 },
    columns: 4,
    cells: [0, -40, -90, 180].map((deg) => ({ pose: { hips: [0, deg, 0] as const } })),
  },
  {
    name: 'hands',
    size: [380, 380],
    camera: { position: [-0.86, 1.23, 0.36], target: [-0.8, 1.355, 0], fov: 30 },
    columns: 3,
    cells: [
      { pose: SOFT_HAND },
      { pose: addPoses(SOFT_HAND, HK_001) },
      { pose: addPoses(SOFT_HAND, HK_001, CURL) },
    ],
  },
];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>html,body{margin:0;background:#dfe4ea}canvas{display:block}</style>
<script type="importmap">{"imports":{"three":"/node_modules/three/build/three.module.js","three/addons/":"/node_modules/three/examples/jsm/","@pixiv/three-vrm":"/node_modules/@pixiv/three-vrm/lib/three-vrm.module.js"}}</script>
</head><body><script type="module">
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { VRMLoaderPlugin } from '@pixiv/three-vrm';
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(1);
renderer.outputColorSpace = THREE.SRGBColorSpace;
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0xdfe4ea);
const key = new THREE.DirectionalLight(0xffffff, 2.6);
key.position.set(1.2, 2.4, 2.6);
scene.add(key);
scene.add(new THREE.HemisphereLight(0xffffff, 0xb8b0a8, 1.3));
const floor = new THREE.Mesh(new THREE.CircleGeometry(0.7, 48), new THREE.MeshBasicMaterial({ color: 0xc9cfd6 }));
floor.rotation.x = -Math.PI / 2;
scene.add(floor);
const camera = new THREE.PerspectiveCamera(30, 1, 0.01, 20);
const loader = new GLTFLoader();
loader.register((parser) => new VRMLoaderPlugin(parser));
const gltf = await loader.loadAsync('/avatar.vrm');
const vrm = gltf.userData.vrm;
scene.add(vrm.scene);
// Skinned bounds are cached from one pose; close-ups of a moved hand would be culled.
vrm.scene.traverse((o) => { o.frustumCulled = false; });
window.vrmInfo = { expressions: vrm.expressionManager.expressions.map((e) => e.expressionName), bones: Object.keys(vrm.humanoid.humanBones).length };
function apply(shot, cell) {
  for (const name of Object.keys(vrm.humanoid.humanBones)) vrm.humanoid.getNormalizedBoneNode(name)?.quaternion.identity();
  for (const [name, value] of Object.entries({ ...(shot.pose ?? {}), ...(cell.pose ?? {}) })) {
    const node = vrm.humanoid.getNormalizedBoneNode(name);
    if (!node) continue;
    for (const v of typeof value[0] === 'number' ? [value] : value) {
      const axis = new THREE.Vector3(v[0], v[1], v[2]);
      const deg = axis.length();
      if (deg > 0) node.quaternion.premultiply(new THREE.Quaternion().setFromAxisAngle(axis.normalize(), (deg * Math.PI) / 180));
    }
  }
  for (const e of vrm.expressionManager.expressions) vrm.expressionManager.setValue(e.expressionName, 0);
  for (const [name, w] of Object.entries(cell.expressions ?? shot.expressions ?? {})) vrm.expressionManager.setValue(name, w);
  vrm.update(0);
  vrm.scene.traverse((o) => {
    if (o.material) o.visible = !(shot.hide ?? []).some((h) => [o.material].flat().some((m) => m.name.startsWith(h)));
  });
  vrm.scene.updateMatrixWorld(true);
  const target = new THREE.Vector3(...shot.camera.target);
  const position = new THREE.Vector3(...shot.camera.position);
  if (shot.camera.bone) {
    const node = vrm.humanoid.getNormalizedBoneNode(shot.camera.bone);
    const p = node.getWorldPosition(new THREE.Vector3());
    if (shot.camera.local) {
      const q = node.getWorldQuaternion(new THREE.Quaternion());
      target.applyQuaternion(q);
      position.applyQuaternion(q);
    }
    target.add(p);
    position.add(p);
  }
  camera.position.copy(position);
  camera.lookAt(target);
}
window.shoot = (shot) => {
  const cells = shot.cells ?? [{}];
  const columns = shot.columns ?? cells.length;
  const rows = Math.ceil(cells.length / columns);
  const [w, h] = shot.size;
  renderer.setSize(w * columns, h * rows);
  renderer.setScissorTest(true);
  camera.aspect = w / h;
  camera.fov = shot.camera.fov;
  camera.updateProjectionMatrix();
  cells.forEach((cell, i) => {
    apply(shot, cell);
    const x = (i % columns) * w;
    const y = (rows - 1 - Math.floor(i / columns)) * h;
    renderer.setViewport(x, y, w, h);
    renderer.setScissor(x, y, w, h);
    renderer.render(scene, camera);
  });
  return true;
};
window.ready = true;
</script></body></html>`;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.html': 'text/html',
};

function serve(root: string, vrmPath: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    try {
      if (url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      } else if (url === '/favicon.ico') {
        res.writeHead(204).end();
      } else if (url === '/avatar.vrm') {
        res.writeHead(200, { 'content-type': 'model/gltf-binary' }).end(readFileSync(vrmPath));
      } else if (url.startsWith('/node_modules/') && !url.includes('..')) {
        const file = join(root, url);
        res
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(readFileSync(file));
      } else {
        res.writeHead(404).end();
      }
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done({ server, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const root = resolve('.');
  const vrmPath = resolve(arg('vrm') ?? 'assets/default-avatar.vrm');
  const outDir = resolve(arg('out') ?? 'out/avatar-preview');
  const only = arg('only')?.split(',');
  const extra = arg('shots');
  const shots: readonly Shot[] = extra ? (JSON.parse(extra) as Shot[]) : SHOTS;
  const docsNames = outDir.endsWith(join('docs', 'images'));
  mkdirSync(outDir, { recursive: true });
  const { server, port } = await serve(root, vrmPath);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.error(`page: ${m.text()}`);
    });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction('window.ready === true', undefined, { timeout: 60_000 });
    console.log(await page.evaluate('JSON.stringify(window.vrmInfo)'));
    for (const shot of shots) {
      if (only && !only.includes(shot.name)) continue;
      const columns = shot.columns ?? shot.cells?.length ?? 1;
      const rows = Math.ceil((shot.cells?.length ?? 1) / columns);
      await page.setViewportSize({ width: shot.size[0] * columns, height: shot.size[1] * rows });
      await page.evaluate((s) => (window as unknown as { shoot: (s: unknown) => boolean }).shoot(s), shot);
      // Let the resized canvas reach the screen before capturing it.
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      const png = await page.locator('canvas').screenshot();
      const file = join(outDir, docsNames ? `default-avatar-${shot.name}.png` : `${shot.name}.png`);
      writeFileSync(file, png);
      console.log(`wrote ${file} (${(png.byteLength / 1024).toFixed(0)} KiB)`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
