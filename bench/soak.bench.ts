/**
 * One simulated hour at 60 Hz (216,000 frames) of the soak in tests/fuzz/soak.ts: four avatars, the
 * whole library, the idle, a seeded storm of API calls and packets. Reports NaN and clamp counts,
 * live instances, the timeline's size (bounded by the capsule plugin's retention window) and the heap
 * (forced GC) at start, end and peak.
 * Standalone: `node bin/run-ts.js bench/soak.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { libraryDocs, libraryRegistry } from '../tests/fuzz/capsule-fuzz.ts';
import { runSoak, type SoakResult } from '../tests/fuzz/soak.ts';

const HOUR = 216_000;
const AVATARS = 4;
const SEED = 1;

/** Runs the hour (and the probe); returns report lines (markdown). */
export function soakSection(log: (s: string) => void = () => {}): string[] {
  const registry = libraryRegistry(libraryDocs());
  const t0 = process.hrtime.bigint();
  const r = runSoak({
    frames: HOUR,
    avatars: AVATARS,
    seed: SEED,
    registry,
    onMinute: (m, res) => {
      if (m % 10 === 0)
        log(
          `soak: ${m} simulated min, heap ${res.heap.end.toFixed(1)} MB, ${res.timelineRecords} timeline records`,
        );
    },
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  return report(r, wallS);
}

function mb(x: number): string {
  return x.toFixed(1);
}

function report(r: SoakResult, wallS: number): string[] {
  const growth = r.heap.end - r.heap.start;
  const events = Object.entries(r.events)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    '## Soak: one simulated hour',
    '',
    `${r.frames.toLocaleString('en')} frames at 60 Hz on a fixed-step clock, ${AVATARS} avatars over the whole library with the idle beneath, seed ${SEED}: ${r.commands} API calls (plays, triggers, profiles, cancels, revocations/restores), ${r.avatarSwaps} avatar swaps, ${r.packetsValid} valid and ${r.packetsMutated} byte-damaged packets through \`createPacketReceiver\` (${r.packetsApplied} applied). Heap: \`process.memoryUsage().heapUsed\` after a forced GC (${r.heap.gc ? 'available' : 'NOT available: figures without GC'}), sampled each simulated minute; "start" is after the first minute. Wall time ${wallS.toFixed(0)} s.`,
    '',
    '| measure | value | goal |',
    '|---|---:|---|',
    `| pose values checked (every channel and rotation, every avatar, every frame) | ${r.checked.toLocaleString('en')} | |`,
    `| non-finite values | ${r.nonFinite} | 0: ${r.nonFinite === 0 ? 'met' : 'NOT met'} |`,
    `| values outside their clamps | ${r.outOfRange} | 0: ${r.outOfRange === 0 ? 'met' : 'NOT met'} |`,
    `| live capsule instances: peak / at the end | ${r.maxInstances} / ${r.endInstances} | bounded |`,
    `| timeline records at the end (added per minute, second half) | ${r.timelineRecords.toLocaleString('en')} (${r.timelinePerMinute.toFixed(0)}) | bounded: ${r.timelinePerMinute > 0 ? 'NOT met (grows without bound)' : 'met'} |`,
    `| heap start / end / peak, MB | ${mb(r.heap.start)} / ${mb(r.heap.end)} / ${mb(r.heap.peak)} | |`,
    `| heap growth over the hour, MB | ${mb(growth)} | < 10 MB: ${growth < 10 ? 'met' : 'NOT met'} |`,
    '',
    `Events: ${events}. The capsule timeline keeps only records that ended within the last 60 s (the capsule plugin's \`timelineRetentionMs\`), so its size stays flat.`,
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const line of soakSection((s) => console.error(s))) console.log(line);
}
