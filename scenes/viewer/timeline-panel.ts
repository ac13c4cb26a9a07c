/**
 * The live timeline: what tools/perform/timeline-svg.ts draws after a headless run, drawn every
 * frame for the current loop. This file is the panel — the canvas, its size, the layout of the loop
 * timeline beside the lead-lag inset, hover titles, and scrubbing (click or drag anywhere on it);
 * the drawing is delegated: the ruler and playhead (timeline-ruler.ts), the domain lanes
 * (timeline-lanes.ts), speech bands and onsets (timeline-speech.ts) and the lead-lag inset on the
 * latest spoken line (timeline-speech-inset.ts).
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import type { Phrase } from '../shared/performance.ts';
import { CAPTIONS, LEFT, RIGHT, RULER } from './timeline-canvas.ts';
import type { Bar, Surface } from './timeline-canvas.ts';
import { drawLanes } from './timeline-lanes.ts';
import { drawPlayhead, drawRuler } from './timeline-ruler.ts';
import { drawOnsets, drawSpokenBands } from './timeline-speech.ts';
import {
  drawInset,
  INSET_AFTER,
  INSET_BEFORE,
  INSET_GAP,
  INSET_LABELS,
  insetWidth,
} from './timeline-speech-inset.ts';
import type { InsetLayout } from './timeline-speech-inset.ts';

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

/** Scrub callbacks: where (engine ms) and which part of the gesture. */
export type ScrubHandler = (ms: number, phase: 'start' | 'move' | 'end') => void;

/** Lane height the panel asks for (see {@link preferredTimelineHeight}). */
const LANE = 24;

/** Height in CSS pixels that gives `lanes` lanes a comfortable row height. */
export function preferredTimelineHeight(lanes: number): number {
  return RULER + Math.max(1, lanes) * LANE + CAPTIONS + 4;
}

/** Where things are on the panel this frame (pointer mapping). */
interface Layout {
  /** Right edge of the loop timeline's lanes. */
  readonly mainRight: number;
  /** The inset's lanes, x range, and the engine-ms window they show; null without an inset. */
  readonly inset: InsetLayout | null;
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
    const insetW = insetWidth(width);
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
    const x = (t: number): number => xOf(t, v);
    bars = [];
    const s: Surface = { ctx, width, height, bars };
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    drawRuler(s, v.startMs, v.lengthMs, mainRight, x);
    drawSpokenBands(s, v.spoken, v.startMs, windowEnd, v.now, mainRight, x);
    const lanesBottom = drawLanes(s, v, windowEnd, mainRight, x);
    drawOnsets(s, v.phrases, v.spoken, v.startMs, windowEnd, v.now, lanesBottom, mainRight, x);
    drawPlayhead(s, x(Math.min(windowEnd, Math.max(v.startMs, v.now))));
    if (layout.inset && focus) drawInset(s, focus, layout.inset, v.now, insetW);
  }

  return { draw };
}
