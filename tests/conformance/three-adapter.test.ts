/**
 * The three.js adapter on real VRM files, in Node (DOM shim): VRM 0.x and 1.0 humanoids driven in
 * the engine's VRM 1.0 normalized frame, expression rules (isBinary, overrideBlink) as three-vrm
 * applies them, gaze signs through three-vrm's lookAt, and clear errors on bad bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Quaternion, Vector3 } from 'three';
import type { Mesh, MeshStandardMaterial, Object3D } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createThreeVrmAvatar, loadVrmThree } from '../../engine/adapters/three/index.ts';
import { VRMLookAtBoneApplier } from '../../engine/adapters/three/three-vrm.ts';
import type {
  ThreeVrmAvatar,
  VRMExpression,
  VRMLookAt,
  VRMLookAtApplier,
} from '../../engine/adapters/three/index.ts';
import { HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';
import { ChannelLayout, EXPRESSION_BASE } from '../../engine/rig/channels.ts';
import { createPoseBuffer } from '../../engine/rig/pose-buffer.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { installDomShim } from './dom-shim.ts';
import { FIXTURES, HAS_FIXTURES } from './shared-fixtures.ts';

installDomShim();
if (!HAS_FIXTURES) console.warn(`three adapter conformance skipped: no VRM fixtures at ${FIXTURES}`);

const DEG = Math.PI / 180;

/** Distance between two rotations as unit quaternions (sign-blind); unlike `angleTo` (acos), exact near 0. */
function rotationDistance(a: Quaternion, b: Quaternion): number {
  const d = (s: number): number => Math.hypot(a.x - s * b.x, a.y - s * b.y, a.z - s * b.z, a.w - s * b.w);
  return Math.min(d(1), d(-1));
}
const DEFAULT_AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));

async function load(file: string): Promise<ThreeVrmAvatar> {
  return loadVrmThree(readFileSync(join(FIXTURES, file)), file);
}

/** Sets one bone's normalized rotation in a pose buffer from axis × angle (degrees). */
function setBone(pose: PoseBuffer, bone: HumanBoneName, axis: Vector3, degrees: number): void {
  const q = new Quaternion().setFromAxisAngle(axis, degrees * DEG);
  pose.rotations.set([q.x, q.y, q.z, q.w], HUMAN_BONE_NAMES.indexOf(bone) * 4);
}

function worldQuaternion(avatar: ThreeVrmAvatar, bone: HumanBoneName): Quaternion {
  const out = new Float32Array(4);
  avatar.boneWorldQuaternion(bone, out);
  return new Quaternion(out[0], out[1], out[2], out[3]);
}

function worldPosition(avatar: ThreeVrmAvatar, bone: HumanBoneName): Vector3 {
  return avatar.vrm.humanoid.getRawBoneNode(bone)!.getWorldPosition(new Vector3());
}

/** Reading of a meter material in the isBinary fixture: its expression's effective weight 0..1. */
function meter(avatar: ThreeVrmAvatar, materialName: string): number {
  let offsetX = NaN;
  avatar.scene.traverse((o: Object3D) => {
    const material = (o as Mesh).material as MeshStandardMaterial | undefined;
    if (material?.name === materialName && material.map) offsetX = material.map.offset.x;
  });
  // The meter's rest offset is 0.5009765625; a full weight moves it to 0.0009765625.
  return (0.5009765625 - offsetX) / 0.5;
}

/** Effective blink as three-vrm's expression manager computes it: output × (1 − Σ overrideBlink). */
function effectiveBlink(avatar: ThreeVrmAvatar): number {
  const manager = avatar.vrm.expressionManager!;
  const override = manager.expressions.reduce((sum, e) => sum + e.overrideBlinkAmount, 0);
  return manager.getExpression('blink')!.outputWeight * Math.max(0, 1 - override);
}

