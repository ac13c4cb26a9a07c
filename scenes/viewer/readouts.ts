/**
 * The numbers and notes that follow the performance, refreshed four times a second (every frame
 * while paused): time within the loop, loop count, frame time and rate, the current phrase, and the
 * profile note.
 */
import type { Performance } from '../shared/performance.ts';
import { ui } from './viewer-ui.ts';

export interface Readouts {
  /** Shows the loop as paused and idle (no frames drawn). */
  idle(): void;
  /** Updates the readouts at `now` (a `performance.now()`), engine time `t`, if it is time to. */
  update(now: number, t: number, loopIndex: number, loopStart: number, frameMs: number): void;
}

export function createReadouts(
  performance: Performance,
  phraseItems: readonly HTMLLIElement[],
  speakProfile: () => string | null,
): Readouts {
  let lastReadout = 0;
  return {
    idle() {
      ui.frameTime.textContent = 'paused';
      ui.fps.textContent = 'idle';
    },
    update(now, t, loopIndex, loopStart, frameMs) {
      if (!(now - lastReadout > 250 || !performance.playing)) return;
      lastReadout = now;
      ui.time.textContent = ((t - loopStart) / 1000).toFixed(2);
      ui.loop.textContent = `loop ${loopIndex + 1}`;
      ui.frameTime.textContent = frameMs > 0 ? `${frameMs.toFixed(1)} ms` : '— ms';
      ui.fps.textContent = `${frameMs > 0 ? Math.round(1000 / frameMs) : '—'} fps`;
      const within = t - loopStart;
      let current = -1;
      performance.phrases(0).forEach((p, i) => {
        if (p.atMs <= within) current = i;
      });
      phraseItems.forEach((li, i) => li.classList.toggle('now', i === current));
      const chosen = performance.chosenProfile;
      const next = performance.nextPhraseAt();
      ui.profileNote.textContent =
        chosen === null
          ? `The demo script’s own profiles; lines you speak use ${speakProfile() ?? 'none'}.`
          : `${chosen} replaces the script’s profiles from the next phrase (in ${((next - t) / 1000).toFixed(1)} s), and is the one lines you speak use.`;
    },
  };
}
