/**
 * The A/V test page: exposes `window.voiceAv.render`, which renders an utterance with a voice
 * parameter track through the project's DSP chain in the browser (Tone.js, OfflineAudioContext) and
 * returns the samples. Audio crosses the page boundary as base64 float32.
 */
import { renderOffline } from '../../../engine/voice/dsp/render-offline.ts';
import { loadTone } from '../../../engine/voice/dsp/tone-loader.ts';

/** What the page exposes to the test. */
export interface VoiceAvPage {
  /** Resolves when Tone.js is loaded. */
  readonly ready: Promise<void>;
  /** Renders base64 float32 mono audio with a track; resolves to base64 float32 and the render time. */
  render(
    audio: string,
    sampleRate: number,
    durationMs: number,
    track: { timesMs: number[]; values: number[] },
  ): Promise<{ audio: string; renderMs: number; toneVersion: string }>;
}

declare global {
  interface Window {
    voiceAv?: VoiceAvPage;
  }
}

const toFloats = (b64: string): Float32Array => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
};

const toBase64 = (x: Float32Array): string => {
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

window.voiceAv = {
  ready: loadTone().then(() => undefined),
  async render(audio, sampleRate, durationMs, track) {
    const tone = await loadTone();
    const t0 = performance.now();
    const out = await renderOffline(
      { audio: toFloats(audio), sampleRate, durationMs, words: [], phonemes: [] },
      track,
    );
    return { audio: toBase64(out), renderMs: performance.now() - t0, toneVersion: tone.version };
  },
};
