/**
 * The full-size fuzz runs (the tests under tests/fuzz/ run reduced counts): ≥ 2,000 mutated VRM
 * files through the rig reader and a few hundred each through the three.js and Babylon loaders, and
 * 2,000 mutated capsule/profile files with full-size huge arrays. Measures, never asserts: the report
 * lists counts, outcomes, the slowest file, contract breaches and the error-kind histograms.
 * Standalone: `node bin/run-ts.js bench/fuzz.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import {
  libraryDocs,
  libraryRegistry,
  mutateBatch,
  runBatch,
  scratchDir,
} from '../tests/fuzz/capsule-fuzz.ts';
import { prepareRenderers, rendererLog, runBabylon, runThree } from '../tests/fuzz/renderer-run.ts';
import {
  HANG_MS,
  countSlowReads,
  mutantAt,
  rendererPicks,
  runRig,
  summarise,
  vrmSources,
  type Outcome,
  type Summary,
} from '../tests/fuzz/vrm-run.ts';

/** Full-size counts. */
export const FUZZ_COUNTS = { rig: 2500, three: 300, babylon: 300, capsuleBatches: 40, capsuleBatch: 50 };
const SEED = 0xb3c4;

function summaryRows(s: Summary): string {
  return `| ${s.reader} | ${s.files} | ${s.ok} | ${s.errors} | ${s.medianMs.toFixed(1)} | ${s.maxMs.toFixed(0)} (${s.slowest}) | ${s.problems.length} |`;
}

