/**
 * SH relighting in both renderers, driven through the scenes' environment pickers in headless
 * Chromium: the default avatar under three bundled environments against golden images (viewer on
 * Babylon.js, embed on three.js), the face's colour following the environment's tint, a corrupt
 * environment image refused by name while the avatar keeps moving, and the relighting switch off
 * giving back the stage's own lights whatever the environment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  HAS_CHROMIUM,
  ROOT,
  compareGolden,
  diffImages,
  forEachBoxPixel,
  startRenderSession,
} from './harness.ts';
import type { RenderSession, ScreenBox } from './harness.ts';
import { SEED, T, faceBox } from './scene-suite.ts';
import type {} from '../../scenes/shared/environment-hook.ts';

/** Error ratios (share of pixels whose largest channel moves by more than 16/255). */
export const RELIGHT_THRESHOLDS = {
  /** Golden: at most 1 % of the canvas may differ from the stored image. */
  golden: 0.01,
  /** Another environment relights the face: at least 20 % of the face box changes. */
  faceRelit: 0.2,
  /** Sunset's face is warmer than overcast's: (R − B) of the face's mean colour, 0–255, at least this much more. */
  warmer: 30,
  /** Relighting off: sunset and overcast frames differ in at most 0.1 % of the canvas. */
  offSame: 0.001,
  /** Relighting off vs on (sunset): at least 20 % of the face box differs. */
  offChanged: 0.2,
  /** Playing after a refused image: at least 0.1 % of the canvas moves within a second of engine time. */
  stillMoving: 0.001,
} as const;

/** Environments with goldens (the fourth, overcast, is the tint comparison's cool end). */
const GOLDEN_ENVIRONMENTS = ['studio', 'sunset', 'night-neon'] as const;

const snapshot = (page: Page): Promise<string> => page.evaluate(() => window.capsuleViewer!.snapshot());

/** Picks an environment through the page's picker hook and draws it. */
async function choose(page: Page, id: string): Promise<string> {
  const ok = await page.evaluate((id) => window.capsuleEnvironment!.select(id), id);
  expect(ok, `environment ${id}`).toBe(true);
  return snapshot(page);
}

/** Mean sRGB colour (0–255) of a box of a PNG data URL. */
function meanColour(url: string, box: ScreenBox): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  forEachBoxPixel(url, box, (r, g, b) => {
    sum[0]! += r;
    sum[1]! += g;
    sum[2]! += b;
    n++;
  });
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

/** The face box shrunk to its middle (skin, eyes, mouth — not the hair or the background). */
async function innerFace(page: Page): Promise<ScreenBox> {
  const box = (await faceBox(page))!;
  const m = Math.round(box.width * 0.25);
  return { x: box.x + m, y: box.y + m, width: box.width - 2 * m, height: box.height - 2 * m };
}

const warmth = (c: [number, number, number]): number => c[0] - c[2];

/** A corrupt Radiance file: a valid header, then scanlines cut short. */
function corruptHdr(): Buffer {
  const header = Buffer.from('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 64 +X 128\n', 'latin1');
  return Buffer.concat([header, Buffer.from([2, 2, 0, 128, 130, 7, 3, 1])]);
}

