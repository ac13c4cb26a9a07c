/**
 * `capsule project-sh <image> [--out file.json] [--rotate-yaw deg] [--rotate-pitch deg]`: the 27
 * radiance SH coefficients of an equirect environment (.png sRGB or .hdr RGBE), as JSON on stdout or
 * into a file — what `LIGHTING.setEnvironment` takes. Bad files exit 1 with the file named.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { projectShFile } from '../lighting/project-sh.ts';

/** Adds `project-sh`. */
export function registerProjectSh(program: Command): void {
  program
    .command('project-sh')
    .description(
      'project an equirect environment image (.png, .hdr) onto L2 spherical harmonics (27 radiance floats, JSON)',
    )
    .argument('<image>', 'equirect image, three.js mapping (row 0 = up, centre = +x)')
    .option('--out <file>', 'write the JSON here instead of stdout')
    .option('--rotate-yaw <deg>', 'turn the environment about +y (counter-clockwise seen from above)', '0')
    .option('--rotate-pitch <deg>', 'tilt the environment (+ raises what is in front, +z, towards +y)', '0')
    .action((image: string, opts: { out?: string; rotateYaw: string; rotatePitch: string }) => {
      try {
        const result = projectShFile(image, Number(opts.rotateYaw), Number(opts.rotatePitch));
        const json = JSON.stringify(result, null, 2) + '\n';
        if (opts.out) {
          const out = resolve(opts.out);
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, json);
          console.log(
            `wrote ${opts.out}: ${result.width}×${result.height} ${result.encoding}, DC ${result.radiance_sh.slice(0, 3).join(', ')}`,
          );
        } else process.stdout.write(json);
      } catch (err) {
        console.error(`${(err as Error).name}: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}