/** Checks one arm rotation on a loaded avatar: the raw bone turns in world exactly as in VRM 1.0. */
function expectArmLowered(avatar: ThreeVrmAvatar): void {
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  const rest = worldQuaternion(avatar, 'rightUpperArm');
  const elbowRest = worldPosition(avatar, 'rightLowerArm').sub(worldPosition(avatar, 'rightUpperArm'));
  // Facing +Z with its left at +X, the avatar's right arm points to −X.
  expect(elbowRest.x).toBeLessThan(0);
  expect(Math.abs(elbowRest.y)).toBeLessThan(0.3 * elbowRest.length());

  // +60° about Z in the normalized frame lowers the right arm (−X turns toward −Y).
  setBone(pose, 'rightUpperArm', new Vector3(0, 0, 1), 60);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  const expected = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 60 * DEG).multiply(rest);
  expect(rotationDistance(worldQuaternion(avatar, 'rightUpperArm'), expected)).toBeLessThan(1e-4);
  const elbow = worldPosition(avatar, 'rightLowerArm').sub(worldPosition(avatar, 'rightUpperArm'));
  const elbowExpected = elbowRest.clone().applyAxisAngle(new Vector3(0, 0, 1), 60 * DEG);
  expect(elbow.distanceTo(elbowExpected)).toBeLessThan(1e-4 * elbowRest.length());
  expect(elbow.y).toBeLessThan(0);
}

/**
 * Gaze signs, checked against three-vrm itself: its own `lookAt(point)` turns a point to the avatar's
 * left (+X) and above into + yaw and − pitch, and the engine's gaze (+30 left, +20 up) comes out as a
 * world look direction to the left and up. World matrices are refreshed by hand: in Node no renderer
 * does it.
 */
function expectGazeConvention(avatar: ThreeVrmAvatar): void {
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  avatar.scene.updateMatrixWorld(true);
  const lookAt = avatar.vrm.lookAt!;
  const head = lookAt.getLookAtWorldPosition(new Vector3());
  lookAt.lookAt(head.add(new Vector3(1, 0.5, 2)));
  expect(lookAt.yaw).toBeGreaterThan(20);
  expect(lookAt.pitch).toBeLessThan(-10);

  pose.gaze.set([30, 20]);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  expect([lookAt.yaw, lookAt.pitch]).toEqual([30, -20]);
  const direction = lookAt.getLookAtWorldDirection(new Vector3());
  const expected = new Vector3(0, 0, 1)
    .applyAxisAngle(new Vector3(1, 0, 0), -20 * DEG)
    .applyAxisAngle(new Vector3(0, 1, 0), 30 * DEG);
  expect(direction.distanceTo(expected)).toBeLessThan(1e-6);
  expect(direction.x).toBeGreaterThan(0);
  expect(direction.y).toBeGreaterThan(0);
  pose.gaze.set([0, 0]);
  avatar.applyPose(pose, layout);
  avatar.update(0);
}

/** With a bone-type lookAt, the raw eyes turn toward the gaze: + yaw to the avatar's left, + pitch up. */
function expectEyesFollowGaze(avatar: ThreeVrmAvatar): void {
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  const rest = worldQuaternion(avatar, 'leftEye');
  pose.gaze.set([20, 10]);
  avatar.applyPose(pose, layout);
  avatar.update(0);
  const turn = worldQuaternion(avatar, 'leftEye').multiply(rest.invert());
  const forward = new Vector3(0, 0, 1).applyQuaternion(turn);
  expect(forward.x).toBeGreaterThan(1e-3);
  expect(forward.y).toBeGreaterThan(1e-3);
  pose.gaze.set([0, 0]);
  avatar.applyPose(pose, layout);
  avatar.update(0);
}

