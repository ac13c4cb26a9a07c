/**
 * Capsule and profile JSON fuzz (CI size): ≥ 1,000 seeded mutations of the library's own files,
 * half through `loadFiles` (the text path load-folder uses: bad UTF-8, broken JSON, BOMs) and half
 * through `registry.add`, each batch on top of the whole library. Every bad file gets errors naming
 * the file, its id and a path; nothing bad is served; the library stays served; every accepted
 * mutant is played and no pose channel is ever non-finite or outside its clamp.
 * `npm run bench` runs a larger set with full-size huge arrays (bench/fuzz.bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  libraryDocs,
  libraryRegistry,
  mutateBatch,
  runBatch,
  scratchDir,
  type BatchResult,
} from './capsule-fuzz.ts';

const BATCHES = 20;
const BATCH_SIZE = 50;
const SEED = 0xca95;

describe('capsule JSON fuzz', () => {
  const results: BatchResult[] = [];
  const ops = new Set<string>();
  const scratch = scratchDir();

  beforeAll(() => {
    const lib = libraryDocs();
    const registry = libraryRegistry(lib);
    for (let b = 0; b < BATCHES; b++) {
      const mutants = mutateBatch(lib, SEED, b, BATCH_SIZE);
      for (const m of mutants) ops.add(m.op.split('+')[0]!.replace(/-.*/, ''));
      results.push(runBatch(registry, lib, mutants, b % 2 === 0, `${scratch.dir}/b${b}`));
    }
  }, 120_000);
  afterAll(() => scratch.remove());

  const total = (key: 'mutants' | 'accepted' | 'rejected' | 'channelsChecked' | 'nonFinite' | 'outOfRange') =>
    results.reduce((sum, r) => sum + r[key], 0);

  it('runs at least 1,000 mutated files of every kind, some accepted and most rejected', () => {
    expect(total('mutants')).toBeGreaterThanOrEqual(1000);
    expect(total('accepted')).toBeGreaterThan(100);
    expect(total('rejected')).toBeGreaterThan(total('accepted'));
    for (const op of ['text', 'profile', 'duplicate', 'reference', 'huge', 'deep', 'non', 'range', 'missing'])
      expect([...ops], op).toContain(op);
  });

  it('names file, id and path in every error; serves nothing rejected; keeps the library served', () => {
    const problems = results.flatMap((r) => r.problems);
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('plays every accepted mutant with every pose channel finite and within its clamp', () => {
    expect(total('channelsChecked')).toBeGreaterThan(1_000_000);
    expect(total('nonFinite')).toBe(0);
    expect(total('outOfRange')).toBe(0);
  });
});
