/**
 * Speech on the loop timeline: a faint band (and a ruler mark) per line spoken from the page, and
 * the speech onsets as red lines — the script's phrases and the spoken lines — with their captions.
 */
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import type { Phrase } from '../shared/performance.ts';
import { CAPTIONS, fit, LEFT, lineEnd, RULER, SPEECH } from './timeline-canvas.ts';
import type { Surface } from './timeline-canvas.ts';

/** Spoken lines: a faint band from the plan (the hands' first move) to the line's end. */
export function drawSpokenBands(
  s: Surface,
  spoken: readonly UtteranceLanes[],
  startMs: number,
  windowEnd: number,
  now: number,
  mainRight: number,
  xOf: (t: number) => number,
): void {
  const { ctx, height } = s;
  for (const l of spoken) {
    const end = lineEnd(l);
    if (l.plannedAt >= windowEnd || end <= startMs || l.plannedAt > now) continue;
    const x0 = Math.max(LEFT, xOf(l.plannedAt));
    const x1 = Math.min(mainRight, xOf(Math.min(end, now)));
    ctx.fillStyle = 'rgba(229, 112, 122, 0.09)';
    ctx.fillRect(x0, RULER, Math.max(1, x1 - x0), height - RULER);
    // …and a mark on the ruler, so a line reads as one span at a glance.
    ctx.fillStyle = 'rgba(229, 112, 122, 0.75)';
    ctx.fillRect(x0, RULER - 3, Math.max(2, x1 - x0), 2);
  }
}

/**
 * Speech onsets, with the line spoken: the script's phrases (faint where a spoken line held the
 * script over them) and the lines spoken from the page, in quotes.
 */
export function drawOnsets(
  s: Surface,
  phrases: readonly Phrase[],
  spoken: readonly UtteranceLanes[],
  startMs: number,
  windowEnd: number,
  now: number,
  lanesBottom: number,
  mainRight: number,
  xOf: (t: number) => number,
): void {
  const { ctx } = s;
  ctx.textAlign = 'left';
  const onsets = [
    ...phrases.map((p) => ({ at: p.speechOnsetMs, label: p.label, faint: p.held })),
    ...spoken
      .filter((l) => l.plannedAt <= now)
      .map((l) => ({ at: l.speechOnsetAt, label: `“${l.text}”`, faint: false })),
  ]
    .filter((o) => o.at >= startMs && o.at <= windowEnd)
    .sort((a, b) => a.at - b.at);
  // Captions: a held phrase has none (a spoken line took its place); each runs to the next one.
  const captioned = onsets.filter((o) => !o.faint && o.label);
  onsets.forEach((o) => {
    const x = Math.round(xOf(o.at)) + 0.5;
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
    const room = (next ? xOf(next.at) : mainRight) - x - 10;
    if (room > 24) {
      ctx.fillStyle = '#e5959c';
      ctx.fillText(fit(ctx, o.label, room), x + 4, lanesBottom + CAPTIONS / 2 + 3);
    }
  });
}
