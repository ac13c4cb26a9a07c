/**
 * Builds the authored library — capsules/{FMM,BK,TC,TR,VC,LD,CS,ER}/*.capsule.json, the profiles in
 * `profiles.ts` and docs/library.md — from the definitions in this folder. Pure apart from prettier:
 * the same definitions always give the same bytes, and the files are prettier-formatted exactly as
 * `prettier --check` wants them, so the committed library can be compared with a fresh build.
 * Every value is checked against the rig (joint limits, gaze, voice, light, camera and environment
 * ranges) before anything is written.
 */
import { format, resolveConfig } from 'prettier';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { semanticCheckCapsule } from '../../engine/capsules/semantic-check.ts';
import { schemaCheckCapsule } from '../../engine/capsules/validator.ts';
import { HUMAN_BONES } from '../../engine/rig/bones.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';
import { CAMERA_PARAMS, ENVIRONMENT_PARAMS, LIGHT_PARAMS, VOICE_PARAMS } from '../../engine/rig/channels.ts';
import { isStandardExpression } from '../../engine/rig/expressions.ts';
import { BK } from './bk.ts';
import { CS } from './cs.ts';
import { capsuleId, LIBRARY_DOMAINS } from './define.ts';
import type { CapsuleDef, LibraryDomain } from './define.ts';
import { libraryDoc } from './docs.ts';
import { ER } from './er.ts';
import { FMM } from './fmm.ts';
import { LD } from './ld.ts';
import { PROFILES } from './profiles.ts';
import { TC } from './tc.ts';
import { TR } from './tr.ts';
import { VC } from './vc.ts';

/** Every authored definition by domain. */
export const DEFINITIONS: Readonly<Record<LibraryDomain, readonly CapsuleDef[]>> = {
  FMM,
  BK,
  TC,
  TR,
  VC,
  LD,
  CS,
  ER,
};

/** Profiles this build owns (hands_explaining and hands_restless are hand-written and left alone). */
export const BUILT_PROFILES: readonly string[] = PROFILES.map((p) => p.id);

/** Turns one definition into a capsule document (fields in the format's documented order). */
export function toCapsule(domain: LibraryDomain, def: CapsuleDef): Capsule {
  const [attack_ms, hold_ms, release_ms, easing] = def.envelope;
  const c: Capsule = {
    format_version: 1,
    id: capsuleId(domain, def.n),
    domain,
    subtype: def.subtype,
    description: def.description,
    trigger: def.trigger,
    duration_ms: attack_ms + hold_ms + release_ms,
    envelope: { attack_ms, hold_ms, release_ms, easing },
    tracks: [...def.tracks],
    priority: def.priority,
    blend_mode: def.blend ?? 'additive',
  };
  if (def.variation) c.variation = def.variation;
  if (def.abort) c.abort = def.abort;
  return c;
}

/** Every authored capsule, in domain then number order. */
export function libraryCapsules(): Capsule[] {
  return LIBRARY_DOMAINS.flatMap((d) => DEFINITIONS[d].map((def) => toCapsule(d, def)));
}

/** Every built profile document. */
export function libraryProfiles(): Profile[] {
  return PROFILES.map((p) => ({
    format_version: 1,
    id: p.id,
    description: p.description,
    capsules: p.capsules.map(([id, weight]) => ({ id, weight })),
    modifiers: { tempo_factor: p.tempo, noise_jitter: p.jitter },
  }));
}

const LIMITS = new Map(HUMAN_BONES.map((b) => [b.name, b.limits]));
const EPS = 1e-9;
/** Scalar parameter rows per track kind (voice, light, camera, environment). */
const PARAMS: Readonly<
  Record<string, readonly { name: string; neutral: number; min: number; max: number }[]>
> = {
  voice: VOICE_PARAMS,
  light: LIGHT_PARAMS,
  camera: CAMERA_PARAMS,
  environment: ENVIRONMENT_PARAMS,
};

/**
 * A scalar parameter track alone, applied to the parameter's neutral value: an additive delta (± a
 * noise amplitude), a multiply factor (which must also be 0..4), or an override target, each inside
 * the parameter's range.
 */
function checkParam(
  c: Capsule,
  t: {
    kind: string;
    target: string;
    value?: number;
    keys?: { value: number }[];
    noise?: { amplitude: number | number[] };
  },
  where: string,
  out: string[],
): void {
  const p = PARAMS[t.kind]?.find((v) => v.name === t.target);
  if (!p) {
    out.push(`${where}: unknown ${t.kind} parameter ${t.target}`);
    return;
  }
  const amp = t.noise
    ? typeof t.noise.amplitude === 'number'
      ? t.noise.amplitude
      : Math.max(...t.noise.amplitude)
    : 0;
  // Voice noise is a wander around neutral. Light, camera and environment noise rides on whatever else
  // sets the parameter (a wind flicker on a breeze), so it is bounded by how far the parameter can
  // move from neutral, not by where neutral sits within the range.
  const wander = t.kind === 'voice';
  const vals = [
    ...(t.value !== undefined ? [t.value] : []),
    ...(t.keys?.map((k) => k.value) ?? []),
    ...(t.noise && wander ? [amp, -amp] : []),
  ];
  const reach = Math.max(p.max - p.neutral, p.neutral - p.min);
  if (t.noise && !wander && amp > reach + EPS)
    out.push(`${where}: ${t.target} noise amplitude ${amp} beyond the parameter's reach ${reach}`);
  for (const v of vals) {
    if (c.blend_mode === 'multiply' && (v < 0 || v > 4))
      out.push(`${where}: ${t.target} factor ${v} outside 0..4`);
    const result =
      c.blend_mode === 'multiply' ? p.neutral * v : c.blend_mode === 'override' ? v : p.neutral + v;
    if (result < p.min - EPS || result > p.max + EPS)
      out.push(`${where}: ${t.target} ${c.blend_mode} ${v} gives ${result}, outside ${p.min}..${p.max}`);
  }
}

