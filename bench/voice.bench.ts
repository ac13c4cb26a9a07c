/**
 * Voice benchmarks: offline DSP render speed in Node (goal ≥ 20× real time) and, where Debian's
 * Chromium is installed, the A/V median error of lip sync against heard audio (goal ≤ 20 ms,
 * measured as in tests/render/lipsync-av.test.ts). The render uses every stage of the chain at once
 * (pitch and formant shift, vibrato, breath, tension, gain) with parameters ramping over the line,
 * on an eSpeak NG utterance when that optional package is installed, else a synthetic voice.
 */
import { renderOffline } from '../engine/voice/dsp/render-offline.ts';
import { loadTone } from '../engine/voice/dsp/tone-loader.ts';
import { NEUTRAL_VOICE } from '../engine/voice/dsp/voice-track.ts';
import type { VoiceParamTrack } from '../engine/voice/dsp/voice-track.ts';
import { createEspeakSource } from '../engine/voice/providers/espeak.ts';
import type { Utterance } from '../engine/voice/voice-source.ts';
import { HAS_ESPEAK } from '../tests/audio/espeak-available.ts';
import { syllables } from '../tests/audio/fixtures.ts';
import { median } from './stats.ts';

/** What {@link measureVoice} reports. */
export interface VoiceBenchResult {
  /** Audio length ÷ median render time (≥ 20 is the goal). */
  realtimeFactor: number;
  /** Median wall time of one render, ms. */
  renderMs: number;
  /** Length of the rendered audio, ms. */
  audioMs: number;
  /** Median |viseme onset − audio onset| over the A/V cases, ms (absent without Chromium). */
  avMedianErrorMs?: number;
  /** Where the audio came from. */
  source: 'espeak' | 'synthetic';
}

/** Options of {@link measureVoice}. */
export interface VoiceBenchOptions {
  /** Timed renders after one warm-up. Default 7. */
  runs: number;
  /** Run the Chromium A/V measurement too (when Chromium is installed). Default true. */
  av: boolean;
}

const TEXT =
  'The avatar speaks. Every capsule shapes the voice a little: pitch, timbre, rate, vibrato, breath and tension, ' +
  'all automated on the audio clock while the lips follow the phonemes.';

/** Voice parameters that move through the whole line: every DSP stage works for its living. */
function busyTrack(durationMs: number): VoiceParamTrack {
  const timesMs: number[] = [];
  const values: number[] = [];
  for (let t = 0; t <= durationMs; t += 250) {
    const u = t / durationMs;
    timesMs.push(t);
    values.push(
      2 * Math.sin(u * 6), // pitch
      1.5 * Math.cos(u * 4), // formant
      1 + 0.1 * Math.sin(u * 3), // rate
      0.3, // vibrato depth
      5.5, // vibrato rate
      0.3 + 0.2 * u, // breathiness
      0.4, // tension
      -2, // intensity
    );
  }
  if (values.length !== timesMs.length * NEUTRAL_VOICE.length) throw new Error('bench: track shape');
  return { timesMs, values };
}

async function benchUtterance(): Promise<{ utterance: Utterance; source: VoiceBenchResult['source'] }> {
  if (HAS_ESPEAK) return { utterance: await (await createEspeakSource()).synthesize(TEXT), source: 'espeak' };
  const onsets = Array.from({ length: 24 }, (_, i) => 200 + i * 400);
  return { utterance: syllables(onsets, 300), source: 'synthetic' };
}

/** Measures offline render speed (and the A/V error where Chromium exists). */
export async function measureVoice(options: Partial<VoiceBenchOptions> = {}): Promise<VoiceBenchResult> {
  const { runs, av } = { runs: 7, av: true, ...options };
  await loadTone();
  const { utterance, source } = await benchUtterance();
  const track = busyTrack(utterance.durationMs);
  const first = await renderOffline(utterance, track);
  const audioMs = (first.length / utterance.sampleRate) * 1000;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    await renderOffline(utterance, track);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const renderMs = median(times);
  const result: VoiceBenchResult = { realtimeFactor: audioMs / renderMs, renderMs, audioMs, source };
  if (av) {
    // Loaded only when asked: it brings Vite and Playwright.
    const harness = await import('../tests/audio/av-harness.ts');
    if (harness.HAS_CHROMIUM)
      result.avMedianErrorMs = (await harness.measureAvSync(await harness.standardAvCases())).medianAbsMs;
  }
  return result;
}
