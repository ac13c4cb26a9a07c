/**
 * The loop timeline's domain lanes: a lane per capsule domain, a bar per capsule from onset to end
 * as it fires (its course still to come faint), skipped capsules as grey ticks, and aborted,
 * cancelled or revoked ones with their planned course dashed.
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import {
  CAPTIONS,
  DOMAIN_COLOURS,
  DOMAIN_NAMES,
  LEFT,
  packRows,
  recordTitle,
  ROW_MAX,
  RULER,
} from './timeline-canvas.ts';
import type { Surface } from './timeline-canvas.ts';

/** Draws the lanes of `domains` for `avatar`'s records up to `now`; returns the lanes' bottom edge. */
export function drawLanes(
  s: Surface,
  v: {
    readonly records: readonly TimelineRecord[];
    readonly avatar: string;
    readonly domains: readonly string[];
    readonly startMs: number;
    readonly now: number;
  },
  windowEnd: number,
  mainRight: number,
  xOf: (t: number) => number,
): number {
  const { ctx, height, bars } = s;
  const inWindow = v.records.filter(
    (r) => r.avatar === v.avatar && r.start < windowEnd && Math.max(r.end, r.plannedEnd) > v.startMs,
  );
  const laneCount = Math.max(1, v.domains.length);
  const laneH = Math.min(40, (height - RULER - CAPTIONS - 4) / laneCount);
  const lanesBottom = RULER + laneCount * laneH;
  v.domains.forEach((domain, lane) => {
    const top = RULER + lane * laneH;
    // Translucent (the same colours as opaque over the panel's #14161b), so spoken lines' bands show.
    ctx.fillStyle = lane % 2 === 0 ? 'rgba(27, 31, 37, 0.7)' : 'rgba(23, 26, 31, 0.7)';
    ctx.fillRect(LEFT, top, mainRight - LEFT, laneH - 2);
    ctx.textAlign = 'left';
    ctx.fillStyle = DOMAIN_COLOURS[domain] ?? '#aaa';
    ctx.fillRect(10, top + laneH / 2 - 4, 3, 8);
    ctx.fillStyle = '#c9c6c0';
    ctx.font = '600 11px ui-sans-serif, system-ui, sans-serif';
    ctx.fillText(domain, 18, top + laneH / 2);
    const nameX = 18 + ctx.measureText(domain).width + 5;
    ctx.fillStyle = '#6f7580';
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    ctx.fillText(DOMAIN_NAMES[domain] ?? '', nameX, top + laneH / 2);

    const lane_ = inWindow.filter((r) => r.domain === domain).sort((a, b) => a.start - b.start);
    const { rows, count } = packRows(
      lane_.map((r) => ({ start: r.start, end: Math.max(r.end, r.plannedEnd) })),
    );
    ctx.save();
    ctx.beginPath();
    ctx.rect(LEFT, top, mainRight - LEFT, laneH);
    ctx.clip();
    const rowH = Math.max(2, Math.min(ROW_MAX, (laneH - 6) / count));
    lane_.forEach((r, i) => {
      if (r.start > v.now) return; // not fired yet
      const y = top + 2 + rows[i]! * rowH;
      const h = Math.max(1.5, rowH - 1.5);
      const x0 = xOf(r.start);
      if (r.outcome === 'skipped') {
        ctx.fillStyle = '#8d929c';
        ctx.fillRect(x0 - 1, y, 2, h);
        bars.push({ title: recordTitle(r), x0, x1: x0, y, h });
        return;
      }
      const colour = DOMAIN_COLOURS[domain] ?? '#aaa';
      const x1 = Math.max(x0 + 1.5, xOf(r.end));
      const xNow = Math.min(x1, Math.max(x0 + 1.5, xOf(v.now)));
      ctx.fillStyle = colour;
      ctx.fillRect(x0, y, xNow - x0, h);
      if (x1 > xNow) {
        ctx.globalAlpha = 0.28;
        ctx.fillRect(xNow, y, x1 - xNow, h);
        ctx.globalAlpha = 1;
      }
      if (r.outcome !== 'played' && v.now >= r.end) {
        ctx.setLineDash([3, 2]);
        ctx.strokeStyle = 'rgba(170, 176, 187, 0.55)';
        ctx.strokeRect(x0 + 0.5, y + 0.5, Math.max(1.5, xOf(r.plannedEnd) - x0) - 1, h - 1);
        ctx.setLineDash([]);
      }
      bars.push({ title: recordTitle(r), x0, x1, y, h });
    });
    ctx.restore();
  });
  return lanesBottom;
}
