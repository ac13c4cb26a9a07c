/**
 * The render checks every scene must pass, driven through `window.capsuleViewer` in headless
 * Chromium: the avatar is drawn (golden image), the face changes when an expression capsule plays,
 * the right hand's fingers move when a hand capsule plays, and a corrupt file is refused on screen
 * while the avatar keeps moving.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, HAS_CHROMIUM, ROOT, compareGolden, diffImages, startRenderSession } from './harness.ts';
import type { RenderSession, ScreenBox } from './harness.ts';

/** Seed and paused time every deterministic check renders at. */
export const SEED = 7;
export const T = 2400;

/**
 * Thresholds. A pixel "differs" when a channel moves by more than 16/255; each check bounds the
 * share of differing pixels (the error ratio) in the whole canvas or in a box.
 */
export const THRESHOLDS = {
  /** Golden: at most 1 % of the canvas may differ from the stored image. */
  golden: 0.01,
  /** Expression capsule: at least 3 % of the face box changes… */
  faceChanged: 0.03,
  /** Hand capsule: at least 3 % of the right-hand box changes… */
  handChanged: 0.03,
  /** …while the other region stays within 0.5 % (the change is where it should be). */
  elsewhereStill: 0.005,
  /** Playing after a refused file: at least 0.1 % of the canvas changes in a second. */
  stillMoving: 0.001,
} as const;

/** The default avatar, or the file named by RENDER_AVATAR (for trying another avatar locally). */
const DEFAULT_AVATAR = join(ROOT, 'assets/default-avatar.vrm');
const OVERRIDE = process.env.RENDER_AVATAR;
export const AVATAR_NAME = OVERRIDE ? basename(OVERRIDE) : 'default-avatar.vrm';

/** A test capsule with an expression track (smile + open jaw), added through the hook. */
export const FACE_CAPSULE = {
  format_version: 1,
  id: 'FMM_9901',
  domain: 'FMM',
  subtype: 'render_test_smile',
  description: 'Render test: a full smile with the jaw open, 1.2 s.',
  trigger: { relative_to: 'scene_start', offset_ms: 0, probability: 1 },
  duration_ms: 1200,
  envelope: { attack_ms: 200, hold_ms: 800, release_ms: 200, easing: 'linear' },
  tracks: [
    { kind: 'expression', target: 'happy', value: 1 },
    { kind: 'expression', target: 'aa', value: 0.8 },
  ],
  priority: 5,
  blend_mode: 'additive',
};

/** A library hand capsule with a large right-hand curl (index and little, 22 % of range, 160 ms). */
export const HAND_CAPSULE = 'HK_009';

/** A .vrm that is not one: a GLB header whose JSON chunk runs past the end of the file. */
export function corruptVrm(): Buffer {
  const json = Buffer.from('{"asset":{"version":"2.0"},"extensionsUsed":["VRMC_vrm"');
  const header = Buffer.alloc(20);
  header.write('glTF', 0, 'ascii');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(4096, 8);
  header.writeUInt32LE(2048, 12);
  header.write('JSON', 16, 'ascii');
  return Buffer.concat([header, json]);
}

/** How a scene is told about a dropped/picked file, as its user would do it. */
export type OfferFile = (page: Page, name: string, bytes: Buffer) => Promise<void>;

/** Drops a file on the page (a synthetic drop event carrying a real File). */
export const dropFile: OfferFile = async (page, name, bytes) => {
  await page.evaluate(
    ({ name, b64 }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'model/gltf-binary' }));
      window.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    },
    { name, b64: bytes.toString('base64') },
  );
};

