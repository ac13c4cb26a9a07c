/**
 * The three.js embed example (scenes/embed-three) in headless Chromium: the shared render checks,
 * with files offered the way that page takes them — dropped on it.
 */
import { dropFile, sceneSuite } from './scene-suite.ts';

sceneSuite({ scene: 'embed-three', title: 'three.js embed example', offerFile: dropFile });
