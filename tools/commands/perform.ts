/**
 * `capsule perform <script> --seed N --fps F --out DIR`: renders a script headlessly to
 * DIR/track.jsonl (one line per frame) and DIR/timeline.svg (which capsules fired when).
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseScript } from '../../engine/script/script.ts';
import { loadLibrary } from '../library.ts';
import { runPerformance } from '../perform/run-performance.ts';
import { timelineSvg } from '../perform/timeline-svg.ts';
import { trackLine } from '../perform/track-line.ts';

const integer = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}, got "${v}"`);
  return n;
};

/** Adds `perform`. */
export function registerPerform(program: Command): void {
  program
    .command('perform')
    .description('perform a script headlessly: write track.jsonl and timeline.svg')
    .argument('<script>', 'a *.script.json file')
    .option('--seed <n>', 'random seed (same seed, same frames)', integer('seed', 0, 2 ** 32 - 1), 1)
    .option('--fps <f>', 'frames per second of the track', integer('fps', 1, 1000), 60)
    .option('--out <dir>', 'output folder (default: out/<script name>)')
    .option('--lib <dir>', 'capsule library folder', 'capsules')
    .action(async (scriptPath: string, opts: { seed: number; fps: number; out?: string; lib: string }) => {
      const script = parseScript(readFileSync(scriptPath, 'utf8'), scriptPath);
      const registry = loadLibrary(opts.lib);
      if (!registry) return;
      const out = resolve(
        opts.out ?? join('out', basename(scriptPath).replace(/\.script\.json$|\.json$/, '')),
      );
      mkdirSync(out, { recursive: true });
      const track = createWriteStream(join(out, 'track.jsonl'));
      const bar = new SingleBar(
        { format: 'perform [{bar}] {percentage}% | frame {value}/{total}', stream: process.stderr },
        Presets.shades_classic,
      );
      const result = runPerformance({
        script,
        registry,
        seed: opts.seed,
        fps: opts.fps,
        onFrame: (t, avatars, frame, total) => {
          if (frame === 0 && total > 300) bar.start(total, 0);
          track.write(trackLine(t, avatars, registry.layout) + '\n');
          if (total > 300 && (frame % 30 === 0 || frame === total - 1)) bar.update(frame + 1);
        },
      });
      bar.stop();
      await new Promise<void>((done, fail) => track.end((err?: Error | null) => (err ? fail(err) : done())));
      const markers = script.events
        .filter((e) => e.speech_onset_ms !== undefined)
        .map((e) => ({ avatar: e.avatar, atMs: e.speech_onset_ms!, label: e.label ?? 'speech onset' }));
      writeFileSync(
        join(out, 'timeline.svg'),
        timelineSvg(result.runtime.timeline, script.duration_ms, markers),
      );
      const tl = result.runtime.timeline;
      const count = (o: string) => tl.filter((r) => r.outcome === o).length;
      for (const e of result.events)
        console.error(`event at ${e.time.toFixed(1)} ms: ${e.kind}: ${e.message}`);
      console.log(
        `performed ${scriptPath}: ${result.frames} frames at ${opts.fps} fps, seed ${opts.seed}; ` +
          `${tl.length} capsules scheduled (${count('played')} played, ${count('aborted')} aborted, ${count('skipped')} skipped, ${count('cancelled')} cancelled)`,
      );
      console.log(`wrote ${join(out, 'track.jsonl')}`);
      console.log(`wrote ${join(out, 'timeline.svg')}`);
    });
}
