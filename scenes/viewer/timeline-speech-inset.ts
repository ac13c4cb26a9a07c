/**
 * The lead-lag inset on the right of the timeline: once a line has been spoken, it zooms into the
 * latest one — its hand, face, voice and lip lanes from the lead-lag scheduler (`LEAD_LAG`'s lanes)
 * over one second around the speech onset, the onset marked, and the leads labelled
 * (“hands −160 ms · face −40 ms”).
 */
import type { LaneItem, UtteranceLanes } from '../../engine/timing/lanes.ts';
import {
  CAPTIONS,
  DOMAIN_COLOURS,
  fit,
  packRows,
  roundRect,
  ROW_MAX,
  RULER,
  SPEECH,
} from './timeline-canvas.ts';
import type { Surface } from './timeline-canvas.ts';
import { formatLead, leadsOf } from './timeline-leads.ts';

/** The lead-lag inset: width share of the panel and its bounds, CSS px. */
const INSET_SHARE = 0.36;
const INSET_MIN = 280;
const INSET_MAX = 420;
export const INSET_GAP = 18;
/** Inset label column. */
export const INSET_LABELS = 50;
/** The inset's window around the speech onset, ms. */
export const INSET_BEFORE = 300;
export const INSET_AFTER = 700;

const INSET_LANES = [
  { lane: 'hand', name: 'hands', colour: DOMAIN_COLOURS.HK! },
  { lane: 'face', name: 'face', colour: DOMAIN_COLOURS.FMM! },
  { lane: 'voice', name: 'voice', colour: DOMAIN_COLOURS.VC! },
  { lane: 'lip', name: 'lips', colour: '#7cc4b0' },
] as const;

/** The inset's lanes, x range, and the engine-ms window they show. */
export interface InsetLayout {
  readonly x0: number;
  readonly x1: number;
  readonly start: number;
  readonly length: number;
}

/** The inset's width on a panel `width` CSS px wide. */
export function insetWidth(width: number): number {
  return Math.round(Math.min(INSET_MAX, Math.max(INSET_MIN, width * INSET_SHARE)));
}

/** The lead-lag inset: one spoken line's hand, face, voice and lip lanes around its speech onset. */
export function drawInset(
  s: Surface,
  l: UtteranceLanes,
  inset: InsetLayout,
  now: number,
  insetW: number,
): void {
  const { ctx, width, height } = s;
  const left = width - insetW;
  const { x0, x1 } = inset;
  const xAt = (t: number): number => x0 + ((t - inset.start) / inset.length) * (x1 - x0);
  const S = l.speechOnsetAt;

  ctx.fillStyle = '#181b21';
  roundRect(ctx, left, 0, insetW, height, 8);
  ctx.fill();

  // Header: the line, and the leads in their lanes' colours.
  ctx.font = '600 11px ui-sans-serif, system-ui, sans-serif';
  const leads = leadsOf(l);
  const parts: [string, string][] = [];
  if (leads.handMs !== null) parts.push([`hands ${formatLead(leads.handMs)}`, DOMAIN_COLOURS.HK!]);
  if (leads.faceMs !== null) parts.push([`face ${formatLead(leads.faceMs)}`, DOMAIN_COLOURS.FMM!]);
  const sep = ' · ';
  const widths = parts.map(([t]) => ctx.measureText(t).width);
  const leadsW =
    widths.reduce((a, b) => a + b, 0) + Math.max(0, parts.length - 1) * ctx.measureText(sep).width;
  let x = x1 - leadsW;
  ctx.textAlign = 'left';
  parts.forEach(([text, colour], i) => {
    if (i > 0) {
      ctx.fillStyle = '#6f7580';
      ctx.fillText(sep, x, 11);
      x += ctx.measureText(sep).width;
    }
    ctx.fillStyle = colour;
    ctx.fillText(text, x, 11);
    x += widths[i]!;
  });
  ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
  ctx.fillStyle = '#e5959c';
  ctx.fillText(fit(ctx, `“${l.text}”`, x1 - leadsW - left - 22), left + 10, 11);

  // Lanes.
  const top = RULER + 2;
  const bottom = height - CAPTIONS - 2;
  const laneH = (bottom - top) / INSET_LANES.length;
  ctx.save();
  INSET_LANES.forEach((spec, i) => {
    const y0 = top + i * laneH;
    ctx.fillStyle = i % 2 === 0 ? '#1d2027' : '#1a1d23';
    ctx.fillRect(x0, y0, x1 - x0, laneH - 2);
    ctx.fillStyle = spec.colour;
    ctx.fillRect(left + 10, y0 + laneH / 2 - 4, 3, 8);
    ctx.fillStyle = '#c9c6c0';
    ctx.textAlign = 'left';
    ctx.fillText(spec.name, left + 18, y0 + laneH / 2);
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, x1 - x0, laneH);
    ctx.clip();
    const items = l.items
      .filter(
        (it) => it.lane === spec.lane && it.end >= inset.start && it.start <= inset.start + inset.length,
      )
      .sort((a, b) => (a.kind === 'audio' ? -1 : b.kind === 'audio' ? 1 : a.start - b.start));
    if (spec.lane === 'lip') drawPhonemes(s, items, y0, laneH, xAt, spec.colour);
    else drawItems(s, items, y0, laneH, xAt, spec.colour);
    ctx.restore();
    // The lead, as a bracket from the lane's first onset to the speech onset.
    const lead = spec.lane === 'hand' ? leads.handMs : spec.lane === 'face' ? leads.faceMs : null;
    if (lead !== null && lead > 0) {
      const bx0 = Math.max(x0, xAt(S - lead));
      const bx1 = xAt(S);
      const by = Math.round(y0 + laneH - 4) + 0.5;
      ctx.strokeStyle = spec.colour;
      ctx.beginPath();
      ctx.moveTo(bx0, by - 3);
      ctx.lineTo(bx0, by);
      ctx.lineTo(bx1, by);
      ctx.stroke();
    }
  });
  ctx.restore();

  // Time ticks every 100 ms around the onset, labelled every 200 ms.
  ctx.textAlign = 'center';
  for (let t = -INSET_BEFORE; t <= INSET_AFTER; t += 100) {
    const tx = Math.round(xAt(S + t)) + 0.5;
    ctx.strokeStyle = t === 0 ? 'transparent' : 'rgba(111, 117, 128, 0.22)';
    ctx.beginPath();
    ctx.moveTo(tx, top);
    ctx.lineTo(tx, bottom);
    ctx.stroke();
    if (t % 200 === 0 && t !== 0) {
      ctx.fillStyle = '#6f7580';
      ctx.fillText(t < 0 ? `−${-t}` : `+${t}`, tx, height - CAPTIONS / 2 - 1);
    }
  }
  // The speech onset, and a barge-in's cut.
  const sx = Math.round(xAt(S)) + 0.5;
  ctx.strokeStyle = SPEECH;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(sx, top - 2);
  ctx.lineTo(sx, bottom + 2);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = SPEECH;
  ctx.fillText('speech', sx, height - CAPTIONS / 2 - 1);
  if (l.cancelledAt !== null && l.cancelledAt <= inset.start + inset.length) {
    const cx = Math.round(xAt(l.cancelledAt)) + 0.5;
    ctx.strokeStyle = '#aab0bb';
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(cx, top - 2);
    ctx.lineTo(cx, bottom + 2);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#aab0bb';
    ctx.textAlign = 'left';
    ctx.fillText('barge-in', Math.min(cx + 3, x1 - 44), top + 6);
  }
  if (now >= inset.start && now <= inset.start + inset.length) {
    const px = Math.round(xAt(now)) + 0.5;
    ctx.strokeStyle = '#7cc4b0';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px, top - 2);
    ctx.lineTo(px, bottom + 2);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}

