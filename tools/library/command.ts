/**
 * `capsule build-library [--root DIR] [--check]`: writes the authored library (FMM, BK, TC, TR, VC,
 * LD, CS, ER capsules, the built profiles and docs/library.md) from tools/library/, removing capsule files in
 * those domains that the build no longer makes. `--check` writes nothing and fails when a committed
 * file differs, so CI and reviewers can see the JSON is what the definitions say.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildLibrary } from './build.ts';
import { LIBRARY_DOMAINS } from './define.ts';

/** Where messages go (console by default; tests pass their own). */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** Options of `build-library`. */
export interface BuildLibraryOptions {
  readonly root: string;
  readonly check?: boolean;
}

/** Adds `build-library`. */
export function registerBuildLibrary(program: Command): void {
  program
    .command('build-library')
    .description(
      'build the FMM/BK/TC/TR/VC/LD/CS/ER capsules, their profiles and docs/library.md from tools/library',
    )
    .option('--root <dir>', 'repository root', '.')
    .option('--check', 'compare with the committed files instead of writing them')
    .action(async (opts: BuildLibraryOptions) => {
      process.exitCode = await runBuildLibrary(opts);
    });
}

/** Stale capsule files: in an authored domain folder but not made by the build. */
function stale(root: string, files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const d of LIBRARY_DOMAINS) {
    const dir = join(root, 'capsules', d);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir))
      if (name.endsWith('.capsule.json') && !files.has(`capsules/${d}/${name}`))
        out.push(`capsules/${d}/${name}`);
  }
  return out;
}

/** Runs the command; returns the exit code (0 ok, 1 value problems or, with --check, differences). */
export async function runBuildLibrary(opts: BuildLibraryOptions, out: Output = console): Promise<number> {
  const root = resolve(opts.root);
  const { files, problems } = await buildLibrary(root);
  if (problems.length > 0) {
    for (const p of problems) out.error(`build-library: ${p}`);
    out.error(`build-library: ${problems.length} value problem(s); nothing written`);
    return 1;
  }
  const old = stale(root, files);
  if (opts.check) {
    const differ = [...files].filter(([rel, text]) => {
      const path = join(root, rel);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    for (const [rel] of differ) out.error(`build-library: ${rel} differs from a fresh build`);
    for (const rel of old) out.error(`build-library: ${rel} is not made by the build`);
    if (differ.length + old.length > 0) return 1;
    out.log(`build-library: ${files.size} files up to date`);
    return 0;
  }
  for (const rel of old) rmSync(join(root, rel));
  for (const [rel, text] of files) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const count = (d: string): number => [...files.keys()].filter((k) => k.startsWith(`capsules/${d}/`)).length;
  out.log(
    `build-library: wrote ${LIBRARY_DOMAINS.map((d) => `${count(d)} ${d}`).join(', ')} capsules, ` +
      `${count('profiles')} profiles and docs/library.md${old.length ? `; removed ${old.length} stale` : ''}`,
  );
  return 0;
}
