/**
 * SH relighting in headless Chromium, in both scenes (the Babylon viewer and the three.js embed):
 *
 * (a) the lit side of the face follows the key light: with an environment whose key comes from the
 *     avatar's left (+X, glTF world), the face's screen-right half (the avatar's left, seen from the
 *     front) is brighter; mirror the environment (the key turned 180° about +Y, now from the right)
 *     and the screen-left half is brighter;
 * (b) an LD exposure capsule changes exposure over its envelope: the mean luminance of the upper
 *     body at the capsule's onset is below that at its peak, and after its release it is below the
 *     peak again.
 *
 * (c) with camera capsules on, a CS capsule moves the picture's camera (hook `camera()`): dolly
 *     0.4 m closer to its target and a narrower field of view while the capsule holds.
 *
 * Luminance is Rec. 709 luma of the 8-bit canvas, 0–255, averaged in a box. Tolerances: the brighter
 * half leads by ≥ 4 luma levels; the peak exceeds onset and after-release by ≥ 4 levels. No timing
 * is asserted: every picture is taken paused, at a chosen engine time (seek rebuilds the engine).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  HAS_CHROMIUM,
  OUTPUT_DIR,
  ROOT,
  forEachBoxPixel,
  pngBytes,
  startRenderSession,
} from './harness.ts';
import type { RenderSession, ScreenBox } from './harness.ts';

const SEED = 7;
const T = 2400;
/** Brighter half / peak lead, luma levels (0–255). */
const MIN_LEAD = 4;
const HAS_AVATAR = existsSync(join(ROOT, 'assets/default-avatar.vrm'));

/** Radiance SH (27 floats) of a dim uniform sky plus a strong directional key towards `dir`. */
function keyEnvironment(dir: [number, number, number]): number[] {
  const [x, y, z] = dir;
  const basis = [
    0.282095,
    0.488603 * y,
    0.488603 * z,
    0.488603 * x,
    1.092548 * x * y,
    1.092548 * y * z,
    0.315392 * (3 * z * z - 1),
    1.092548 * x * z,
    0.546274 * (x * x - y * y),
  ];
  const ambient = 0.05 * Math.sqrt(4 * Math.PI); // uniform radiance 0.05 projects to c0 = 0.05·√(4π)
  const key = 2.5; // integrated radiance of the key
  const out: number[] = [];
  basis.forEach((b, i) => {
    const v = key * b + (i === 0 ? ambient : 0);
    out.push(v, v, v);
  });
  return out;
}
/** Key from the avatar's left, a little above and in front; its mirror comes from the right. */
const FROM_LEFT = keyEnvironment([0.93, 0.25, 0.27]);
const FROM_RIGHT = keyEnvironment([-0.93, 0.25, 0.27]);

/** An exposure capsule: +2 EV over a 300 ms attack, held 400 ms, 300 ms release. */
const EXPOSURE_CAPSULE = {
  format_version: 1,
  id: 'LD_9901',
  domain: 'LD',
  subtype: 'render_test_exposure',
  description: 'Render test: exposure up 2 EV and back over 1 s.',
  trigger: { relative_to: 'scene_start', offset_ms: 0, probability: 1 },
  duration_ms: 1000,
  envelope: { attack_ms: 300, hold_ms: 400, release_ms: 300, easing: 'linear' },
  tracks: [{ kind: 'light', target: 'exposure_ev', value: 2 }],
  priority: 5,
  blend_mode: 'additive',
  variation: { timing: 0, intensity: 0 },
};

/** A camera capsule: dolly in 0.4 m and focal length +20 mm, held 600 ms. */
const CAMERA_CAPSULE = {
  format_version: 1,
  id: 'CS_9901',
  domain: 'CS',
  subtype: 'render_test_push_in',
  description: 'Render test: push in 0.4 m with a 20 mm focal creep.',
  trigger: { relative_to: 'scene_start', offset_ms: 0, probability: 1 },
  duration_ms: 1000,
  envelope: { attack_ms: 200, hold_ms: 600, release_ms: 200, easing: 'linear' },
  tracks: [
    { kind: 'camera', target: 'dolly_m', value: 0.4 },
    { kind: 'camera', target: 'focal_mm', value: 20 },
  ],
  priority: 5,
  blend_mode: 'additive',
  variation: { timing: 0, intensity: 0 },
};

/** Mean luma of a box of a PNG data URL, and of its left and right halves. */
function luma(url: string, box: ScreenBox): { all: number; left: number; right: number } {
  const sum = { all: 0, left: 0, right: 0 };
  const n = { all: 0, left: 0, right: 0 };
  forEachBoxPixel(url, box, (r, g, b, left) => {
    const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const side = left ? 'left' : 'right';
    sum.all += l;
    sum[side] += l;
    n.all++;
    n[side]++;
  });
  return { all: sum.all / n.all, left: sum.left / n.left, right: sum.right / n.right };
}

const snapshot = (page: Page): Promise<string> => page.evaluate(() => window.capsuleViewer!.snapshot());
/** The face: a box in front of the head bone (as the scene suite's), a little narrower. */
const faceBox = (page: Page): Promise<ScreenBox | null> =>
  page.evaluate(() => window.capsuleViewer!.screenBox('head', 0.065, [0, 0.07, 0.06]));
