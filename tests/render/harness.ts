/**
 * Browser-test harness: the scenes' Vite server on a free port, Debian Chromium through
 * playwright-core (WebGL2 on SwiftShader, headless), and pixel comparisons done inside the page —
 * PNGs are decoded by the browser's own image decoder, so no PNG library is needed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import viteConfig from '../../vite.config.ts';
import type { SceneHook, ScreenBox } from '../../scenes/shared/hook.ts';

export type { SceneHook, ScreenBox };

/** Project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Debian's Chromium; the browser tests skip (saying so) when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Real VRM files shared by the team (present in CI); never copied into the project. */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/vrm/', import.meta.url));
/** Where golden images live; `UPDATE_GOLDEN=1` rewrites them. */
export const GOLDEN_DIR = join(ROOT, 'tests/render/golden');
/** Where a failing comparison leaves the image it got (git-ignored). */
export const OUTPUT_DIR = join(ROOT, 'out/render');
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** Viewport of every render test: small, so SwiftShader stays quick, and fixed, so goldens match. */
export const VIEWPORT = { width: 960, height: 600 };

/** Chromium flags of every render test: headless on SwiftShader, no background network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** A free loopback port for a test server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A Vite server for the scenes and a Chromium to open them in. */
export interface RenderSession {
  readonly baseUrl: string;
  readonly browser: Browser;
  /** Opens a scene page (`viewer`, `embed-three`) with a query string and waits for its hook's `ready`. */
  open(scene: string, query?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Vite (own dependency cache per `name`, so test files can run side by side) and Chromium.
 * Page errors are collected and fail {@link RenderSession.open}'s callers through `pageErrors`.
 */
export async function startRenderSession(name: string): Promise<RenderSession & { pageErrors: string[] }> {
  const port = await freePort();
  const server: ViteDevServer = await createServer({
    ...viteConfig,
    configFile: false,
    cacheDir: join(ROOT, `node_modules/.vite-render/${name}`),
    // A cache left by an older checkout would make Vite discover dependencies mid-test and reload.
    optimizeDeps: { ...viteConfig.optimizeDeps, force: true },
    logLevel: (process.env.RENDER_VITE_LOG as 'info' | undefined) ?? 'warn',
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.close();
    throw error;
  }
  const pageErrors: string[] = [];
  return {
    baseUrl,
    browser,
    pageErrors,
    async open(scene, query = '') {
      const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      page.on('pageerror', (error) => pageErrors.push(`${scene}: ${error.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(`${scene}: console: ${msg.text()}`);
      });
      await page.goto(`${baseUrl}/scenes/${scene}/${query}`);
      await page.waitForFunction(() => window.capsuleViewer !== undefined, undefined, { timeout: 60_000 });
      await page.evaluate(() => window.capsuleViewer!.ready);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Bytes of a fixture as base64, for handing to a page. */
export function fixtureBase64(file: string): string {
  return readFileSync(join(FIXTURES, file)).toString('base64');
}

/** Result of comparing two images pixel by pixel. */
export interface PixelDiff {
  /** Pixels whose largest channel difference exceeds the tolerance. */
  readonly differing: number;
  readonly total: number;
  /** differing / total. */
  readonly ratio: number;
}

/**
 * Compares two PNG data URLs inside the page (decoded by the browser), optionally within a box of
 * the first image's pixels. A pixel differs when any channel differs by more than `tolerance` (0–255).
 */
export function diffImages(
  page: Page,
  a: string,
  b: string,
  box: ScreenBox | null = null,
  tolerance = 16,
): Promise<PixelDiff> {
  return page.evaluate(
    async ({ a, b, box, tolerance }) => {
      const decode = async (url: string): Promise<ImageData> => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const c = document.createElement('canvas');
        c.width = image.naturalWidth;
        c.height = image.naturalHeight;
        const ctx = c.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(image, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height);
      };
      const [ia, ib] = await Promise.all([decode(a), decode(b)]);
      if (ia.width !== ib.width || ia.height !== ib.height)
        return { differing: ia.width * ia.height, total: ia.width * ia.height, ratio: 1 };
      const x0 = Math.max(0, box ? box.x : 0);
      const y0 = Math.max(0, box ? box.y : 0);
      const x1 = Math.min(ia.width, box ? box.x + box.width : ia.width);
      const y1 = Math.min(ia.height, box ? box.y + box.height : ia.height);
      let differing = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const o = (y * ia.width + x) * 4;
          const d = Math.max(
            Math.abs(ia.data[o]! - ib.data[o]!),
            Math.abs(ia.data[o + 1]! - ib.data[o + 1]!),
            Math.abs(ia.data[o + 2]! - ib.data[o + 2]!),
          );
          if (d > tolerance) differing++;
        }
      const total = Math.max(1, (x1 - x0) * (y1 - y0));
      return { differing, total, ratio: differing / total };
    },
    { a, b, box, tolerance },
  );
}

/** Data URL → PNG bytes. */
export function pngBytes(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/**
 * Calls `visit(r, g, b, left)` for every pixel of `box` (clipped to the image) in a PNG data URL,
 * decoded here in Node; `left` says whether the pixel is in the clipped box's left half.
 */
export function forEachBoxPixel(
  dataUrl: string,
  box: ScreenBox,
  visit: (r: number, g: number, b: number, left: boolean) => void,
): void {
  const { width, height, data } = PNG.sync.read(pngBytes(dataUrl));
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(width, box.x + box.width);
  const y1 = Math.min(height, box.y + box.height);
  const mid = (x0 + x1) / 2;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const o = (y * width + x) * 4;
      visit(data[o]!, data[o + 1]!, data[o + 2]!, x < mid);
    }
}

/**
 * Compares a snapshot with its golden (`tests/render/golden/<name>.png`); with `UPDATE_GOLDEN=1`
 * writes the golden instead and returns null. A missing golden is an error, never a silent pass.
 * The image got is always left in `out/render/<name>.png` for a look.
 */
export async function compareGolden(page: Page, name: string, snapshot: string): Promise<PixelDiff | null> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, `${name}.png`), pngBytes(snapshot));
  const golden = join(GOLDEN_DIR, `${name}.png`);
  if (!UPDATE_GOLDEN && !existsSync(golden))
    throw new Error(`no golden image ${golden}; run the render tests with UPDATE_GOLDEN=1 to create it`);
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, pngBytes(snapshot));
    return null;
  }
  const expected = `data:image/png;base64,${readFileSync(golden).toString('base64')}`;
  return diffImages(page, expected, snapshot);
}
