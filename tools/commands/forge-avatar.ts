/**
 * `capsule forge-avatar [--out assets/default-avatar.vrm]`: generates the project's default VRM 1.0
 * avatar from code. The output is byte-for-byte reproducible, so the committed file can be checked
 * against a fresh run.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_AVATAR_PATH, forgeAvatar } from '../avatar/forge.ts';

/** Adds `forge-avatar`. */
export function registerForgeAvatar(program: Command): void {
  program
    .command('forge-avatar')
    .description('generate the default VRM 1.0 avatar (reproducible: same bytes every run)')
    .option('--out <file>', 'output .vrm file', DEFAULT_AVATAR_PATH)
    .action(async (opts: { out: string }) => {
      const { bytes, stats } = await forgeAvatar();
      const out = resolve(opts.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, bytes);
      console.log(
        `wrote ${opts.out}: ${(stats.bytes / 1024).toFixed(1)} KiB, ${stats.vertices} vertices, ${stats.triangles} triangles`,
      );
    });
}
