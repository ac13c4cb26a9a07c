/**
 * Whether the optional eSpeak NG package is installed: eSpeak-dependent tests skip, saying why,
 * when it is not (it is an optionalDependency under GPL-3.0).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function resolves(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** True when `@echogarden/espeak-ng-emscripten` can be imported. */
export const HAS_ESPEAK = resolves('@echogarden/espeak-ng-emscripten');

/** The message skipped tests print. */
export const NO_ESPEAK =
  'skipped: the optional dependency @echogarden/espeak-ng-emscripten (eSpeak NG, GPL-3.0) is not installed';