/** Capsule and audio bars of one inset lane, packed in rows. */
function drawItems(
  s: Surface,
  items: readonly LaneItem[],
  y0: number,
  laneH: number,
  xAt: (t: number) => number,
  colour: string,
): void {
  const { ctx, bars } = s;
  const { rows, count } = packRows(items);
  const rowH = Math.max(2, Math.min(ROW_MAX, (laneH - 6) / count));
  items.forEach((it, i) => {
    const y = y0 + 2 + rows[i]! * rowH;
    const h = Math.max(1.5, rowH - 1.5);
    const bx0 = xAt(it.start);
    const when = `${(it.start / 1000).toFixed(3)}–${(it.end / 1000).toFixed(3)} s`;
    if (it.status === 'skipped') {
      ctx.fillStyle = '#8d929c';
      ctx.fillRect(bx0 - 1, y, 2, h);
      bars.push({ title: `${it.label} · skipped (probability)`, x0: bx0, x1: bx0, y, h });
      return;
    }
    const bx1 = Math.max(bx0 + 1.5, xAt(it.end));
    if (it.kind === 'audio') {
      ctx.fillStyle = it.label === 'audio' ? 'rgba(157, 123, 176, 0.45)' : 'rgba(141, 146, 156, 0.3)';
      ctx.fillRect(bx0, y, bx1 - bx0, h);
      bars.push({
        title: `${it.label === 'audio' ? 'audio' : 'silent (estimated timing)'} · ${when}`,
        x0: bx0,
        x1: bx1,
        y,
        h,
      });
      return;
    }
    ctx.fillStyle = colour;
    ctx.globalAlpha = it.status === 'cancelled' ? 0.45 : 1;
    ctx.fillRect(bx0, y, bx1 - bx0, h);
    ctx.globalAlpha = 1;
    bars.push({ title: `${it.label} · ${it.status} · ${when}`, x0: bx0, x1: bx1, y, h });
  });
}

/** Phonemes as one row of blocks, labelled where they are wide enough. */
function drawPhonemes(
  s: Surface,
  items: readonly LaneItem[],
  y0: number,
  laneH: number,
  xAt: (t: number) => number,
  colour: string,
): void {
  const { ctx, bars } = s;
  const h = Math.min(laneH - 6, 16);
  const y = y0 + (laneH - 2 - h) / 2;
  ctx.textAlign = 'center';
  items.forEach((it, i) => {
    const bx0 = xAt(it.start);
    const bx1 = Math.max(bx0 + 1, xAt(it.end) - 1);
    ctx.fillStyle = colour;
    ctx.globalAlpha = (it.status === 'cancelled' ? 0.35 : 1) * (i % 2 === 0 ? 0.85 : 0.6);
    ctx.fillRect(bx0, y, bx1 - bx0, h);
    ctx.globalAlpha = 1;
    if (bx1 - bx0 >= 12) {
      ctx.fillStyle = '#0f1915';
      ctx.fillText(it.label, (bx0 + bx1) / 2, y + h / 2 + 0.5);
    }
    bars.push({
      title: `/${it.label}/ · ${(it.start / 1000).toFixed(3)}–${(it.end / 1000).toFixed(3)} s`,
      x0: bx0,
      x1: bx1,
      y,
      h,
    });
  });
}
