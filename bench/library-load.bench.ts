/**
 * Loading and validating 10,000 capsules: from a folder of files (read + parse + schema + semantic
 * checks + compile) and from one compiled pack. Baseline, run side by side: reading and JSON.parse of
 * the same 10,000 files and nothing else — the floor any JSON loader pays.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLibraryFiles, loadFolder } from '../engine/capsules/load-folder.ts';
import { loadPack, packRegistry } from '../engine/capsules/load-pack.ts';
import type { Capsule } from '../engine/capsules/schema-types.ts';
import { median, timeMs } from './stats.ts';

/** Medians (ms) of each way of loading `count` capsules. */
export interface LoadResult {
  count: number;
  folderMs: number;
  packMs: number;
  parseOnlyMs: number;
  packBytes: number;
  folderBytes: number;
  /** Medians of a first load in a fresh process (JIT cold, validators not yet compiled). */
  coldFolderMs: number;
  coldPackMs: number;
}

/** One cold load in a child process. */
function coldLoad(kind: 'folder' | 'pack', path: string): number {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/cold-load.ts', kind, path], {
    encoding: 'utf8',
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

/** Writes `count` capsules (the seed library's own, renumbered HK_10000…) into a temp folder. */
function makeLibrary(seedDir: string, count: number): { dir: string; bytes: number } {
  const seeds = listLibraryFiles(seedDir)
    .filter((f) => f.endsWith('.capsule.json'))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as Capsule)
    .filter((c) => c.tracks.every((t) => t.kind !== 'capsule'));
  const dir = mkdtempSync(join(tmpdir(), 'capsule-bench-'));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length]!;
    const c = { ...seed, id: `${seed.id.split('_')[0]}_${10000 + i}` };
    const text = JSON.stringify(c, null, 2);
    bytes += text.length;
    writeFileSync(join(dir, `${c.id}.capsule.json`), text);
  }
  return { dir, bytes };
}

/** Runs the three loads `runs` times each, interleaved so machine noise hits all alike. */
export function measureLoad(seedDir: string, count = 10_000, runs = 9): LoadResult {
  const { dir, bytes } = makeLibrary(seedDir, count);
  try {
    const first = loadFolder(dir);
    if (first.errors.length || first.counts.capsules !== count)
      throw new Error(
        `bench library did not load cleanly: ${first.errors[0]?.format() ?? first.counts.capsules}`,
      );
    const pack = packRegistry(first.registry);
    const packFile = join(dir, 'bench.capk');
    writeFileSync(packFile, pack);
    const files = listLibraryFiles(dir);
    const folder: number[] = [];
    const packed: number[] = [];
    const parse: number[] = [];
    for (let r = 0; r < runs; r++) {
      parse.push(timeMs(() => files.forEach((f) => JSON.parse(readFileSync(f, 'utf8')))));
      folder.push(timeMs(() => loadFolder(dir)));
      packed.push(timeMs(() => loadPack(pack, 'bench.capk')));
    }
    const coldFolder: number[] = [];
    const coldPack: number[] = [];
    for (let r = 0; r < 5; r++) {
      coldFolder.push(coldLoad('folder', dir));
      coldPack.push(coldLoad('pack', packFile));
    }
    return {
      count,
      folderMs: median(folder),
      packMs: median(packed),
      parseOnlyMs: median(parse),
      packBytes: pack.length,
      folderBytes: bytes,
      coldFolderMs: median(coldFolder),
      coldPackMs: median(coldPack),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
