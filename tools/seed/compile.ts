/**
 * The seed hand library (the product owner's semantic records, 2-D video measures) compiled into
 * capsule files with real joint deltas on the right hand. Pure and deterministic — no I/O, no
 * clock, no randomness — so the committed library can be checked byte for byte against a rerun.
 * Conversions and choices: docs/seed-compilation.md.
 */
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import { findDuplicates } from './duplicates.ts';
import type { FamilyContext } from './family.ts';
import { FAMILIES } from './families/index.ts';
import { limitLoad, scaleJoints } from './limits.ts';
import { Params } from './params.ts';
import { isObject, readRecord } from './source-record.ts';
import type { SeedRecord } from './source-record.ts';

/** The seed file names, as they sit in capsules/source/. */
export const SEED_FILES = { HK: 'seed-hand-capsules-hk.json', HF: 'seed-hand-capsules-hf.json' } as const;

/** Compiled library: relative path (`HK/HK_001.capsule.json`) → file text, plus what was odd. */
export interface SeedLibrary {
  readonly files: Map<string, string>;
  readonly warnings: string[];
}

/**
 * Compiles both seed sets. Malformed records are reported in `warnings` and left out; ids keep
 * their prefix (HK_ → HK/, HF_ → HF/) so a packet naming either still finds its capsule.
 */
export function compileSeedLibrary(hk: unknown[], hf: unknown[]): SeedLibrary {
  const warnings: string[] = [];
  const records = readAll(
    [
      [SEED_FILES.HK, hk],
      [SEED_FILES.HF, hf],
    ],
    warnings,
  );
  const duplicates = findDuplicates(records);
  const capsules = new Map<string, Capsule>();
  const ctx: FamilyContext = { lookup: (id) => capsules.get(id) };
  const add = (r: SeedRecord): void => {
    const c = compileRecord(r, ctx, warnings);
    if (!c) return;
    const dup = duplicates.get(r.id);
    if (dup) c.source = { ...c.source, ...dup };
    capsules.set(r.id, c);
  };

  // Plain motions first, then combined capsules once everything they reference exists.
  records.filter((r) => r.subtype !== 'combined').forEach(add);
  let pending = records.filter((r) => r.subtype === 'combined');
  for (;;) {
    const waiting = new Set(pending.map((r) => r.id));
    const ready = pending.filter((r) => componentIds(r).every((id) => !waiting.has(id)));
    if (ready.length === 0) break;
    ready.forEach(add);
    pending = pending.filter((r) => !ready.includes(r));
  }
  for (const r of pending)
    warnings.push(`${r.file} ${r.id}: combined capsules reference each other in a cycle`);

  const files = new Map<string, string>();
  const ordered = [...records]
    .filter((r) => capsules.has(r.id))
    .sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  for (const r of ordered) files.set(pathOf(r), `${JSON.stringify(capsules.get(r.id), null, 2)}\n`);
  return { files, warnings };
}

function pathOf(r: SeedRecord): string {
  return `${r.set}/${r.id}.capsule.json`;
}

/** Reads every record of both files, warning on (and dropping) malformed ones and repeated ids. */
function readAll(sets: [string, unknown[]][], warnings: string[]): SeedRecord[] {
  const out: SeedRecord[] = [];
  const seen = new Set<string>();
  for (const [file, list] of sets) {
    list.forEach((raw, i) => {
      const label = isObject(raw) && typeof raw.capsule_id === 'string' ? raw.capsule_id : `record ${i}`;
      const { record, errors } = readRecord(raw, file);
      for (const e of errors) warnings.push(`${file} ${label}: ${e}`);
      if (!record) return;
      if (seen.has(record.id)) return void warnings.push(`${file} ${label}: id already used; record skipped`);
      if (!FAMILIES.has(record.subtype))
        return void warnings.push(`${file} ${label}: unknown subtype ${JSON.stringify(record.subtype)}`);
      seen.add(record.id);
      out.push(record);
    });
  }
  return out;
}

/** Ids a combined record references (whatever their validity; the family checks them). */
function componentIds(r: SeedRecord): string[] {
  const list = r.params.components;
  return Array.isArray(list)
    ? list.flatMap((c: unknown) => (isObject(c) && typeof c.cid === 'string' ? [c.cid] : []))
    : [];
}

/** One record → capsule, or null (with warnings) when its params are malformed. */
function compileRecord(r: SeedRecord, ctx: FamilyContext, warnings: string[]): Capsule | null {
  const p = new Params(r.params);
  const motion = FAMILIES.get(r.subtype)!.compile(p, r, ctx);
  const say = (m: string): number => warnings.push(`${r.file} ${r.id}: ${m}`);
  if (!motion) {
    p.errors.forEach(say);
    return null;
  }
  motion.notes.forEach(say);
  let tracks = motion.tracks;
  if (tracks.length === 0) {
    say('compiles to no motion; record skipped');
    return null;
  }
  const { load, where } = limitLoad(tracks);
  if (load === Infinity) {
    say(`${where} moves a joint the way it cannot turn; record skipped`);
    return null;
  }
  if (load > 1) {
    say(`${where} exceeds the joint's range ×${load.toFixed(2)}; motion scaled down to fit`);
    tracks = scaleJoints(tracks, Math.floor(1000 / load) / 1000);
  }
  const capsule: Capsule = {
    format_version: 1,
    id: r.id,
    domain: 'HK',
    subtype: r.subtype,
    description: motion.description,
    trigger: r.trigger,
    duration_ms: motion.durationMs,
    envelope: motion.envelope,
    tracks,
    priority: r.priority,
    blend_mode: r.blendMode,
  };
  if (motion.abort) capsule.abort = motion.abort;
  capsule.source = {
    file: r.file,
    params: r.params,
    ...(motion.notes.length > 0 ? { notes: [...motion.notes] } : {}),
  };
  return capsule;
}
