/** Small statistics and machine facts for the benchmark report. */
import { cpus, loadavg, totalmem } from 'node:os';

/** Median of a sample (mean of the middle two for even sizes). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One line describing the machine the numbers came from. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}-${process.arch}; 1-minute load average at start ${loadavg()[0]!.toFixed(1)} (other work on the machine inflates wall-clock figures; ratios measured side by side hold better)`;
}

/** Wall time of `fn` in milliseconds (benchmarks only; the engine never reads wall time). */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Median µs per call of `fn` over `runs` runs of `frames` calls each, after `warmup` calls (the JIT
 * settles first); `fn` gets the call's frame number.
 */
export function perCallUs(
  fn: (frame: number) => void,
  { frames, runs = 7, warmup = 120 }: { frames: number; runs?: number; warmup?: number },
): number {
  for (let f = 0; f < warmup; f++) fn(f);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++)
    samples.push(
      (timeMs(() => {
        for (let f = 0; f < frames; f++) fn(f);
      }) *
        1000) /
        frames,
    );
  return median(samples);
}
