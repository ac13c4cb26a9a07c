/**
 * Capsule and profile JSON fuzz, shared by tests/fuzz/capsule-fuzz.test.ts and bench/fuzz.bench.ts:
 * seeded mutations of the library's own files (types, ranges, non-finite numbers as JSON text,
 * missing and unknown keys, wrong kinds, duplicate ids, reference cycles, deep nesting, huge arrays,
 * broken JSON text and UTF-8) go through `registry.add` and through the files path `loadFiles` uses;
 * every accepted capsule and profile is then played and every pose channel checked.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapsuleError, idOf } from '../../engine/capsules/capsule-error.ts';
import { CHANNEL_MAX, CHANNEL_MIN } from '../../engine/capsules/channel-limits.ts';
import { listLibraryFiles, loadFiles } from '../../engine/capsules/load-folder.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { createRegistry, type CapsuleRegistry, type LoadItem } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME, type CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createRng, deep, junk, mutateSlot, raw, stringifyRaw, type Rng } from './mutate.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The project's library folder. */
export const LIBRARY = fileURLToPath(new URL('../../capsules/', import.meta.url));

/** One library file, as text and parsed. */
export interface LibraryDoc {
  readonly file: string;
  readonly kind: 'capsule' | 'profile';
  readonly text: string;
  readonly json: Json;
}

/** Every capsule and profile of the library. */
export function libraryDocs(): LibraryDoc[] {
  return listLibraryFiles(LIBRARY).map((file) => {
    const text = readFileSync(file, 'utf8');
    return {
      file,
      kind: file.endsWith('.profile.json') ? 'profile' : 'capsule',
      text,
      json: JSON.parse(text) as Json,
    };
  });
}

/** One mutated file: its name, bytes, and what was done. */
export interface CapsuleMutant {
  readonly file: string;
  readonly op: string;
  readonly bytes: Uint8Array;
}

const enc = new TextEncoder();

/** A fresh capsule id with the document's own prefix, so a mutant never collides by accident. */
function freshId(doc: Json, n: number): string {
  const prefix = typeof doc.id === 'string' ? doc.id.split('_')[0] : 'HK';
  return `${prefix}_${50000 + (n % 49999)}`;
}

/** Bench size: huge arrays and nesting at full size (set per batch by {@link mutateBatch}). */
let big = false;

const TRACK_KINDS = [
  'joint',
  'expression',
  'hips',
  'gaze',
  'voice',
  'light',
  'camera',
  'environment',
  'capsule',
  'nope',
];

