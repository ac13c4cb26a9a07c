/**
 * Regenerates the relighting screenshots in docs/images (not a test):
 * `node bin/run-ts.js tests/render/relight-screenshots.ts`. The default avatar at seed 7, 2.4 s,
 * paused, under three bundled environments in both renderers; the viewer's Environment section;
 * and the viewer under `empathetic` before and during an LD line (the light breathing).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startRenderSession } from './harness.ts';
import type {} from '../../scenes/shared/environment-hook.ts';

const OUT = join(ROOT, 'docs/images');
const ENVIRONMENTS = ['studio', 'sunset', 'night-neon'];
const session = await startRenderSession('relight-screenshots');
try {
  const open = async (
    scene: string,
    query: string,
    size: { width: number; height: number },
  ): Promise<Page> => {
    const page = await session.browser.newPage({ viewport: size, deviceScaleFactor: 1 });
    await page.goto(`${session.baseUrl}/scenes/${scene}/${query}`);
    await page.waitForFunction(
      () => window.capsuleViewer !== undefined && window.capsuleEnvironment !== undefined,
    );
    await page.evaluate(() => window.capsuleViewer!.ready);
    await page.evaluate(() => window.capsuleEnvironment!.ready);
    return page;
  };
  const settle = async (page: Page): Promise<void> => {
    // The viewer's side panel scrolled to the Environment section (the preview sphere in view).
    await page.evaluate(() =>
      document.querySelector('#environment-section')?.scrollIntoView({ block: 'start' }),
    );
    await page.evaluate(() => window.capsuleViewer!.snapshot());
    await page.evaluate(() => window.capsuleEnvironment!.previewMean?.());
    await page.waitForTimeout(600);
  };

  // The avatar under each environment: the viewer's stage (Babylon.js) and the embed (three.js).
  const viewer = await open('viewer', '?seed=7&t=2400&paused', { width: 1200, height: 900 });
  const embed = await open('embed-three', '?seed=7&t=2400&paused', { width: 640, height: 620 });
  for (const env of ENVIRONMENTS) {
    for (const page of [viewer, embed]) {
      await page.evaluate((id) => window.capsuleEnvironment!.select(id), env);
      await settle(page);
    }
    await viewer.locator('#scene').screenshot({ path: join(OUT, `relight-babylon-${env}.png`) });
    await embed.screenshot({ path: join(OUT, `relight-three-${env}.png`) });
  }

  // The Environment section: sunset picked, the preview sphere lit by it.
  await viewer.evaluate(() => window.capsuleEnvironment!.select('sunset'));
  await settle(viewer);
  await viewer.screenshot({
    path: join(OUT, 'viewer-environment.png'),
    clip: { x: 0, y: 0, width: 1200, height: 560 },
  });

  // LD capsules breathing the light: empathetic, just before and 2.6 s into LD_028 (soft warm light).
  await viewer.evaluate(() => window.capsuleEnvironment!.select('studio'));
  const start = await viewer.evaluate(() => {
    const hook = window.capsuleViewer!;
    hook.seek(0);
    hook.seek(100);
    hook.playProfile('empathetic');
    hook.seek(13_000);
    return hook.timeline().find((r) => r.id === 'LD_028')!.start;
  });
  for (const [name, t] of [
    ['before', start - 100],
    ['during', start + 2600],
  ] as const) {
    await viewer.evaluate((t) => window.capsuleViewer!.seek(t), t);
    await settle(viewer);
    await viewer.screenshot({
      path: join(OUT, `viewer-ld-${name}.png`),
      clip: { x: 0, y: 0, width: 1200, height: 560 },
    });
  }
  console.log(
    `wrote ${OUT}/relight-{babylon,three}-{${ENVIRONMENTS.join(',')}}.png, viewer-environment.png, viewer-ld-{before,during}.png (LD_028 at ${start.toFixed(0)} ms)`,
  );
} finally {
  await session.close();
}