/** Opens a scene on the avatar under test, paused at `T` with seed `SEED`. */
export async function openScene(session: RenderSession, scene: string): Promise<Page> {
  const query = `?seed=${SEED}&t=${T}&paused${OVERRIDE ? '&avatar=none' : ''}`;
  const page = await session.open(scene, query);
  if (OVERRIDE) {
    const ok = await page.evaluate(
      ({ b64, name }) =>
        window.capsuleViewer!.loadBytes(
          Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)),
          name,
        ),
      { b64: readFileSync(OVERRIDE).toString('base64'), name: AVATAR_NAME },
    );
    if (!ok) throw new Error(`RENDER_AVATAR=${OVERRIDE} did not load`);
  }
  return page;
}

/** Box around the face: the head bone is at the skull's base, the face a little above and in front. */
export const faceBox = (page: Page): Promise<ScreenBox | null> =>
  page.evaluate(() => window.capsuleViewer!.screenBox('head', 0.1, [0, 0.07, 0.04]));
/** Box around the right hand's fingers. */
export const handBox = (page: Page): Promise<ScreenBox | null> =>
  page.evaluate(() => {
    const hook = window.capsuleViewer!;
    return hook.screenBox('rightMiddleProximal', 0.075) ?? hook.screenBox('rightHand', 0.1);
  });

const snapshot = (page: Page): Promise<string> => page.evaluate(() => window.capsuleViewer!.snapshot());

/** Back to the start state: no commands given, paused at `T`. */
async function reset(page: Page): Promise<void> {
  await page.evaluate((t) => {
    const hook = window.capsuleViewer!;
    hook.pause();
    hook.seek(0);
    hook.seek(t);
  }, T);
}

