/**
 * Records each avatar's resolved voice channels frame by frame, for offline rendering: a headless
 * performance runs the engine, then renders every utterance with the track recorded over it. It
 * also provides speech time from the recorded rate, so lip sync follows the same stretch the
 * offline render will apply. Storage grows by doubling (an offline tool; never per frame once warm).
 */
import { query } from 'bitecs';
import { Avatar } from '../capsules/components.ts';
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Plugin } from '../ecs/engine.ts';
import { VOICE_PARAM_COUNT, RATE_PARAM } from './dsp/voice-track.ts';
import type { VoiceParamTrack } from './dsp/voice-track.ts';
import { clampVoiceParam } from './dsp/voice-targets.ts';
import { RateMap } from './rate-map.ts';
import { SPEECH_TIME } from './speech-time.ts';
import type { SpeechTime } from './speech-time.ts';

/** Resource key of the recorder. */
export const VOICE_RECORDER = 'voice-recorder';

/** Recorded voice tracks. */
export interface VoiceRecorder {
  /**
   * The avatar's voice parameters between engine times `fromMs` and `toMs`, with times relative to
   * `fromMs` (one sample either side is kept so the ends interpolate).
   */
  track(avatar: number, fromMs: number, toMs: number): VoiceParamTrack;
}

interface Recording {
  times: Float64Array;
  values: Float32Array;
  count: number;
  rate: RateMap;
}

/** Installs the recorder (after the capsule plugin): system `voice-record` in phase `emit`. */
export function voiceRecorderPlugin(): Plugin {
  return (engine) => {
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const recordings = new Map<number, Recording>();

    const recorder: VoiceRecorder = {
      track(avatar, fromMs, toMs) {
        const r = recordings.get(avatar);
        if (!r || r.count === 0) return { timesMs: [], values: [] };
        let a = 0;
        while (a + 1 < r.count && r.times[a + 1]! <= fromMs) a++;
        let b = a;
        while (b + 1 < r.count && r.times[b]! < toMs) b++;
        const timesMs = new Float64Array(b - a + 1);
        for (let i = a; i <= b; i++) timesMs[i - a] = r.times[i]! - fromMs;
        return { timesMs, values: r.values.slice(a * VOICE_PARAM_COUNT, (b + 1) * VOICE_PARAM_COUNT) };
      },
    };
    engine.provide(VOICE_RECORDER, recorder);

    const speechTime: SpeechTime = {
      elapsed(avatar, startMs, nowMs) {
        const r = recordings.get(avatar);
        return r ? r.rate.elapsed(startMs, nowMs) : nowMs - startMs;
      },
    };
    if (!engine.world.resources.has(SPEECH_TIME)) engine.provide(SPEECH_TIME, speechTime);

    engine.addSystem({
      name: 'voice-record',
      phase: 'emit',
      run: (world) => {
        const now = world.time.now;
        for (const avatar of query(world.ecs, [Avatar])) {
          let r = recordings.get(avatar);
          if (!r) {
            r = {
              times: new Float64Array(256),
              values: new Float32Array(256 * VOICE_PARAM_COUNT),
              count: 0,
              rate: new RateMap(1 << 16),
            };
            recordings.set(avatar, r);
          }
          if (r.count > 0 && r.times[r.count - 1]! >= now) continue;
          if (r.count === r.times.length) {
            const times = new Float64Array(r.count * 2);
            times.set(r.times);
            const values = new Float32Array(r.count * 2 * VOICE_PARAM_COUNT);
            values.set(r.values);
            r.times = times;
            r.values = values;
          }
          const voice = runtime.avatars.pose[avatar]!.voice;
          r.times[r.count] = now;
          r.values.set(voice, r.count * VOICE_PARAM_COUNT);
          r.count++;
          r.rate.push(now, clampVoiceParam(RATE_PARAM, voice[RATE_PARAM]));
        }
      },
    });
  };
}
