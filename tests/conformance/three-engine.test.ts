/**
 * A seeded performance through the engine with the three.js adapter attached: after
 * `engine.update()` the finger bone and the blink expression have really moved in three-vrm.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Quaternion, Vector3 } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { THREE_ADAPTER, loadVrmThree, threeAdapterPlugin } from '../../engine/adapters/three/index.ts';
import type { ThreeAdapter, ThreeVrmAvatar } from '../../engine/adapters/three/index.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';
import { installDomShim } from './dom-shim.ts';
import { FIXTURES, HAS_FIXTURES } from './shared-fixtures.ts';

installDomShim();
if (!HAS_FIXTURES) console.warn(`three adapter engine test skipped: no VRM fixtures at ${FIXTURES}`);

const DEG = Math.PI / 180;

/** Distance between two rotations as unit quaternions (sign-blind); unlike `angleTo` (acos), exact near 0. */
function rotationDistance(a: Quaternion, b: Quaternion): number {
  const d = (s: number): number => Math.hypot(a.x - s * b.x, a.y - s * b.y, a.z - s * b.z, a.w - s * b.w);
  return Math.min(d(1), d(-1));
}

function worldQuaternion(avatar: ThreeVrmAvatar): Quaternion {
  const out = new Float32Array(4);
  avatar.boneWorldQuaternion('rightIndexProximal', out);
  return new Quaternion(out[0], out[1], out[2], out[3]);
}

describe.skipIf(!HAS_FIXTURES)('three adapter plugin: a performance drives three-vrm', () => {
  // cryptovoxels has the finger, the isBinary fixture has blink: one engine avatar drives both.
  let fingers: ThreeVrmAvatar;
  let face: ThreeVrmAvatar;
  beforeAll(async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fingers = await loadVrmThree(readFileSync(join(FIXTURES, 'cryptovoxels.vrm')), 'cryptovoxels.vrm');
    warn.mockRestore();
    const file = 'VRMC_vrm_expressions_isBinary_Overrides.vrm';
    face = await loadVrmThree(readFileSync(join(FIXTURES, file)), file);
  });
  afterAll(() => {
    fingers.dispose();
    face.dispose();
  });

  it('moves the finger bone and the blink expression after engine.update()', () => {
    const registry = testRegistry([
      capsule({
        id: 'HK_900',
        duration_ms: 400,
        envelope: { attack_ms: 100, hold_ms: 200, release_ms: 100, easing: 'linear' },
        tracks: [
          { kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 40] },
          { kind: 'expression', target: 'blink', value: 0.8 },
        ],
      }),
    ]);
    const clock = createSimulatedClock(0);
    const { engine, runtime } = testEngine(registry, clock, 7);
    threeAdapterPlugin()(engine);
    const adapter = engine.resource<ThreeAdapter>(THREE_ADAPTER);
    const avatar = runtime.addAvatar('performer');
    adapter.attach(avatar, fingers);
    adapter.attach(avatar, face);
    adapter.attach(avatar, face);
    expect(adapter.vrms).toEqual([fingers, face]);
    expect(engine.systemOrder()).toContain('apply:three-apply');

    engine.update();
    const rest = worldQuaternion(fingers);
    expect(face.vrm.expressionManager!.getValue('blink')).toBe(0);

    runtime.play(avatar, 'HK_900', { atMs: 100 });
    clock.set(300);
    engine.update();

    // Mid-hold: full weight. +40° about Z curls the right index toward the palm (−Y in world).
    const b = HUMAN_BONE_NAMES.indexOf('rightIndexProximal');
    const q = runtime.pose(avatar).rotations.subarray(b * 4, b * 4 + 4);
    expect(q[2]).toBeCloseTo(Math.sin(20 * DEG), 5);
    const expected = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), 40 * DEG).multiply(rest);
    expect(rotationDistance(worldQuaternion(fingers), expected)).toBeLessThan(1e-4);
    expect(face.vrm.expressionManager!.getValue('blink')).toBeCloseTo(0.8, 5);
    expect(face.vrm.expressionManager!.getExpression('blink')!.outputWeight).toBeCloseTo(0.8, 5);

    // After the release, both are back at rest; detached VRMs keep their last pose.
    clock.set(700);
    engine.update();
    expect(rotationDistance(worldQuaternion(fingers), rest)).toBeLessThan(1e-6);
    expect(face.vrm.expressionManager!.getValue('blink')).toBe(0);
    adapter.detach(avatar);
    expect(adapter.avatars).toEqual([]);
  });

  it('refuses to attach to an entity that is not an avatar, and skips avatars removed while attached', () => {
    const { engine, runtime } = testEngine(testRegistry([]), createSimulatedClock(0));
    threeAdapterPlugin()(engine);
    const adapter = engine.resource<ThreeAdapter>(THREE_ADAPTER);
    expect(() => adapter.attach(999, face)).toThrow(RangeError);
    const avatar = runtime.addAvatar('gone');
    adapter.attach(avatar, face);
    runtime.removeAvatar(avatar);
    expect(() => engine.update()).not.toThrow();
  });
});
