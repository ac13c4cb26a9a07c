/**
 * Golden WAVs for the voice DSP, compared by band spectrum (engine/voice/analysis/spectrum.ts):
 * `UPDATE_GOLDEN=1` rewrites them; a missing golden is an error, never a silent pass. Written with
 * the project's own small WAV codec (engine/voice/wav.ts): no WAV library is installed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bandSpectrumDb, spectrumDistance } from '../../engine/voice/analysis/spectrum.ts';
import { decodeWav, encodeWav } from '../../engine/voice/wav.ts';

/** Where golden WAVs live. */
export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
/** Where a render that failed its comparison is left for a listen (git-ignored). */
export const OUT_DIR = fileURLToPath(new URL('../../out/audio/', import.meta.url));
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * Thresholds: a band may differ by at most 1.5 dB and the bands by 0.5 dB on average. The DSP's
 * audible effects are far larger (a 3 st shift moves harmonics across bands by 10–20 dB; breath at
 * 0.6 lifts 3–6 kHz by 6 dB or more), while implementation noise stays under 0.1 dB.
 */
export const MAX_BAND_DB = 1.5;
export const MEAN_BAND_DB = 0.5;

/** Spectral distance of `samples` from golden `<name>.wav` (or null after writing it). */
export function compareWithGolden(
  name: string,
  samples: Float32Array,
  sampleRate: number,
): { maxDb: number; meanDb: number } | null {
  const file = join(GOLDEN_DIR, `${name}.wav`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, `${name}.wav`), encodeWav(samples, sampleRate));
  if (UPDATE_GOLDEN) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, encodeWav(samples, sampleRate));
    return null;
  }
  if (!existsSync(file))
    throw new Error(`no golden ${file}; run the audio tests with UPDATE_GOLDEN=1 to create it`);
  const golden = decodeWav(readFileSync(file));
  if (golden.sampleRate !== sampleRate)
    throw new Error(`golden ${name}: ${golden.sampleRate} Hz, render ${sampleRate} Hz`);
  return spectrumDistance(bandSpectrumDb(golden.samples, sampleRate), bandSpectrumDb(samples, sampleRate));
}