/** Structural capsule mutations on a parsed copy; each returns its op name. */
const CAPSULE_OPS: readonly ((c: Json, rng: Rng, lib: readonly LibraryDoc[]) => string)[] = [
  (c, rng) => (mutateSlot(c, rng), 'slot'),
  (c, rng) => (mutateSlot(c, rng, true) ? 'non-finite' : 'none'),
  (c, rng) => {
    const key = rng.pick([
      'format_version',
      'id',
      'domain',
      'trigger',
      'duration_ms',
      'envelope',
      'tracks',
      'priority',
      'blend_mode',
    ]);
    delete c[key];
    return `missing-${key}`;
  },
  (c, rng) => {
    const where =
      isObj(c.trigger) && rng.chance(0.3)
        ? c.trigger
        : Array.isArray(c.tracks) && isObj(c.tracks[0]) && rng.chance(0.5)
          ? c.tracks[0]
          : c;
    where[rng.pick(['bogus', 'Tracks', '__proto__x', ''])] = junk(rng);
    return 'unknown-key';
  },
  (c, rng) => {
    const tracks = Array.isArray(c.tracks) ? c.tracks.filter(isObj) : [];
    if (tracks.length === 0) return 'none';
    rng.pick(tracks).kind = rng.pick(TRACK_KINDS);
    return 'wrong-kind';
  },
  (c, rng) => {
    const field = rng.pick([
      'priority',
      'duration_ms',
      'probability',
      'offset_ms',
      'variation',
      'value',
      'weight',
      'key-t',
    ]);
    const extreme = rng.pick<unknown>([
      -1,
      11,
      1e12,
      -1e12,
      2 ** 53,
      1e308,
      raw('1e999'),
      raw('-1e999'),
      0,
      1e-320,
    ]);
    if (field === 'probability' || field === 'offset_ms') {
      if (isObj(c.trigger)) c.trigger[field] = extreme;
    } else if (field === 'variation') c.variation = { timing: extreme, intensity: extreme };
    else if (field === 'value' || field === 'weight' || field === 'key-t') {
      const tracks = Array.isArray(c.tracks) ? c.tracks.filter(isObj) : [];
      if (tracks.length === 0) return 'none';
      const t = rng.pick(tracks);
      if (field === 'weight') t.weight = extreme;
      else if (field === 'value')
        t.value =
          t.kind === 'joint' || t.kind === 'hips'
            ? [extreme, 0, extreme]
            : t.kind === 'gaze'
              ? [extreme, extreme]
              : extreme;
      else if (Array.isArray(t.keys) && isObj(t.keys[0]))
        (t.keys[rng.int(t.keys.length)] as Json).t = extreme;
      else
        t.keys = [
          { t: 0, value: extreme },
          { t: extreme, value: 0 },
        ];
    } else c[field] = extreme;
    return `range-${field}`;
  },
  (c, rng) => {
    // A joint or gaze delta far past every clamp: accepted by the schema, clamped by the resolver.
    const huge = rng.pick([1e6, -1e6, 3.4e38, 1e300]);
    c.tracks = [
      {
        kind: 'joint',
        target: rng.pick(['rightIndexProximal', 'head', 'spine']),
        value: [huge, -huge, huge],
      },
      { kind: 'gaze', value: [huge, -huge] },
      { kind: 'expression', target: 'blink', value: huge },
      { kind: 'hips', value: [huge, huge, -huge] },
    ];
    c.blend_mode = rng.pick(['additive', 'multiply', 'override']);
    return 'huge-deltas';
  },
  (c, rng, lib) => {
    // A reference to a library capsule, unknown capsule, or itself.
    const target = rng.pick(['self', 'unknown', 'library']);
    const id =
      target === 'self'
        ? c.id
        : target === 'unknown'
          ? 'HK_99999'
          : rng.pick(lib.filter((d) => d.kind === 'capsule')).json.id;
    c.tracks = [
      ...(Array.isArray(c.tracks) ? c.tracks : []),
      { kind: 'capsule', target: id, weight: rng.pick([1, 0.5, 2, -1]) },
    ];
    return `reference-${target}`;
  },
  (c, rng) => {
    c[rng.pick(['description', 'subtype', 'tracks'])] = deep(rng.pick([50, 1000, 10000]));
    return 'deep-nesting';
  },
  (c, rng) => {
    const tracks = Array.isArray(c.tracks) ? c.tracks.filter(isObj) : [];
    if (rng.chance(0.5) && tracks[0])
      c.tracks = new Array(rng.pick(big ? [300, 3000] : [100, 300])).fill(tracks[0]);
    else {
      const n = rng.pick(big ? [1000, 20_000] : [500, 2000]);
      c.tracks = [
        {
          kind: 'expression',
          target: 'blink',
          keys: Array.from({ length: n }, (_, i) => ({ t: i / n, value: (i % 7) / 7 })),
        },
      ];
    }
    return 'huge-array';
  },
  (c, rng) => {
    c.domain = rng.pick(['HK', 'VC', 'LD', 'XX', 7]);
    c.id = rng.pick([c.id, 'hk_001', 'HK_1', '', 42, 'A'.repeat(200)]);
    return 'id-domain';
  },
];

const PROFILE_OPS: readonly ((p: Json, rng: Rng, lib: readonly LibraryDoc[]) => string)[] = [
  (p, rng) => (mutateSlot(p, rng), 'slot'),
  (p, rng) => (mutateSlot(p, rng, true) ? 'non-finite' : 'none'),
  (p, rng) => {
    p.modifiers = {
      tempo_factor: rng.pick<unknown>([0, -1, 1e9, raw('1e999'), 'fast']),
      noise_jitter: rng.pick<unknown>([-1, 1e9, raw('1e999'), null]),
    };
    return 'modifiers';
  },
  (p, rng) => {
    const entries = Array.isArray(p.capsules) ? p.capsules : [];
    p.capsules = [
      ...entries,
      rng.pick<unknown>([{ id: 'HK_99999', weight: 1 }, entries[0], { id: 7 }, { weight: 1 }, null]),
    ];
    return 'entries';
  },
  (p, rng) => {
    delete p[rng.pick(['id', 'capsules', 'format_version'])];
    return 'missing-key';
  },
  (p, rng) => {
    p.capsules = new Array(rng.pick(big ? [500, 20_000] : [100, 500])).fill({ id: 'HK_001', weight: 1 });
    return 'huge-array';
  },
];

