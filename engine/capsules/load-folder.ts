/**
 * Loading a capsule library from disk: every `*.capsule.json` and `*.profile.json` under a folder
 * (the seed material in `source/` and build scripts in `scripts/` are not library files), parsed,
 * validated and compiled into one registry in a single pass. Synchronous on purpose: 10,000 small
 * files read in a loop is faster than fanning out promises, and start-up wants the whole library.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelLayout } from '../rig/channels.ts';
import { CapsuleError } from './capsule-error.ts';
import { parseJsonText } from './json-text.ts';
import { createRegistry } from './registry.ts';
import type { CapsuleRegistry, LoadItem } from './registry.ts';

/** Result of a load: the registry (holding whatever was valid) and every problem found. */
export interface LoadResult {
  readonly registry: CapsuleRegistry;
  readonly errors: CapsuleError[];
  /** Valid capsules and profiles in the registry, and files read. */
  readonly counts: { capsules: number; profiles: number; files: number };
  /** Files read, in load order. */
  readonly files: string[];
}

/** Options shared by the loaders. */
export interface LoadOptions {
  /** Add to this registry instead of a new one. */
  readonly registry?: CapsuleRegistry;
  /** Layout for a new registry. */
  readonly layout?: ChannelLayout;
}

/** Sub-folders that hold a library's sources and tools, not library files. */
export const SKIPPED_FOLDERS: readonly string[] = ['source', 'scripts', 'node_modules'];

/** True for a library file name. */
export function isLibraryFile(name: string): boolean {
  return name.endsWith('.capsule.json') || name.endsWith('.profile.json');
}

/** Library files under `dir`, recursively, sorted so loads are deterministic. */
export function listLibraryFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.includes(e.name) && !e.name.startsWith('.')) walk(join(d, e.name));
      } else if (e.isFile() && isLibraryFile(e.name)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/**
 * Loads every capsule and profile under `dir`. Never throws for bad input: unreadable folders,
 * JSON syntax errors and invalid documents come back as errors, the rest is loaded.
 */
export function loadFolder(dir: string, options: LoadOptions = {}): LoadResult {
  let files: string[];
  try {
    files = listLibraryFiles(dir);
  } catch (err) {
    const registry = options.registry ?? createRegistry(options.layout);
    return result(
      registry,
      [new CapsuleError({ file: dir, path: '', message: `cannot read folder: ${reason(err)}` })],
      [],
    );
  }
  return loadFiles(files, options);
}

/** Loads the given capsule and profile files as one load (references may cross files). */
export function loadFiles(files: readonly string[], options: LoadOptions = {}): LoadResult {
  const registry = options.registry ?? createRegistry(options.layout);
  const errors: CapsuleError[] = [];
  const items: LoadItem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      errors.push(new CapsuleError({ file, path: '', message: `cannot read file: ${reason(err)}` }));
      continue;
    }
    const parsed = parseJsonText(text, file);
    if (parsed.ok) items.push({ file, json: parsed.value });
    else errors.push(parsed.error);
  }
  errors.push(...registry.add(items));
  // Report in file order, syntax errors among the rest (sort is stable).
  const order = new Map(files.map((f, i) => [f, i]));
  errors.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return result(registry, errors, [...files]);
}

/** True when `path` is a folder. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function result(registry: CapsuleRegistry, errors: CapsuleError[], files: string[]): LoadResult {
  return {
    registry,
    errors,
    counts: { capsules: registry.size, profiles: registry.profileIds().length, files: files.length },
    files,
  };
}

function reason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const msg = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' ? `${code} (${msg.replace(/^[A-Z]+: /, '')})` : msg;
}
