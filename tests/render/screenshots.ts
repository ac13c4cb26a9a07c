/**
 * Regenerates the viewer screenshots in docs/images (not a test): `node bin/run-ts.js tests/render/screenshots.ts`.
 * Renders the default avatar at fixed times with a fixed seed, like the render tests.
 */
import { join } from 'node:path';
import { ROOT, startRenderSession } from './harness.ts';

const OUT = join(ROOT, 'docs/images');
const session = await startRenderSession('screenshots');
try {
  const page = await session.browser.newPage({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  const open = async (query: string): Promise<void> => {
    await page.goto(`${session.baseUrl}/scenes/viewer/${query}`);
    await page.waitForFunction(() => window.capsuleViewer !== undefined);
    await page.evaluate(() => window.capsuleViewer!.ready);
  };
  const settle = async (): Promise<void> => {
    await page.evaluate(() => window.capsuleViewer!.snapshot());
    await page.waitForTimeout(600);
  };

  // The performance mid-phrase: face, body and hands lanes filling, the playhead past a speech onset.
  await open('?seed=7&t=7900&paused');
  await settle();
  await page.screenshot({ path: join(OUT, 'viewer-overview.png') });

  // A profile picked for the coming phrases, and the capsule box.
  await page.evaluate(() => {
    const hook = window.capsuleViewer!;
    hook.seek(9000);
    hook.playProfile('humorous');
    hook.seek(11_300);
  });
  await page.fill('#capsule-id', 'HK_046');
  await settle();
  await page.screenshot({ path: join(OUT, 'viewer-profile.png') });

  // A file that is not a VRM: the message names it and the byte offset; the avatar keeps performing.
  const broken = Buffer.concat([
    Buffer.from('glTF'),
    Buffer.from([2, 0, 0, 0, 0, 16, 0, 0]),
    Buffer.alloc(40),
  ]);
  await page.setInputFiles('#file-input', {
    name: 'broken.vrm',
    mimeType: 'model/gltf-binary',
    buffer: broken,
  });
  await page.waitForFunction(() => window.capsuleViewer!.lastError() !== null);
  await settle();
  await page.screenshot({ path: join(OUT, 'viewer-error.png') });
  console.log(`wrote ${OUT}/viewer-{overview,profile,error}.png`);
} finally {
  await session.close();
}