/** Text-level damage: broken JSON, bad UTF-8, a BOM, an empty or non-object file. */
function textMutation(text: string, rng: Rng): { op: string; bytes: Uint8Array } {
  const bytes = enc.encode(text);
  switch (rng.int(7)) {
    case 0:
      return { op: 'text-truncated', bytes: bytes.subarray(0, rng.int(bytes.length)) };
    case 1: {
      const out = bytes.slice();
      out.set(
        rng.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88]]),
        1 + rng.int(bytes.length - 4),
      );
      return { op: 'text-bad-utf8', bytes: out };
    }
    case 2: {
      const at = rng.int(text.length);
      return {
        op: 'text-splice',
        bytes: enc.encode(
          text.slice(0, at) +
            rng.pick(['{', ']', ',', '"', 'NaN', 'Infinity', '\u0000', '//']) +
            text.slice(at),
        ),
      };
    }
    case 3:
      return { op: 'text-bom', bytes: enc.encode(`\ufeff${text}`) };
    case 4:
      return { op: 'text-non-object', bytes: enc.encode(rng.pick(['', 'null', '[]', '"x"', '1e999', '{}'])) };
    case 5:
      return { op: 'text-nan-literal', bytes: enc.encode(text.replace(/: (\d+(\.\d+)?)/, ': NaN')) };
    default:
      return {
        op: 'text-deep',
        bytes: enc.encode(`${'['.repeat(big ? 200_000 : 5000)}${']'.repeat(big ? 200_000 : 5000)}`),
      };
  }
}

/**
 * The mutants of batch `b` (seeded): mostly one mutated file each; some ops give several files
 * (duplicate ids, reference cycles, reference chains deeper than the compiler flattens).
 * `fullSize` (bench) makes huge arrays and nesting 10–40× larger than the CI size.
 */
export function mutateBatch(
  lib: readonly LibraryDoc[],
  seed: number,
  b: number,
  size: number,
  fullSize = false,
): CapsuleMutant[] {
  big = fullSize;
  const rng = createRng((seed ^ Math.imul(b + 1, 0x9e3779b1)) >>> 0);
  const out: CapsuleMutant[] = [];
  const capsules = lib.filter((d) => d.kind === 'capsule');
  const profiles = lib.filter((d) => d.kind === 'profile');
  const name = (n: number, kind: string): string => `fuzz-b${b}-${n}.${kind}.json`;
  while (out.length < size) {
    const n = b * size + out.length;
    const r = rng.next();
    if (r < 0.12) {
      const doc = rng.pick(lib);
      out.push({ file: name(n, doc.kind), ...textMutation(doc.text, rng) });
    } else if (r < 0.2) {
      // Several files: a duplicate id, a reference cycle, or a chain deeper than 16.
      const doc = structuredClone(rng.pick(capsules).json);
      const kind = rng.int(3);
      if (kind === 0) {
        doc.id = rng.chance(0.5) ? doc.id : freshId(doc, n);
        for (let k = 0; k < 2; k++)
          out.push({
            file: name(n + k * 100_000, 'capsule'),
            op: 'duplicate-id',
            bytes: enc.encode(JSON.stringify(doc)),
          });
      } else {
        const length = kind === 1 ? 2 + rng.int(3) : 18;
        const ids = Array.from({ length }, (_, k) => `HK_${60000 + ((n * 20 + k) % 39999)}`);
        ids.forEach((id, k) => {
          const c = structuredClone(doc);
          c.id = id;
          c.domain = 'HK';
          const next = kind === 1 ? ids[(k + 1) % length] : ids[k + 1];
          c.tracks = next === undefined ? c.tracks : [{ kind: 'capsule', target: next, weight: 1 }];
          out.push({
            file: name(n + k * 100_000, 'capsule'),
            op: kind === 1 ? 'reference-cycle' : 'reference-chain-18',
            bytes: enc.encode(JSON.stringify(c)),
          });
        });
      }
    } else if (r < 0.32) {
      const p = structuredClone(rng.pick(profiles).json);
      p.id = `fuzz_profile_${n}`;
      const op = rng.pick(PROFILE_OPS)(p, rng, lib);
      out.push({ file: name(n, 'profile'), op: `profile-${op}`, bytes: enc.encode(stringifyRaw(p)) });
    } else {
      const c = structuredClone(rng.pick(capsules).json);
      c.id = freshId(c, n);
      const ops = [rng.pick(CAPSULE_OPS)(c, rng, lib)];
      if (rng.chance(0.25)) ops.push(rng.pick(CAPSULE_OPS)(c, rng, lib));
      out.push({ file: name(n, 'capsule'), op: ops.join('+'), bytes: enc.encode(stringifyRaw(c)) });
    }
  }
  return out;
}

