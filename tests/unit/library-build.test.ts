/**
 * The authored library is generated: the committed capsule and profile JSON and docs/library.md equal
 * a fresh build of tools/library/, and no stray capsule files sit in the authored domains.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLibrary, libraryCapsules } from '../../tools/library/build.ts';
import { LIBRARY_DOMAINS } from '../../tools/library/define.ts';
import { runBuildLibrary } from '../../tools/library/command.ts';

const root = process.cwd();

describe('library build', () => {
  it('committed files equal the build script’s output', async () => {
    const { files, problems } = await buildLibrary(root);
    expect(problems).toEqual([]);
    const differ = [...files]
      .filter(([rel, text]) => readFileSync(join(root, rel), 'utf8') !== text)
      .map(([rel]) => rel);
    expect(differ).toEqual([]);
    for (const d of LIBRARY_DOMAINS) {
      const onDisk = readdirSync(join(root, 'capsules', d)).filter((n) => n.endsWith('.capsule.json'));
      const built = [...files.keys()]
        .filter((k) => k.startsWith(`capsules/${d}/`))
        .map((k) => k.split('/').pop());
      expect(onDisk.sort()).toEqual(built.sort());
    }
  });

  it('`build-library --check` agrees', async () => {
    const logs: string[] = [];
    const code = await runBuildLibrary(
      { root, check: true },
      { log: (m) => logs.push(m), error: (m) => logs.push(m) },
    );
    expect(logs.join('\n')).toMatch(/up to date/);
    expect(code).toBe(0);
  });

  it('ids are unique and numbered from 001 in each domain', () => {
    const capsules = libraryCapsules();
    expect(new Set(capsules.map((c) => c.id)).size).toBe(capsules.length);
    for (const d of LIBRARY_DOMAINS) {
      const nums = capsules.filter((c) => c.domain === d).map((c) => Number(c.id.split('_')[1]));
      expect(nums, d).toEqual(nums.map((_, i) => i + 1));
    }
  });

  it('docs/library.md lists every authored capsule', () => {
    const doc = readFileSync(join(root, 'docs/library.md'), 'utf8');
    for (const c of libraryCapsules()) expect(doc).toContain(`| ${c.id} |`);
  });
});
