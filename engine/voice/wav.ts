/**
 * A tiny RIFF/WAVE codec — no WAV library is installed, and the format needs ~100 lines: the CLI
 * writes performances, tests keep golden renders, hosts may hand external audio in as WAV. Writes
 * 16-bit PCM or 32-bit float mono; reads PCM 8/16/24/32-bit and float 32/64, any channel count
 * (mixed down to mono). Errors name the byte offset.
 */

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
  const bytesPer = format === 'pcm16' ? 2 : 4;
  const dataBytes = samples.length * bytesPer;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, format === 'pcm16' ? 1 : 3, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * bytesPer, true);
  v.setUint16(32, bytesPer, true);
  v.setUint16(34, bytesPer * 8, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i]!));
    if (format === 'pcm16') v.setInt16(44 + i * 2, Math.round(x < 0 ? x * 32768 : x * 32767), true);
    else v.setFloat32(44 + i * 4, x, true);
  }
  return out;
}

/** Decodes a WAV file; throws naming the byte offset of what it cannot read. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new Error('wav: not a RIFF/WAVE file (byte 0 should read "RIFF", byte 8 "WAVE")');
  let at = 12;
  let fmt: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.length && id !== 'data')
      throw new Error(`wav: chunk "${id}" at byte ${at} runs past the end of the file`);
    if (id === 'fmt ') {
      if (size < 16) throw new Error(`wav: fmt chunk at byte ${at} is ${size} bytes, expected ≥ 16`);
      let code = v.getUint16(body, true);
      if (code === 0xfffe && size >= 40) code = v.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE
      fmt = {
        code,
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        bits: v.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error(`wav: data chunk at byte ${at} comes before any fmt chunk`);
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        samples: readSamples(v, body, Math.min(size, bytes.length - body), fmt, at),
      };
    }
    at = body + size + (size & 1);
  }
  throw new Error(`wav: no data chunk (read to byte ${at})`);
}

function readSamples(
  v: DataView,
  start: number,
  size: number,
  fmt: { code: number; channels: number; sampleRate: number; bits: number },
  chunkAt: number,
): Float32Array {
  const { code, channels, bits } = fmt;
  const bytesPer = bits / 8;
  const pcm = code === 1 && [8, 16, 24, 32].includes(bits);
  const float = code === 3 && (bits === 32 || bits === 64);
  if (!pcm && !float)
    throw new Error(
      `wav: format code ${code} with ${bits}-bit samples (fmt before byte ${chunkAt}) is not supported; use PCM or float`,
    );
  if (channels < 1 || !(fmt.sampleRate > 0))
    throw new Error(`wav: ${channels} channels at ${fmt.sampleRate} Hz is not playable`);
  const frames = Math.floor(size / (bytesPer * channels));
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const p = start + (f * channels + c) * bytesPer;
      if (float) sum += bits === 32 ? v.getFloat32(p, true) : v.getFloat64(p, true);
      else if (bits === 8) sum += (v.getUint8(p) - 128) / 128;
      else if (bits === 16) sum += v.getInt16(p, true) / 32768;
      else if (bits === 24)
        sum += (v.getUint8(p) | (v.getUint8(p + 1) << 8) | (v.getInt8(p + 2) << 16)) / 8388608;
      else sum += v.getInt32(p, true) / 2147483648;
    }
    out[f] = sum / channels;
  }
  return out;
}