/** What the registry promised and whether it kept it, for one batch. */
export interface BatchResult {
  readonly mutants: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: number;
  /** Broken promises: an unnamed error, a lost library capsule, a bad pose value, … */
  readonly problems: string[];
  /** Pose channel values checked, and how many were non-finite or outside their clamps. */
  readonly channelsChecked: number;
  readonly nonFinite: number;
  readonly outOfRange: number;
  /** Op → error count, for the histogram. */
  readonly errorsByOp: Map<string, number>;
  /** Error messages reduced to kinds. */
  readonly kinds: Map<string, number>;
}

const dec = new TextDecoder();

function parseOrNull(bytes: Uint8Array): unknown {
  try {
    const text = dec.decode(bytes);
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return null;
  }
}

/** A message reduced to its kind: numbers, quoted values and ids stripped. */
function kindOf(e: CapsuleError): string {
  return e.message
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '…')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')
    .slice(0, 90);
}

/** A registry holding the whole library (throws if the library itself has errors). */
export function libraryRegistry(lib: readonly LibraryDoc[]): CapsuleRegistry {
  const registry = createRegistry();
  const errors = registry.add(lib.map((d) => ({ file: d.file, json: structuredClone(d.json) })));
  if (errors.length > 0) throw new Error(`the library itself has errors: ${errors[0]!.format()}`);
  return registry;
}

/**
 * Adds one batch of mutants to `registry` (which holds the library) — through the files path (`loadFiles`, as
 * load-folder does) when `viaFiles`, else through `registry.add` with the parsed JSON — and judges
 * it; then plays every accepted mutant and checks every pose channel.
 */
export function runBatch(
  registry: CapsuleRegistry,
  lib: readonly LibraryDoc[],
  mutants: readonly CapsuleMutant[],
  viaFiles: boolean,
  dir: string,
): BatchResult {
  const problems: string[] = [];

  let errors: CapsuleError[];
  const skipped = new Set<string>();
  const paths = mutants.map((m) => join(dir, m.file));
  if (viaFiles) {
    mkdirSync(dir, { recursive: true });
    mutants.forEach((m, i) => writeFileSync(paths[i]!, m.bytes));
    errors = loadFiles(paths, { registry }).errors;
  } else {
    const items: LoadItem[] = [];
    mutants.forEach((m, i) => {
      const json = parseOrNull(m.bytes);
      // Unparsable text has no parsed form; the files path covers it.
      if (json === null && dec.decode(m.bytes).trim() !== 'null') skipped.add(paths[i]!);
      else items.push({ file: paths[i]!, json });
    });
    errors = registry.add(items);
  }

  // Every error names a mutant file, the document's id (or '?' when it has no readable id), a path.
  const byFile = new Map<string, CapsuleError[]>();
  const errorsByOp = new Map<string, number>();
  const kinds = new Map<string, number>();
  const opOf = new Map(mutants.map((m, i) => [paths[i]!, m.op]));
  for (const e of errors) {
    if (!(e instanceof CapsuleError)) {
      problems.push(`not a CapsuleError: ${String(e)}`);
      continue;
    }
    const list = byFile.get(e.file) ?? [];
    list.push(e);
    byFile.set(e.file, list);
    const op = opOf.get(e.file);
    if (op === undefined) problems.push(`error names no mutant file: ${e.format()}`);
    else errorsByOp.set(op, (errorsByOp.get(op) ?? 0) + 1);
    kinds.set(kindOf(e), (kinds.get(kindOf(e)) ?? 0) + 1);
    if (typeof e.path !== 'string' || e.message.length === 0)
      problems.push(`error without path or message: ${e.format()}`);
    if (!e.format().startsWith(`${e.file}: `))
      problems.push(`format() does not lead with the file: ${e.format()}`);
  }

  let accepted = 0;
  let rejected = 0;
  const playCapsules: string[] = [];
  const playProfiles: string[] = [];
  mutants.forEach((m, i) => {
    const file = paths[i]!;
    if (skipped.has(file)) return;
    const json = parseOrNull(m.bytes);
    const id = idOf(json);
    const mine = byFile.get(file) ?? [];
    const isProfile = m.file.endsWith('.profile.json');
    const served =
      id !== '?' && (isProfile ? registry.profileFileOf(id) === file : registry.fileOf(id) === file);
    if (mine.length > 0) {
      rejected++;
      if (served) problems.push(`${basename(file)}: rejected with errors yet served`);
      for (const e of mine)
        if (e.id !== id && !(json === null && e.id === '?'))
          problems.push(
            `${basename(file)} (${m.op}): error names id ${e.id}, the document's id is ${id}: ${e.format()}`,
          );
    } else if (served) {
      accepted++;
      (isProfile ? playProfiles : playCapsules).push(id);
    } else problems.push(`${basename(file)} (${m.op}): neither served nor reported`);
  });

  // The library is still served in full.
  for (const d of lib) {
    const id = d.json.id as string;
    const ok = d.kind === 'capsule' ? registry.fileOf(id) === d.file : registry.profileFileOf(id) === d.file;
    if (!ok) problems.push(`library ${d.kind} ${id} is no longer served`);
  }

  const play = playAccepted(registry, playCapsules, playProfiles);
  problems.push(...play.problems);
  return {
    mutants: mutants.length,
    accepted,
    rejected,
    errors: errors.length,
    problems,
    channelsChecked: play.channelsChecked,
    nonFinite: play.nonFinite,
    outOfRange: play.outOfRange,
    errorsByOp,
    kinds,
  };
}

