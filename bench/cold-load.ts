/**
 * One cold load in a fresh process (what an app pays at start-up): prints the milliseconds taken by
 * `loadFolder(dir)` or `loadPack(file)`. Used by library-load.bench.ts; modules are imported before
 * the clock starts, the validators are not compiled yet.
 */
import { readFileSync } from 'node:fs';
import { loadFolder } from '../engine/capsules/load-folder.ts';
import { loadPack } from '../engine/capsules/load-pack.ts';

const [kind, path] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const result = kind === 'pack' ? loadPack(new Uint8Array(readFileSync(path!)), path!) : loadFolder(path!);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (result.errors.length) throw new Error(result.errors[0]!.format());
console.log(JSON.stringify({ ms, capsules: result.counts.capsules }));
