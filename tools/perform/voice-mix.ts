/**
 * voice.wav: every spoken line rendered offline through the voice DSP — the same Tone.js chain live
 * playback uses, automated from the avatar's recorded voice parameters (VC capsules) over the line —
 * and mixed at its planned audio time into one mono track for the whole performance.
 */
import { substream } from '../../engine/ecs/random.ts';
import { renderOffline } from '../../engine/voice/dsp/render-offline.ts';
import { SILENCE_SAMPLE_RATE } from '../../engine/voice/providers/silence.ts';
import type { VoiceRecorder } from '../../engine/voice/voice-recorder.ts';
import type { SpokenLine } from './perform-script.ts';

/** Options of {@link mixVoices}. */
export interface VoiceMixOptions {
  /** Length of the performance, ms: the mix covers at least this. */
  durationMs: number;
  /** Seed of the performance (each line's breath noise is keyed from it and the line's event). */
  seed: number;
  /** Output rate. Default: the first provider utterance's rate, else 22,050 Hz. */
  sampleRate?: number;
}

/** Where one line sits in the mix. */
export interface MixedLine {
  readonly line: SpokenLine;
  /** Planned engine ms of the line's audio sample 0 (its leading silence included). */
  readonly audioAt: number;
  /** First sample of the line in the mix and its rendered length, samples. */
  readonly start: number;
  readonly length: number;
  /** Engine ms the line's audio was faded out from (a barge-in), or null. */
  readonly cutAt: number | null;
}

/** The mixed track. */
export interface VoiceMix {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Lines with audio, in performance order (silent lines are not listed). */
  readonly lines: readonly MixedLine[];
  /** Gain applied to the whole mix so overlapping voices do not clip (1 when nothing summed past full scale). */
  readonly gain: number;
  /** How far speech runs past the performance's end, ms (the mix is longer by that much). */
  readonly overrunMs: number;
}

/** Key of the per-line breath-noise seed. */
const NOISE_KEY = 0x70ce;

/**
 * Renders and mixes the lines. Deterministic: the DSP has no wall time and seeded noise, and lines
 * are placed at the nearest sample to their planned time (within 1/(2 × rate), 0.023 ms at 22.05 kHz).
 */
export async function mixVoices(
  lines: readonly SpokenLine[],
  recorder: VoiceRecorder | null,
  options: VoiceMixOptions,
): Promise<VoiceMix> {
  const spoken = lines.filter(
    (l) => l.lanes?.voice === 'provider' && l.utterance?.audio && l.utterance.audio.length > 0,
  );
  const sampleRate = options.sampleRate ?? spoken[0]?.utterance!.sampleRate ?? SILENCE_SAMPLE_RATE;
  const rendered: { mixed: MixedLine; audio: Float32Array }[] = [];
  for (const line of spoken) {
    const lanes = line.lanes!;
    const u = line.utterance!;
    const audioAt = lanes.audioAt;
    // The slowest rate (0.8) stretches the audio by 1.25; take the recorded parameters that far.
    const track = recorder
      ? recorder.track(line.entity, audioAt, audioAt + u.durationMs / 0.8 + 100)
      : { timesMs: [], values: [] };
    const audio = await renderOffline(u, track, {
      sampleRate,
      seed: substream(options.seed, NOISE_KEY, line.event),
    });
    let cutAt: number | null = null;
    if (lanes.cancelledAt !== null) {
      // A barge-in faded the line out: linearly from the cancel to the voice lane's (shortened) end.
      cutAt = lanes.cancelledAt;
      const item = lanes.items.find((i) => i.lane === 'voice' && i.kind === 'audio');
      const fadeEnd = Math.max(cutAt, item?.end ?? cutAt);
      const from = ((cutAt - audioAt) / 1000) * sampleRate;
      const to = ((fadeEnd - audioAt) / 1000) * sampleRate;
      for (let i = Math.max(0, Math.ceil(from)); i < audio.length; i++)
        audio[i]! *= i >= to ? 0 : 1 - (i - from) / (to - from);
    }
    const start = Math.round((audioAt / 1000) * sampleRate);
    rendered.push({ mixed: { line, audioAt, start, length: audio.length, cutAt }, audio });
  }
  const covers = Math.ceil((options.durationMs / 1000) * sampleRate);
  const length = rendered.reduce((n, r) => Math.max(n, r.mixed.start + r.audio.length), covers);
  const samples = new Float32Array(length);
  for (const { mixed, audio } of rendered)
    for (let i = 0; i < audio.length; i++) samples[mixed.start + i]! += audio[i]!;
  let peak = 0;
  for (let i = 0; i < length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  const gain = peak > 1 ? 0.999 / peak : 1;
  if (gain !== 1) for (let i = 0; i < length; i++) samples[i]! *= gain;
  return {
    samples,
    sampleRate,
    lines: rendered.map((r) => r.mixed),
    gain,
    overrunMs: ((length - covers) / sampleRate) * 1000,
  };
}
