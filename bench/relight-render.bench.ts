/**
 * Rendered frame time with and without SH relighting (issue 5, goal ≤ 1.1×), in headless Chromium,
 * for both scenes: the Babylon viewer (scenes/viewer) and the three.js embed (scenes/embed-three),
 * each with the default avatar, playing, camera capsules off (fixed framing).
 *
 * A frame's time is measured inside the page: a requestAnimationFrame callback chained after the
 * scene's own (same frame, registered later, so it runs after the scene ticked and rendered) forces
 * the GPU to finish with a 1×1 `readPixels`, then takes the time since the scene's own callback began
 * (the page's `requestAnimationFrame` is wrapped to note it). That is the scene's frame work (engine
 * tick, camera, draw submission, the viewer's timeline canvas) plus the GPU finishing the frame —
 * independent of the 60 Hz vsync cap. Only frames in which the scene drew (its hook's `frames()`
 * counter moved) count. Relighting is toggled through the hook's `relighting(on)`; runs go on/off,
 * off/on, on/off… so machine-load drift hits both alike, and the
 * first frames after each switch are discarded (shader variants compile there).
 *
 * Chromium renders with SwiftShader (`--use-angle=swiftshader`, the render tests' flags): CPU
 * rasterisation on a machine shared with other work, so absolute times are far above a GPU's; the
 * ratio is what this measures. Run standalone: `node bin/run-ts.js bench/relight-render.bench.ts`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { median } from './stats.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const AVATAR = join(ROOT, 'assets/default-avatar.vrm');

/** Scenes measured: page folder under scenes/ and the renderer it uses. */
const SCENES = [
  { scene: 'viewer', renderer: 'Babylon.js viewer (scenes/viewer)' },
  { scene: 'embed-three', renderer: 'three.js embed (scenes/embed-three)' },
] as const;

/** Options of {@link measureRelightRender}. */
export interface RelightRenderOptions {
  /** Relighting on/off pairs per scene. Default 2. */
  pairs: number;
  /** Frames timed per run. Default 60. */
  frames: number;
  /**
   * Page size. Default 480×300, a quarter of the render tests' 960×600: SwiftShader takes
   * 150–350 ms a frame at 960×600 on the shared 2-core machine, too slow for `npm run bench`.
   */
  viewport: { width: number; height: number };
  /** Frames discarded after each switch. Default 8. */
  warmup: number;
  /** Progress lines (default: stderr). */
  log: (line: string) => void;
}

/** Figures for one scene. */
export interface RelightRenderFigures {
  readonly scene: string;
  readonly renderer: string;
  /** Median ms per rendered frame with relighting on, over every timed frame of the on runs. */
  readonly onMs: number;
  /** The same with relighting off. */
  readonly offMs: number;
  /** onMs / offMs. */
  readonly ratio: number;
  /** Median of the per-pair ratios (each on run against the off run next to it). */
  readonly pairRatio: number;
  /** Frames timed in each state. */
  readonly framesEach: number;
  /** Page size measured at, `W×H`. */
  readonly viewport: string;
  /** Page errors seen while measuring (should be none). */
  readonly pageErrors: readonly string[];
}

/** Times `frames` rendered frames in the page (after `warmup`), ms each. Runs inside Chromium. */
async function timeFrames(page: Page, frames: number, warmup: number): Promise<number[]> {
  // tsx (esbuild keepNames) wraps the named closure below in `__name(…)`, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    ({ frames, warmup }) =>
      new Promise<number[]>((resolve, reject) => {
        const hook = window.capsuleViewer!;
        const canvas = document.querySelector('canvas');
        const gl = canvas?.getContext('webgl2') ?? null;
        if (!gl) {
          reject(new Error('no WebGL2 context on the scene canvas'));
          return;
        }
        // Every rAF callback the scene registers is wrapped to note when the frame's work began
        // (the rAF timestamp would also count the wait for the previous frame to be composited).
        const w = window as unknown as {
          benchRaf?: typeof requestAnimationFrame;
          benchStart: number;
        };
        if (!w.benchRaf) {
          const raf = window.requestAnimationFrame.bind(window);
          w.benchRaf = raf;
          w.benchStart = -1;
          window.requestAnimationFrame = (cb) =>
            raf((t) => {
              if (w.benchStart < 0) w.benchStart = performance.now();
              cb(t);
            });
        }
        const raf = w.benchRaf;
        const pixel = new Uint8Array(4);
        const out: number[] = [];
        let drawn = hook.frames();
        let skipped = 0;
        let idle = 0;
        const step = (): void => {
          // Finish the GPU's work (default framebuffer, the scene's binding restored after).
          const bound = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null;
          gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
          gl.bindFramebuffer(gl.READ_FRAMEBUFFER, bound);
          const ms = performance.now() - w.benchStart;
          const began = w.benchStart >= 0;
          w.benchStart = -1;
          const now = hook.frames();
          if (now !== drawn && began) {
            drawn = now;
            idle = 0;
            if (skipped < warmup) skipped++;
            else out.push(ms);
          } else if (now === drawn && ++idle > 120) {
            reject(new Error('the scene stopped drawing frames'));
            return;
          }
          if (out.length < frames) raf(step);
          else resolve(out);
        };
        raf(step);
      }),
    { frames, warmup },
  );
}

