/**
 * Lead windows: leading hand (HK) and face (FMM) capsules move together so the earliest firing one
 * lands in its window (−180..−50 ms, −50..0 ms), keeping their spacing, with stragglers held at the
 * window's near edge — or, when the call overrides the lead, so the earliest starts exactly there.
 */
import { minOf } from './plan-draft.ts';
import type { Draft } from './plan-draft.ts';
import type { LeadWindow } from './windows.ts';

/** Shifts a domain's leading capsules into their window, or to the call's lead. */
export function fitLeads(leads: readonly Draft[], overrideMs: number | undefined, w: LeadWindow): void {
  const firing = leads.filter((d) => d.fires);
  const earliest = minOf(firing.map((d) => d.t));
  if (overrideMs !== undefined) {
    if (!Number.isFinite(earliest)) return;
    const shift = -overrideMs - earliest;
    for (const d of leads) {
      d.t += shift;
      d.adjustment = 'override';
    }
    return;
  }
  const shift = Number.isFinite(earliest) ? Math.min(w.latest, Math.max(w.earliest, earliest)) - earliest : 0;
  for (const d of leads) {
    const t = Math.min(w.latest, Math.max(w.earliest, d.t + shift));
    if (t !== d.t) {
      d.t = t;
      d.adjustment = 'window';
    }
  }
}