describe.skipIf(!HAS_CHROMIUM)('SH relighting under bundled environments (both renderers)', () => {
  let session: (RenderSession & { pageErrors: string[] }) | undefined;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    session = await startRenderSession('relight-environments');
    for (const scene of ['viewer', 'embed-three']) {
      const page = await session.open(scene, `?seed=${SEED}&t=${T}&paused`);
      await page.evaluate(() => window.capsuleEnvironment!.ready);
      pages[scene] = page;
    }
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  for (const scene of ['viewer', 'embed-three'] as const) {
    describe(scene === 'viewer' ? 'viewer (Babylon.js)' : 'three.js embed', () => {
      it('offers the four bundled environments and opens on studio', async () => {
        const state = await pages[scene]!.evaluate(() => ({
          ids: window.capsuleEnvironment!.ids(),
          current: window.capsuleEnvironment!.current(),
        }));
        expect(state.ids.slice(0, 4)).toEqual(['studio', 'sunset', 'night-neon', 'overcast']);
        expect(state.current).toBe('studio');
      });

      for (const env of GOLDEN_ENVIRONMENTS)
        it(`${env}: at most ${RELIGHT_THRESHOLDS.golden * 100} % of pixels off the golden image`, async () => {
          const page = pages[scene]!;
          const image = await choose(page, env);
          const diff = await compareGolden(page, `relight-${scene}-${env}`, image);
          if (diff)
            expect(diff.ratio, `${diff.differing} of ${diff.total} pixels differ`).toBeLessThanOrEqual(
              RELIGHT_THRESHOLDS.golden,
            );
        });

      it(`switching environment relights the face: sunset warmer than overcast (R − B ≥ ${RELIGHT_THRESHOLDS.warmer} more)`, async () => {
        const page = pages[scene]!;
        const box = await innerFace(page);
        const sunset = await choose(page, 'sunset');
        const overcast = await choose(page, 'overcast');
        const changed = await diffImages(page, sunset, overcast, box);
        expect(changed.ratio, `${changed.differing} of ${changed.total} face pixels`).toBeGreaterThanOrEqual(
          RELIGHT_THRESHOLDS.faceRelit,
        );
        const warm = meanColour(sunset, box);
        const cool = meanColour(overcast, box);
        expect(
          warmth(warm) - warmth(cool),
          `sunset ${warm.map(Math.round)} vs overcast ${cool.map(Math.round)}`,
        ).toBeGreaterThanOrEqual(RELIGHT_THRESHOLDS.warmer);
        await choose(page, 'studio');
      });
    });
  }

  describe('viewer only: loading images and the Relighting switch', () => {
    it('an HDR image dropped on the Environment section lights the avatar (sunset.hdr, decoded in the page)', async () => {
      const page = pages.viewer!;
      const box = await innerFace(page);
      const overcast = await choose(page, 'overcast');
      await page.evaluate(
        ({ b64 }) => {
          const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], 'my-sunset.hdr', { type: 'image/vnd.radiance' }));
          document
            .querySelector('#environment-section')!
            .dispatchEvent(
              new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
            );
        },
        { b64: readFileSync(join(ROOT, 'assets/environments/sunset.hdr')).toString('base64') },
      );
      await page.waitForFunction(
        () => window.capsuleEnvironment!.current() === 'file:my-sunset.hdr',
        undefined,
        {
          timeout: 20_000,
        },
      );
      expect(await page.evaluate(() => window.capsuleViewer!.avatarName())).toBe('default-avatar.vrm');
      const loaded = await snapshot(page);
      const warm = meanColour(loaded, box);
      const cool = meanColour(overcast, box);
      expect(
        warmth(warm) - warmth(cool),
        `${warm.map(Math.round)} vs ${cool.map(Math.round)}`,
      ).toBeGreaterThanOrEqual(RELIGHT_THRESHOLDS.warmer);
      // The page's projection of the .hdr is the bundled SH (same light): the faces match (the
      // backgrounds differ: the page tone-maps its own preview of the file).
      const bundled = await choose(page, 'sunset');
      const same = await diffImages(page, loaded, bundled, box);
      expect(same.ratio).toBeLessThanOrEqual(RELIGHT_THRESHOLDS.golden);
    });

    it('a PNG picked with Load image… lights the avatar (night-neon.png: darker than studio)', async () => {
      const page = pages.viewer!;
      const box = await innerFace(page);
      const studio = await choose(page, 'studio');
      await page.setInputFiles('#environment-file', {
        name: 'night-neon.png',
        mimeType: 'image/png',
        buffer: readFileSync(join(ROOT, 'assets/environments/night-neon.png')),
      });
      await page.waitForFunction(
        () => window.capsuleEnvironment!.current() === 'file:night-neon.png',
        undefined,
        {
          timeout: 20_000,
        },
      );
      const night = meanColour(await snapshot(page), box);
      const day = meanColour(studio, box);
      const luma = (c: number[]): number => c[0]! + c[1]! + c[2]!;
      expect(luma(night), `${night.map(Math.round)} vs studio ${day.map(Math.round)}`).toBeLessThan(
        0.85 * luma(day),
      );
      await choose(page, 'studio');
    });

    for (const [name, bytes, pattern] of [
      ['broken.hdr', corruptHdr(), /broken\.hdr: byte \d+: /],
      ['not-an-image.png', Buffer.from('this is not a PNG at all'), /not-an-image\.png/],
    ] as const)
      it(`a corrupt image (${name}) is refused with a note naming it; the light stays and the avatar keeps moving`, async () => {
        const page = pages.viewer!;
        await choose(page, 'sunset');
        const before = await snapshot(page);
        await page.setInputFiles('#environment-file', {
          name,
          mimeType: 'application/octet-stream',
          buffer: bytes,
        });
        await page.waitForFunction(() => window.capsuleEnvironment!.lastError!() !== null, undefined, {
          timeout: 20_000,
        });
        const error = await page.evaluate(() => window.capsuleEnvironment!.lastError!()!);
        expect(error).toMatch(pattern);
        const note = await page.locator('#environment-note').textContent();
        expect(note).toContain(name);
        expect(await page.locator('#environment-note').isVisible()).toBe(true);
        expect(await page.evaluate(() => window.capsuleEnvironment!.current())).toBe('sunset');
        // Same light as before the refusal.
        const same = await diffImages(page, before, await snapshot(page), null, 0);
        expect(same.differing).toBe(0);
        // And the avatar keeps performing.
        await page.evaluate(() => window.capsuleViewer!.resume());
        const t0 = await page.evaluate(() => window.capsuleViewer!.time());
        const first = await snapshot(page);
        await page.waitForFunction((t) => window.capsuleViewer!.time() > t + 1000, t0, { timeout: 30_000 });
        const moved = await diffImages(page, first, await snapshot(page));
        expect(moved.ratio).toBeGreaterThanOrEqual(RELIGHT_THRESHOLDS.stillMoving);
        await page.evaluate((t) => {
          const hook = window.capsuleViewer!;
          hook.pause();
          hook.seek(0);
          hook.seek(t);
        }, T);
        await choose(page, 'studio');
      });

    it('a pick replaced before its background loaded still resolves (two picks in a row)', async () => {
      const page = pages.viewer!;
      const settled = await page.evaluate(async () => {
        const env = window.capsuleEnvironment!;
        const first = env.select('night-neon');
        const second = env.select('overcast');
        const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 5000));
        return Promise.race([Promise.all([first, second]).then((r) => r.join(',')), timeout]);
      });
      expect(settled).toBe('true,true');
      expect(await page.evaluate(() => window.capsuleEnvironment!.current())).toBe('overcast');
      await choose(page, 'studio');
    });

    it('Relighting off gives back the stage’s own lights: sunset and overcast look the same, and unlike sunset relit', async () => {
      const page = pages.viewer!;
      const box = await innerFace(page);
      const relit = await choose(page, 'sunset');
      await page.locator('#relight').uncheck();
      const offSunset = await snapshot(page);
      const offOvercast = await choose(page, 'overcast');
      const same = await diffImages(page, offSunset, offOvercast);
      expect(same.ratio, `${same.differing} pixels`).toBeLessThanOrEqual(RELIGHT_THRESHOLDS.offSame);
      const changed = await diffImages(page, relit, offSunset, box);
      expect(changed.ratio).toBeGreaterThanOrEqual(RELIGHT_THRESHOLDS.offChanged);
      await page.locator('#relight').check();
      const back = await choose(page, 'sunset');
      expect((await diffImages(page, relit, back, null, 0)).differing).toBe(0);
      await choose(page, 'studio');
    });

    it('the preview sphere shows the current light: warm under sunset, cool under overcast', async () => {
      const page = pages.viewer!;
      const mean = async (id: string): Promise<number[]> => {
        await choose(page, id);
        return page.evaluate(() => window.capsuleEnvironment!.previewMean!());
      };
      const sunset = await mean('sunset');
      const overcast = await mean('overcast');
      expect(sunset[0]! / sunset[2]!).toBeGreaterThan(1.3);
      expect(overcast[2]! / overcast[0]!).toBeGreaterThan(1.05);
      await choose(page, 'studio');
    });
  });

  it('LD capsules breathe the light: under empathetic, the preview sphere warms and brightens over a line', async () => {
    const page = pages.viewer!;
    await choose(page, 'studio');
    // Every phrase from 0.1 s on in empathetic (LD_028 soft warm light, LD_004 exposure breathing).
    const records = await page.evaluate(() => {
      const hook = window.capsuleViewer!;
      hook.pause();
      hook.seek(0);
      hook.seek(100);
      hook.playProfile('empathetic');
      hook.seek(13_000);
      return hook.timeline().filter((r) => r.domain === 'LD' && r.outcome === 'played');
    });
    const warmLight = records.find((r) => r.id === 'LD_028');
    const breathing = records.find((r) => r.id === 'LD_004');
    expect(warmLight, `LD records: ${records.map((r) => r.id).join(', ')}`).toBeDefined();
    expect(breathing).toBeDefined();
    /** The preview sphere's mean light at engine time t (paused; drawn on read). */
    const sphereAt = (t: number): Promise<number[]> =>
      page.evaluate((t) => {
        window.capsuleViewer!.seek(t);
        return window.capsuleEnvironment!.previewMean!();
      }, t);
    const luma = (c: number[]): number => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    const before = await sphereAt(warmLight!.start - 100);
    const during = await sphereAt(warmLight!.start + 2600);
    expect(during[0]! / during[2]!, `before ${before} during ${during}`).toBeGreaterThanOrEqual(
      1.05 * (before[0]! / before[2]!),
    );
    expect(Math.abs(luma(during) / luma(before) - 1)).toBeGreaterThanOrEqual(0.03);
    // Across LD_004's line the light keeps moving (not one step): six samples, ≥ 2 % range.
    const span = breathing!.end - breathing!.start;
    const levels: number[] = [];
    for (let k = 0; k < 6; k++) levels.push(luma(await sphereAt(breathing!.start + (span * (k + 0.5)) / 6)));
    expect(
      (Math.max(...levels) - Math.min(...levels)) / Math.min(...levels),
      `${levels}`,
    ).toBeGreaterThanOrEqual(0.02);
    await page.evaluate((t) => {
      const hook = window.capsuleViewer!;
      hook.seek(0);
      hook.playProfile(null);
      hook.seek(t);
    }, T);
  });

  it('no page errors', () => {
    expect(session!.pageErrors).toEqual([]);
  });
});

if (!HAS_CHROMIUM) console.warn(`relight render tests skipped — no Chromium at ${CHROMIUM}`);