/** Measures both scenes in one Vite server and one Chromium (the render tests' harness). */
export async function measureRelightRender(
  options: Partial<RelightRenderOptions> = {},
): Promise<RelightRenderFigures[]> {
  const { pairs, frames, warmup, viewport, log } = {
    pairs: 2,
    frames: 60,
    warmup: 8,
    viewport: { width: 480, height: 300 },
    log: (line: string) => console.error(line),
    ...options,
  };
  // Loaded only when asked: it brings Vite and Playwright.
  const { startRenderSession } = await import('../tests/render/harness.ts');
  const session = await startRenderSession('bench-relight-render');
  const results: RelightRenderFigures[] = [];
  try {
    for (const { scene, renderer } of SCENES) {
      session.pageErrors.length = 0;
      const page = await session.open(scene, '?seed=7');
      try {
        await page.setViewportSize(viewport);
        await page.evaluate(() => {
          const hook = window.capsuleViewer!;
          hook.cameraCapsules?.(false);
          hook.resume();
        });
        if (!(await page.evaluate(() => window.capsuleViewer!.relighting!())))
          throw new Error(`${scene}: relighting is not on by default`);
        // The viewer's Environment panel owns the switch: the engine takes it on its next update.
        const set = async (on: boolean): Promise<void> => {
          await page.evaluate((v) => window.capsuleViewer!.relighting!(v), on);
          await page.waitForFunction((v) => window.capsuleViewer!.relighting!() === v, on, {
            timeout: 10_000,
          });
        };
        // Warm both states once (shader variants compile, caches fill), untimed.
        for (const on of [true, false]) {
          await set(on);
          await timeFrames(page, 5, warmup);
        }
        const on: number[] = [];
        const off: number[] = [];
        const pairRatios: number[] = [];
        for (let p = 0; p < pairs; p++) {
          // A/B then B/A on alternate pairs: neither state always goes first.
          const order = p % 2 === 0 ? [true, false] : [false, true];
          const run: Record<string, number> = {};
          for (const state of order) {
            await set(state);
            const ms = await timeFrames(page, frames, warmup);
            log(
              `${scene}: relighting ${state ? 'on' : 'off'}: median ${median(ms).toFixed(2)} ms over ${ms.length} frames`,
            );
            (state ? on : off).push(...ms);
            run[String(state)] = median(ms);
          }
          pairRatios.push(run['true']! / run['false']!);
        }
        const onMs = median(on);
        const offMs = median(off);
        results.push({
          scene,
          renderer,
          onMs,
          offMs,
          ratio: onMs / offMs,
          pairRatio: median(pairRatios),
          framesEach: on.length,
          viewport: `${viewport.width}×${viewport.height}`,
          pageErrors: [...session.pageErrors],
        });
      } finally {
        await page.close();
      }
    }
  } finally {
    await session.close();
  }
  return results;
}

/** Heading, method and table header; the method names the options measured with. */
function header(o: Pick<RelightRenderOptions, 'pairs' | 'frames' | 'warmup'>): string[] {
  return [
    '## Rendered frame time with and without relighting (headless Chromium, SwiftShader)',
    '',
    `Each scene with the default avatar, playing, camera capsules off. Per frame: a requestAnimationFrame callback after the scene's own forces the GPU to finish (1×1 \`readPixels\`) and takes the time since the scene's callback began — the scene's frame work (engine tick, draw, the viewer's timeline canvas) plus the GPU finishing it, independent of vsync. Relighting is switched with the test hook (\`relighting(on)\`; in the viewer, off also drops the environment backdrop for the stage's own, as its Environment panel does); ${o.pairs} on/off pairs alternating on-first and off-first, ${o.frames} frames timed per run, the first ${o.warmup} after each switch dropped; medians over every timed frame of a state. **SwiftShader is CPU rendering** (\`--use-angle=swiftshader\`, the render tests' flags) on a shared 2-core machine: absolute times are far above a GPU's and the page is smaller than the render tests' 960×600 to keep the run short; compare the ratio. Standalone: \`node bin/run-ts.js bench/relight-render.bench.ts\`.`,
    '',
    '| renderer | page | frames each | relighting off, median ms | relighting on, median ms | ratio | median of per-pair ratios | goal |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
}

/** Markdown lines for the report (a "not measured" row without Chromium or the default avatar). */
export async function relightRenderReport(options: Partial<RelightRenderOptions> = {}): Promise<string[]> {
  const missing = !existsSync(CHROMIUM)
    ? `no Chromium at ${CHROMIUM}`
    : !existsSync(AVATAR)
      ? 'no assets/default-avatar.vrm (run `npx capsule forge-avatar`)'
      : null;
  const o = { pairs: 2, frames: 60, warmup: 8, ...options };
  if (missing)
    return [
      ...header(o),
      ...SCENES.map((s) => `| ${s.renderer} | — | — | not measured (${missing}) | | | | ≤ 1.1× |`),
      '',
    ];
  const lines = header(o);
  const errors: string[] = [];
  for (const r of await measureRelightRender(o)) {
    lines.push(
      `| ${r.renderer} | ${r.viewport} | ${r.framesEach} | ${r.offMs.toFixed(2)} | ${r.onMs.toFixed(2)} | ${r.ratio.toFixed(3)}× | ${r.pairRatio.toFixed(3)}× | ≤ 1.1×: ${r.ratio <= 1.1 ? 'met' : 'NOT met'} |`,
    );
    errors.push(...r.pageErrors);
  }
  if (errors.length) lines.push('', `Page errors while measuring: ${errors.slice(0, 3).join('; ')}`);
  lines.push('');
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of await relightRenderReport()) console.log(line);
