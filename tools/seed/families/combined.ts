/**
 * combined: several capsules played together, each scaled by its weight. Compiles to `capsule`
 * reference tracks; every referenced id must already be in the library. The seed gives no
 * per-component delay, so all start together (offset 0): the combined capsule's own trigger
 * replaces the components' triggers. Duration covers the longest component; the envelope is flat
 * because each component keeps its own envelope.
 */
import type { CapsuleTrack } from '../../../engine/capsules/schema-types.ts';
import type { Family } from '../family.ts';
import { isObject } from '../source-record.ts';

/** combined compiler. */
export const combined: Family = {
  subtype: 'combined',
  compile(p, _record, ctx) {
    const list = p.raw.components;
    if (!Array.isArray(list) || list.length === 0) {
      p.errors.push('params.components must be a non-empty list of { cid, weight }');
      return null;
    }
    const tracks: CapsuleTrack[] = [];
    let durationMs = 0;
    list.forEach((c: unknown, i) => {
      const at = `params.components[${i}]`;
      if (!isObject(c)) return void p.errors.push(`${at} must be an object`);
      const { cid, weight } = c;
      const offset = c.offset_ms ?? 0;
      const target = typeof cid === 'string' ? ctx.lookup(cid) : undefined;
      if (!target)
        return void p.errors.push(`${at}.cid ${JSON.stringify(cid)} is not a capsule in the library`);
      if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1))
        return void p.errors.push(`${at}.weight must be a number 0..1, got ${JSON.stringify(weight)}`);
      if (typeof offset !== 'number' || !(offset >= 0 && offset <= 600000))
        return void p.errors.push(`${at}.offset_ms must be a number ≥ 0, got ${JSON.stringify(offset)}`);
      tracks.push({ kind: 'capsule', target: target.id, weight, offset_ms: offset });
      durationMs = Math.max(durationMs, offset + target.duration_ms);
    });
    if (!p.ok) return null;
    return {
      description: `Plays ${tracks.map((t) => `${t.target} ×${t.weight}`).join(' with ')} together.`,
      durationMs,
      envelope: { attack_ms: 0, hold_ms: durationMs, release_ms: 0, easing: 'none' },
      tracks,
      notes: [],
    };
  },
};
