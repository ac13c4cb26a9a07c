/**
 * The loop timeline's time axis: a tick and label per second across the lanes, and the playhead.
 */
import { RULER } from './timeline-canvas.ts';
import type { Surface } from './timeline-canvas.ts';

/** Ruler: a tick per second of the loop, from `startMs` over `lengthMs`. */
export function drawRuler(
  s: Surface,
  startMs: number,
  lengthMs: number,
  mainRight: number,
  xOf: (t: number) => number,
): void {
  const { ctx, height } = s;
  ctx.fillStyle = '#6f7580';
  ctx.strokeStyle = '#23262e';
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  for (let sec = 0; sec * 1000 <= lengthMs; sec++) {
    const x = Math.round(xOf(startMs + sec * 1000)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, RULER - 4);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.fillText(`${sec} s`, Math.min(x, mainRight - 8), 9);
  }
}

/** The playhead at `x`: a line down the panel under a small triangle on the ruler. */
export function drawPlayhead(s: Surface, x: number): void {
  const { ctx, height } = s;
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
