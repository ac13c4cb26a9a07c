import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink } from '../../engine/state/file-sink.ts';
import type { AvatarState } from '../../engine/state/index.ts';

const base: AvatarState = {
  format_version: 1,
  avatar: 'ada',
  mood: 'warm',
  intensity: 0.2,
  expression: 'neutral',
  motion: 'idle',
  current_phrase: null,
  is_speaking: false,
  viseme_timeline: [],
  timestamp: 0,
  mode: 'live',
  LOCAL_OWNER: true,
};

describe('examples/state-consumer', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('prints one line per change of a file the file sink writes (timestamp-only changes print nothing)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-consumer-'));
    const path = join(dir, 'ada.state.json');
    const sink = fileSink(path, { minIntervalMs: 0, trailingMs: 0 });
    const write = (s: AvatarState) => sink.write(s, JSON.stringify(s));
    // Each state is written only after the consumer printed the previous line: deterministic order.
    const states: AvatarState[] = [
      base,
      { ...base, timestamp: 100, expression: 'happy', intensity: 0.7, motion: 'gesture:HK_031' },
      { ...base, timestamp: 200, expression: 'happy', intensity: 0.7, motion: 'gesture:HK_031' },
      {
        ...base,
        timestamp: 300,
        is_speaking: true,
        current_phrase: 'Hi there.',
        motion: 'nod',
        viseme_timeline: [{ time: 310, duration: 80, viseme: 'aa' }],
      },
    ];
    write(states[0]!);
    const child = spawn(process.execPath, ['examples/state-consumer/tail-state.mjs', path, '--max', '3'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let next = 1;
    let buffered = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        lines.push(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        // After line 1, write two states: the timestamp-only one must not print.
        if (next === 1) {
          write(states[1]!);
          next = 2;
        } else if (next === 2) {
          write(states[2]!);
          write(states[3]!);
          next = 4;
        }
      }
    });
    const guard = setTimeout(() => child.kill(), 15_000);
    const code = await exited;
    clearTimeout(guard);
    expect(code).toBe(0);
    expect(lines).toEqual([
      't=0 ada speaking=no expression=neutral(0.20) motion=idle mood=warm',
      't=100 ada speaking=no expression=happy(0.70) motion=gesture:HK_031 mood=warm',
      't=300 ada speaking=yes expression=neutral(0.20) motion=nod mood=warm phrase="Hi there." next=aa',
    ]);
  });
});
