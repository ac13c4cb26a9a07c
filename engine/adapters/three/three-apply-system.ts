/**
 * Phase `apply`: copies each attached avatar's resolved pose into its VRM, writes its relighting
 * uniforms (when the lighting plugin is installed) and its spring-bone wind, then runs `vrm.update`
 * with the engine's frame delta, so spring bones and MToon animate on engine time, not wall time.
 */
import type { EngineWorld } from '../../ecs/engine.ts';
import type { CapsuleRuntime } from '../../capsules/runtime.ts';
import { LIGHTING } from '../../lighting/index.ts';
import type { Lighting } from '../../lighting/index.ts';
import type { ThreeAdapter } from './plugin.ts';
import type { ThreeVrmAvatar } from './avatar.ts';
import { createThreeRelightUniforms, materialsOf, patchMaterialForRelight } from './relight.ts';
import type { ThreeRelightUniforms } from './relight.ts';
import { createSpringWind } from './wind.ts';
import type { SpringWind } from './wind.ts';

/** Per loaded VRM: its relight uniforms (materials patched on first use) and its spring wind. */
interface VrmExtras {
  uniforms: ThreeRelightUniforms | null;
  readonly wind: SpringWind;
}
const extras = new WeakMap<ThreeVrmAvatar, VrmExtras>();

function extrasOf(vrm: ThreeVrmAvatar): VrmExtras {
  let e = extras.get(vrm);
  if (!e) {
    e = { uniforms: null, wind: createSpringWind(vrm.vrm, vrm.scene) };
    extras.set(vrm, e);
  }
  return e;
}

/**
 * Puts a VRM's spring-bone settings back as its file had them, if the wind ever drove them: for a
 * VRM the adapter stops driving, which a host may go on updating (no wind frozen into its joints).
 */
export function restoreSpringWind(vrm: ThreeVrmAvatar): void {
  extras.get(vrm)?.wind.restore();
}

/**
 * The relighting uniforms of a VRM, patching its materials the first time (idempotent). Exported for
 * hosts that relight a VRM without the engine, and for tests.
 */
export function relightUniformsFor(vrm: ThreeVrmAvatar): ThreeRelightUniforms {
  const e = extrasOf(vrm);
  if (!e.uniforms) {
    const uniforms = createThreeRelightUniforms();
    for (const material of materialsOf(vrm.scene)) patchMaterialForRelight(material, uniforms);
    e.uniforms = uniforms;
  }
  return e.uniforms;
}

/** Writes one avatar's light into a VRM's uniforms (relighting off when `lighting.enabled` is false). */
export function writeRelightUniforms(u: ThreeRelightUniforms, lighting: Lighting, avatar: number): void {
  if (!lighting.enabled) {
    u.capsuleRelight.value = 0;
    return;
  }
  u.capsuleRelight.value = 1;
  u.capsuleSH.value.set(lighting.ambient(avatar));
  const key = lighting.keyLight(avatar);
  u.capsuleKeyDirection.value.set(key.direction);
  u.capsuleKeyColor.value.set(key.colour);
}

/**
 * Creates the system. An avatar removed from the runtime while still attached is skipped rather
 * than failing the frame; detach it to drop it. Without the lighting plugin no material is touched.
 */
export function createThreeApplySystem(
  adapter: ThreeAdapter,
  runtimeOf: () => CapsuleRuntime,
): (world: EngineWorld) => void {
  return (world) => {
    const { avatars, vrms } = adapter;
    if (avatars.length === 0) return;
    const runtime = runtimeOf();
    const layout = runtime.registry.layout;
    const lighting = world.resources.get(LIGHTING) as Lighting | undefined;
    const deltaSeconds = world.time.delta / 1000;
    for (let i = 0; i < avatars.length; i++) {
      const avatar = avatars[i]!;
      if (runtime.avatars.pose[avatar] === undefined) continue;
      const vrm = vrms[i]!;
      const pose = runtime.pose(avatar);
      vrm.applyPose(pose, layout);
      const e = extrasOf(vrm);
      if (lighting) writeRelightUniforms(relightUniformsFor(vrm), lighting, avatar);
      else if (e.uniforms) e.uniforms.capsuleRelight.value = 0;
      e.wind.apply(pose.environment, world.time.now);
      vrm.update(deltaSeconds);
    }
  };
}
