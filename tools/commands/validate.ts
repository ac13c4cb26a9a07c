/**
 * `capsule validate <path>`: checks a library folder, one capsule or profile file, or a `.capk` pack,
 * and prints every problem as `file: id: path: message`. A single file is checked in the context of
 * the library folder it sits in (the nearest folder up with capsule.schema.json), so its references
 * and profile entries resolve; only that file's problems are shown.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CapsuleError } from '../../engine/capsules/capsule-error.ts';
import { idPrefix } from '../../engine/capsules/id-prefix.ts';
import { isFolder, isLibraryFile, loadFiles, loadFolder } from '../../engine/capsules/load-folder.ts';
import type { LoadResult } from '../../engine/capsules/load-folder.ts';
import { loadPack } from '../../engine/capsules/load-pack.ts';
import type { CapsuleRegistry } from '../../engine/capsules/registry.ts';

/** Where a command's messages go (console by default; tests pass their own). */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/** Adds `validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate a capsule library folder, a *.capsule.json / *.profile.json file, or a .capk pack')
    .argument('<path>', 'folder, capsule or profile file, or .capk pack')
    .action((path: string) => {
      process.exitCode = runValidate(path);
    });
}

/** What was checked: the load, and for a single file the errors and counts of that file alone. */
interface Checked {
  readonly errors: readonly CapsuleError[];
  readonly capsules: readonly string[];
  readonly profiles: readonly string[];
  readonly files: number;
}

/** Runs the command; returns the exit code (0 all valid, 1 any problem). */
export function runValidate(path: string, out: Output = console): number {
  const checked = check(path);
  for (const e of checked.errors) out.error(e.format());
  if (checked.errors.length > 0) {
    const files = new Set(checked.errors.map((e) => e.file)).size;
    out.error(
      `${plural(checked.errors.length, 'error')} in ${plural(files, 'file')}; ${summary(checked)} (the rest still load)`,
    );
    return 1;
  }
  if (checked.files === 0) {
    out.error(`validate: no *.capsule.json or *.profile.json files under ${path}`);
    return 1;
  }
  out.log(summary(checked));
  return 0;
}

/**
 * Loads whatever `path` names: a library folder, a `.capk` pack, or capsule/profile files alone.
 * Problems (including unreadable paths) come back in the result's errors.
 */
export function loadPath(path: string): LoadResult {
  if (isFolder(path)) return loadFolder(path);
  if (path.endsWith('.capk')) {
    try {
      return loadPack(readFileSync(path), path);
    } catch {
      return loadFiles([path]); // unreadable: reported in the usual shape
    }
  }
  return loadFiles([path]);
}

function check(path: string): Checked {
  const isFile = isLibraryFile(basename(path));
  if (!isFile && !path.endsWith('.capk') && !isFolder(path)) {
    const message = existsSync(path)
      ? 'not a folder, a *.capsule.json or *.profile.json file, or a .capk pack'
      : 'no such file or folder';
    return { errors: [new CapsuleError({ file: path, message })], capsules: [], profiles: [], files: 0 };
  }
  if (!isFile) {
    const load = loadPath(path);
    return { errors: load.errors, ...contents(load.registry), files: load.counts.files };
  }
  // One file, in the context of its library.
  const target = resolve(path);
  const root = libraryRoot(dirname(target));
  let load: LoadResult;
  if (root) {
    load = loadFolder(root);
    if (!load.files.some((f) => resolve(f) === target)) load = loadFiles([path], { registry: load.registry });
  } else load = loadFiles([path]);
  const mine = (file: string | undefined): boolean => file !== undefined && resolve(file) === target;
  const all = contents(load.registry);
  return {
    errors: load.errors.filter((e) => mine(e.file)).map((e) => withFile(e, path)),
    capsules: all.capsules.filter((id) => mine(load.registry.fileOf(id))),
    profiles: all.profiles.filter((id) => mine(load.registry.profileFileOf(id))),
    files: 1,
  };
}

/** The same error, naming the file as the user typed it. */
function withFile(e: CapsuleError, file: string): CapsuleError {
  return new CapsuleError({ file, id: e.id, path: e.path, message: e.message, offset: e.offset });
}

/** Nearest folder at or above `dir` holding capsule.schema.json: the library a file belongs to. */
function libraryRoot(dir: string): string | undefined {
  for (let d = dir, i = 0; i < 64; i++) {
    if (existsSync(join(d, 'capsule.schema.json'))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

function contents(registry: CapsuleRegistry): { capsules: string[]; profiles: string[] } {
  return { capsules: registry.ids(), profiles: registry.profileIds() };
}

/** `149 capsules valid (HK 71, HF 78), 2 profiles valid` — capsules counted by id prefix. */
function summary(c: Checked): string {
  const byPrefix = new Map<string, number>();
  for (const id of c.capsules) byPrefix.set(idPrefix(id), (byPrefix.get(idPrefix(id)) ?? 0) + 1);
  const parts = [...byPrefix].map(([p, n]) => `${p} ${n}`).join(', ');
  const caps = `${plural(c.capsules.length, 'capsule')} valid${parts ? ` (${parts})` : ''}`;
  return `${caps}, ${plural(c.profiles.length, 'profile')} valid`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
