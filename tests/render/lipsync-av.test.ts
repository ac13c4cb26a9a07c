/**
 * Visemes vs heard audio, measured end to end in headless Chromium: utterances rendered offline
 * through the voice DSP in the browser (Tone.js), onsets after silence detected in that audio and in
 * the mouth lip sync produced for the same timeline (engine in Node, 1 ms steps, with the same VC
 * capsules and the speech-time map they imply). Goal: median |error| ≤ 20 ms. The measured median
 * is written to out/bench/lipsync-av.json for the benchmark report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AvResult } from '../audio/av-harness.ts';
import { CHROMIUM, HAS_CHROMIUM, measureAvSync, standardAvCases } from '../audio/av-harness.ts';
import { HAS_ESPEAK, NO_ESPEAK } from '../audio/espeak-available.ts';

/** The A/V goal (brief: visemes within 20 ms of heard audio). */
const GOAL_MS = 20;

describe.skipIf(!HAS_CHROMIUM)(
  `lip sync vs heard audio in Chromium${HAS_CHROMIUM ? '' : ` (skipped: ${CHROMIUM} is missing)`}`,
  () => {
    it(`puts mouth onsets within ${GOAL_MS} ms (median) of audio onsets`, async () => {
      if (!HAS_ESPEAK) console.log(`eSpeak case ${NO_ESPEAK}`);
      const result: AvResult = await measureAvSync(await standardAvCases());
      for (const c of result.cases)
        console.log(
          `${c.name}: ${c.errors.length} onsets paired, median |error| ${c.medianAbsMs.toFixed(1)} ms, errors ${c.errors
            .map((e) => e.toFixed(0))
            .join(' ')} (render ${c.renderMs.toFixed(0)} ms)`,
        );
      console.log(
        `A/V median |error| ${result.medianAbsMs.toFixed(1)} ms (Chromium ${result.browser}, Tone ${result.toneVersion})`,
      );
      mkdirSync('out/bench', { recursive: true });
      writeFileSync('out/bench/lipsync-av.json', JSON.stringify(result, null, 2));
      for (const c of result.cases) {
        expect(c.errors.length, c.name).toBeGreaterThanOrEqual(4);
        expect(c.medianAbsMs, c.name).toBeLessThanOrEqual(GOAL_MS);
      }
      expect(result.medianAbsMs).toBeLessThanOrEqual(GOAL_MS);
    }, 180_000);
  },
);
