/**
 * The live timeline: what tools/perform/timeline-svg.ts draws after a headless run, drawn every
 * frame for the current loop — a lane per capsule domain, a bar per capsule from onset to end as it
 * fires, skipped capsules as grey ticks, aborted/cancelled/revoked ones with their planned course
 * dashed, speech onsets as red lines, and the playhead. Click or drag anywhere on it to scrub.
 *
 * Once a line has been spoken, a lead-lag inset on the right zooms into the latest one: its hand,
 * face, voice and lip lanes from the lead-lag scheduler (`LEAD_LAG`'s lanes) over one second around
 * the speech onset, the onset marked, and the leads labelled (“hands −160 ms · face −40 ms”).
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import type { LaneItem, UtteranceLanes } from '../../engine/timing/lanes.ts';
import type { Phrase } from '../shared/performance.ts';

/** Domain colours, as in the headless timeline. */
export const DOMAIN_COLOURS: Readonly<Record<string, string>> = {
  HK: '#e07a5f',
  FMM: '#5b9bd5',
  BK: '#81b29a',
  TC: '#f2cc8f',
  TR: '#b5838d',
  VC: '#9d7bb0',
  LD: '#ffb703',
  CS: '#8d99ae',
  ER: '#2a9d8f',
};

const DOMAIN_NAMES: Readonly<Record<string, string>> = {
  HK: 'hands',
  FMM: 'face',
  BK: 'body',
  TC: 'timing',
  TR: 'rhythm',
  VC: 'voice',
  LD: 'light',
  CS: 'camera',
  ER: 'world',
};

/** What one frame of the panel shows. */
export interface TimelineView {
  readonly records: readonly TimelineRecord[];
  /** Avatar whose lanes are shown. */
  readonly avatar: string;
  /** Lanes, in order (domains of the library plus any that fired). */
  readonly domains: readonly string[];
  /** Window start and length, engine ms. */
  readonly startMs: number;
  readonly lengthMs: number;
  /** Playhead, engine ms. */
  readonly now: number;
  readonly phrases: readonly Phrase[];
  /** Lines spoken from the page (lead-lag lanes), oldest first. */
  readonly spoken: readonly UtteranceLanes[];
}

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

/** Scrub callbacks: where (engine ms) and which part of the gesture. */
export type ScrubHandler = (ms: number, phase: 'start' | 'move' | 'end') => void;

const RULER = 20;
/** Strip under the lanes for the spoken lines. */
const CAPTIONS = 18;
const LEFT = 92;
const RIGHT = 14;
const ROW_MAX = 9;
/** Lane height the panel asks for (see {@link preferredTimelineHeight}). */
const LANE = 24;

/** Height in CSS pixels that gives `lanes` lanes a comfortable row height. */
export function preferredTimelineHeight(lanes: number): number {
  return RULER + Math.max(1, lanes) * LANE + CAPTIONS + 4;
}

/** The lead-lag inset: width share of the panel and its bounds, CSS px. */
const INSET_SHARE = 0.36;
const INSET_MIN = 280;
const INSET_MAX = 420;
const INSET_GAP = 18;
/** Inset label column. */
const INSET_LABELS = 50;
/** The inset's window around the speech onset, ms. */
const INSET_BEFORE = 300;
const INSET_AFTER = 700;

const INSET_LANES = [
  { lane: 'hand', name: 'hands', colour: DOMAIN_COLOURS.HK! },
  { lane: 'face', name: 'face', colour: DOMAIN_COLOURS.FMM! },
  { lane: 'voice', name: 'voice', colour: DOMAIN_COLOURS.VC! },
  { lane: 'lip', name: 'lips', colour: '#7cc4b0' },
] as const;

const SPEECH = '#e5707a';

interface Bar {
  /** Hover text. */
  readonly title: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
}

/** Greedy row packing of bars sorted by start: each bar's row within its lane. */
function packRows(spans: readonly { start: number; end: number }[]): { rows: number[]; count: number } {
  const ends: number[] = [];
  const rows = spans.map((r) => {
    let row = ends.findIndex((end) => end <= r.start);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = Math.max(r.end, r.start + 1);
    return row;
  });
  return { rows, count: Math.max(1, ends.length) };
}

const recordTitle = (r: TimelineRecord): string =>
  `${r.id} · ${r.outcome} · ${(r.start / 1000).toFixed(2)}–${(r.end / 1000).toFixed(2)} s · weight ${r.weight.toFixed(2)}`;

/** Where things are on the panel this frame (pointer mapping). */
interface Layout {
  /** Right edge of the loop timeline's lanes. */
  readonly mainRight: number;
  /** The inset's lanes, x range, and the engine-ms window they show; null without an inset. */
  readonly inset: {
    readonly x0: number;
    readonly x1: number;
    readonly start: number;
    readonly length: number;
  } | null;
}