/**
 * Problems with the values of one capsule: a joint outside its anatomical range (each constant, each
 * key, ± each noise amplitude), gaze beyond the resolver's clamp, an expression outside −1..1 or
 * unknown, a voice, light, camera or environment parameter (alone, from neutral) outside its range.
 * Empty when all is well.
 */
export function checkValues(c: Capsule): string[] {
  const out: string[] = [];
  c.tracks.forEach((t, i) => {
    const where = `${c.id}: tracks[${i}]`;
    if (t.kind === 'joint') {
      const lim = LIMITS.get(t.target as HumanBoneName);
      if (!lim) return out.push(`${where}: unknown bone ${t.target}`);
      const axes = [lim.x, lim.y, lim.z];
      const check = (v: readonly number[], label: string): void =>
        v.forEach((x, a) => {
          const [lo, hi] = axes[a]!;
          if (x < lo - EPS || x > hi + EPS)
            out.push(`${where}: ${t.target} ${label} axis ${a} = ${x} outside ${lo}..${hi}`);
        });
      if (t.value) check(t.value, 'value');
      t.keys?.forEach((k, j) => check(k.value, `keys[${j}]`));
      if (t.noise) {
        const amp =
          typeof t.noise.amplitude === 'number'
            ? [0, 1, 2].map(() => t.noise!.amplitude as number)
            : t.noise.amplitude;
        check(amp, '+noise');
        check(
          amp.map((x) => -x),
          '−noise',
        );
      }
    } else if (t.kind === 'expression') {
      if (!isStandardExpression(t.target)) out.push(`${where}: ${t.target} is not a VRM or ARKit expression`);
      if (t.target === 'tongueOut') out.push(`${where}: the library is tongue-free`);
      const vals = [t.value ?? 0, ...(t.keys?.map((k) => k.value) ?? [])];
      for (const v of vals) if (Math.abs(v) > 1) out.push(`${where}: ${t.target} ${v} outside −1..1`);
    } else if (t.kind === 'gaze') {
      const vals = [t.value ?? [0, 0], ...(t.keys?.map((k) => k.value) ?? [])];
      for (const [yaw = 0, pitch = 0] of vals)
        if (Math.abs(yaw) > 45 || Math.abs(pitch) > 35)
          out.push(`${where}: gaze (${yaw}, ${pitch}) beyond ±45°/±35°`);
    } else if (t.kind === 'voice' || t.kind === 'light' || t.kind === 'camera' || t.kind === 'environment') {
      checkParam(c, t, where, out);
    } else if (t.kind === 'hips') {
      const vals = [t.value ?? [0, 0, 0], ...(t.keys?.map((k) => k.value) ?? [])];
      for (const v of vals)
        if (v.some((x) => Math.abs(x) > 0.1)) out.push(`${where}: hips offset beyond 10 cm`);
    }
    return undefined;
  });
  return out;
}

/**
 * JSON text in the shape prettier keeps: small leaf objects (triggers, envelopes, keys, profile
 * entries) on one line, everything else expanded. Prettier then only wraps long arrays.
 */
function toJsonText(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return `[${value.map((v) => toJsonText(v, indent)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const inline = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${toJsonText(v, '')}`).join(', ')} }`;
    const leaf = entries.every(
      ([, v]) =>
        typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((x) => typeof x !== 'object')),
    );
    if (leaf && inline.length <= 90 && !inline.includes('\n')) return inline;
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJsonText(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const configs = new Map<string, Promise<Awaited<ReturnType<typeof resolveConfig>>>>();

/** Formats text as prettier would for a file at `path` (repository settings, resolved once per folder). */
export async function prettify(path: string, text: string): Promise<string> {
  const dir = path.slice(0, path.lastIndexOf('/'));
  let config = configs.get(dir);
  if (!config) configs.set(dir, (config = resolveConfig(path)));
  return format(text, { ...((await config) ?? {}), filepath: path });
}

/** Result of a build: file texts by path relative to the repository root, and value problems. */
export interface LibraryBuild {
  readonly files: Map<string, string>;
  readonly problems: string[];
}

/**
 * Builds every file. `root` is the repository root (prettier resolves its config from there). The
 * caller writes the files; problems (values outside limits) mean nothing should be written.
 */
export async function buildLibrary(root: string): Promise<LibraryBuild> {
  const files = new Map<string, string>();
  const problems: string[] = [];
  const capsules = libraryCapsules();
  const seen = new Set<string>();
  for (const c of capsules) {
    if (seen.has(c.id)) problems.push(`${c.id}: defined twice`);
    seen.add(c.id);
    problems.push(...checkValues(c));
    // The registry's own checks, on a copy (validation fills schema defaults in place).
    const copy: unknown = structuredClone(c);
    const schemaErrors = schemaCheckCapsule(copy);
    for (const e of [...schemaErrors, ...semanticCheckCapsule(copy, schemaErrors)])
      problems.push(`${c.id}: ${e.path}: ${e.message}`);
    const rel = `capsules/${c.domain}/${c.id}.capsule.json`;
    files.set(rel, await prettify(`${root}/${rel}`, `${toJsonText(c)}\n`));
  }
  const profiles = libraryProfiles();
  for (const p of profiles) {
    const rel = `capsules/profiles/${p.id}.profile.json`;
    files.set(rel, await prettify(`${root}/${rel}`, `${toJsonText(p)}\n`));
  }
  files.set('docs/library.md', await prettify(`${root}/docs/library.md`, libraryDoc(capsules, PROFILES)));
  return { files, problems };
}
