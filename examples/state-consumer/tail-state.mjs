#!/usr/bin/env node
// Tails an avatar-state file written by the state plugin's file sink and prints one line per change.
// Plain Node, no dependencies: the same steps a Godot or Python consumer would take.
//
//   node examples/state-consumer/tail-state.mjs out/ada.state.json [--max N]
//
// The sink replaces the file by renaming a temp file over it, so this watches the folder (a watch
// on the file itself would stop at the first rename), re-reads the file on every event, and
// retries a read that does not parse (robust to a writer that does not rename). A slow poll backs
// up fs.watch, which can miss events on network and container filesystems.
import { readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { setInterval, setTimeout } from 'node:timers';

const args = process.argv.slice(2);
const path = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--max');
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : Infinity;
if (!path || !(max > 0)) {
  console.error('usage: tail-state.mjs <state.json> [--max N]');
  process.exit(2);
}

/** The fields whose change is worth a line (timestamp and the viseme timeline move every emission). */
const key = (s) =>
  JSON.stringify([
    s.avatar,
    s.mood,
    Math.round(s.intensity * 10),
    s.expression,
    s.motion,
    s.is_speaking,
    s.current_phrase,
  ]);

/** One readable line. */
const line = (s) =>
  `t=${Math.round(s.timestamp)} ${s.avatar} speaking=${s.is_speaking ? 'yes' : 'no'} ` +
  `expression=${s.expression}(${s.intensity.toFixed(2)}) motion=${s.motion} mood=${s.mood ?? '-'}` +
  (s.current_phrase === null ? '' : ` phrase=${JSON.stringify(s.current_phrase)}`) +
  (s.viseme_timeline.length > 0 ? ` next=${s.viseme_timeline[0].viseme}` : '');

let last = '';
let printed = 0;
let retry = null;

function check(attempt = 0) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return; // not there yet (or between unlink and rename on some systems)
  }
  let state;
  try {
    state = JSON.parse(text);
  } catch {
    // A partial read: try again shortly, a few times.
    if (attempt < 5 && retry === null) retry = setTimeout(() => ((retry = null), check(attempt + 1)), 20);
    return;
  }
  const k = key(state);
  if (k === last) return;
  last = k;
  process.stdout.write(`${line(state)}\n`);
  if (++printed >= max) process.exit(0);
}

const name = basename(path);
watch(dirname(path), (_event, file) => {
  if (file === null || file === name) check();
});
setInterval(check, 500);
check();
