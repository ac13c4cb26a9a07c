/**
 * What every part of the timeline panel draws with: the surface of one frame (context, size, the
 * hover bars it collects), the shared geometry and colours, and small canvas helpers. Kept apart so
 * the ruler, lanes, speech marks and lead-lag inset can each live in a file of their own.
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';

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

export const DOMAIN_NAMES: Readonly<Record<string, string>> = {
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

export const RULER = 20;
/** Strip under the lanes for the spoken lines. */
export const CAPTIONS = 18;
export const LEFT = 92;
export const RIGHT = 14;
export const ROW_MAX = 9;

export const SPEECH = '#e5707a';

export interface Bar {
  /** Hover text. */
  readonly title: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly h: number;
}

/** One frame's drawing surface: the context, its size in CSS px, and the hover bars drawn so far. */
export interface Surface {
  readonly ctx: CanvasRenderingContext2D;
  readonly width: number;
  readonly height: number;
  readonly bars: Bar[];
}

/** Greedy row packing of bars sorted by start: each bar's row within its lane. */
export function packRows(spans: readonly { start: number; end: number }[]): {
  rows: number[];
  count: number;
} {
  const ends: number[] = [];
  const rows = spans.map((r) => {
    let row = ends.findIndex((end) => end <= r.start);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = Math.max(r.end, r.start + 1);
    return row;
  });
  return { rows, count: Math.max(1, ends.length) };
}

export const recordTitle = (r: TimelineRecord): string =>
  `${r.id} · ${r.outcome} · ${(r.start / 1000).toFixed(2)}–${(r.end / 1000).toFixed(2)} s · weight ${r.weight.toFixed(2)}`;

/** `text` shortened with an ellipsis to fit `room` px in the current font. */
export function fit(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  if (room <= 0) return '';
  let t = text;
  while (t.length > 1 && ctx.measureText(t).width > room) t = `${t.slice(0, -2)}…`;
  return t;
}

export function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** Where a spoken line ends: a barge-in's cut, else its last bar. */
export function lineEnd(l: UtteranceLanes): number {
  if (l.cancelledAt !== null) return l.cancelledAt;
  return l.items.reduce((end, item) => Math.max(end, item.end), l.voiceAt);
}