/** The upper body: head to chest. */
const bodyBox = (page: Page): Promise<ScreenBox | null> =>
  page.evaluate(() => window.capsuleViewer!.screenBox('neck', 0.22, [0, -0.05, 0]));

for (const scene of ['viewer', 'embed-three'] as const) {
  describe.skipIf(!HAS_CHROMIUM || !HAS_AVATAR)(`relighting in the ${scene} (headless Chromium)`, () => {
    let session: (RenderSession & { pageErrors: string[] }) | undefined;
    let page: Page;

    beforeAll(async () => {
      session = await startRenderSession(`relight-${scene}`);
      page = await session.open(scene, `?seed=${SEED}&t=${T}&paused`);
      // Camera capsules off: the pictures compare light, not framing.
      await page.evaluate(() => window.capsuleViewer!.cameraCapsules?.(false));
    }, 180_000);

    afterAll(async () => {
      await session?.close();
    });

    it('is relit by default, and the lit side of the face follows the key light', async () => {
      expect(await page.evaluate(() => window.capsuleViewer!.relighting!())).toBe(true);
      await page.evaluate((sh) => window.capsuleViewer!.setEnvironmentSH!(sh), FROM_LEFT);
      const face = await faceBox(page);
      expect(face, 'the head is on screen').not.toBeNull();
      const leftImage = await snapshot(page);
      const left = luma(leftImage, face!);
      await page.evaluate((sh) => window.capsuleViewer!.setEnvironmentSH!(sh), FROM_RIGHT);
      const rightImage = await snapshot(page);
      const right = luma(rightImage, (await faceBox(page))!);
      mkdirSync(OUTPUT_DIR, { recursive: true });
      writeFileSync(join(OUTPUT_DIR, `relight-${scene}-key-left.png`), pngBytes(leftImage));
      writeFileSync(join(OUTPUT_DIR, `relight-${scene}-key-right.png`), pngBytes(rightImage));
      const report = `key from the avatar's left: screen L ${left.left.toFixed(1)} / R ${left.right.toFixed(1)}; from its right: L ${right.left.toFixed(1)} / R ${right.right.toFixed(1)}`;
      console.log(`${scene}: ${report}`);
      // The avatar's left is the screen's right (camera in front).
      expect(left.right - left.left, report).toBeGreaterThanOrEqual(MIN_LEAD);
      expect(right.left - right.right, report).toBeGreaterThanOrEqual(MIN_LEAD);
      expect(session!.pageErrors).toEqual([]);
    });

    it('an LD exposure capsule raises exposure over its envelope and lets it fall after release', async () => {
      // Back to the scene's own environment and time.
      await page.evaluate((t) => window.capsuleViewer!.seek(t), T);
      const problems = await page.evaluate(
        (json) => window.capsuleViewer!.addCapsule(json),
        EXPOSURE_CAPSULE,
      );
      expect(problems).toEqual([]);
      const onset = T + 100;
      expect(await page.evaluate((at) => window.capsuleViewer!.play('LD_9901', { atMs: at }), onset)).toBe(
        true,
      );
      const at = async (ms: number): Promise<number> => {
        await page.evaluate((t) => window.capsuleViewer!.seek(t), ms);
        const box = await bodyBox(page);
        return luma(await snapshot(page), box!).all;
      };
      const start = await at(onset);
      const peak = await at(onset + 500);
      const after = await at(onset + 1000 + 200);
      const report = `upper-body luma: onset ${start.toFixed(1)}, peak ${peak.toFixed(1)}, after release ${after.toFixed(1)}`;
      console.log(`${scene}: ${report}`);
      expect(peak - start, report).toBeGreaterThanOrEqual(MIN_LEAD);
      expect(peak - after, report).toBeGreaterThanOrEqual(MIN_LEAD);
      expect(session!.pageErrors).toEqual([]);
    });

    it('with camera capsules on, a CS capsule pushes the camera in and narrows the view', async () => {
      await page.evaluate((t) => window.capsuleViewer!.seek(t), T);
      await page.evaluate(() => window.capsuleViewer!.cameraCapsules!(true));
      const problems = await page.evaluate((json) => window.capsuleViewer!.addCapsule(json), CAMERA_CAPSULE);
      expect(problems).toEqual([]);
      const onset = T + 100;
      expect(await page.evaluate((at) => window.capsuleViewer!.play('CS_9901', { atMs: at }), onset)).toBe(
        true,
      );
      const cameraAt = async (ms: number) => {
        await page.evaluate((t) => window.capsuleViewer!.seek(t), ms);
        await snapshot(page);
        return page.evaluate(() => window.capsuleViewer!.camera!());
      };
      const distance = (c: { position: number[]; target: number[] }): number =>
        Math.hypot(...c.position.map((p, i) => p - c.target[i]!));
      const before = await cameraAt(onset);
      const held = await cameraAt(onset + 500);
      expect(distance(before) - distance(held)).toBeCloseTo(0.4, 2);
      expect(held.fovDeg).toBeLessThan(before.fovDeg - 2);
      await page.evaluate(() => window.capsuleViewer!.cameraCapsules!(false));
      expect(session!.pageErrors).toEqual([]);
    });
  });
}

if (!HAS_CHROMIUM) console.warn(`relight render tests skipped — no Chromium at ${CHROMIUM}`);
