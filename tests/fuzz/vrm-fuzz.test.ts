/**
 * VRM/GLB fuzz (CI size): seeded mutants of the default avatar and of every shared fixture —
 * container, JSON-chunk and BIN-chunk mutations (tests/fuzz/mutate.ts) — through the rig reader,
 * and a subset through `loadVrmThree` and `loadVrmBabylon`. Each read must succeed with sane values
 * or fail with an error naming the file (the rig reader and the Babylon loader: a RigReadError), and
 * settle (a renderer load that never settles is reported by a watchdog; a synchronous hang fails by
 * the runner's timeout — no test asserts a time). `npm run bench` runs the full count and reports
 * every read's time (bench/fuzz.bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutateVrm, packGlb } from './mutate.ts';
import { prepareRenderers, runBabylon, runThree } from './renderer-run.ts';
import {
  mutantAt,
  rendererPicks,
  runRig,
  summarise,
  vrmSources,
  type Outcome,
  type Summary,
} from './vrm-run.ts';

/** CI counts; the bench runs ≥ 2,000 rig reads and a few hundred per renderer. */
const RIG_FILES = 300;
const RENDERER_FILES = 40;
const SEED = 0x5eed;

const { sources, note } = vrmSources();
if (sources.length === 1) console.warn(`vrm fuzz: ${note}`);

function explain(s: Summary): string {
  return s.problems
    .slice(0, 5)
    .map((o) => `${o.label}: ${o.problem}`)
    .join('\n');
}

describe('VRM fuzz: rig reader', () => {
  const outcomes: Outcome[] = [];
  const families = new Set<string>();

  beforeAll(async () => {
    for (let i = 0; i < RIG_FILES; i++) {
      const m = mutantAt(sources, SEED, i);
      families.add(m.family);
      outcomes.push(await runRig(m));
    }
  }, 120_000);

  it('reads or rejects every mutant with a RigReadError naming the file, never the catch-all', () => {
    const s = summarise('rig', outcomes);
    expect(s.files).toBe(RIG_FILES);
    expect(s.problems, explain(s)).toEqual([]);
  });

  it('reaches both outcomes through container, JSON and BIN mutations', () => {
    const s = summarise('rig', outcomes);
    expect(s.ok).toBeGreaterThan(0);
    expect(s.errors).toBeGreaterThan(0);
    expect([...families].sort()).toEqual(['bin', 'container', 'json']);
    // Distinct error kinds: the mutations hit many different checks, not one early exit.
    expect(s.histogram.length).toBeGreaterThan(10);
  });
});

describe('VRM fuzz: renderer loaders', () => {
  let restore: () => void = () => {};
  beforeAll(() => {
    restore = prepareRenderers();
  });
  afterAll(() => restore());

  it(`loadVrmThree: ${RENDERER_FILES} mutants load or fail naming the file, none hangs`, async () => {
    const outcomes: Outcome[] = [];
    for (const i of rendererPicks(RIG_FILES, RENDERER_FILES, 0))
      outcomes.push(await runThree(mutantAt(sources, SEED, i)));
    const s = summarise('three', outcomes);
    expect(s.files).toBe(RENDERER_FILES);
    expect(s.problems, explain(s)).toEqual([]);
    expect(s.ok).toBeGreaterThan(0);
    expect(s.errors).toBeGreaterThan(0);
  }, 120_000);

  it(`loadVrmBabylon: ${RENDERER_FILES} mutants load or fail with a RigReadError naming the file`, async () => {
    const outcomes: Outcome[] = [];
    for (const i of rendererPicks(RIG_FILES, RENDERER_FILES, 1))
      outcomes.push(await runBabylon(mutantAt(sources, SEED, i)));
    const s = summarise('babylon', outcomes);
    expect(s.files).toBe(RENDERER_FILES);
    expect(s.problems, explain(s)).toEqual([]);
    expect(s.ok).toBeGreaterThan(0);
    expect(s.errors).toBeGreaterThan(0);
  }, 120_000);
});

describe('VRM fuzz: regressions found by fuzzing', () => {
  let restore: () => void = () => {};
  beforeAll(() => {
    restore = prepareRenderers();
  });
  afterAll(() => restore());

  // A skin whose skeleton index points past the nodes: Babylon failed half-way and left a rejected
  // morph-target load behind (an unhandled rejection, fatal in Node). Now rejected up front.
  const skinSkeleton = mutateVrm(sources[0]!, 4193347288);

  it('a bad skin skeleton index fails the Babylon load with its JSON pointer', async () => {
    expect(skinSkeleton.op).toBe('skin.skeleton');
    const o = await runBabylon(skinSkeleton);
    expect(o.problem).toBeUndefined();
    expect(o.message).toContain(': /skins/0/skeleton: ');
  });

  it('the same file fails the three.js load with its JSON pointer', async () => {
    const o = await runThree(skinSkeleton);
    expect(o.problem).toBeUndefined();
    expect(o.message).toContain(': /skins/0/skeleton: ');
  });

  // three-vrm's combineSkeletons trusted every skinned mesh to have a skeleton; its TypeError
  // escaped loadVrmThree without the file name. Now wrapped.
  it('a set-up failure after parsing names the file', async () => {
    const m = mutateVrm(sources[0]!, 142828455);
    const o = await runThree(m);
    expect(o.problem).toBeUndefined();
    expect(o.result).toBe('error');
  });

  // three.js's FileLoader marked an unparsable external URL as loading, threw, and never cleared the
  // mark: the next file naming the same URL waited forever. External resources are refused up front.
  it('a buffer naming an external file fails the three.js load, twice in a row, without hanging', async () => {
    const json = structuredClone(sources[0]!.parts!.json);
    (json.buffers as { uri?: string }[])[0]!.uri = 'missing.bin';
    const bytes = packGlb(JSON.stringify(json), sources[0]!.parts!.bin);
    for (const label of ['external-1.vrm', 'external-2.vrm']) {
      const o = await runThree({ label, family: 'json', op: 'buffer', bytes });
      expect(o.problem).toBeUndefined();
      expect(o.message).toContain(`${label}: /buffers/0/uri: names an external resource`);
    }
  });

  // A flipped bit made a vertex index 16,777,718 on a 2,727-vertex mesh: three-vrm's
  // removeUnnecessaryVertices then walked a 16-million-slot array (with an index near 2³², minutes).
  const cryptovoxels = sources.find((s) => s.name === 'cryptovoxels.vrm');
  it.skipIf(!cryptovoxels)(
    'a vertex index past the mesh fails the three.js load quickly, naming the mesh',
    async () => {
      const o = await runThree(mutateVrm(cryptovoxels!, 2725467351));
      expect(o.problem).toBeUndefined();
      expect(o.message).toContain('mesh "Body": vertex index 16777718 at 2779 is past its 2727 vertices');
    },
  );
});
