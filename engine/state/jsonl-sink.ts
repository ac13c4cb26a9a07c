/**
 * The state-log sink (Node only: node:fs): appends every emitted state as one JSON line, for
 * headless performances and replays (`capsule perform` can keep a state log beside its pose
 * track). Unlike the file sink it keeps history, so it is not throttled beyond the emitter's own
 * `maxHz`; lines are written whole with one append each, so a reader sees complete lines or none.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StateSink } from './sinks.ts';

/** A state-log sink with its line count. */
export interface JsonlSink extends StateSink {
  readonly path: string;
  /** Lines written so far. */
  readonly lines: number;
}

/** Appends each state to `path` as a line of JSON; the file is emptied first unless `append`. */
export function jsonlSink(path: string, options: { append?: boolean } = {}): JsonlSink {
  mkdirSync(dirname(path), { recursive: true });
  if (!options.append) writeFileSync(path, '');
  let lines = 0;
  return {
    name: `jsonl ${path}`,
    path,
    get lines() {
      return lines;
    },
    write(_state, json) {
      appendFileSync(path, `${json}\n`);
      lines++;
    },
  };
}
