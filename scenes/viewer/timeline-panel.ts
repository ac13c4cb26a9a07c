/**
 * The live timeline: what tools/perform/timeline-svg.ts draws after a headless run, drawn every
 * frame for the current loop — a lane per capsule domain, a bar per capsule from onset to end as it
 * fires, skipped capsules as grey ticks, aborted/cancelled/revoked ones with their planned course
 * dashed, speech onsets as red lines, and the playhead. Click or drag anywhere on it to scrub.
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
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

interface Bar {
  readonly record: TimelineRecord;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
}

/** Greedy row packing of bars sorted by start: each record's row within its lane. */
function packRows(records: readonly TimelineRecord[]): { rows: number[]; count: number } {
  const ends: number[] = [];
  const rows = records.map((r) => {
    let row = ends.findIndex((end) => end <= r.start);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = Math.max(r.end, r.plannedEnd, r.start + 1);
    return row;
  });
  return { rows, count: Math.max(1, ends.length) };
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

  const xOf = (t: number, v: TimelineView): number =>
    LEFT + ((t - v.startMs) / v.lengthMs) * (width - LEFT - RIGHT);
  const timeAt = (clientX: number): number => {
    if (!view) return 0;
    const box = canvas.getBoundingClientRect();
    const u = (clientX - box.left - LEFT) / (box.width - LEFT - RIGHT);
    return view.startMs + Math.min(1, Math.max(0, u)) * view.lengthMs;
  };

  let scrubbing = false;
  canvas.addEventListener('pointerdown', (e) => {
    scrubbing = true;
    canvas.setPointerCapture(e.pointerId);
    onScrub(timeAt(e.clientX), 'start');
  });
  canvas.addEventListener('pointermove', (e) => {
    if (scrubbing) {
      onScrub(timeAt(e.clientX), 'move');
      return;
    }
    const box = canvas.getBoundingClientRect();
    const x = e.clientX - box.left;
    const y = e.clientY - box.top;
    const hit = bars.find((b) => x >= b.x0 - 2 && x <= b.x1 + 2 && y >= b.y && y <= b.y + b.h);
    const r = hit?.record;
    canvas.title = r
      ? `${r.id} · ${r.outcome} · ${(r.start / 1000).toFixed(2)}–${(r.end / 1000).toFixed(2)} s · weight ${r.weight.toFixed(2)}`
      : '';
  });
  const end = (e: PointerEvent): void => {
    if (!scrubbing) return;
    scrubbing = false;
    onScrub(timeAt(e.clientX), 'end');
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
      ctx.fillText(`${s} s`, Math.min(x, width - RIGHT - 8), 9);
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
      ctx.fillStyle = lane % 2 === 0 ? '#191c22' : '#16191e';
      ctx.fillRect(LEFT, top, width - LEFT - RIGHT, laneH - 2);
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
      const { rows, count } = packRows(lane_);
      ctx.save();
      ctx.beginPath();
      ctx.rect(LEFT, top, width - LEFT - RIGHT, laneH);
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
          bars.push({ record: r, x0, x1: x0, y, h });
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
        bars.push({ record: r, x0, x1, y, h });
      });
      ctx.restore();
    });

    // Speech onsets, with the line spoken.
    ctx.textAlign = 'left';
    const onsets = v.phrases.filter((p) => p.speechOnsetMs >= v.startMs && p.speechOnsetMs <= windowEnd);
    onsets.forEach((p, i) => {
      const x = Math.round(xOf(p.speechOnsetMs, v)) + 0.5;
      ctx.strokeStyle = '#e5707a';
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, RULER);
      ctx.lineTo(x, lanesBottom + 4);
      ctx.stroke();
      ctx.setLineDash([]);
      const next = onsets[i + 1];
      const room = (next ? xOf(next.speechOnsetMs, v) : width - RIGHT) - x - 10;
      if (p.label && room > 24) {
        ctx.fillStyle = '#e5959c';
        let text = p.label;
        while (text.length > 1 && ctx.measureText(text).width > room) text = `${text.slice(0, -2)}…`;
        ctx.fillText(text, x + 4, lanesBottom + CAPTIONS / 2 + 3);
      }
    });

    // Playhead.
    const px = Math.round(xOf(Math.min(windowEnd, Math.max(v.startMs, v.now)), v)) + 0.5;
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

  return { draw };
}