describe.skipIf(!HAS_FIXTURES)('three adapter: VRM 0.0 (cryptovoxels.vrm)', () => {
  let avatar: ThreeVrmAvatar;
  beforeAll(async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    avatar = await load('cryptovoxels.vrm');
    warn.mockRestore();
  });
  afterAll(() => avatar.dispose());

  it('maps the humanoid and turns the scene to face +Z', () => {
    expect(avatar.vrm.meta.metaVersion).toBe('0');
    for (const bone of ['hips', 'spine', 'head', 'rightUpperArm', 'rightIndexProximal', 'leftFoot'] as const)
      expect(avatar.vrm.humanoid.getNormalizedBoneNode(bone), bone).not.toBeNull();
    expect(avatar.scene.rotation.y).toBeCloseTo(Math.PI);
  });

  it('turns the raw bone in world as the VRM 1.0 rotation says (x and z flipped into the 0.x frame)', () => {
    expectArmLowered(avatar);
  });

  it('moves the hips by the offset, in metres, in avatar space', () => {
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    avatar.applyPose(pose, layout);
    avatar.update(0);
    const rest = worldPosition(avatar, 'hips');
    pose.hipsOffset.set([0.1, 0.05, 0.2]);
    avatar.applyPose(pose, layout);
    avatar.update(0);
    const moved = worldPosition(avatar, 'hips').sub(rest);
    expect(moved.x).toBeCloseTo(0.1, 5);
    expect(moved.y).toBeCloseTo(0.05, 5);
    expect(moved.z).toBeCloseTo(0.2, 5);
  });

  it('turns gaze into three-vrm yaw/pitch: + yaw to the avatar’s left (+X), + pitch up', () => {
    expectGazeConvention(avatar);
  });

  it('names the file and the bone when a raw bone is missing', () => {
    expect(() => avatar.boneWorldQuaternion('jaw', new Float32Array(4))).toThrow(
      'cryptovoxels.vrm has no jaw bone',
    );
  });
});

