/**
 * Profiles over the whole library: each exists, references only existing capsules, wires the hands
 * ahead of speech, and actually moves the avatar when played through the engine with the real
 * registry.
 */
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import {
  VOICE_CHANNEL,
  EXPRESSION_BASE,
  GAZE_CHANNEL,
  HIPS_OFFSET_CHANNEL,
  LIGHT_CHANNEL,
  LIGHT_PARAMS,
  CAMERA_PARAMS,
} from '../../engine/rig/channels.ts';
import { CHANNEL_NEUTRAL } from '../../engine/capsules/channel-limits.ts';
import { testEngine } from '../helpers/capsules.ts';

const { registry, errors } = loadFolder('capsules');

const PROFILES = [
  'BASELINE_RESTING',
  'quiet_reflective',
  'ANX_DENIAL',
  'empathetic',
  'surprised',
  'friendly',
  'assertive',
  'humorous',
  'skeptical',
  'listening',
  'thinking',
];
const SPEAKING = PROFILES.filter((p) => p !== 'BASELINE_RESTING');
const ANCHORS = { speech_onset: 1000, stressed_syllable: 1400, word_boundary: 1700, phrase_end: 3000 };

describe('profiles: wiring', () => {
  it('every listed profile exists, with a description', () => {
    expect(errors).toEqual([]);
    for (const id of PROFILES) {
      const p = registry.profile(id);
      expect(p, id).toBeDefined();
      expect(p!.description, id).toBeTruthy();
    }
    // the seed library's hand profiles are still there
    expect(registry.profile('hands_explaining')).toBeDefined();
    expect(registry.profile('hands_restless')).toBeDefined();
  });

  it('every entry references an existing capsule, once, with a weight in 0..1', () => {
    for (const id of registry.profileIds()) {
      const p = registry.profile(id)!;
      const seen = new Set<string>();
      for (const e of p.capsules) {
        expect(registry.slot(e.id), `${id} → ${e.id}`).toBeGreaterThanOrEqual(0);
        expect(seen.has(e.id), `${id} lists ${e.id} twice`).toBe(false);
        seen.add(e.id);
        expect(e.weight).toBeGreaterThan(0);
        expect(e.weight).toBeLessThanOrEqual(1);
      }
    }
  });

  it('speaking profiles wire the whole library: hands, face, body, timing and voice', () => {
    for (const id of SPEAKING) {
      const domains = new Set(registry.profile(id)!.capsules.map((e) => registry.get(e.id)!.json.domain));
      for (const d of ['HK', 'FMM', 'BK', 'VC']) expect(domains.has(d as never), `${id} has ${d}`).toBe(true);
      expect(domains.has('TC') || domains.has('TR'), `${id} has timing capsules`).toBe(true);
      const m = registry.profile(id)!.modifiers!;
      expect(m.tempo_factor).toBeGreaterThan(0);
      expect(m.noise_jitter).toBeGreaterThanOrEqual(0);
    }
  });

  it('hands lead speech by 100–300 ms (continuous micro-tremor aside)', () => {
    for (const id of SPEAKING) {
      const hands = registry
        .profile(id)!
        .capsules.map((e) => registry.get(e.id)!.json)
        .filter((c) => c.domain === 'HK');
      const leading = hands.filter((c) => c.subtype !== 'micro_noise');
      expect(leading.length, id).toBeGreaterThan(0);
      for (const c of leading) {
        expect(c.trigger.relative_to, `${id} ${c.id}`).toBe('speech_onset');
        expect(c.trigger.offset_ms, `${id} ${c.id}`).toBeGreaterThanOrEqual(-300);
        expect(c.trigger.offset_ms, `${id} ${c.id}`).toBeLessThanOrEqual(-100);
      }
    }
  });

  it('profiles differ in tempo and jitter where the state calls for it', () => {
    const tempo = (id: string) => registry.profile(id)!.modifiers!.tempo_factor!;
    const jitter = (id: string) => registry.profile(id)!.modifiers!.noise_jitter!;
    expect(tempo('quiet_reflective')).toBeLessThan(1);
    expect(tempo('surprised')).toBeGreaterThan(1);
    expect(jitter('ANX_DENIAL')).toBeGreaterThan(jitter('assertive'));
  });
});

