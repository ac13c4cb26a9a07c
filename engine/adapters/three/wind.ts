/**
 * ER capsules on three-vrm spring bones: the avatar's resolved environment channels become an
 * external force and a softer spring on every spring-bone joint, written into the joints' settings
 * just before `vrm.update` runs the simulation.
 *
 * - Wind: three-vrm moves each tail by `gravityDir × gravityPower × delta` per step; the wind adds
 *   `heading × WIND_POWER × strength × gust(t)` to the joint's own gravity vector (direction and
 *   power are that sum's direction and length). Heading, in avatar space: `wind_yaw_deg` 0 is a
 *   headwind (blowing from in front of the avatar towards its back, −Z; hair streams back), +90°
 *   blows from the avatar's left (+X) towards its right. It turns with the avatar's scene root.
 * - Gusts: `gustiness` g scales the strength by `1 + g·n(t)`, n a fixed sum of incommensurate sines
 *   of engine time in −1..1 — deterministic, no random draws, the same at any frame rate.
 * - Motion delay: `motion_delay_ms` d scales stiffness and drag by `1 / (1 + d / 100 ms)`: a softer,
 *   less damped spring trails the body further and settles later (laggier secondary motion).
 *
 * Neutral channels (no wind, no delay) restore each joint's settings from the file exactly, once:
 * frames that stay neutral write nothing.
 */
import { Quaternion, Vector3 } from 'three';
import type { Object3D } from 'three';
import type { VRM } from './three-vrm.ts';

/** Tail displacement per second at wind strength 1 (metres per second, three-vrm's gravity unit). */
export const WIND_POWER = 2;
/** Motion delay that halves stiffness and drag, ms. */
export const MOTION_DELAY_SCALE_MS = 100;

/** The part of three-vrm's `VRMSpringBoneJoint` the wind writes. */
interface JointSettings {
  stiffness: number;
  gravityPower: number;
  gravityDir: Vector3;
  dragForce: number;
}
interface SpringJoint {
  settings: JointSettings;
}
interface SpringManager {
  readonly joints: Set<SpringJoint>;
}

/** Wind for one VRM's spring bones. */
export interface SpringWind {
  /** Joints driven (0: the avatar has no spring bones and {@link apply} does nothing). */
  readonly jointCount: number;
  /**
   * Writes the joints' settings for this frame from the environment channels (ENVIRONMENT_PARAMS
   * order: wind_strength, wind_yaw_deg, gustiness, motion_delay_ms) at engine time `timeMs`.
   */
  apply(environment: Float32Array, timeMs: number): void;
  /** Puts every joint's settings back as the file had them. */
  restore(): void;
}

/** Deterministic gust shape in −1..1: a fixed sum of incommensurate sines of engine time. */
export function gustNoise(timeMs: number): number {
  const t = timeMs / 1000;
  return (
    0.5 * Math.sin(2 * Math.PI * 0.23 * t) +
    0.3 * Math.sin(2 * Math.PI * 0.71 * t + 1.7) +
    0.2 * Math.sin(2 * Math.PI * 1.93 * t + 0.4)
  );
}

/** Unit wind heading (where the air moves to) in avatar space for `yawDeg`, into `out`. */
export function windHeading(yawDeg: number, out: Vector3): Vector3 {
  const yaw = (yawDeg * Math.PI) / 180;
  return out.set(-Math.sin(yaw), 0, -Math.cos(yaw));
}

const _heading = new Vector3();
const _force = new Vector3();
const _rootRotation = new Quaternion();
const finite = (v: number | undefined, fallback: number): number =>
  v !== undefined && Number.isFinite(v) ? v : fallback;

/** Binds the wind to a VRM's spring-bone joints, remembering each joint's own settings. */
export function createSpringWind(vrm: VRM, root: Object3D = vrm.scene): SpringWind {
  const manager = (vrm as unknown as { springBoneManager?: SpringManager | null }).springBoneManager;
  const joints = manager ? [...manager.joints] : [];
  const rest = joints.map((j) => ({
    stiffness: j.settings.stiffness,
    gravityPower: j.settings.gravityPower,
    gravityDir: j.settings.gravityDir.clone(),
    dragForce: j.settings.dragForce,
  }));

  // The joints hold the file's settings (nothing to write while the channels stay neutral).
  let restored = true;
  const restore = (): void => {
    restored = true;
    for (let i = 0; i < joints.length; i++) {
      const s = joints[i]!.settings;
      const r = rest[i]!;
      s.stiffness = r.stiffness;
      s.gravityPower = r.gravityPower;
      s.gravityDir.copy(r.gravityDir);
      s.dragForce = r.dragForce;
    }
  };

  return {
    jointCount: joints.length,
    restore,
    apply(environment, timeMs) {
      if (joints.length === 0) return;
      const strength = Math.max(0, finite(environment[0], 0));
      const gustiness = Math.max(0, finite(environment[2], 0));
      const delay = Math.max(0, finite(environment[3], 0));
      const power = WIND_POWER * strength * Math.max(0, 1 + gustiness * gustNoise(timeMs));
      if (power === 0 && delay === 0) {
        if (!restored) restore();
        return;
      }
      restored = false;
      windHeading(finite(environment[1], 0), _heading);
      root.getWorldQuaternion(_rootRotation);
      _heading.applyQuaternion(_rootRotation);
      const soften = 1 / (1 + delay / MOTION_DELAY_SCALE_MS);
      for (let i = 0; i < joints.length; i++) {
        const s = joints[i]!.settings;
        const r = rest[i]!;
        s.stiffness = r.stiffness * soften;
        s.dragForce = r.dragForce * soften;
        if (power === 0) {
          s.gravityPower = r.gravityPower;
          s.gravityDir.copy(r.gravityDir);
          continue;
        }
        _force.copy(r.gravityDir).multiplyScalar(r.gravityPower).addScaledVector(_heading, power);
        const length = _force.length();
        s.gravityPower = length;
        if (length > 1e-9) s.gravityDir.copy(_force).divideScalar(length);
        else s.gravityDir.copy(r.gravityDir);
      }
    },
  };
}
