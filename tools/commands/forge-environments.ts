/**
 * `capsule forge-environments [--out assets/environments]`: generates the bundled lighting
 * environments (HDR equirects, 8-bit previews and their radiance SH) from code. Reproducible, so
 * the committed files can be checked against a fresh run.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ENVIRONMENTS_DIR, forgeEnvironments } from '../environments/forge.ts';

/** Adds `forge-environments`. */
export function registerForgeEnvironments(program: Command): void {
  program
    .command('forge-environments')
    .description('generate the bundled lighting environments (.hdr, .png preview, radiance SH)')
    .option('--out <dir>', 'output folder', ENVIRONMENTS_DIR)
    .action(async (opts: { out: string }) => {
      const { files } = forgeEnvironments();
      const out = resolve(opts.out);
      mkdirSync(out, { recursive: true });
      // The index as the repository's formatter writes it, so `prettier --check .` stays clean.
      const json = new TextDecoder().decode(files.get('environments.json'));
      const config = await resolveConfig(join(out, 'environments.json'));
      files.set(
        'environments.json',
        new TextEncoder().encode(await format(json, { ...config, parser: 'json' })),
      );
      let total = 0;
      for (const [name, bytes] of files) {
        writeFileSync(join(out, name), bytes);
        total += bytes.byteLength;
      }
      console.log(`wrote ${files.size} files to ${opts.out}: ${(total / 1024).toFixed(1)} KiB`);
    });
}
