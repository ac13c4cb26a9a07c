/**
 * WAV in and out through `wavefile` (the well-kept WAV library): the CLI writes performances, tests
 * keep golden renders, hosts may hand external audio in as WAV. Writes 16-bit PCM or 32-bit float
 * mono; reads whatever wavefile reads (PCM 8–32-bit, float 32/64, A-law/µ-law, any channel count),
 * mixed down to mono. Node only (wavefile ships CommonJS).
 */
import { createRequire } from 'node:module';

import type { WaveFile as WaveFileClass } from 'wavefile';

const { WaveFile } = createRequire(import.meta.url)('wavefile') as { WaveFile: typeof WaveFileClass };

/** Decoded audio, mixed to mono. */
export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly samples: Float32Array;
}

/** Encodes mono samples (−1..1, clipped) as a WAV file: 16-bit PCM by default, or 32-bit float. */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  format: 'pcm16' | 'float32' = 'pcm16',
): Uint8Array {
  if (!(sampleRate > 0) || !Number.isInteger(sampleRate))
    throw new RangeError(`wav: sampleRate must be a positive integer, got ${sampleRate}`);
  const wav = new WaveFile();
  if (format === 'float32') wav.fromScratch(1, sampleRate, '32f', Array.from(samples, clip));
  else
    wav.fromScratch(
      1,
      sampleRate,
      '16',
      Array.from(samples, (x) => Math.round(clip(x) * 32767)),
    );
  return wav.toBuffer();
}

/** Decodes a WAV file to mono float samples; throws a message naming what is wrong. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  let wav: WaveFileClass;
  try {
    wav = new WaveFile(new Uint8Array(bytes)); // a fresh copy: wavefile ignores a view's byteOffset
  } catch (err) {
    throw new Error(`wav: not a RIFF/WAVE file wavefile can read (${(err as Error).message})`);
  }
  // Read the format first: toBitDepth rewrites the fmt chunk.
  const { numChannels, sampleRate, audioFormat } = wav.fmt as {
    numChannels: number;
    sampleRate: number;
    audioFormat: number;
  };
  if (!READABLE_FORMATS.has(audioFormat))
    throw new Error(
      `wav: format code ${audioFormat} (fmt chunk, byte 20) is not supported; use PCM or float`,
    );
  if (!(numChannels >= 1) || !(sampleRate > 0))
    throw new Error(`wav: ${numChannels} channels at ${sampleRate} Hz is not playable`);
  wav.toBitDepth('32f');
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channels = Array.isArray(raw) ? raw : [raw];
  const frames = channels[0]!.length;
  const samples = new Float32Array(frames);
  for (const ch of channels) for (let i = 0; i < frames; i++) samples[i]! += ch[i]! / channels.length;
  return { sampleRate, channels: channels.length, samples };
}

/** Format codes wavefile decodes: PCM, IEEE float, A-law, µ-law, IMA ADPCM, extensible. */
const READABLE_FORMATS = new Set([1, 3, 6, 7, 17, 0xfffe]);

function clip(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : Number.isFinite(x) ? x : 0;
}
