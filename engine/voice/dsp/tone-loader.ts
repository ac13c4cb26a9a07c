/**
 * Loads Tone.js lazily, so the engine core never pays for it (nor needs an audio stack) unless a
 * voice is rendered or played. In a browser this is a plain dynamic import. In Node there is no Web
 * Audio: the optional dev dependency `node-web-audio-api` supplies it, installed as globals before
 * Tone is first evaluated (Tone's `standardized-audio-context` captures `window` once, at import).
 */
import type { ToneModule } from './tone-module.ts';

let loading: Promise<ToneModule> | null = null;

/** True when this runtime has no Web Audio of its own (Node). */
function needsNodeAudio(): boolean {
  return typeof globalThis.OfflineAudioContext !== 'function';
}

/**
 * Puts node-web-audio-api's classes on `globalThis` (only names that are free) and points a
 * temporary `window` at `globalThis` while Tone is imported, then removes it again: eSpeak's
 * Emscripten loader, imported later in the same process, must not think it runs in a browser.
 */
async function importWithNodeAudio(): Promise<ToneModule> {
  const name = 'node-web-audio-api';
  let audio: Record<string, unknown>;
  try {
    audio = (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `voice: this runtime has no Web Audio; install the dev dependency node-web-audio-api to render voices in Node (${String(error)})`,
      { cause: error },
    );
  }
  const g = globalThis as Record<string, unknown>;
  for (const [key, value] of Object.entries(audio)) if (key !== 'default' && !(key in g)) g[key] = value;
  const hadWindow = 'window' in g;
  if (!hadWindow) g.window = globalThis;
  try {
    return await import('tone');
  } finally {
    if (!hadWindow) delete g.window;
  }
}

/**
 * The Tone.js module, loaded once per process. Throws a clear error when Tone was already imported
 * elsewhere before Node's Web Audio globals existed (its offline contexts would then fail later).
 */
export function loadTone(): Promise<ToneModule> {
  loading ??= (needsNodeAudio() ? importWithNodeAudio() : import('tone')).then((tone) => {
    try {
      // Tone recognises a native context only if its audio shim saw the Web Audio globals.
      void new tone.OfflineContext(new globalThis.OfflineAudioContext(1, 128, 22050)).dispose();
    } catch (error) {
      throw new Error(
        'voice: Tone.js cannot use this Web Audio implementation (was tone imported before engine/voice/dsp/tone-loader.ts installed node-web-audio-api?)',
        { cause: error },
      );
    }
    return tone;
  });
  return loading;
}