/** Creates the panel on a canvas; call `draw` every frame. */
export function createTimelinePanel(
  canvas: HTMLCanvasElement,
  onScrub: ScrubHandler,
): { draw(view: TimelineView): void } {
  const ctx = canvas.getContext('2d')!;
  let view: TimelineView | null = null;
  let bars: Bar[] = [];
  let width = 0;
  let height = 0;
  let layout: Layout = { mainRight: 0, inset: null };

  const xOf = (t: number, v: TimelineView): number =>
    LEFT + ((t - v.startMs) / v.lengthMs) * (layout.mainRight - LEFT);
  /** Engine ms under a pointer, in the loop timeline or (when the drag started there) the inset. */
  const timeAt = (clientX: number, inInset: boolean): number => {
    if (!view) return 0;
    const x = clientX - canvas.getBoundingClientRect().left;
    const inset = layout.inset;
    if (inInset && inset) {
      const u = (x - inset.x0) / (inset.x1 - inset.x0);
      return inset.start + Math.min(1, Math.max(0, u)) * inset.length;
    }
    const u = (x - LEFT) / (layout.mainRight - LEFT);
    return view.startMs + Math.min(1, Math.max(0, u)) * view.lengthMs;
  };

  let scrubbing = false;
  let scrubInset = false;
  canvas.addEventListener('pointerdown', (e) => {
    scrubbing = true;
    const x = e.clientX - canvas.getBoundingClientRect().left;
    scrubInset = layout.inset !== null && x >= layout.mainRight + INSET_GAP / 2;
    canvas.setPointerCapture(e.pointerId);
    onScrub(timeAt(e.clientX, scrubInset), 'start');
  });
  canvas.addEventListener('pointermove', (e) => {
    if (scrubbing) {
      onScrub(timeAt(e.clientX, scrubInset), 'move');
      return;
    }
    const box = canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const hit = bars.find((b) => x >= b.x0 - 2 && x <= b.x1 + 2 && y >= b.y && y <= b.y + b.h);
    canvas.title = hit?.title ?? '';
  });
  const end = (e: PointerEvent): void => {
    if (!scrubbing) return;
    scrubbing = false;
    onScrub(timeAt(e.clientX, scrubInset), 'end');
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  function resize(): void {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    width = canvas.clientWidth;
    height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function draw(v: TimelineView): void {
    view = v;
    resize();
    const windowEnd = v.startMs + v.lengthMs;
    // The latest line spoken by now gets the inset.
    let focus: UtteranceLanes | null = null;
    for (const l of v.spoken) if (l.plannedAt <= v.now) focus = l;
    const insetW = Math.round(Math.min(INSET_MAX, Math.max(INSET_MIN, width * INSET_SHARE)));
    const withInset = focus !== null && width - insetW - INSET_GAP - LEFT > 240;
    layout = {
      mainRight: withInset ? width - insetW - INSET_GAP : width - RIGHT,
      inset:
        withInset && focus
          ? {
              x0: width - insetW + INSET_LABELS,
              x1: width - 10,
              start: focus.speechOnsetAt - INSET_BEFORE,
              length: INSET_BEFORE + INSET_AFTER,
            }
          : null,
    };
    const mainRight = layout.mainRight;
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    // Ruler: a tick per second of the loop.
    ctx.fillStyle = '#6f7580';
    ctx.strokeStyle = '#23262e';
    ctx.lineWidth = 1;
    ctx.textAlign = 'center';
    for (let s = 0; s * 1000 <= v.lengthMs; s++) {
      const x = Math.round(xOf(v.startMs + s * 1000, v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, RULER - 4);
      ctx.lineTo(x, height);
      ctx.stroke();
      ctx.fillText(`${s} s`, Math.min(x, mainRight - 8), 9);
    }

    // Spoken lines: a faint band from the plan (the hands' first move) to the line's end.
    for (const l of v.spoken) {
      const end = lineEnd(l);
      if (l.plannedAt >= windowEnd || end <= v.startMs || l.plannedAt > v.now) continue;
      const x0 = Math.max(LEFT, xOf(l.plannedAt, v));
      const x1 = Math.min(mainRight, xOf(Math.min(end, v.now), v));
      ctx.fillStyle = 'rgba(229, 112, 122, 0.09)';
      ctx.fillRect(x0, RULER, Math.max(1, x1 - x0), height - RULER);
      // …and a mark on the ruler, so a line reads as one span at a glance.
      ctx.fillStyle = 'rgba(229, 112, 122, 0.75)';
      ctx.fillRect(x0, RULER - 3, Math.max(2, x1 - x0), 2);
    }

    // Lanes.
    const inWindow = v.records.filter(
      (r) => r.avatar === v.avatar && r.start < windowEnd && Math.max(r.end, r.plannedEnd) > v.startMs,
    );
    const laneCount = Math.max(1, v.domains.length);
    const laneH = Math.min(40, (height - RULER - CAPTIONS - 4) / laneCount);
    const lanesBottom = RULER + laneCount * laneH;
    bars = [];
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
        const x0 = xOf(r.start, v);
        if (r.outcome === 'skipped') {
          ctx.fillStyle = '#8d929c';
          ctx.fillRect(x0 - 1, y, 2, h);
          bars.push({ title: recordTitle(r), x0, x1: x0, y, h });
          return;
        }
        const colour = DOMAIN_COLOURS[domain] ?? '#aaa';
        const x1 = Math.max(x0 + 1.5, xOf(r.end, v));
        const xNow = Math.min(x1, Math.max(x0 + 1.5, xOf(v.now, v)));
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
          ctx.strokeRect(x0 + 0.5, y + 0.5, Math.max(1.5, xOf(r.plannedEnd, v) - x0) - 1, h - 1);
          ctx.setLineDash([]);
        }
        bars.push({ title: recordTitle(r), x0, x1, y, h });
      });
      ctx.restore();
    });

    // Speech onsets, with the line spoken: the script's phrases (faint where a spoken line held
    // the script over them) and the lines spoken from the page, in quotes.
    ctx.textAlign = 'left';
    const onsets = [
      ...v.phrases.map((p) => ({ at: p.speechOnsetMs, label: p.label, faint: p.held })),
      ...v.spoken
        .filter((l) => l.plannedAt <= v.now)
        .map((l) => ({ at: l.speechOnsetAt, label: `“${l.text}”`, faint: false })),
    ]
      .filter((o) => o.at >= v.startMs && o.at <= windowEnd)
      .sort((a, b) => a.at - b.at);
    // Captions: a held phrase has none (a spoken line took its place); each runs to the next one.
    const captioned = onsets.filter((o) => !o.faint && o.label);
    onsets.forEach((o) => {
      const x = Math.round(xOf(o.at, v)) + 0.5;
      ctx.globalAlpha = o.faint ? 0.3 : 1;
      ctx.strokeStyle = SPEECH;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, RULER);
      ctx.lineTo(x, lanesBottom + 4);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      const i = captioned.indexOf(o);
      if (i < 0) return;
      const next = captioned[i + 1];
      const room = (next ? xOf(next.at, v) : mainRight) - x - 10;
      if (room > 24) {
        ctx.fillStyle = '#e5959c';
        ctx.fillText(fit(ctx, o.label, room), x + 4, lanesBottom + CAPTIONS / 2 + 3);
      }
    });

    // Playhead.
    playhead(xOf(Math.min(windowEnd, Math.max(v.startMs, v.now)), v));

    if (layout.inset && focus) drawInset(focus, layout.inset, v.now, insetW);
  }

  function playhead(x: number): void {
    const px = Math.round(x) + 0.5;
    ctx.strokeStyle = '#7cc4b0';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px, RULER - 2);
    ctx.lineTo(px, height);
    ctx.stroke();
    ctx.fillStyle = '#7cc4b0';
    ctx.beginPath();
    ctx.moveTo(px - 5, RULER - 8);
    ctx.lineTo(px + 5, RULER - 8);
    ctx.lineTo(px, RULER - 2);
    ctx.closePath();
    ctx.fill();
    ctx.lineWidth = 1;
  }

  /** The lead-lag inset: one spoken line's hand, face, voice and lip lanes around its speech onset. */
  function drawInset(
    l: UtteranceLanes,
    inset: NonNullable<Layout['inset']>,
    now: number,
    insetW: number,
  ): void {
    const left = width - insetW;
    const { x0, x1 } = inset;
    const xAt = (t: number): number => x0 + ((t - inset.start) / inset.length) * (x1 - x0);
    const S = l.speechOnsetAt;

    ctx.fillStyle = '#181b21';
    roundRect(left, 0, insetW, height, 8);
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
      if (spec.lane === 'lip') drawPhonemes(items, y0, laneH, xAt, spec.colour);
      else drawItems(items, y0, laneH, xAt, spec.colour);
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
    items: readonly LaneItem[],
    y0: number,
    laneH: number,
    xAt: (t: number) => number,
    colour: string,
  ): void {
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
    items: readonly LaneItem[],
    y0: number,
    laneH: number,
    xAt: (t: number) => number,
    colour: string,
  ): void {
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

  function roundRect(x: number, y: number, w: number, h: number, r: number): void {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  return { draw };
}

/** `text` shortened with an ellipsis to fit `room` px in the current font. */
function fit(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  if (room <= 0) return '';
  let t = text;
  while (t.length > 1 && ctx.measureText(t).width > room) t = `${t.slice(0, -2)}…`;
  return t;
}

/** Where a spoken line ends: a barge-in's cut, else its last bar. */
function lineEnd(l: UtteranceLanes): number {
  if (l.cancelledAt !== null) return l.cancelledAt;
  return l.items.reduce((end, item) => Math.max(end, item.end), l.voiceAt);
}
