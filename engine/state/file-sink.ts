/**
 * The file sink (Node only: node:fs): keeps one JSON file holding the avatar's latest state, for
 * consumers that tail a file (a Godot scene, a shell script). Every write goes to a temporary file
 * in the same folder and is renamed over the target, so a reader sees the old state or the new one,
 * never half of one. Writes are throttled; the last state of a burst is written when the interval
 * has passed (or at `flush()` / `close()`), so the file always ends up current.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateSink } from './sinks.ts';

/** Options of {@link fileSink}. */
export interface FileSinkOptions {
  /** Least engine time between two writes, ms (states carry engine timestamps). Default 100. */
  minIntervalMs: number;
  /**
   * Wall-clock delay after which a held-back state is written even if no newer state comes, ms.
   * Default: `minIntervalMs`. 0 disables the timer (write on the next state or `flush()` only).
   */
  trailingMs: number;
}

/** A file sink with its flush for tests and shutdown. */
export interface FileSink extends StateSink {
  readonly path: string;
  /** Writes the held-back state now, if any. */
  flush(): void;
  /** Files written so far. */
  readonly writes: number;
}

/** Writes the latest state to `path` atomically (temp file + rename), throttled. */
export function fileSink(path: string, options: Partial<FileSinkOptions> = {}): FileSink {
  const minIntervalMs = options.minIntervalMs ?? 100;
  if (!(minIntervalMs >= 0 && Number.isFinite(minIntervalMs)))
    throw new RangeError(`fileSink ${path}: minIntervalMs must be finite and ≥ 0, got ${minIntervalMs}`);
  const trailingMs = options.trailingMs ?? minIntervalMs;
  if (!(trailingMs >= 0 && Number.isFinite(trailingMs)))
    throw new RangeError(`fileSink ${path}: trailingMs must be finite and ≥ 0, got ${trailingMs}`);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  let lastAt = -Infinity;
  let pending: string | null = null;
  let pendingAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writes = 0;

  const writeNow = (json: string): void => {
    try {
      writeFileSync(tmp, json.endsWith('\n') ? json : `${json}\n`);
      renameSync(tmp, path);
      writes++;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new Error(`fileSink ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    const json = pending;
    pending = null;
    lastAt = pendingAt;
    writeNow(json);
  };

  return {
    name: `file ${path}`,
    path,
    get writes() {
      return writes;
    },
    write(state, json) {
      const t = state.timestamp;
      if (t - lastAt >= minIntervalMs || t < lastAt) {
        lastAt = t;
        pending = null;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        writeNow(json);
        return;
      }
      pending = json;
      pendingAt = t;
      if (timer === null && trailingMs > 0) {
        timer = setTimeout(flush, trailingMs);
        timer.unref?.();
      }
    },
    flush,
    close: flush,
  };
}