/** Times (ms after onset) a played mutant is sampled at: the first frames, then far along. */
const SAMPLE_MS = [0, 16.7, 33.3, 50, 100, 250, 500, 1000, 2500, 5000, 1e4, 6e4, 1e6, 1e9];

/** Plays each accepted capsule and profile on its own avatar and checks every channel each sample. */
export function playAccepted(
  registry: CapsuleRegistry,
  capsules: readonly string[],
  profiles: readonly string[],
): { channelsChecked: number; nonFinite: number; outOfRange: number; problems: string[] } {
  const problems: string[] = [];
  const clock = createSimulatedClock(0);
  const engine = createEngine({ clock, seed: 7, plugins: [capsulePlugin(registry)] });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const avatars: [number, string][] = [];
  for (const id of capsules) {
    const a = runtime.addAvatar(id);
    runtime.play(a, id, { atMs: 0 });
    avatars.push([a, id]);
  }
  for (const id of profiles) {
    const a = runtime.addAvatar(id);
    runtime.playProfile(a, id, { speech_onset: 0 }, { atMs: 0 });
    avatars.push([a, `profile ${id}`]);
  }
  let channelsChecked = 0;
  let nonFinite = 0;
  let outOfRange = 0;
  for (const t of SAMPLE_MS) {
    clock.set(t);
    engine.update();
    for (const [a, what] of avatars) {
      const pose = runtime.pose(a);
      const ch = pose.channels;
      for (let c = 0; c < ch.length; c++) {
        const v = ch[c]!;
        channelsChecked++;
        if (!Number.isFinite(v)) {
          nonFinite++;
          if (nonFinite <= 3) problems.push(`${what}: channel ${c} is ${v} at ${t} ms`);
        } else {
          const lo = CHANNEL_MIN[c]!;
          const hi = CHANNEL_MAX[c]!;
          const eps = 1e-5 * Math.max(1, Math.abs(lo), Math.abs(hi));
          if (v < lo - eps || v > hi + eps) {
            outOfRange++;
            if (outOfRange <= 3)
              problems.push(`${what}: channel ${c} = ${v} outside ${lo}..${hi} at ${t} ms`);
          }
        }
      }
      if (!pose.rotations.every(Number.isFinite)) {
        nonFinite++;
        problems.push(`${what}: a non-finite bone rotation at ${t} ms`);
      }
    }
  }
  return { channelsChecked, nonFinite, outOfRange, problems };
}

/** A scratch folder for the files path; removed by the returned function. */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'capsule-fuzz-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
