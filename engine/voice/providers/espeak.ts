/**
 * eSpeak NG as a voice source, through `@echogarden/espeak-ng-emscripten` (eSpeak compiled to
 * JavaScript/WebAssembly, 22.05 kHz, every language in its data file). The package is GPL-3.0, so
 * it is an optional dependency loaded only by this module, by dynamic import; nothing in the core
 * imports it, and an application that never calls {@link createEspeakSource} never loads it.
 *
 * Voices are listed from the data file itself (each `lang/…` file's name and language). A voice id
 * is the file's name (`en-us`, `en` = British, `de`, `fr`, `es`, …) or its language code (`en-gb`,
 * `fr-fr`), optionally with a variant from `voices/!v` (`en-us+f3`, `de+m2`). Synthesis is
 * synchronous inside eSpeak: in a browser, run the provider in a worker for long lines.
 */
import type { SynthesisOptions, Utterance, VoiceSource } from '../voice-source.ts';
import { espeakTimeline } from './espeak-events.ts';
import type { EspeakEvent } from './espeak-events.ts';

/** The parts of the Emscripten module the provider uses. */
interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wordsPerMinute: number): void;
  get_samplerate(): number;
  synthesize(text: string, callback: (pcm: Int16Array, events: EspeakEvent[]) => boolean | void): void;
}
interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
  FS: {
    readdir(path: string): string[];
    stat(path: string): { mode: number };
    isDir(mode: number): boolean;
    readFile(path: string, options: { encoding: 'utf8' }): string;
  };
}

/** The npm package name (optional dependency). */
export const ESPEAK_PACKAGE = '@echogarden/espeak-ng-emscripten';
/** eSpeak's default speaking rate, words per minute. */
export const ESPEAK_DEFAULT_WPM = 175;

const DATA = '/usr/share/espeak-ng-data';

/** A voice in the data file. */
export interface EspeakVoice {
  /** Name `set_voice` accepts (the lang file's name). */
  readonly id: string;
  /** Human name from the file, e.g. "English (America)". */
  readonly label: string;
  /** Language code from the file, e.g. `en-gb`. */
  readonly language: string;
}

/** Lists the data file's voices and variants. */
function readVoices(m: EspeakModule): { voices: EspeakVoice[]; variants: string[] } {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of m.FS.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const path = `${dir}/${name}`;
      if (m.FS.isDir(m.FS.stat(path).mode)) walk(path);
      else files.push(path);
    }
  };
  walk(`${DATA}/lang`);
  const voices = files.map((path) => {
    const text = m.FS.readFile(path, { encoding: 'utf8' });
    const id = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    const label = (/^name\s+(.+)$/m.exec(text)?.[1] ?? id).replace(/\s*\/\/.*$/, '').trim();
    const language = (/^language\s+(\S+)/m.exec(text)?.[1] ?? id).toLowerCase();
    return { id, label, language };
  });
  voices.sort((a, b) => a.id.localeCompare(b.id));
  let variants: string[] = [];
  try {
    variants = m.FS.readdir(`${DATA}/voices/!v`).filter((n) => n !== '.' && n !== '..');
  } catch {
    // A data file without variants: plain voices only.
  }
  return { voices, variants };
}

let loaded: Promise<EspeakModule> | null = null;

/** The optional package's module, initialised once per process (its 24 MB data file loads once). */
function loadModule(): Promise<EspeakModule> {
  loaded ??= importModule();
  loaded.catch(() => (loaded = null));
  return loaded;
}

/** Imports and initialises the package; rejects with a clear message when it is not installed. */
async function importModule(): Promise<EspeakModule> {
  const name = ESPEAK_PACKAGE;
  let init: () => Promise<EspeakModule>;
  try {
    init = ((await import(/* @vite-ignore */ name)) as { default: () => Promise<EspeakModule> }).default;
  } catch (error) {
    throw new Error(`voice: eSpeak NG is not installed (optional dependency ${ESPEAK_PACKAGE}, GPL-3.0)`, {
      cause: error,
    });
  }
  return init();
}

/** Options of {@link createEspeakSource}. */
export interface EspeakOptions {
  /** Voice used when a request names none. Default `en-us`. */
  defaultVoice: string;
}

/** Loads eSpeak NG and returns it as a voice source (rejects if the optional package is missing). */
export async function createEspeakSource(
  options: Partial<EspeakOptions> = {},
): Promise<VoiceSource & { readonly espeakVoices: readonly EspeakVoice[] }> {
  const m = await loadModule();
  const worker = new m.eSpeakNGWorker();
  const sampleRate = worker.get_samplerate();
  const { voices, variants } = readVoices(m);
  const byName = new Map<string, string>();
  for (const v of voices) byName.set(v.id, v.id);
  for (const v of voices) if (!byName.has(v.language)) byName.set(v.language, v.id);
  const defaultVoice = options.defaultVoice ?? 'en-us';

  /** Resolves a requested voice to a name eSpeak accepts, or throws listing a few real ones. */
  const resolve = (requested: string): string => {
    const [base = '', variant] = requested.toLowerCase().split('+');
    const id = byName.get(base);
    if (!id)
      throw new RangeError(
        `eSpeak: no voice "${requested}" in the data file (e.g. ${voices
          .slice(0, 8)
          .map((v) => v.id)
          .join(', ')}, …; ${voices.length} voices)`,
      );
    if (variant === undefined) return id;
    const match = variants.find((v) => v.toLowerCase() === variant);
    if (!match)
      throw new RangeError(`eSpeak: no variant "${variant}" (have ${variants.slice(0, 12).join(', ')}, …)`);
    return `${id}+${match}`;
  };

  return {
    id: 'espeak',
    espeakVoices: voices,
    voices: () => voices.map((v) => ({ id: v.id, label: v.label })),
    synthesize(text: string, synthesis: SynthesisOptions = {}): Promise<Utterance> {
      try {
        if (typeof text !== 'string') throw new TypeError('eSpeak: text must be a string');
        const name = resolve(synthesis.voice ?? defaultVoice);
        if (worker.set_voice(name) !== 0) throw new Error(`eSpeak: could not load voice "${name}"`);
        const rate = synthesis.rate ?? 1;
        if (!(rate > 0) || !Number.isFinite(rate))
          throw new RangeError(`eSpeak: rate must be > 0, got ${rate}`);
        worker.set_rate(Math.round(Math.min(450, Math.max(80, ESPEAK_DEFAULT_WPM * rate))));
        const chunks: Int16Array[] = [];
        const events: EspeakEvent[] = [];
        worker.synthesize(text, (pcm, chunkEvents) => {
          chunks.push(pcm);
          events.push(...chunkEvents);
          return false;
        });
        const length = chunks.reduce((n, c) => n + c.length, 0);
        const audio = new Float32Array(length);
        let at = 0;
        for (const c of chunks) {
          for (let i = 0; i < c.length; i++) audio[at + i] = c[i]! / 32768;
          at += c.length;
        }
        const durationMs = (length / sampleRate) * 1000;
        const { words, phonemes } = espeakTimeline(text, events, durationMs);
        return Promise.resolve({ audio, sampleRate, durationMs, words, phonemes });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