/** Runs the VRM and capsule fuzz at full size; returns report lines (markdown). */
export async function fuzzSection(): Promise<string[]> {
  countSlowReads(true);
  const lines: string[] = [];
  const { sources, note } = vrmSources();
  const outcomes: Outcome[] = [];
  const unhandled: string[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(String(e).slice(0, 160));
  process.on('unhandledRejection', onUnhandled);
  for (let i = 0; i < FUZZ_COUNTS.rig; i++) outcomes.push(await runRig(mutantAt(sources, SEED, i)));
  const restore = prepareRenderers();
  try {
    for (const i of rendererPicks(FUZZ_COUNTS.rig, FUZZ_COUNTS.three, 0))
      outcomes.push(await runThree(mutantAt(sources, SEED, i)));
    for (const i of rendererPicks(FUZZ_COUNTS.rig, FUZZ_COUNTS.babylon, 1))
      outcomes.push(await runBabylon(mutantAt(sources, SEED, i)));
  } finally {
    restore();
  }
  // Let any late rejection of the last loads surface before counting.
  await new Promise((r) => setTimeout(r, 200));
  process.off('unhandledRejection', onUnhandled);

  const families = new Map<string, number>();
  for (let i = 0; i < FUZZ_COUNTS.rig; i++) {
    const f = mutantAt(sources, SEED, i).family;
    families.set(f, (families.get(f) ?? 0) + 1);
  }
  const summaries = (['rig', 'three', 'babylon'] as const).map((r) => summarise(r, outcomes));
  lines.push('## Fuzz: VRM / GLB files');
  lines.push('');
  lines.push(
    `Seeded mutants (tests/fuzz/mutate.ts, seed ${SEED}) of ${note.replace(/^sources: /, '')}: ${[...families].map(([f, n]) => `${n} ${f}`).join(', ')} mutations. Every mutant goes through the rig reader; every ${Math.floor(FUZZ_COUNTS.rig / FUZZ_COUNTS.three)}th through \`loadVrmThree\` and \`loadVrmBabylon\` (NullEngine). A "problem" is a contract breach: an error that does not name the file, the rig reader's catch-all, a bad value in a successful read, or no answer within the ${HANG_MS} ms hang bound.`,
  );
  lines.push('');
  lines.push('| reader | files | read | rejected | median ms | max ms (file) | problems |');
  lines.push('|---|---:|---:|---:|---:|---|---:|');
  for (const s of summaries) lines.push(summaryRows(s));
  lines.push('');
  lines.push(
    `Unhandled promise rejections during the renderer loads: ${unhandled.length}${unhandled.length ? ` (first: ${unhandled[0]})` : ''}. Renderer console output swallowed: ${rendererLog.warn} warnings, ${rendererLog.error} errors, ${rendererLog.log} logs.`,
  );
  for (const s of summaries) {
    for (const p of s.problems.slice(0, 5)) lines.push(`- problem (${s.reader}): ${p.label}: ${p.problem}`);
    lines.push('');
    lines.push(`<details><summary>${s.reader}: error kinds (${s.histogram.length})</summary>`);
    lines.push('');
    lines.push('| count | error kind |');
    lines.push('|---:|---|');
    for (const [kind, n] of s.histogram.slice(0, 25)) lines.push(`| ${n} | ${kind.replace(/\|/g, '\\|')} |`);
    lines.push('');
    lines.push('</details>');
  }
  lines.push('');

  // Capsules and profiles.
  const lib = libraryDocs();
  const registry = libraryRegistry(lib);
  const scratch = scratchDir();
  const t0 = process.hrtime.bigint();
  const totals = { mutants: 0, accepted: 0, rejected: 0, errors: 0, checked: 0, nonFinite: 0, outOfRange: 0 };
  const problems: string[] = [];
  const kinds = new Map<string, number>();
  let slowestBatch = 0;
  try {
    for (let b = 0; b < FUZZ_COUNTS.capsuleBatches; b++) {
      const mutants = mutateBatch(lib, SEED, b, FUZZ_COUNTS.capsuleBatch, true);
      const tb = process.hrtime.bigint();
      const r = runBatch(registry, lib, mutants, b % 2 === 0, `${scratch.dir}/b${b}`);
      slowestBatch = Math.max(slowestBatch, Number(process.hrtime.bigint() - tb) / 1e6);
      totals.mutants += r.mutants;
      totals.accepted += r.accepted;
      totals.rejected += r.rejected;
      totals.errors += r.errors;
      totals.checked += r.channelsChecked;
      totals.nonFinite += r.nonFinite;
      totals.outOfRange += r.outOfRange;
      problems.push(...r.problems);
      for (const [k, n] of r.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
    }
  } finally {
    scratch.remove();
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  lines.push('## Fuzz: capsule and profile JSON');
  lines.push('');
  lines.push(
    `${totals.mutants} mutated files from the library (tests/fuzz/capsule-fuzz.ts, full-size huge arrays up to 20,000 keys / 3,000 tracks / 20,000 profile entries, nesting 200,000 deep), in batches of ${FUZZ_COUNTS.capsuleBatch} on top of the whole library, alternately through \`loadFiles\` (text path) and \`registry.add\`. Accepted mutants are played and every pose channel checked at 14 times from onset to 10⁹ ms.`,
  );
  lines.push('');
  lines.push('| measure | value |');
  lines.push('|---|---:|');
  lines.push(`| files | ${totals.mutants} |`);
  lines.push(`| accepted (served, played) | ${totals.accepted} |`);
  lines.push(`| rejected with errors | ${totals.rejected} |`);
  lines.push(`| errors reported | ${totals.errors} |`);
  lines.push(
    `| contract breaches (unnamed error, bad id, lost library capsule, served though rejected) | ${problems.length} |`,
  );
  lines.push(`| pose channel values checked | ${totals.checked} |`);
  lines.push(`| non-finite / out-of-clamp values | ${totals.nonFinite} / ${totals.outOfRange} |`);
  lines.push(
    `| wall time, all batches / slowest batch | ${(ms / 1000).toFixed(1)} s / ${slowestBatch.toFixed(0)} ms |`,
  );
  lines.push('');
  for (const p of problems.slice(0, 5)) lines.push(`- problem: ${p}`);
  lines.push('<details><summary>capsule error kinds</summary>');
  lines.push('');
  lines.push('| count | error kind |');
  lines.push('|---:|---|');
  for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25))
    lines.push(`| ${n} | ${kind.replace(/\|/g, '\\|')} |`);
  lines.push('');
  lines.push('</details>');
  lines.push('');
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const line of await fuzzSection()) console.log(line);
}
