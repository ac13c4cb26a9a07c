/**
 * The standalone viewer (scenes/viewer, Babylon.js) in headless Chromium: the shared render checks
 * with files given through its file picker, then the viewer's own controls.
 */
import { expect, it } from 'vitest';
import { diffImages } from './harness.ts';
import { T, sceneSuite } from './scene-suite.ts';

sceneSuite({
  scene: 'viewer',
  title: 'viewer (Babylon.js)',
  offerFile: async (page, name, buffer) => {
    await page.setInputFiles('#file-input', { name, mimeType: 'model/gltf-binary', buffer });
  },
  extra: (page) => {
    it('a frame reached by playing equals the same frame rebuilt by seeking (deterministic scrub)', async () => {
      const p = page();
      await p.evaluate((t) => {
        const hook = window.capsuleViewer!;
        hook.seek(0);
        hook.seek(t - 1500);
        hook.resume();
      }, T);
      await p.waitForFunction((t) => window.capsuleViewer!.time() > t, T, { timeout: 20_000 });
      const { time, live } = await p.evaluate(() => {
        const hook = window.capsuleViewer!;
        hook.pause();
        return { time: hook.time(), live: hook.snapshot() };
      });
      const rebuilt = await p.evaluate((t) => {
        window.capsuleViewer!.seek(t);
        return window.capsuleViewer!.snapshot();
      }, time);
      const diff = await diffImages(p, live, rebuilt, null, 0);
      expect(diff.differing, `at ${time.toFixed(1)} ms`).toBe(0);
    });

    it('the profile picker plays the chosen profile from the next phrase on', async () => {
      const p = page();
      const result = await p.evaluate(() => {
        const hook = window.capsuleViewer!;
        hook.pause();
        hook.seek(0);
        hook.seek(100);
        // The script's next phrase (3.2 s, speech at 3.8 s) is `thinking`; pick hands_restless instead.
        const chosen = hook.playProfile('hands_restless');
        const select = document.querySelector<HTMLSelectElement>('#profile')!.value;
        hook.seek(6000);
        const ids = hook
          .timeline()
          .filter((r) => r.start >= 3000 && r.start < 6000)
          .map((r) => r.id);
        return { chosen, select, ids };
      });
      expect(result.chosen).toBe(true);
      expect(result.select).toBe('hands_restless');
      // hands_restless's capsules play at the phrase; thinking's own (HK_003, TC_020, FMM_060…) do not.
      expect(result.ids).toEqual(expect.arrayContaining(['HK_033', 'HK_023']));
      for (const id of ['HK_003', 'HK_036', 'TC_020', 'FMM_060', 'BK_006'])
        expect(result.ids).not.toContain(id);
      await p.evaluate((t) => {
        const hook = window.capsuleViewer!;
        hook.seek(0);
        hook.seek(t);
      }, T);
    });

    it('the timeline panel scrubs: a click on it seeks the engine', async () => {
      const p = page();
      const box = (await p.locator('#timeline').boundingBox())!;
      // The lanes start 92 px in and end 14 px before the right edge; click at 75 % of the 14 s loop.
      const x = box.x + 92 + (box.width - 92 - 14) * 0.75;
      await p.mouse.click(x, box.y + box.height / 2);
      const time = await p.evaluate(() => window.capsuleViewer!.time());
      expect(time).toBeGreaterThan(10_200);
      expect(time).toBeLessThan(10_800);
      expect(await p.evaluate(() => window.capsuleViewer!.isPaused())).toBe(true);
      // The readout follows on the next frame drawn.
      await p.waitForFunction(
        (text) => document.querySelector('#time')!.textContent === text,
        (time / 1000).toFixed(2),
        { timeout: 5000 },
      );
    });

    it('shows the frame time and, after a loop, that the loop restarted', async () => {
      const p = page();
      await p.evaluate(() => {
        const hook = window.capsuleViewer!;
        hook.seek(13_900);
        hook.resume();
      });
      await p.waitForFunction(() => window.capsuleViewer!.time() > 14_200, undefined, { timeout: 20_000 });
      await p.waitForTimeout(400);
      const readout = await p.locator('#frame-time').textContent();
      expect(readout).toMatch(/^\d+\.\d ms$/);
      expect(await p.locator('#loop').textContent()).toBe('loop 2');
      expect(await p.evaluate(() => window.capsuleViewer!.frameMs())).toBeGreaterThan(0);
      await p.evaluate(() => window.capsuleViewer!.pause());
    });
  },
});
