/**
 * Vite serves the scenes (scenes/viewer, scenes/embed-three) from the project root, so pages import
 * the engine and bundle the capsule library and the default avatar straight from the tree.
 * `npm start` runs the dev server; `/` opens the viewer.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin, ViteDevServer } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Scene pages, by URL path. */
export const SCENES = {
  viewer: 'scenes/viewer/index.html',
  'embed-three': 'scenes/embed-three/index.html',
} as const;

/** `/` redirects to the viewer, and the start banner names the scenes rather than the bare root. */
function scenesPlugin(): Plugin {
  return {
    name: 'capsule-scenes',
    configureServer(server: ViteDevServer) {
      server.middlewares.use((req, res, next) => {
        if (req.url === '/' || req.url === '/index.html') {
          res.statusCode = 302;
          res.setHeader('Location', '/scenes/viewer/');
          res.end();
          return;
        }
        next();
      });
      server.printUrls = () => {
        const base = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
        server.config.logger.info(
          `\n  Capsule Avatar viewer:  ${base}scenes/viewer/\n  three.js embed example: ${base}scenes/embed-three/\n`,
        );
      };
    },
  };
}

export default defineConfig({
  root,
  appType: 'mpa',
  clearScreen: false,
  plugins: [scenesPlugin()],
  server: { port: 5173, host: 'localhost' },
  optimizeDeps: { entries: Object.values(SCENES) },
  build: {
    outDir: 'out/scenes',
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(Object.entries(SCENES).map(([name, file]) => [name, `${root}${file}`])),
    },
  },
});
