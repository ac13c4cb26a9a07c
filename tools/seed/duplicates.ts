/**
 * Duplicates between the two seed sets. Both ids stay in the library (packets name either); an HF
 * record whose subtype and params equal an HK record's gets `source.duplicate_of`, plus
 * `duplicate_differs` when its trigger or priority are not the same.
 */
import type { SeedRecord } from './source-record.ts';

/** Provenance fields for a duplicate, or undefined when `record` repeats no HK record. */
export interface DuplicateInfo {
  readonly duplicate_of: string;
  readonly duplicate_differs?: string[];
}

/** JSON with object keys sorted, so key order in the source does not hide a duplicate. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Finds, for each HF record, the first HK record with the same subtype and params. */
export function findDuplicates(records: readonly SeedRecord[]): Map<string, DuplicateInfo> {
  const hkByMotion = new Map<string, SeedRecord>();
  for (const r of records) {
    const key = canonical([r.subtype, r.params]);
    if (r.set === 'HK' && !hkByMotion.has(key)) hkByMotion.set(key, r);
  }
  const out = new Map<string, DuplicateInfo>();
  for (const r of records) {
    if (r.set !== 'HF') continue;
    const hk = hkByMotion.get(canonical([r.subtype, r.params]));
    if (!hk) continue;
    const differs = [
      ...(['relative_to', 'offset_ms', 'probability'] as const)
        .filter((k) => r.trigger[k] !== hk.trigger[k])
        .map((k) => `trigger.${k}`),
      ...(r.priority !== hk.priority ? ['priority'] : []),
      ...(r.blendMode !== hk.blendMode ? ['blend_mode'] : []),
    ];
    out.set(
      r.id,
      differs.length > 0 ? { duplicate_of: hk.id, duplicate_differs: differs } : { duplicate_of: hk.id },
    );
  }
  return out;
}
