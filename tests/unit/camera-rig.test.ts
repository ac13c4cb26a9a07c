/**
 * The camera rig's pose math (engine/camera) and its three.js / Babylon helpers: neutral channels give
 * the base framing, dolly moves along the view axis, focal creep narrows the field of view, roll
 * turns the up vector about the view axis, shift moves camera and target together, shake is a
 * function of time, and both renderers see the avatar from the same place.
 */
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { UniversalCamera } from '@babylonjs/core/Cameras/universalCamera.js';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Vector3 as BVector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Scene } from '@babylonjs/core/scene.js';
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { applyCameraRigBabylon, cameraBaseFromArcRotate } from '../../engine/adapters/babylon/camera.ts';
import { applyCameraRigThree, cameraBaseFromThree } from '../../engine/adapters/three/camera.ts';
import {
  cameraRigPose,
  createCameraRigPose,
  focalFromFov,
  fovFromFocal,
  MIN_DISTANCE_M,
} from '../../engine/camera/index.ts';
import type { CameraBase } from '../../engine/camera/index.ts';
import { CAMERA_PARAMS } from '../../engine/rig/channels.ts';

const BASE: CameraBase = { target: [0, 1.3, 0], distance: 2, yawDeg: 0, pitchDeg: 0, fovDeg: 30 };

/** Camera channels in CAMERA_PARAMS order from names (the rest neutral). */
function channels(
  values: Partial<Record<(typeof CAMERA_PARAMS)[number]['name'], number>> = {},
): Float32Array {
  return Float32Array.from(CAMERA_PARAMS.map((p) => values[p.name] ?? p.neutral));
}

const v = (a: ArrayLike<number>): Vector3 => new Vector3(a[0], a[1], a[2]);

describe('cameraRigPose', () => {
  it('neutral channels give the base framing', () => {
    const pose = cameraRigPose(BASE, channels(), createCameraRigPose());
    expect([...pose.target]).toEqual([0, 1.3, 0]);
    expect(pose.position[0]).toBeCloseTo(0, 12);
    expect(pose.position[1]).toBeCloseTo(1.3, 12);
    expect(pose.position[2]).toBeCloseTo(2, 12);
    expect(v(pose.up).distanceTo(new Vector3(0, 1, 0))).toBe(0);
    expect(pose.fovDeg).toBeCloseTo(30, 10);
    // An orbited base: the camera is `distance` from the target, at the base's yaw and pitch.
    const orbit = cameraRigPose({ ...BASE, yawDeg: 40, pitchDeg: 20 }, channels(), createCameraRigPose());
    const offset = v(orbit.position).sub(v(orbit.target));
    expect(offset.length()).toBeCloseTo(2, 10);
    expect(Math.atan2(offset.x, offset.z) * (180 / Math.PI)).toBeCloseTo(40, 8);
    expect(Math.asin(offset.y / 2) * (180 / Math.PI)).toBeCloseTo(20, 8);
    expect(v(orbit.up).dot(offset)).toBeCloseTo(0, 10);
  });

  it('dolly moves the camera along the view axis (+ pushes in), never through the target', () => {
    const base = { ...BASE, yawDeg: 30, pitchDeg: 10 };
    const neutral = cameraRigPose(base, channels(), createCameraRigPose());
    const pushed = cameraRigPose(base, channels({ dolly_m: 0.5 }), createCameraRigPose());
    const view = v(neutral.target).sub(v(neutral.position)).normalize();
    const moved = v(pushed.position).sub(v(neutral.position));
    expect(moved.length()).toBeCloseTo(0.5, 10);
    expect(moved.normalize().dot(view)).toBeCloseTo(1, 10);
    expect([...pushed.target]).toEqual([...neutral.target]);
    const through = cameraRigPose(BASE, channels({ dolly_m: 5 }), createCameraRigPose());
    expect(v(through.position).distanceTo(v(through.target))).toBeCloseTo(MIN_DISTANCE_M, 10);
  });

  it('focal creep narrows the field of view (24 mm sensor)', () => {
    const neutral = cameraRigPose(BASE, channels(), createCameraRigPose());
    const creep = cameraRigPose(BASE, channels({ focal_mm: 20 }), createCameraRigPose());
    expect(creep.fovDeg).toBeLessThan(neutral.fovDeg - 5);
    expect(creep.focalMm).toBeCloseTo(focalFromFov(30) + 20, 10);
    expect(fovFromFocal(50)).toBeCloseTo(26.99, 2);
    expect(creep.fovRad).toBeCloseTo((creep.fovDeg * Math.PI) / 180, 12);
  });

  it('roll turns the up vector about the view axis; position and target stay', () => {
    const neutral = cameraRigPose(BASE, channels(), createCameraRigPose());
    const rolled = cameraRigPose(BASE, channels({ roll_deg: 10 }), createCameraRigPose());
    expect([...rolled.position]).toEqual([...neutral.position]);
    const view = v(rolled.target).sub(v(rolled.position)).normalize();
    const up = v(rolled.up);
    expect(up.length()).toBeCloseTo(1, 10);
    expect(up.dot(view)).toBeCloseTo(0, 10);
    expect(up.angleTo(new Vector3(0, 1, 0)) * (180 / Math.PI)).toBeCloseTo(10, 6);
    // + roll: up leans to the camera's left (−X for a camera on +Z looking at −Z).
    expect(up.x).toBeLessThan(0);
  });

  it('shift moves camera and target together along the camera right and up', () => {
    const neutral = cameraRigPose(BASE, channels(), createCameraRigPose());
    const shifted = cameraRigPose(
      BASE,
      channels({ shift_x_m: 0.1, shift_y_m: -0.05 }),
      createCameraRigPose(),
    );
    expect(shifted.position[0]! - neutral.position[0]!).toBeCloseTo(0.1, 6);
    expect(shifted.target[0]! - neutral.target[0]!).toBeCloseTo(0.1, 6);
    expect(shifted.position[1]! - neutral.position[1]!).toBeCloseTo(-0.05, 6);
  });

  it('shake wobbles with time, deterministically; 0 adds nothing; NaN counts as neutral', () => {
    const a = cameraRigPose(BASE, channels({ shake: 1 }), createCameraRigPose(), 1234);
    const b = cameraRigPose(BASE, channels({ shake: 1 }), createCameraRigPose(), 1234);
    const c = cameraRigPose(BASE, channels({ shake: 1 }), createCameraRigPose(), 1634);
    expect([...a.position]).toEqual([...b.position]);
    expect(v(a.position).distanceTo(v(c.position))).toBeGreaterThan(1e-5);
    const still = cameraRigPose(BASE, channels(), createCameraRigPose(), 1234);
    expect(v(still.position).distanceTo(new Vector3(0, 1.3, 2))).toBeLessThan(1e-12);
    const bad = cameraRigPose(BASE, channels({ dolly_m: NaN, roll_deg: Infinity }), createCameraRigPose());
    expect([...bad.position].every(Number.isFinite)).toBe(true);
    expect(bad.position[2]).toBeCloseTo(2, 10);
  });
});

