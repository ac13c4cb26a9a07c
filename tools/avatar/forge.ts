/**
 * The default avatar generator: builds every part, skins it, computes the face's ARKit morph
 * targets and writes a VRM 1.0 GLB. Pure and deterministic — no clock, no randomness, fixed
 * rounding — so the same code always gives the same bytes (tests/unit/default-avatar.test.ts).
 */
import { ARKIT_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import { blushParts } from './blush.ts';
import { browParts } from './brows.ts';
import { clothesParts } from './body.ts';
import { eyeParts } from './eyes.ts';
import { writeAvatarGlb, type PartWithTargets } from './gltf-build.ts';
import { hairParts } from './hair.ts';
import { handParts } from './hands.ts';
import { headSkinParts } from './head-mesh.ts';
import type { MeshPart } from './mesh-part.ts';
import { morphTargets } from './morph-targets.ts';
import { mouthParts } from './mouth.ts';
import { shoeParts } from './shoes.ts';
import { vrmcVrmJson } from './vrm-json.ts';

/** Where the committed avatar lives, relative to the repository root. */
export const DEFAULT_AVATAR_PATH = 'assets/default-avatar.vrm';

/** Every part of the avatar, in file order (body mesh first, then the face). */
export function avatarParts(): MeshPart[] {
  return [
    ...clothesParts(),
    ...shoeParts(),
    ...handParts(),
    ...hairParts(),
    ...headSkinParts(),
    ...blushParts(),
    ...eyeParts(),
    ...browParts(),
    ...mouthParts(),
  ];
}

/** Counts for the CLI's summary line. */
export interface ForgeStats {
  readonly vertices: number;
  readonly triangles: number;
  readonly bytes: number;
}

/** Generates the avatar: GLB bytes plus vertex and triangle counts. */
export async function forgeAvatar(): Promise<{ bytes: Uint8Array; stats: ForgeStats }> {
  const parts = avatarParts();
  const withTargets: PartWithTargets[] = parts.map((part) => ({
    part,
    targets: part.mesh === 'head' ? morphTargets(part) : [],
  }));
  const bytes = await writeAvatarGlb({
    parts: withTargets,
    targetNames: ARKIT_EXPRESSIONS,
    vrm: vrmcVrmJson,
  });
  const vertices = parts.reduce((s, p) => s + p.positions.length / 3, 0);
  const triangles = parts.reduce((s, p) => s + p.indices.length / 3, 0);
  return { bytes, stats: { vertices, triangles, bytes: bytes.byteLength } };
}
