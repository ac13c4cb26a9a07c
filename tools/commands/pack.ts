/**
 * `capsule pack <dir> --out file.capk`: validates a library folder and writes its compiled binary
 * pack. Refuses (writes nothing) when any file is invalid, so a pack is always a whole library.
 */
import type { Command } from 'commander';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { packRegistry } from '../../engine/capsules/load-pack.ts';
import type { Output } from './validate.ts';

/** Options of `pack`. */
export interface PackOptions {
  readonly out: string;
}

/** Adds `pack`. */
export function registerPack(program: Command): void {
  program
    .command('pack')
    .description('validate a library folder and write its binary pack (.capk)')
    .argument('<dir>', 'library folder')
    .requiredOption('--out <file>', 'pack file to write, e.g. out/capsules.capk')
    .action((dir: string, opts: PackOptions) => {
      process.exitCode = runPack(dir, opts);
    });
}

/** Runs the command; returns the exit code (0 written, 1 invalid library or write failure). */
export function runPack(dir: string, opts: PackOptions, out: Output = console): number {
  const load = loadFolder(dir);
  if (load.errors.length > 0) {
    for (const e of load.errors) out.error(e.format());
    out.error(`pack: ${load.errors.length} error(s) in ${dir}; nothing written`);
    return 1;
  }
  if (load.counts.files === 0) {
    out.error(`pack: no *.capsule.json or *.profile.json files under ${dir}; nothing written`);
    return 1;
  }
  const bytes = packRegistry(load.registry);
  try {
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, bytes);
  } catch (err) {
    out.error(`pack: cannot write ${opts.out}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  let json = 0;
  for (const f of load.files) json += statSync(f).size;
  out.log(
    `packed ${plural(load.counts.capsules, 'capsule')} and ${plural(load.counts.profiles, 'profile')} into ${opts.out}: ${bytes.length} bytes (JSON files: ${json} bytes)`,
  );
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