describe.skipIf(!HAS_FIXTURES)('three adapter: isBinary and overrideBlink (VRM 1.0)', () => {
  let avatar: ThreeVrmAvatar;
  const layout = new ChannelLayout();
  const pose = createPoseBuffer(layout);
  const happy = layout.expression('happy') - EXPRESSION_BASE;
  const blink = layout.expression('blink') - EXPRESSION_BASE;
  beforeAll(async () => {
    avatar = await load('VRMC_vrm_expressions_isBinary_Overrides.vrm');
  });
  afterAll(() => avatar.dispose());

  const play = (happyWeight: number, blinkWeight: number): void => {
    pose.expressions[happy] = happyWeight;
    pose.expressions[blink] = blinkWeight;
    avatar.applyPose(pose, layout);
    avatar.update(1 / 60);
  };

  it('reads the file’s rules: happy is binary and blends blink out', () => {
    const h = avatar.vrm.expressionManager!.getExpression('happy')!;
    expect([h.isBinary, h.overrideBlink]).toEqual([true, 'blend']);
  });

  it('happy 0.4 has no effect and leaves blink whole', () => {
    play(0.4, 1);
    expect(avatar.vrm.expressionManager!.getValue('happy')).toBeCloseTo(0.4);
    expect(avatar.vrm.expressionManager!.getExpression('happy')!.outputWeight).toBe(0);
    expect(meter(avatar, 'Meter Happy')).toBeCloseTo(0, 6);
    expect(effectiveBlink(avatar)).toBe(1);
    expect(meter(avatar, 'Meter Blink')).toBeCloseTo(1, 6);
  });

  it('happy 0.6 is full and, by overrideBlink "blend", removes blink', () => {
    play(0.6, 1);
    expect(avatar.vrm.expressionManager!.getExpression('happy')!.outputWeight).toBe(1);
    expect(meter(avatar, 'Meter Happy')).toBeCloseTo(1, 6);
    expect(effectiveBlink(avatar)).toBe(0);
    expect(meter(avatar, 'Meter Blink')).toBeCloseTo(0, 6);
  });

  it('blink alone passes through at its weight', () => {
    play(0, 0.3);
    expect(effectiveBlink(avatar)).toBeCloseTo(0.3, 6);
    expect(meter(avatar, 'Meter Blink')).toBeCloseTo(0.3, 6);
  });

  it('gaze goes to the expression-type lookAt applier inside vrm.update, pitch sign flipped', () => {
    const applier = avatar.vrm.lookAt!.applier;
    const spy = vi.spyOn(applier, 'applyYawPitch');
    pose.gaze.set([-12, 8]);
    avatar.applyPose(pose, layout);
    expect(spy).not.toHaveBeenCalled();
    avatar.update(0);
    expect(spy).toHaveBeenCalledWith(-12, -8);
    spy.mockRestore();
    pose.gaze.set([0, 0]);
  });

  it('follows the same gaze signs as a VRM 0.x avatar', () => {
    expectGazeConvention(avatar);
  });

  it('binds ARKit channels and custom:<name> channels to same-named custom expressions', async () => {
    const { VRMExpression: Expression } = (await import('@pixiv/three-vrm')) as unknown as {
      VRMExpression: new (name: string) => VRMExpression;
    };
    const vrm = avatar.vrm;
    for (const name of ['jawOpen', 'smirk']) vrm.expressionManager!.registerExpression(new Expression(name));
    const wrapped = createThreeVrmAvatar(vrm, 'with-customs.vrm');
    const fresh = new ChannelLayout();
    const p = createPoseBuffer(fresh);
    p.expressions[fresh.expression('jawOpen') - EXPRESSION_BASE] = 0.7;
    wrapped.applyPose(p, fresh);
    expect(vrm.expressionManager!.getValue('jawOpen')).toBeCloseTo(0.7);
    // A custom channel interned after the first frame is bound on the next one; unknown ones are skipped.
    const other = fresh.expression('custom:nothere') - EXPRESSION_BASE;
    const smirk = fresh.expression('custom:smirk') - EXPRESSION_BASE;
    p.expressions[other] = 1;
    p.expressions[smirk] = 0.25;
    wrapped.applyPose(p, fresh);
    expect(vrm.expressionManager!.getValue('smirk')).toBeCloseTo(0.25);
    expect(vrm.expressionManager!.getValue('nothere')).toBeNull();
  });
});

