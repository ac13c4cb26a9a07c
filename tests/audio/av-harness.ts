/**
 * Visemes against heard audio. For each utterance the engine (Node) runs lip sync and the capsules
 * that shape the voice, sampled every millisecond, and records the voice track; the page renders the
 * utterance with that track in headless Chromium (Tone.js offline); then onsets after silence are
 * found the same way in the rendered audio (amplitude) and in the mouth (VRM mouth weights) and
 * paired. Used by tests/render/lipsync-av.test.ts and bench/voice.bench.ts.
 */
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { audioOnsets, curveOnsets, matchOnsets, medianAbs } from '../../engine/voice/analysis/onsets.ts';
import { LIPSYNC, lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import type { LipSync } from '../../engine/voice/lipsync/lipsync.ts';
import { VOICE_RECORDER, voiceRecorderPlugin } from '../../engine/voice/voice-recorder.ts';
import type { VoiceRecorder } from '../../engine/voice/voice-recorder.ts';
import type { Utterance } from '../../engine/voice/voice-source.ts';
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import type { VoiceParam } from '../../engine/rig/channels.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';
import { createEspeakSource } from '../../engine/voice/providers/espeak.ts';
import type { VoiceAvPage } from './av-page/main.ts';
import { HAS_ESPEAK } from './espeak-available.ts';
import { syllables } from './fixtures.ts';

/** Debian's Chromium; the A/V measurement is skipped (saying so) without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = 'tests/audio/av-page/index.html';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** One utterance to measure, with the VC capsules (played at 0) that shape its voice. */
export interface AvCase {
  readonly name: string;
  readonly utterance: Utterance;
  readonly voice?: readonly Capsule[];
}

/** What one case measured. */
export interface AvCaseResult {
  readonly name: string;
  readonly audioOnsets: number[];
  readonly visemeOnsets: number[];
  /** Viseme onset − audio onset for each audio onset paired within 100 ms, ms. */
  readonly errors: number[];
  readonly medianAbsMs: number;
  readonly renderMs: number;
}

/** Everything measured. */
export interface AvResult {
  readonly cases: AvCaseResult[];
  /** Median |error| over every paired onset of every case, ms. */
  readonly medianAbsMs: number;
  readonly toneVersion: string;
  readonly browser: string;
}

const VRM_MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'];
const flat = (ms: number) => ({ attack_ms: 0, hold_ms: ms, release_ms: 0, easing: 'none' as const });

/** A VC capsule holding voice parameters for `ms` (for {@link AvCase.voice}). */
export function voiceCapsule(id: string, params: Partial<Record<VoiceParam, number>>, ms = 20_000): Capsule {
  return capsule({
    id,
    domain: 'VC',
    duration_ms: ms,
    envelope: flat(ms),
    tracks: Object.entries(params).map(([target, value]) => ({
      kind: 'voice' as const,
      target: target as 'rate',
      value,
    })),
  });
}

/**
 * Runs the engine over an utterance: lip sync from t = 0 plus the case's VC capsules; returns the
 * mouth openness every `stepMs` and the recorded voice track.
 */
export function engineSide(
  c: AvCase,
  stepMs = 1,
): { openness: Float64Array; track: { timesMs: number[]; values: number[] } } {
  const clock = createSimulatedClock();
  const registry = testRegistry([...(c.voice ?? [])]);
  const { engine, runtime } = testEngine(registry, clock);
  lipSyncPlugin()(engine);
  voiceRecorderPlugin()(engine);
  const lips = engine.resource<LipSync>(LIPSYNC);
  const a = runtime.addAvatar('speaker');
  for (const v of c.voice ?? []) runtime.play(a, v.id, { atMs: 0 });
  lips.schedule(a, c.utterance.phonemes, 0);
  const channels = VRM_MOUTH.map((n) => registry.layout.expression(n));
  const endMs = c.utterance.durationMs * 1.4 + 300;
  const openness = new Float64Array(Math.ceil(endMs / stepMs));
  for (let i = 0; i < openness.length; i++) {
    clock.set(i * stepMs);
    engine.update();
    const pose = runtime.pose(a).channels;
    openness[i] = channels.reduce((s, ch) => s + pose[ch]!, 0);
  }
  const recorded = engine.resource<VoiceRecorder>(VOICE_RECORDER).track(a, 0, endMs);
  return { openness, track: { timesMs: Array.from(recorded.timesMs), values: Array.from(recorded.values) } };
}

/** Onsets of the synthetic syllable cases, ms. */
const ONSETS = [300, 820, 1400, 1950, 2600, 3150, 3800, 4300];

/**
 * The measured cases: syllables with known onsets (neutral; +3 st at rate 1.15) and, when the
 * optional eSpeak NG is installed, an eSpeak line with pauses between phrases.
 */
export async function standardAvCases(): Promise<AvCase[]> {
  const cases: AvCase[] = [
    { name: 'syllables, neutral voice', utterance: syllables(ONSETS, 180) },
    {
      name: 'syllables, +3 st and rate 1.15',
      utterance: syllables(ONSETS, 180),
      voice: [voiceCapsule('VC_901', { pitch_semitones: 3, rate: 0.15 })],
    },
  ];
  if (HAS_ESPEAK) {
    const espeak = await createEspeakSource();
    cases.push({
      name: 'eSpeak en-us, pauses between phrases',
      utterance: await espeak.synthesize(
        'Oh, I see. Anyone else? All of us, eventually. Every evening, always.',
        {
          voice: 'en-us',
        },
      ),
    });
  }
  return cases;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Measures every case in one Chromium session. */
export async function measureAvSync(cases: readonly AvCase[]): Promise<AvResult> {
  const port = await freePort();
  const server = await createServer({
    root: ROOT,
    configFile: false,
    appType: 'mpa',
    logLevel: 'warn',
    cacheDir: join(ROOT, 'node_modules/.vite-voice-av'),
    optimizeDeps: { entries: [PAGE], include: ['tone'] },
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const browser = await chromium
    .launch({ executablePath: CHROMIUM, args: ARGS })
    .catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/${PAGE}`);
    await page.waitForFunction(() => window.voiceAv !== undefined, undefined, { timeout: 60_000 });
    await page.evaluate(() => window.voiceAv!.ready);
    const results: AvCaseResult[] = [];
    let toneVersion = '';
    for (const c of cases) {
      const { openness, track } = engineSide(c);
      const audio = c.utterance.audio!;
      const b64 = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength).toString('base64');
      const rendered = await page.evaluate(
        ([a, sr, d, t]) => (window.voiceAv as VoiceAvPage).render(a, sr, d, t),
        [b64, c.utterance.sampleRate, c.utterance.durationMs, track] as const,
      );
      if (errors.length) throw new Error(`A/V page: ${errors.join('; ')}`);
      toneVersion = rendered.toneVersion;
      const bytes = Buffer.from(rendered.audio, 'base64');
      const out = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const heard = audioOnsets(out, c.utterance.sampleRate);
      // Lips rarely shut completely in a short pause: a quarter of the peak counts as rest.
      const seen = curveOnsets(openness, 1, { restLevel: 0.25, restMs: 60 });
      const paired = matchOnsets(heard, seen).map((e) => e);
      results.push({
        name: c.name,
        audioOnsets: heard,
        visemeOnsets: seen,
        errors: paired,
        medianAbsMs: medianAbs(paired),
        renderMs: rendered.renderMs,
      });
    }
    return {
      cases: results,
      medianAbsMs: medianAbs(results.flatMap((r) => r.errors)),
      toneVersion,
      browser: browser.version(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