/** Registers the shared render checks for one scene. */
export function sceneSuite(options: {
  /** Page under scenes/ (`viewer`, `embed-three`). */
  scene: string;
  title: string;
  /** How a user hands this scene a file. */
  offerFile: OfferFile;
  /** Further checks for this scene, given its page. */
  extra?: (page: () => Page) => void;
}): void {
  if (!HAS_CHROMIUM) {
    console.warn(
      `${options.title}: browser tests skipped — no Chromium at ${CHROMIUM} (apt-get install chromium)`,
    );
  } else if (!OVERRIDE && !existsSync(DEFAULT_AVATAR)) {
    console.warn(`${options.title}: ${DEFAULT_AVATAR} is missing; the scene opens without an avatar`);
  }

  describe.skipIf(!HAS_CHROMIUM)(`${options.title} in headless Chromium`, () => {
    let session: (RenderSession & { pageErrors: string[] }) | undefined;
    let page: Page;

    beforeAll(async () => {
      session = await startRenderSession(options.scene);
      page = await openScene(session, options.scene);
    }, 180_000);

    afterAll(async () => {
      await session?.close();
    });

    it('opens on the avatar, paused at the requested time, without page errors', async () => {
      const state = await page.evaluate(() => {
        const hook = window.capsuleViewer!;
        return {
          name: hook.avatarName(),
          time: hook.time(),
          paused: hook.isPaused(),
          error: hook.lastError(),
        };
      });
      expect(state).toEqual({ name: AVATAR_NAME, time: T, paused: true, error: null });
      expect(session!.pageErrors).toEqual([]);
    });

    it(`draws the avatar: at most ${THRESHOLDS.golden * 100} % of pixels off the golden image`, async () => {
      await reset(page);
      const image = await snapshot(page);
      const diff = await compareGolden(page, `${options.scene}-${basename(AVATAR_NAME, '.vrm')}`, image);
      if (diff)
        expect(diff.ratio, `${diff.differing} of ${diff.total} pixels differ`).toBeLessThanOrEqual(
          THRESHOLDS.golden,
        );
      // Seeking away and back gives the same frame: the engine is rebuilt and replayed, not stepped.
      await page.evaluate((t) => window.capsuleViewer!.seek(t - 1500), T);
      await snapshot(page);
      await page.evaluate((t) => window.capsuleViewer!.seek(t), T);
      const again = await diffImages(page, image, await snapshot(page), null, 0);
      expect(again.differing).toBe(0);
    });

    it(`the face changes when an expression capsule plays (≥ ${THRESHOLDS.faceChanged * 100} % of the face box)`, async () => {
      await reset(page);
      const face = await faceBox(page);
      const hand = await handBox(page);
      expect(face, 'the avatar has a head bone on screen').not.toBeNull();
      const before = await snapshot(page);
      const problems = await page.evaluate((json) => window.capsuleViewer!.addCapsule(json), FACE_CAPSULE);
      expect(problems).toEqual([]);
      // Onset 600 ms before the paused time: the smile is at full weight now.
      const played = await page.evaluate((t) => window.capsuleViewer!.play('FMM_9901', { atMs: t - 600 }), T);
      expect(played).toBe(true);
      const after = await snapshot(page);
      const inFace = await diffImages(page, before, after, face);
      expect(
        inFace.ratio,
        `${inFace.differing} of ${inFace.total} face pixels changed`,
      ).toBeGreaterThanOrEqual(THRESHOLDS.faceChanged);
      if (hand) {
        const inHand = await diffImages(page, before, after, hand);
        expect(inHand.ratio).toBeLessThanOrEqual(THRESHOLDS.elsewhereStill);
      }
      const fmm = await page.evaluate(() =>
        window.capsuleViewer!.timeline().filter((r) => r.id === 'FMM_9901'),
      );
      expect(fmm.map((r) => [r.domain, r.outcome])).toEqual([['FMM', 'played']]);
    });

    it(`the fingers move when a hand capsule plays (≥ ${THRESHOLDS.handChanged * 100} % of the right-hand box)`, async () => {
      await reset(page);
      const hand = await handBox(page);
      const face = await faceBox(page);
      expect(hand, 'the avatar has a right hand on screen').not.toBeNull();
      const before = await snapshot(page);
      // Onset 80 ms before the paused time: the middle of the curl's hold.
      await page.evaluate(({ id, t }) => window.capsuleViewer!.play(id, { atMs: t - 80 }), {
        id: HAND_CAPSULE,
        t: T,
      });
      const after = await snapshot(page);
      const inHand = await diffImages(page, before, after, hand);
      expect(
        inHand.ratio,
        `${inHand.differing} of ${inHand.total} hand pixels changed`,
      ).toBeGreaterThanOrEqual(THRESHOLDS.handChanged);
      if (face) {
        const inFace = await diffImages(page, before, after, face);
        expect(inFace.ratio).toBeLessThanOrEqual(THRESHOLDS.elsewhereStill);
      }
    });

    it('a corrupt file is refused on screen, naming the file and the byte offset, and the avatar keeps moving', async () => {
      await reset(page);
      await page.evaluate(() => window.capsuleViewer!.resume());
      await options.offerFile(page, 'broken.vrm', corruptVrm());
      await page.waitForFunction(() => window.capsuleViewer!.lastError() !== null, undefined, {
        timeout: 20_000,
      });
      const message = await page.evaluate(() => window.capsuleViewer!.lastError()!);
      expect(message).toMatch(/broken\.vrm/);
      expect(message).toMatch(/byte \d+/);
      expect(await page.getByRole('alert').isVisible(), 'the message is on screen').toBe(true);
      expect(await page.evaluate(() => window.capsuleViewer!.avatarName())).toBe(AVATAR_NAME);

      const t0 = await page.evaluate(() => window.capsuleViewer!.time());
      const first = await snapshot(page);
      // Engine time keeps advancing (slowly on a loaded machine: SwiftShader draws a few frames a second).
      await page.waitForFunction((t) => window.capsuleViewer!.time() > t + 500, t0, { timeout: 30_000 });
      const second = await snapshot(page);
      const moved = await diffImages(page, first, second);
      expect(moved.ratio, `${moved.differing} pixels changed`).toBeGreaterThanOrEqual(THRESHOLDS.stillMoving);
      expect(await page.evaluate(() => window.capsuleViewer!.lastError())).toBe(message);
      await page.evaluate(() => window.capsuleViewer!.pause());
    });

    options.extra?.(() => page);
  });
}