describe.skipIf(!HAS_FIXTURES)('three adapter: MToon UV animation (VRM 1.0)', () => {
  let avatar: ThreeVrmAvatar;
  beforeAll(async () => {
    avatar = await load('VRMC_materials_mtoon_UV_Animation_Test.vrm');
  });
  afterAll(() => avatar.dispose());

  it('loads MToon materials with their textures and animates UVs on update', () => {
    const materials = avatar.vrm.materials ?? [];
    expect(materials.map((m) => m.name)).toEqual(expect.arrayContaining(['ScrollX', 'ScrollY', 'ScrollRot']));
    const scrollX = materials.find((m) => m.name === 'ScrollX') as unknown as {
      uvAnimationScrollXOffset: number;
      shadeMultiplyTexture: { image: { width: number } } | null;
    };
    expect(scrollX.shadeMultiplyTexture?.image.width).toBe(512);
    const before = scrollX.uvAnimationScrollXOffset;
    avatar.update(0.5);
    expect(scrollX.uvAnimationScrollXOffset - before).toBeCloseTo(0.5);
  });

  it('poses a VRM 1.0 humanoid the same way as a 0.x one', () => {
    expect(avatar.vrm.meta.metaVersion).toBe('1');
    expect(avatar.scene.rotation.y).toBe(0);
    expectArmLowered(avatar);
  });

  it('applies eye rotations from the pose when the avatar has no lookAt', () => {
    expect(avatar.vrm.lookAt ?? null).toBeNull();
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    setBone(pose, 'leftEye', new Vector3(0, 1, 0), 10);
    avatar.applyPose(pose, layout);
    expect(avatar.vrm.humanoid.getNormalizedBoneNode('leftEye')!.quaternion.y).toBeCloseTo(Math.sin(5 * DEG));
  });

  it('gives the eyes to a bone-type lookAt: gaze turns them, pose eye rotations are ignored', async () => {
    // No fixture has a bone-type lookAt with eyes, so give this VRM 1.0 one, as three-vrm's loader would.
    const lib = (await import('@pixiv/three-vrm')) as unknown as {
      VRMLookAt: new (humanoid: unknown, applier: unknown) => VRMLookAt;
      VRMLookAtBoneApplier: new (humanoid: unknown, ...maps: unknown[]) => VRMLookAtApplier;
      VRMLookAtRangeMap: new (inputMaxValue: number, outputScale: number) => unknown;
    };
    const vrm = avatar.vrm;
    const maps = [0, 1, 2, 3].map(() => new lib.VRMLookAtRangeMap(90, 10));
    const lookAt = new lib.VRMLookAt(vrm.humanoid, new lib.VRMLookAtBoneApplier(vrm.humanoid, ...maps));
    (vrm as { lookAt?: VRMLookAt | null }).lookAt = lookAt;
    const eyed = createThreeVrmAvatar(vrm, 'eyed.vrm');
    expectGazeConvention(eyed);
    expectEyesFollowGaze(eyed);
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    setBone(pose, 'leftEye', new Vector3(0, 1, 0), 10);
    eyed.applyPose(pose, layout);
    eyed.update(0);
    expect(vrm.humanoid.getNormalizedBoneNode('leftEye')!.quaternion.y).toBeCloseTo(0, 6);
  });
});

describe('three adapter: bad input', () => {
  it('names the file when the bytes are not glTF', async () => {
    await expect(loadVrmThree(new TextEncoder().encode('not a vrm'), 'junk.vrm')).rejects.toThrow(
      /^junk\.vrm: cannot load as glTF\/VRM/,
    );
  });

  it('names the file when a glTF has no VRM extension', async () => {
    const gltf = JSON.stringify({ asset: { version: '2.0' }, scenes: [{ nodes: [] }], scene: 0 });
    await expect(loadVrmThree(new TextEncoder().encode(gltf), 'plain.gltf')).rejects.toThrow(
      'plain.gltf: not a VRM',
    );
  });
});

describe.skipIf(!existsSync(DEFAULT_AVATAR))('three adapter: the default avatar', () => {
  let avatar: ThreeVrmAvatar;
  beforeAll(async () => {
    avatar = await loadVrmThree(readFileSync(DEFAULT_AVATAR), 'default-avatar.vrm');
  });
  afterAll(() => avatar.dispose());

  it('binds the ARKit channels to its ARKit-named expressions', () => {
    const manager = avatar.vrm.expressionManager!;
    expect(manager.getExpression('jawOpen')).not.toBeNull();
    const layout = new ChannelLayout();
    const pose = createPoseBuffer(layout);
    pose.expressions[layout.expression('jawOpen') - EXPRESSION_BASE] = 0.5;
    avatar.applyPose(pose, layout);
    avatar.update(0);
    expect(manager.getValue('jawOpen')).toBeCloseTo(0.5);
    pose.expressions.fill(0);
    avatar.applyPose(pose, layout);
    avatar.update(0);
  });

  it('poses its humanoid in the VRM 1.0 frame', () => {
    expectArmLowered(avatar);
  });

  it('looks where the gaze says', () => {
    const lookAt = avatar.vrm.lookAt;
    expect(lookAt).toBeTruthy();
    expectGazeConvention(avatar);
    if (lookAt?.applier instanceof VRMLookAtBoneApplier && avatar.vrm.humanoid.getRawBoneNode('leftEye'))
      expectEyesFollowGaze(avatar);
  });
});
