/** A file with thousands of bad tracks gets a bounded error list that says how much it left out. */
import { describe, expect, it } from 'vitest';
import { createRegistry, MAX_ERRORS_PER_FILE } from '../../engine/capsules/registry.ts';
import { capsule } from '../helpers/capsules.ts';

describe('registry error cap', () => {
  it('lists the first errors of a file, then one line with the rest counted; other files are unaffected', () => {
    const bad = capsule({
      id: 'HK_900',
      tracks: Array.from({ length: 400 }, () => ({ kind: 'joint', target: 'noSuchBone', value: [0, 0, 1] })),
    } as never);
    const alsoBad = capsule({ id: 'HK_901', duration_ms: -5 });
    const good = capsule({ id: 'HK_902' });
    const registry = createRegistry();
    const errors = registry.add([
      { file: 'a.capsule.json', json: bad },
      { file: 'b.capsule.json', json: alsoBad },
      { file: 'c.capsule.json', json: good },
    ]);
    const ofA = errors.filter((e) => e.file === 'a.capsule.json');
    expect(ofA).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(ofA.slice(0, -1).every((e) => e.id === 'HK_900' && /^tracks\[\d+\]/.test(e.path))).toBe(true);
    expect(ofA.at(-1)!.message).toMatch(/^… and \d+ more errors in this file/);
    expect(errors.filter((e) => e.file === 'b.capsule.json').length).toBeGreaterThan(0);
    expect(registry.slot('HK_902')).toBeGreaterThanOrEqual(0);
    expect(registry.slot('HK_900')).toBe(-1);
  });
});