describe('profiles: played through the engine', () => {
  /**
   * Plays a profile and returns, per channel group, the largest change from neutral over 0–4.5 s, and
   * the lowest and highest value each light and camera parameter reached.
   */
  function play(id: string, seed = 1) {
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock, seed);
    const a = runtime.addAvatar('a');
    runtime.playProfile(a, id, ANCHORS, { atMs: 0 });
    const moved = { body: 0, gaze: 0, voice: 0, face: 0 };
    const light = Object.fromEntries(LIGHT_PARAMS.map((p) => [p.name, { lo: p.neutral, hi: p.neutral }]));
    const camera = Object.fromEntries(CAMERA_PARAMS.map((p) => [p.name, { lo: p.neutral, hi: p.neutral }]));
    const extremes = (into: Record<string, { lo: number; hi: number }>, values: Float32Array) =>
      Object.values(into).forEach((r, i) => {
        r.lo = Math.min(r.lo, values[i]!);
        r.hi = Math.max(r.hi, values[i]!);
      });
    for (let t = 0; t <= 4500; t += 10) {
      clock.set(t);
      engine.update();
      const pose = runtime.pose(a);
      extremes(light, pose.light);
      extremes(camera, pose.camera);
      const c = pose.channels;
      for (let ch = 0; ch < c.length; ch++) {
        const d = Math.abs(c[ch]! - CHANNEL_NEUTRAL[ch]!);
        if (ch < HIPS_OFFSET_CHANNEL + 3)
          moved.body = Math.max(moved.body, ch < HIPS_OFFSET_CHANNEL ? d * 57.29578 : d * 1000);
        else if (ch < VOICE_CHANNEL) moved.gaze = Math.max(moved.gaze, d);
        else if (ch < LIGHT_CHANNEL) moved.voice = Math.max(moved.voice, d);
        else if (ch >= EXPRESSION_BASE) moved.face = Math.max(moved.face, d);
      }
    }
    const played = runtime.timeline.filter((r) => r.outcome !== 'skipped').length;
    return { moved, played, timeline: runtime.timeline, light, camera };
  }

  for (const id of PROFILES) {
    it(`${id} moves the avatar`, () => {
      const { moved, played } = play(id);
      expect(played).toBeGreaterThan(0);
      expect(moved.body, `${id}: body (degrees or mm)`).toBeGreaterThan(0.5);
      // the baseline's one blink may be skipped by its trigger probability; its saccade step still shows
      if (id === 'BASELINE_RESTING') expect(moved.gaze, `${id}: gaze`).toBeGreaterThan(1);
      else expect(moved.face, `${id}: face`).toBeGreaterThan(0.1);
      if (id !== 'BASELINE_RESTING') expect(moved.voice, `${id}: voice`).toBeGreaterThan(0.05);
    });
  }

  it('the hands move before the voice in a speaking profile', () => {
    for (const id of SPEAKING) {
      const { timeline } = play(id, 3);
      const first = (pred: (d: string) => boolean) =>
        Math.min(...timeline.filter((r) => pred(r.domain) && r.outcome !== 'skipped').map((r) => r.start));
      const hands = first((d) => d === 'HK');
      const voice = first((d) => d === 'VC');
      expect(hands, id).toBeLessThan(ANCHORS.speech_onset);
      expect(hands, id).toBeLessThan(voice);
    }
  });

  it('empathetic moves the light warmer (lower kelvin) and softer, with a gentle exposure breath', () => {
    const { light } = play('empathetic');
    expect(light.temperature_k!.lo).toBeLessThan(6500 - 400);
    expect(light.temperature_k!.hi).toBeLessThanOrEqual(6500);
    expect(light.softness!.hi).toBeGreaterThan(0.15);
    expect(light.exposure_ev!.hi).toBeGreaterThan(0.03);
    expect(light.exposure_ev!.hi).toBeLessThan(0.5);
  });

  it('ANX_DENIAL raises contrast and cools the light, with a slightly unsteady camera', () => {
    const { light, camera } = play('ANX_DENIAL');
    expect(light.contrast!.hi).toBeGreaterThan(0.1);
    expect(light.temperature_k!.hi).toBeGreaterThan(6500 + 200);
    expect(light.temperature_k!.lo).toBeGreaterThanOrEqual(6500);
    expect(camera.roll_deg!.hi - camera.roll_deg!.lo).toBeGreaterThan(0.05);
    expect(camera.roll_deg!.hi - camera.roll_deg!.lo).toBeLessThan(3);
  });

  it('quiet_reflective dims and cools slowly; surprised lifts exposure and pushes in', () => {
    const quiet = play('quiet_reflective').light;
    expect(quiet.exposure_ev!.lo).toBeLessThan(-0.15);
    expect(quiet.temperature_k!.hi).toBeGreaterThan(6500 + 300);
    const surprised = play('surprised');
    expect(surprised.light.exposure_ev!.hi).toBeGreaterThan(0.2);
    expect(surprised.camera.dolly_m!.hi).toBeGreaterThan(0.05);
    expect(surprised.camera.dolly_m!.hi).toBeLessThan(0.3);
  });

  it('profiles without light or camera capsules leave both neutral', () => {
    for (const id of ['BASELINE_RESTING', 'humorous', 'skeptical', 'listening']) {
      const { light, camera } = play(id);
      for (const p of LIGHT_PARAMS)
        expect(light[p.name], `${id} ${p.name}`).toEqual({ lo: p.neutral, hi: p.neutral });
      for (const p of CAMERA_PARAMS)
        expect(camera[p.name], `${id} ${p.name}`).toEqual({ lo: p.neutral, hi: p.neutral });
    }
  });

  it('gaze moves in the profiles that shift it', () => {
    for (const id of ['thinking', 'quiet_reflective', 'skeptical'])
      expect(play(id).moved.gaze, id).toBeGreaterThan(2);
    expect(GAZE_CHANNEL).toBeLessThan(VOICE_CHANNEL);
  });
});
