/**
 * `capsule compile-seed [--source DIR] [--out DIR]`: compiles the seed hand library
 * (DIR/seed-hand-capsules-hk.json and -hf.json) into OUT/HK/ and OUT/HF/, removing capsule files
 * there that the compiler no longer makes, so the committed library always equals a fresh compile.
 */
import type { Command } from 'commander';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileSeedLibrary, SEED_FILES } from '../seed/compile.ts';

/** Options of `compile-seed`. */
export interface CompileSeedOptions {
  readonly source: string;
  readonly out: string;
}

/** Where messages go (console by default; tests pass their own). */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** Adds `compile-seed`. */
export function registerCompileSeed(program: Command): void {
  program
    .command('compile-seed')
    .description('compile the seed hand library into capsules/HK and capsules/HF')
    .option('--source <dir>', 'folder with seed-hand-capsules-hk.json and -hf.json', 'capsules/source')
    .option('--out <dir>', 'library folder; capsules go to <out>/HK and <out>/HF', 'capsules')
    .action((opts: CompileSeedOptions) => {
      process.exitCode = runCompileSeed(opts);
    });
}

/** Runs the command; returns the exit code (0 ok, 1 unreadable or malformed source file). */
export function runCompileSeed(opts: CompileSeedOptions, out: Output = console): number {
  const sets: unknown[][] = [];
  for (const name of [SEED_FILES.HK, SEED_FILES.HF]) {
    const path = join(opts.source, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      out.error(`compile-seed: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    if (!Array.isArray(parsed)) {
      out.error(`compile-seed: ${path} must hold a JSON array of seed capsules`);
      return 1;
    }
    sets.push(parsed);
  }
  const { files, warnings } = compileSeedLibrary(sets[0]!, sets[1]!);
  for (const w of warnings) out.error(`warning: ${w}`);

  let removed = 0;
  for (const folder of ['HK', 'HF']) {
    const dir = join(opts.out, folder);
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.capsule.json') && !files.has(`${folder}/${name}`)) {
        rmSync(join(dir, name));
        removed++;
      }
    }
  }
  for (const [rel, text] of files) {
    const path = join(opts.out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const count = (prefix: string): number => [...files.keys()].filter((k) => k.startsWith(prefix)).length;
  out.log(
    `compile-seed: wrote ${count('HK/')} HK and ${count('HF/')} HF capsules to ${opts.out}` +
      `${removed > 0 ? `, removed ${removed} stale` : ''}; ${warnings.length} warning(s)`,
  );
  return 0;
}
