/**
 * `capsule packet <file>`: converts between a packet's JSON form and its bytes, so integrators can
 * write packets by hand and read what went over the wire. A `.json` file is validated and encoded
 * (written with `--out`, else its size and hex are printed); any other file is decoded to JSON.
 * Errors name the file and the JSON path or byte offset (docs/wire.md).
 */
import type { Command } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  WireError,
  decodePacket,
  encodePacket,
  packetFromJson,
  packetToJson,
} from '../../engine/wire/index.ts';
import type { Output } from './validate.ts';

/** Options of `packet`. */
export interface PacketOptions {
  readonly out?: string;
}

/** Adds `packet`. */
export function registerPacket(program: Command): void {
  program
    .command('packet')
    .description('encode a packet JSON file to bytes, or decode packet bytes to JSON (docs/wire.md)')
    .argument('<file>', 'packet .json (encode) or binary packet (decode)')
    .option('--out <file>', 'write the result here instead of printing it')
    .action((file: string, opts: PacketOptions) => {
      process.exitCode = runPacket(file, opts);
    });
}

/** Runs the command; returns the exit code (0 done, 1 bad packet or I/O failure). */
export function runPacket(file: string, opts: PacketOptions, out: Output = console): number {
  let input: Uint8Array;
  try {
    input = readFileSync(file);
  } catch (err) {
    out.error(`packet: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  let result: Uint8Array | string;
  try {
    result = file.endsWith('.json')
      ? encodePacket(packetFromJson(new TextDecoder().decode(input), file))
      : packetToJson(decodePacket(new Uint8Array(input), file)) + '\n';
  } catch (err) {
    if (!(err instanceof WireError)) throw err;
    out.error(err.message);
    return 1;
  }
  if (opts.out) {
    try {
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, result);
    } catch (err) {
      out.error(`packet: cannot write ${opts.out}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    out.log(`wrote ${opts.out} (${typeof result === 'string' ? 'JSON' : `${result.length} bytes`})`);
    return 0;
  }
  if (typeof result === 'string') out.log(result.trimEnd());
  else
    out.log(
      `${result.length} bytes: ${Array.from(result, (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  return 0;
}
