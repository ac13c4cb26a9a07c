/**
 * Runs mutated VRM files through the rig reader (renderers: ./renderer-run.ts) and judges each outcome against the bad-input contract: a
 * read either succeeds with sane values or fails with an error that names the file; nothing else
 * escapes, and nothing hangs. Shared by tests/fuzz/vrm-fuzz.test.ts and bench/fuzz.bench.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTOM_EXPRESSION_PATTERN, VRM_PRESET_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import { RigReadError, readRigDescription, type RigDescription } from '../../engine/rig/vrm-reader.ts';
import { FIXTURES, HAS_FIXTURES } from '../conformance/shared-fixtures.ts';
import { mutateVrm, vrmSource, type Mutant, type VrmSource } from './mutate.ts';

/** The project's own avatar, always present. */
export const DEFAULT_AVATAR = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));

/** Fuzz sources: the default avatar and every file in ../shared/fixtures/vrm/ (when present). */
export function vrmSources(): { sources: VrmSource[]; note: string } {
  const sources = [vrmSource('default-avatar.vrm', new Uint8Array(readFileSync(DEFAULT_AVATAR)))];
  if (!HAS_FIXTURES)
    return { sources, note: `shared fixtures absent (${FIXTURES}): fuzzing the default avatar only` };
  for (const name of readdirSync(FIXTURES).sort())
    sources.push(vrmSource(name, new Uint8Array(readFileSync(join(FIXTURES, name)))));
  return { sources, note: `sources: ${sources.map((s) => s.name).join(', ')}` };
}

/** The `i`-th mutant of a run seeded with `seed` (sources taken in turn). */
export function mutantAt(sources: readonly VrmSource[], seed: number, i: number): Mutant {
  return mutateVrm(sources[i % sources.length]!, (seed + Math.imul(i, 0x9e3779b1)) >>> 0);
}

/** One reader's verdict on one mutant. */
export interface Outcome {
  readonly label: string;
  readonly reader: 'rig' | 'three' | 'babylon';
  readonly result: 'ok' | 'error';
  /** Error class and message with the file, numbers and quoted values stripped, for the histogram. */
  readonly kind: string;
  readonly ms: number;
  /** The error message (first 300 characters), for errors. */
  readonly message?: string;
  /** Set when the outcome breaks the contract (an unnamed error, the catch-all, a bad value). */
  readonly problem?: string;
}

/** Generous per-file bound: beyond it a read counts as a hang (the contract wants < 1 s). */
export const HANG_MS = 5000;

const PRESETS = new Set<string>(VRM_PRESET_EXPRESSIONS);

/** What a successful rig read promises whatever the input; a string names the broken promise. */
export function rigInvariantProblem(rig: RigDescription): string | null {
  const nodes = Object.values(rig.humanBones).map((b) => b.node);
  if (nodes.some((n) => !Number.isInteger(n) || n < 0)) return 'a humanoid bone on a non-index node';
  if (new Set(nodes).size !== nodes.length) return 'two humanoid bones on one node';
  const names = new Set<string>();
  for (const e of rig.expressions) {
    if (!PRESETS.has(e.name) && !CUSTOM_EXPRESSION_PATTERN.test(e.name))
      return `bad expression name ${e.name}`;
    if (names.has(e.name)) return `duplicate expression ${e.name}`;
    names.add(e.name);
    if (e.morphTargetBinds.some((b) => !(b.weight >= 0 && b.weight <= 1))) return 'bind weight outside 0..1';
    if (e.materialColorBinds.some((b) => !b.targetValue.every(Number.isFinite))) return 'non-finite colour';
    if (e.textureTransformBinds.some((b) => ![...b.scale, ...b.offset].every(Number.isFinite)))
      return 'non-finite texture transform';
  }
  const look = rig.lookAt;
  if (look) {
    if (!look.offsetFromHeadBone.every(Number.isFinite)) return 'non-finite look-at offset';
    for (const m of [
      look.rangeMapHorizontalInner,
      look.rangeMapHorizontalOuter,
      look.rangeMapVerticalDown,
      look.rangeMapVerticalUp,
    ])
      if (!(m.inputMaxValue > 0 && Number.isFinite(m.inputMaxValue) && Number.isFinite(m.outputScale)))
        return 'bad look-at range map';
  }
  return null;
}

/** An error message reduced to its kind: no file name, numbers, quoted values or hex. */
export function errorKind(error: unknown, label: string): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const body = message
    .replace(label, '<file>')
    .replace(/Unexpected token .* is not valid JSON/, 'Unexpected token … is not valid JSON')
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '…')
    .replace(/0x[0-9A-Fa-f]+/g, 'N')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')
    .replace(/(?<=: )\/[^\s:]*/g, '<path>');
  return `${name}: ${body}`.slice(0, 110);
}