describe('renderer helpers', () => {
  it('three: base read back from a camera, pose applied gives the same view', () => {
    const camera = new PerspectiveCamera(35, 1.5, 0.1, 50);
    camera.position.set(0.6, 1.6, 1.8);
    const target = new Vector3(0, 1.3, 0);
    camera.lookAt(target);
    const base = cameraBaseFromThree(camera, target, {
      target: [0, 0, 0],
      distance: 0,
      yawDeg: 0,
      pitchDeg: 0,
      fovDeg: 0,
    });
    const pose = cameraRigPose(base, channels(), createCameraRigPose());
    const copy = new PerspectiveCamera(10, 1.5, 0.1, 50);
    applyCameraRigThree(pose, copy);
    expect(copy.position.distanceTo(camera.position)).toBeLessThan(1e-9);
    expect(copy.quaternion.angleTo(camera.quaternion)).toBeLessThan(1e-6);
    expect(copy.fov).toBeCloseTo(35, 8);
  });

  it('babylon: an ArcRotateCamera framing, applied to a UniversalCamera, sees the same view (left-handed)', () => {
    const scene = new Scene(new NullEngine());
    const arc = new ArcRotateCamera('arc', 1.2, 1.3, 2.4, new BVector3(0.1, 1.2, -0.2), scene);
    arc.fov = 0.6;
    const base = cameraBaseFromArcRotate(arc, false, {
      target: [0, 0, 0],
      distance: 0,
      yawDeg: 0,
      pitchDeg: 0,
      fovDeg: 0,
    });
    const pose = cameraRigPose(base, channels(), createCameraRigPose());
    const rig = new UniversalCamera('rig', new BVector3(), scene);
    applyCameraRigBabylon(pose, rig, false);
    expect(BVector3.Distance(rig.position, arc.position)).toBeLessThan(1e-6);
    const a = arc.getViewMatrix(true).m;
    const b = rig.getViewMatrix(true).m;
    for (let i = 0; i < 16; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    expect(rig.fov).toBeCloseTo(0.6, 10);
    // In rig space (three.js) the avatar-facing camera at alpha = π/2 has yaw 0.
    const front = new ArcRotateCamera('front', Math.PI / 2, 1.5, 2, BVector3.Zero(), scene);
    const frontBase = cameraBaseFromArcRotate(front, false, {
      target: [0, 0, 0],
      distance: 0,
      yawDeg: 0,
      pitchDeg: 0,
      fovDeg: 0,
    });
    expect(frontBase.yawDeg).toBeCloseTo(0, 8);
    scene.dispose();
  });
});
