/**
 * The viewer's voices: eSpeak NG when its optional package loads in the browser, else silence on an
 * estimated timeline. eSpeak (GPL-3.0) is never part of the viewer's bundle: the engine's provider
 * imports it by name at run time, which the page's import map points at the package's own file in
 * node_modules (Vite serves it, and the file fetches its `espeak-ng.data` next to itself — it is an
 * asm.js build, there is no .wasm). It loads on first use (the text box is focused, the picker
 * opened, a line spoken): 24 MB of voice data is not something to fetch for a glance at the demo.
 */
import { loadTone } from '../../engine/voice/dsp/tone-loader.ts';
import { createEspeakSource } from '../../engine/voice/providers/espeak.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import type { Utterance, VoiceSource } from '../../engine/voice/voice-source.ts';

/** Picker value of the silent voice. */
export const SILENT_VOICE = 'silence';
/** Voice picked when eSpeak loads. */
export const DEFAULT_VOICE = 'en-us';

/** A synthesised line. */
export interface Synthesised {
  readonly utterance: Utterance;
  /** `provider` for eSpeak's audio, `silence` for the estimate (no audio). */
  readonly voice: 'provider' | 'silence';
  /** Why eSpeak was not used although it was asked for, if it was not. */
  readonly fallback: string | null;
}

/** Where the voices come from, as the picker shows it. */
export type VoiceProvider = 'idle' | 'loading' | 'espeak' | 'silence';

/** The voices. */
export interface ViewerVoices {
  readonly provider: VoiceProvider;
  /** eSpeak's voices (empty until loaded, or when it is not available). */
  readonly list: readonly { id: string; label: string }[];
  /** Why eSpeak is not available, once known. */
  readonly error: string | null;
  /** Starts loading eSpeak (and Tone.js) if not yet; resolves when the provider is known. */
  load(): Promise<void>;
  /** Synthesises `text` with voice `voice` (an eSpeak id, or {@link SILENT_VOICE}). */
  synthesize(text: string, voice: string): Promise<Synthesised>;
}

const messageOf = (e: unknown): string => {
  const error = e instanceof Error ? e : new Error(String(e));
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
};

/** Creates the voices; `onChange` is called when the provider changes (loading, loaded, failed). */
export function createViewerVoices(onChange: () => void): ViewerVoices {
  const silence = createSilenceSource();
  let espeak: VoiceSource | null = null;
  let provider: VoiceProvider = 'idle';
  let list: { id: string; label: string }[] = [];
  let error: string | null = null;
  let loading: Promise<void> | null = null;

  const voices: ViewerVoices = {
    get provider() {
      return provider;
    },
    get list() {
      return list;
    },
    get error() {
      return error;
    },
    load() {
      loading ??= (async () => {
        provider = 'loading';
        onChange();
        // Tone.js too, so the first line's audio is not late while it loads.
        void loadTone().catch((e: unknown) => console.warn(`voice output: ${messageOf(e)}`));
        try {
          espeak = await createEspeakSource({ defaultVoice: DEFAULT_VOICE });
          list = [...espeak.voices()].sort((a, b) => a.label.localeCompare(b.label));
          provider = 'espeak';
        } catch (e) {
          error = messageOf(e);
          provider = 'silence';
          console.info(`viewer: speaking silently — ${error}`);
        }
        onChange();
      })();
      return loading;
    },
    async synthesize(text, voice) {
      if (voice !== SILENT_VOICE) {
        await voices.load();
        if (espeak) {
          try {
            return { utterance: await espeak.synthesize(text, { voice }), voice: 'provider', fallback: null };
          } catch (e) {
            const reason = messageOf(e);
            console.warn(`viewer: eSpeak failed on “${text}”; speaking silently — ${reason}`);
            return { utterance: await silence.synthesize(text), voice: 'silence', fallback: reason };
          }
        }
      }
      return { utterance: await silence.synthesize(text), voice: 'silence', fallback: null };
    },
  };
  return voices;
}
