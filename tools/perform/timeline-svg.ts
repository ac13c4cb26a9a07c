/**
 * timeline.svg: one lane per capsule domain (per avatar), a bar per scheduled capsule from onset to
 * end, and a speech lane with each spoken line's audio, so a reader sees at a glance that hands lead
 * speech and what was skipped, aborted or cut.
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import { DOMAINS } from '../../engine/capsules/compiled.ts';

/** A vertical marker (speech onset, a spoken line) drawn across an avatar's lanes. */
export interface TimelineMarker {
  avatar: string;
  atMs: number;
  label: string;
}

/** A spoken line's audio on an avatar's speech lane, engine ms. */
export interface SpeechSpan {
  avatar: string;
  start: number;
  end: number;
  label: string;
  /** The line was cut (barge-in) at its end. */
  cut?: boolean;
}

const COLOURS: Record<string, string> = {
  HK: '#e07a5f',
  FMM: '#3d85c6',
  BK: '#81b29a',
  TC: '#f2cc8f',
  TR: '#b5838d',
  VC: '#6d597a',
  LD: '#ffb703',
  CS: '#8d99ae',
  ER: '#2a9d8f',
};
const LANE = 22;
const ROW = 9;
const LEFT = 96;
const WIDTH = 1200;

const esc = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Packs overlapping bars into rows (greedy): returns each record's row within its lane. */
function pack(records: TimelineRecord[]): { rows: number[]; count: number } {
  const ends: number[] = [];
  const rows = records.map((r) => {
    let row = ends.findIndex((end) => end <= r.start);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = Math.max(r.end, r.plannedEnd);
    return row;
  });
  return { rows, count: Math.max(1, ends.length) };
}

/** Renders the timeline of a performance `durationMs` long. */
export function timelineSvg(
  records: readonly TimelineRecord[],
  durationMs: number,
  markers: readonly TimelineMarker[] = [],
  speech: readonly SpeechSpan[] = [],
): string {
  const avatars = [
    ...new Set(
      records
        .map((r) => r.avatar)
        .concat(markers.map((m) => m.avatar))
        .concat(speech.map((s) => s.avatar)),
    ),
  ];
  const x = (t: number): number =>
    LEFT + (Math.max(0, Math.min(durationMs, t)) / durationMs) * (WIDTH - LEFT - 16);
  const body: string[] = [];
  let y = 28;
  for (const avatar of avatars) {
    const top = y;
    body.push(`<text x="8" y="${y + 12}" class="avatar">${esc(avatar)}</text>`);
    y += 20;
    for (const domain of DOMAINS) {
      const lane = records
        .filter((r) => r.avatar === avatar && r.domain === domain)
        .sort((a, b) => a.start - b.start);
      if (lane.length === 0) continue;
      const { rows, count } = pack(lane);
      const height = Math.max(LANE, count * ROW + 6);
      body.push(
        `<rect x="${LEFT}" y="${y}" width="${WIDTH - LEFT - 16}" height="${height - 2}" class="lane"/>`,
      );
      body.push(`<text x="12" y="${y + 14}" class="domain">${domain}</text>`);
      lane.forEach((r, i) => {
        const ry = y + 3 + rows[i]! * ROW;
        const x0 = x(r.start);
        const tip = `${r.id} ${r.outcome} ${r.start.toFixed(0)}–${r.end.toFixed(0)} ms, weight ${r.weight.toFixed(2)}`;
        if (r.outcome === 'skipped') {
          body.push(
            `<rect x="${x0}" y="${ry}" width="2" height="${ROW - 2}" class="skipped"><title>${esc(tip)}</title></rect>`,
          );
          return;
        }
        const w = Math.max(1.5, x(r.end) - x0);
        const cls = r.outcome === 'played' ? 'bar' : `bar ${r.outcome}`;
        body.push(
          `<rect x="${x0}" y="${ry}" width="${w}" height="${ROW - 2}" rx="2" fill="${COLOURS[domain]}" class="${cls}"><title>${esc(tip)}</title></rect>`,
        );
        if (r.outcome !== 'played')
          body.push(
            `<rect x="${x0}" y="${ry}" width="${Math.max(1.5, x(r.plannedEnd) - x0)}" height="${ROW - 2}" rx="2" class="planned"/>`,
          );
      });
      y += height;
    }
    const spans = speech.filter((s) => s.avatar === avatar);
    if (spans.length > 0) {
      body.push(
        `<rect x="${LEFT}" y="${y}" width="${WIDTH - LEFT - 16}" height="${LANE - 2}" class="lane"/>`,
      );
      body.push(`<text x="12" y="${y + 14}" class="domain">speech</text>`);
      for (const s of spans) {
        const x0 = x(s.start);
        const tip = `${s.label} ${s.start.toFixed(0)}–${s.end.toFixed(0)} ms${s.cut ? ' (cut)' : ''}`;
        body.push(
          `<rect x="${x0}" y="${y + 3}" width="${Math.max(1.5, x(s.end) - x0)}" height="${LANE - 8}" rx="2" class="${s.cut ? 'speech cut' : 'speech'}"><title>${esc(tip)}</title></rect>`,
        );
      }
      y += LANE;
    }
    for (const m of markers.filter((mk) => mk.avatar === avatar)) {
      body.push(`<line x1="${x(m.atMs)}" y1="${top + 16}" x2="${x(m.atMs)}" y2="${y}" class="marker"/>`);
      body.push(`<text x="${x(m.atMs) + 3}" y="${top + 12}" class="marker-label">${esc(m.label)}</text>`);
    }
    y += 12;
  }
  const ticks: string[] = [];
  const step = durationMs > 20_000 ? 5000 : durationMs > 5000 ? 1000 : 250;
  for (let t = 0; t <= durationMs; t += step) {
    ticks.push(`<line x1="${x(t)}" y1="20" x2="${x(t)}" y2="${y}" class="tick"/>`);
    ticks.push(
      `<text x="${x(t)}" y="14" class="tick-label">${(t / 1000).toFixed(step < 1000 ? 2 : 0)} s</text>`,
    );
  }
  const height = y + 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">
<style>
.lane{fill:#f6f6f4}.domain{font-size:11px;fill:#555;font-weight:600}.avatar{font-size:13px;font-weight:700;fill:#222}
.tick{stroke:#e2e2e2}.tick-label{font-size:10px;fill:#777;text-anchor:middle}.bar{stroke:#0003}
.aborted,.cancelled,.revoked{opacity:.9}.planned{fill:none;stroke:#555;stroke-dasharray:3 2}.skipped{fill:#aaa}
.marker{stroke:#c1121f;stroke-width:1.2;stroke-dasharray:4 3}.marker-label{font-size:10px;fill:#c1121f}
.legend{font-size:10px;fill:#555}${speech.length > 0 ? '.speech{fill:#264653;stroke:#0003}.cut{opacity:.5}' : ''}
</style>
<rect width="100%" height="100%" fill="#fff"/>
${ticks.join('\n')}
${body.join('\n')}
<text x="${LEFT}" y="${height - 8}" class="legend">bar: capsule playing · dashed outline: planned course of an aborted/cancelled/revoked capsule · grey tick: skipped by its probability${speech.length > 0 ? " · speech: a line's audio" : ''} · red line: speech onset</text>
</svg>
`;
}
