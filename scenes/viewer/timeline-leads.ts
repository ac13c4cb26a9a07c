/**
 * How far a spoken line's hands and face lead its voice, and how that reads (“hands −160 ms · face
 * −40 ms”). Pure numbers and text, apart from any drawing: the Speak status and the timeline's
 * lead-lag inset both show them.
 */
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';

/** How far a line's first hand and face onsets lead its speech onset, ms (null: none on that lane). */
export interface Leads {
  readonly handMs: number | null;
  readonly faceMs: number | null;
}

/** The leads of a spoken line, from its lanes: speech onset minus the first onset on each lane. */
export function leadsOf(lanes: UtteranceLanes): Leads {
  const first = (lane: 'hand' | 'face'): number | null => {
    let at = Infinity;
    for (const item of lanes.items)
      if (item.lane === lane && item.kind === 'capsule' && item.status !== 'skipped')
        at = Math.min(at, item.start);
    return at === Infinity ? null : lanes.speechOnsetAt - at;
  };
  return { handMs: first('hand'), faceMs: first('face') };
}

/** “−160 ms” for a lead of 160 ms, “+20 ms” for an onset after speech. */
export function formatLead(ms: number): string {
  const r = Math.round(ms);
  return `${r > 0 ? '−' : r < 0 ? '+' : '±'}${Math.abs(r)} ms`;
}

/** “hands −160 ms · face −40 ms” (lanes without onsets are left out). */
export function formatLeads(leads: Leads): string {
  const parts: string[] = [];
  if (leads.handMs !== null) parts.push(`hands ${formatLead(leads.handMs)}`);
  if (leads.faceMs !== null) parts.push(`face ${formatLead(leads.faceMs)}`);
  return parts.join(' · ');
}