export function judgeError(error: unknown, label: string, reader: Outcome['reader'], ms: number): Outcome {
  const kind = errorKind(error, label);
  const message = error instanceof Error ? error.message : String(error);
  let problem: string | undefined;
  if (!(error instanceof Error)) problem = `threw a non-Error: ${String(error).slice(0, 80)}`;
  else if (!message.startsWith(`${label}: `))
    problem = `error does not name the file: ${message.slice(0, 160)}`;
  else if (reader === 'rig' && !(error instanceof RigReadError))
    problem = `not a RigReadError: ${error.name}`;
  else if (reader === 'rig' && message.includes('unexpected failure'))
    problem = `the reader's catch-all fired (a reader bug): ${message.slice(0, 200)}`;
  else if (reader === 'babylon' && !(error instanceof RigReadError))
    problem = `not a RigReadError: ${error.name}: ${message.slice(0, 120)}`;
  return {
    label,
    reader,
    result: 'error',
    kind,
    ms,
    message: message.slice(0, 300),
    ...(problem ? { problem } : {}),
  };
}

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Rejects after {@link HANG_MS} so a read that never settles is reported, not waited on forever. */
export function watchdog<T>(work: Promise<T>, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${label}: did not settle within ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class HangError extends Error {
  override readonly name = 'HangError';
}

export function hang(o: Outcome, error: unknown): Outcome {
  return error instanceof HangError ? { ...o, problem: error.message } : slow(o);
}

let slowIsProblem = false;

/**
 * Whether a read that took longer than the hang bound counts as a problem. Only the bench turns this
 * on (tests never assert wall-clock time; a test that really hangs fails by the runner's timeout).
 */
export function countSlowReads(on: boolean): void {
  slowIsProblem = on;
}

/**
 * A read that took longer than the hang bound, caught afterwards (when {@link countSlowReads} is on):
 * a synchronous hang blocks the watchdog's timer, so only the measured time can show it.
 */
export function slow(o: Outcome): Outcome {
  return slowIsProblem && o.ms > HANG_MS && o.problem === undefined
    ? { ...o, problem: `${o.label}: took ${o.ms.toFixed(0)} ms (hang bound ${HANG_MS} ms)` }
    : o;
}

/** Reads one mutant with the rig reader. */
export async function runRig(m: Mutant): Promise<Outcome> {
  const t0 = now();
  try {
    const rig = await readRigDescription(m.bytes, m.label);
    const ms = now() - t0;
    const problem = rigInvariantProblem(rig);
    return slow({
      label: m.label,
      reader: 'rig',
      result: 'ok',
      kind: 'ok',
      ms,
      ...(problem ? { problem } : {}),
    });
  } catch (e) {
    return slow(judgeError(e, m.label, 'rig', now() - t0));
  }
}

/** Counts, the slowest file, and the error-kind histogram of a run. */
export interface Summary {
  readonly reader: Outcome['reader'];
  readonly files: number;
  readonly ok: number;
  readonly errors: number;
  readonly maxMs: number;
  readonly slowest: string;
  readonly medianMs: number;
  readonly problems: readonly Outcome[];
  /** Error kinds, most frequent first. */
  readonly histogram: readonly (readonly [string, number])[];
}

/** Summarises one reader's outcomes. */
export function summarise(reader: Outcome['reader'], outcomes: readonly Outcome[]): Summary {
  const mine = outcomes.filter((o) => o.reader === reader);
  const counts = new Map<string, number>();
  for (const o of mine) if (o.result === 'error') counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  const times = mine.map((o) => o.ms).sort((a, b) => a - b);
  const slowest = mine.reduce<Outcome | undefined>((s, o) => (!s || o.ms > s.ms ? o : s), undefined);
  return {
    reader,
    files: mine.length,
    ok: mine.filter((o) => o.result === 'ok').length,
    errors: mine.filter((o) => o.result === 'error').length,
    maxMs: slowest?.ms ?? 0,
    slowest: slowest?.label ?? '',
    medianMs: times[times.length >> 1] ?? 0,
    problems: mine.filter((o) => o.problem !== undefined),
    histogram: [...counts].sort((a, b) => b[1] - a[1]),
  };
}

/** Which mutants the renderers load: every `stride`-th, from an offset so they differ per reader. */
export function rendererPicks(total: number, count: number, offset: number): number[] {
  const stride = Math.max(1, Math.floor(total / count));
  const out: number[] = [];
  for (let i = offset % stride; i < total && out.length < count; i += stride) out.push(i);
  return out;
}
