/**
 * Offline rendering: an utterance through an avatar's voice chain, automated from a voice parameter
 * track, on an OfflineAudioContext — the same graph live playback uses, so what tests and the CLI
 * hear is what viewers hear. Output sample 0 is the utterance's start in heard time: the chain's
 * fixed delay is rendered and trimmed off, and the rate stretches the length.
 */
import type { Utterance } from '../voice-source.ts';
import { loadTone } from './tone-loader.ts';
import { ParamAutomator } from './automator.ts';
import { CHAIN_LATENCY_SEC, createVoiceChain } from './voice-chain.ts';
import { computeTargets, TARGET_COUNT, Target } from './voice-targets.ts';
import { sampleVoiceTrack, trackRateMap, validateVoiceTrack, VOICE_PARAM_COUNT } from './voice-track.ts';
import type { VoiceParamTrack } from './voice-track.ts';

/** Step of the automation between track samples that differ, ms (about a frame at 60–100 fps). */
export const AUTOMATION_STEP_MS = 10;

/** Options of {@link renderOffline}. */
export interface RenderOptions {
  /** Output sample rate. Default: the utterance's (eSpeak: 22,050 Hz). */
  sampleRate: number;
  /** Seed of the breath noise. Default 1. */
  seed: number;
  /** Extra output after the source ends, ms (filter and breath ring-out). Default 30. */
  tailMs: number;
}

/** Defaults of {@link RenderOptions}. */
export const RENDER_DEFAULTS: Readonly<Omit<RenderOptions, 'sampleRate'>> = { seed: 1, tailMs: 30 };

/** Throws a clear error for an utterance the renderer cannot play. */
function checkUtterance(u: Utterance): void {
  if (!(u.sampleRate > 0) || !Number.isFinite(u.sampleRate))
    throw new RangeError(`renderOffline: utterance.sampleRate must be > 0, got ${u.sampleRate}`);
  if (!(u.durationMs >= 0) || !Number.isFinite(u.durationMs))
    throw new RangeError(`renderOffline: utterance.durationMs must be ≥ 0, got ${u.durationMs}`);
  const audio = u.audio;
  if (audio)
    for (let i = 0; i < audio.length; i++)
      if (!Number.isFinite(audio[i]!))
        throw new RangeError(`renderOffline: utterance.audio[${i}] is not finite (${audio[i]})`);
}

/** Length in ms of the heard output for an utterance under a track (before the tail). */
export function renderedDurationMs(utterance: Utterance, track: VoiceParamTrack): number {
  const sourceMs = utterance.audio
    ? (utterance.audio.length / utterance.sampleRate) * 1000
    : utterance.durationMs;
  const map = trackRateMap(track);
  return map.engineAt(map.sourceAt(0) + sourceMs);
}

/**
 * Renders `utterance` through the voice chain with parameters from `track`; resolves to mono PCM
 * at `options.sampleRate`. Works wherever an OfflineAudioContext exists (browsers; Node through
 * node-web-audio-api, loaded on demand). Deterministic: no wall time, seeded noise.
 */
export async function renderOffline(
  utterance: Utterance,
  track: VoiceParamTrack,
  options: Partial<RenderOptions> = {},
): Promise<Float32Array> {
  checkUtterance(utterance);
  validateVoiceTrack(track);
  const sampleRate = options.sampleRate ?? utterance.sampleRate;
  if (!(sampleRate >= 3000 && sampleRate <= 768000))
    throw new RangeError(`renderOffline: sampleRate must be within 3000..768000 Hz, got ${sampleRate}`);
  const { seed, tailMs } = { ...RENDER_DEFAULTS, ...options };
  const tone = await loadTone();

  const heardMs = renderedDurationMs(utterance, track) + Math.max(0, tailMs);
  const outLength = Math.max(1, Math.ceil((heardMs / 1000) * sampleRate));
  // Render the chain's fixed delay as extra samples, then trim them off the front.
  const skip = Math.round(CHAIN_LATENCY_SEC * sampleRate);
  const native = new globalThis.OfflineAudioContext(1, outLength + skip, sampleRate);
  const context = new tone.OfflineContext(native);
  const chain = createVoiceChain(tone, context, { seed });
  const owned: { dispose(): unknown }[] = [chain];
  try {
    if (utterance.audio && utterance.audio.length > 0) {
      const buffer = context.createBuffer(1, utterance.audio.length, utterance.sampleRate);
      buffer.copyToChannel(utterance.audio as Float32Array<ArrayBuffer>, 0);
      const source = new tone.ToneBufferSource({ context, url: new tone.ToneAudioBuffer(buffer) });
      chain.connectSource(source);
      source.start(0);
      owned.push(source);
    }
    // Rate acts on the source, which the listener hears one latency later; the rest act in the chain.
    const offsets = new Float64Array(TARGET_COUNT).fill(chain.latencySec);
    offsets[Target.Rate] = 0;
    const automator = new ParamAutomator(chain.targets, offsets);
    const targets = new Float64Array(TARGET_COUNT);
    const voice = new Float64Array(VOICE_PARAM_COUNT);
    sampleVoiceTrack(track, 0, voice);
    computeTargets(voice, targets);
    automator.apply(targets, 0);
    // Audio params ramp linearly, but some targets are curves of the voice parameters (the shifter's
    // wet mix, dB → gain): between samples that differ, automate every AUTOMATION_STEP_MS.
    const before = new Float64Array(VOICE_PARAM_COUNT);
    let last = 0;
    for (let i = 0; i < track.timesMs.length; i++) {
      const t = track.timesMs[i]!;
      if (t <= last) continue;
      sampleVoiceTrack(track, last, before);
      sampleVoiceTrack(track, t, voice);
      if (voice.some((v, p) => v !== before[p]))
        for (let u = last + AUTOMATION_STEP_MS; u < t; u += AUTOMATION_STEP_MS) {
          sampleVoiceTrack(track, u, before);
          computeTargets(before, targets);
          automator.apply(targets, u / 1000);
        }
      computeTargets(voice, targets);
      automator.apply(targets, t / 1000);
      last = t;
    }
    const rendered = await context.render(false);
    return rendered.getChannelData(0).slice(skip, skip + outLength);
  } finally {
    for (const node of owned) node.dispose();
    void context.dispose();
  }
}
