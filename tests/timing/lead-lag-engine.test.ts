import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { HIPS_OFFSET_CHANNEL } from '../../engine/rig/channels.ts';
import { createAvatar } from '../../engine/avatar/create-avatar.ts';
import type { AvatarOptions, PerformResult } from '../../engine/avatar/perform-types.ts';
import { leadLagPlugin } from '../../engine/timing/plugin.ts';
import { LEAD_LAG } from '../../engine/timing/resource.ts';
import type { LeadLagLogEvent, LeadLagResource } from '../../engine/timing/resource.ts';
import { VOICE_OUTPUT } from '../../engine/voice/dsp/voice-output.ts';
import { LIPSYNC, lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import { withFallback } from '../../engine/voice/providers/fallback.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import { LIPSYNC_KEY, VOICE_OUTPUT_KEY } from '../../engine/timing/voice-ports.ts';
import { LIP_LEAD_MS } from '../../engine/timing/windows.ts';
import type { LipSyncPort, VoiceOutputPort } from '../../engine/timing/voice-ports.ts';
import type { PhonemeEvent, Utterance, VoiceSource } from '../../engine/voice/voice-source.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const DEG = Math.PI / 180;
const held = (ms: number) => ({ attack_ms: 20, hold_ms: ms - 40, release_ms: 20, easing: 'linear' as const });
const joint = (
  target: 'rightIndexProximal' | 'rightMiddleProximal' | 'rightRingProximal' | 'head' | 'neck',
) => ({
  kind: 'joint' as const,
  target,
  value: [0, 0, 20],
});
/** Each capsule drives its own channel, so every onset can be seen in the pose. */
const LIB: Capsule[] = [
  capsule({
    id: 'HK_101',
    trigger: { relative_to: 'speech_onset', offset_ms: -250, probability: 1 },
    duration_ms: 700,
    envelope: held(700),
    tracks: [joint('rightIndexProximal')],
  }),
  capsule({
    id: 'HK_102',
    trigger: { relative_to: 'speech_onset', offset_ms: -120, probability: 1 },
    duration_ms: 700,
    envelope: held(700),
    variation: { timing: 0.15, intensity: 0.15 },
    tracks: [joint('rightMiddleProximal')],
  }),
  capsule({
    id: 'HK_103',
    trigger: { relative_to: 'speech_onset', offset_ms: 40, probability: 1 },
    duration_ms: 700,
    envelope: held(700),
    tracks: [joint('rightRingProximal')],
  }),
  capsule({
    id: 'FMM_101',
    domain: 'FMM',
    trigger: { relative_to: 'speech_onset', offset_ms: -90, probability: 1 },
    duration_ms: 700,
    envelope: held(700),
    tracks: [{ kind: 'expression', target: 'happy', value: 0.6 }],
  }),
  capsule({
    id: 'VC_101',
    domain: 'VC',
    trigger: { relative_to: 'speech_onset', offset_ms: -30, probability: 1 },
    tracks: [{ kind: 'voice', target: 'breathiness', value: 0.3 }],
  }),
  capsule({
    id: 'TR_101',
    domain: 'TR',
    trigger: { relative_to: 'word_boundary', offset_ms: 0, probability: 1 },
    duration_ms: 80,
    envelope: held(80),
    tracks: [joint('head')],
  }),
  capsule({
    id: 'TR_102',
    domain: 'TR',
    trigger: { relative_to: 'stressed_syllable', offset_ms: -20, probability: 1 },
    duration_ms: 60,
    envelope: held(60),
    tracks: [joint('neck')],
  }),
  capsule({
    id: 'TC_101',
    domain: 'TC',
    trigger: { relative_to: 'phrase_end', offset_ms: 30, probability: 1 },
    duration_ms: 100,
    envelope: held(100),
    tracks: [{ kind: 'expression', target: 'blink', value: 1 }],
  }),
];
const ALL: Profile = {
  format_version: 1,
  id: 'all',
  capsules: LIB.map((c) => ({ id: c.id, weight: 1 })),
};
/** A voice sped up by a quarter (multiply on the rate channel) while the words go by. */
const FASTER = capsule({
  id: 'VC_102',
  domain: 'VC',
  trigger: { relative_to: 'speech_onset', offset_ms: 0, probability: 1 },
  duration_ms: 600,
  envelope: { attack_ms: 150, hold_ms: 300, release_ms: 150, easing: 'quad_in_out' },
  blend_mode: 'multiply',
  tracks: [{ kind: 'voice', target: 'rate', value: 1.25 }],
});
const FAST: Profile = {
  format_version: 1,
  id: 'fast',
  capsules: [
    { id: 'VC_102', weight: 0.9 },
    { id: 'TR_101', weight: 1 },
    { id: 'TC_101', weight: 1 },
  ],
};

const UTT: Utterance = {
  audio: new Float32Array(4800),
  sampleRate: 48000,
  durationMs: 1000,
  words: [
    { text: 'Well,', startMs: 30, endMs: 250, stressMs: 60 },
    { text: 'hello', startMs: 450, endMs: 700, stressMs: 560 },
    { text: 'there.', startMs: 720, endMs: 950, stressMs: 740 },
  ],
  phonemes: [
    { phoneme: 'w', startMs: 30, endMs: 90 },
    { phoneme: 'ɛ', startMs: 90, endMs: 180 },
    { phoneme: 'l', startMs: 180, endMs: 250 },
    { phoneme: 'h', startMs: 450, endMs: 500 },
    { phoneme: 'ə', startMs: 500, endMs: 560 },
  ],
};

const source = (synthesize: VoiceSource['synthesize'], id = 'fake'): VoiceSource => ({
  id,
  voices: () => [{ id: 'x', label: 'X' }],
  synthesize,
});
const fakeVoice = source(async () => UTT);

const flush = () => new Promise<void>((r) => setImmediate(r));

/** An engine on a simulated clock with recording lip-sync and output fakes. */
function rig(options: Partial<AvatarOptions> = {}, seed = 1) {
  const clock = createSimulatedClock();
  const registry = testRegistry([...LIB, FASTER], [ALL, FAST]);
  const lips: {
    kind: string;
    avatar: number;
    atMs: number;
    fadeMs?: number;
    latencyMs?: number;
    phonemes?: readonly PhonemeEvent[];
  }[] = [];
  const lipsync: LipSyncPort = {
    schedule: (avatar, phonemes, startMs, o) =>
      lips.push({ kind: 'schedule', avatar, atMs: startMs, phonemes, latencyMs: o?.latencyMs ?? -1 }),
    cancel: (avatar, atMs, fadeMs) => void lips.push({ kind: 'cancel', avatar, atMs, fadeMs }),
  };
  const audio: { kind: string; avatar: number; atMs: number; fadeMs?: number }[] = [];
  const output: VoiceOutputPort = {
    play: (avatar, _u, atMs) => void audio.push({ kind: 'play', avatar, atMs }),
    stop: (avatar, atMs, fadeMs) => void audio.push({ kind: 'stop', avatar, atMs, fadeMs }),
  };
  const engine = createEngine({
    clock,
    seed,
    plugins: [capsulePlugin(registry), leadLagPlugin(), (e) => void e.provide(LIPSYNC_KEY, lipsync)],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const lead = engine.resource<LeadLagResource>(LEAD_LAG);
  const events: LeadLagLogEvent[] = [];
  lead.onEvent((e) => events.push(e));
  const avatar = createAvatar(engine, { name: 'ava', voice: fakeVoice, output, profile: 'all', ...options });
  const at = (t: number) => {
    clock.set(t);
    engine.update();
    return runtime.pose(avatar.entity).channels;
  };
  return { clock, registry, engine, runtime, lead, avatar, lips, audio, events, at };
}

/** Channels each capsule writes (first axis/channel is enough: every test track moves it). */
function channelOf(r: ReturnType<typeof rig>, id: string): number {
  const c = r.registry.at(r.registry.slot(id));
  const axis = c.tracks[0]!.width === 3 ? 2 : 0;
  return c.tracks[0]!.channel + axis;
}

describe('onsets realised as planned (engine, simulated clock)', () => {
  it('every capsule onset within 1 ms of plan; hands 50–180 ms before speech, face 0–50, voice at 0, lips on phonemes', async () => {
    const r = rig();
    const h = r.avatar.perform({ text: 'Well, hello there.' });
    await flush();
    r.at(0);
    const lanes = r.lead.utterances[0]!;
    const S = lanes.speechOnsetAt;
    expect(lanes.plannedAt).toBe(0);

    // Plan windows.
    const items = lanes.items.filter((i) => i.status === 'planned');
    const hands = items.filter((i) => i.lane === 'hand' && i.start < S);
    expect(hands.length).toBe(2);
    for (const i of hands) {
      expect(S - i.start).toBeGreaterThanOrEqual(50);
      expect(S - i.start).toBeLessThanOrEqual(180);
    }
    const face = items.find((i) => i.label === 'FMM_101')!;
    expect(S - face.start).toBeGreaterThanOrEqual(0);
    expect(S - face.start).toBeLessThanOrEqual(50);
    expect(lanes.voiceAt).toBe(S);

    // The capsule runtime's records carry the planned onsets exactly.
    const records = r.runtime.timeline.filter((x) => x.outcome !== 'skipped');
    const planned = items.filter((i) => i.kind === 'capsule');
    expect(records.map((x) => [x.id, x.start])).toEqual(planned.map((i) => [i.label, i.start]));

    // Realised in the pose: at rest 0.01 ms before each planned onset, moving 0.01 ms after it — so
    // every onset is realised within 0.01 ms of plan (the brief asks for 1 ms), at any frame phase.
    const EPS = 0.01;
    const probes = planned.flatMap((i) => [
      { t: i.start - EPS, i, before: true },
      { t: i.start + EPS, i, before: false },
    ]);
    probes.sort((a, b) => a.t - b.t);
    const rest = r.runtime.avatars.baseline[r.avatar.entity]!;
    let checked = 0;
    for (const p of probes) {
      if (p.t < 0) continue;
      const ch = channelOf(r, p.i.label);
      const v = Math.abs(r.at(p.t)[ch]! - rest[ch]!);
      if (p.before) expect(v, `${p.i.label} before ${p.i.start}`).toBe(0);
      else expect(v, `${p.i.label} after ${p.i.start}`).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2 * planned.length - 3); // onsets at 0 have no "before"

    // Lips and audio on the audio clock.
    const sched = r.lips.find((l) => l.kind === 'schedule')!;
    expect(sched.atMs).toBe(lanes.audioAt);
    expect(sched.latencyMs).toBe(0);
    expect(lanes.audioAt + UTT.words[0]!.startMs).toBe(S);
    expect(lanes.items.filter((i) => i.lane === 'lip').map((i) => i.start - lanes.audioAt)).toEqual(
      UTT.phonemes.map((p) => p.startMs),
    );
    expect(r.audio).toEqual([{ kind: 'play', avatar: r.avatar.entity, atMs: lanes.audioAt }]);

    // Word, stress and phrase anchors fired their TR/TC capsules where they should.
    const starts = (id: string) => items.filter((i) => i.label === id).map((i) => i.start - lanes.audioAt);
    expect(starts('TR_101')).toEqual([30, 450, 720]);
    expect(starts('TR_102')).toEqual([40, 540, 720]);
    expect(starts('TC_101')).toEqual([280, 980]);

    for (let t = 0; t < 3000; t += 1000 / 60) r.at(t);
    const result = await h.done;
    expect(result.cancelled).toBe(false);
    expect(result.voice).toBe('provider');
  });

  it('the machine enters each phase at its planned time even at 60 fps, and done settles at the end of release', async () => {
    const r = rig();
    const h = r.avatar.perform({ text: 'Well, hello there.' });
    await flush();
    const seen: string[] = [];
    let t = 0;
    let result: PerformResult | null = null;
    void h.done.then((x) => (result = x));
    for (; t < 4000 && result === null; t += 1000 / 60) {
      r.at(t);
      if (seen.at(-1) !== h.phase()) seen.push(h.phase());
      await flush();
    }
    const lanes = r.lead.utterances[0]!;
    const plan = { handLead: lanes.plannedAt, face: lanes.speechOnsetAt - 50, voice: lanes.voiceAt };
    expect(lanes.phases.slice(0, 4)).toEqual([
      { phase: 'handLead', at: plan.handLead },
      { phase: 'face', at: plan.face },
      { phase: 'voice', at: plan.voice },
      { phase: 'sustain', at: lanes.audioAt + 250 },
    ]);
    expect(lanes.phases.map((p) => p.phase)).toEqual([
      'handLead',
      'face',
      'voice',
      'sustain',
      'release',
      'idle',
    ]);
    const lastCapsuleEnd = Math.max(...r.runtime.timeline.map((x) => x.end));
    expect(lanes.phases.at(-1)!.at).toBe(Math.max(lastCapsuleEnd, lanes.audioAt + 1000));
    expect(result!.endedAt).toBe(lanes.phases.at(-1)!.at);
    expect(seen).toEqual(['handLead', 'face', 'voice', 'sustain', 'release', 'idle']);
    expect(r.lead.active.size).toBe(0);
  });
});

describe('speaking rate', () => {
  it('word and phrase anchors land where the words are heard when a VC capsule speeds the voice up', async () => {
    const r = rig({ profile: 'fast' });
    r.avatar.perform({ text: 'Well, hello there.' });
    await flush();
    r.at(0);
    const lanes = r.lead.utterances[0]!;
    // Integrate the engine's resolved rate channel from the audio start: source ms heard by engine ms.
    const rate = r.registry.layout.voice('rate');
    const heard: number[] = [];
    let source = 0;
    let prev = 1;
    const targets = [...UTT.words.map((w) => w.startMs), UTT.words[2]!.endMs];
    for (let t = lanes.audioAt + 1; heard.length < targets.length && t < 3000; t++) {
      const now = r.at(t)[rate]!;
      const next = source + (prev + now) / 2;
      const x = targets[heard.length]!;
      if (next >= x) heard.push(t - 1 + (x - source) / (next - source));
      source = next;
      prev = now;
    }
    const starts = (id: string) => lanes.items.filter((i) => i.label === id).map((i) => i.start);
    expect(starts('TR_101')).toHaveLength(3);
    starts('TR_101').forEach((t, k) => expect(Math.abs(t - heard[k]!), `word ${k}`).toBeLessThanOrEqual(1));
    expect(Math.abs(starts('TC_101')[1]! - 30 - heard[3]!)).toBeLessThanOrEqual(1);
    // and really earlier than at rate 1
    expect(heard[2]!).toBeLessThan(lanes.audioAt + 720 - 50);
    expect(lanes.items.find((i) => i.kind === 'audio')!.end).toBeLessThan(
      lanes.audioAt + UTT.durationMs - 50,
    );
  });
});

describe('overrides and audio-first in the engine', () => {
  it('handsMs and voiceMs move the plan as documented; audio-first starts the audio at once', async () => {
    const r = rig();
    r.avatar.perform({ text: 'x', leadLag: { handsMs: 300, voiceMs: 40 } });
    await flush();
    r.at(0);
    const a = r.lead.utterances[0]!;
    const hk = a.items.find((i) => i.label === 'HK_101')!;
    expect(a.speechOnsetAt - hk.start).toBe(300);
    expect(a.voiceAt - a.speechOnsetAt).toBe(40);
    expect(r.audio.at(-1)).toMatchObject({ kind: 'play', atMs: a.audioAt });

    const b = rig({ lipLatencyMs: 35 });
    b.avatar.perform({ text: 'x', audioFirst: true });
    await flush();
    b.at(5);
    const u = b.lead.utterances[0]!;
    expect(u.audioAt).toBe(5);
    expect(b.audio[0]).toMatchObject({ kind: 'play', atMs: 5 });
    expect(b.lips[0]).toMatchObject({ kind: 'schedule', atMs: 5, latencyMs: 35 });
    expect(Math.min(...u.items.map((i) => i.start))).toBe(5);
    const face = u.items.find((i) => i.label === 'FMM_101')!.start;
    const hands = u.items.find((i) => i.label === 'HK_101')!.start;
    expect(hands).toBeLessThan(face);
    expect(face).toBeLessThanOrEqual(u.voiceAt);
    expect(u.voiceAt).toBe(5 + 30);
  });
});

describe('barge-in', () => {
  it('a new perform fades the old one out (≤ 120 ms, no jumps) and the next starts cleanly', async () => {
    const r = rig();
    const first = r.avatar.perform({ text: 'Well, hello there.' });
    await flush();
    let worstJoint = 0; // radians per ms
    let worstOther = 0; // expression weight / voice units per ms
    let last: Float32Array | null = null;
    const step = (t: number) => {
      const now = r.at(t);
      if (last)
        for (let i = 0; i < now.length; i++) {
          const d = Math.abs(now[i]! - last[i]!);
          if (i < HIPS_OFFSET_CHANNEL) worstJoint = Math.max(worstJoint, d);
          else worstOther = Math.max(worstOther, d);
        }
      last = Float32Array.from(now);
    };
    for (let t = 0; t <= 400; t++) step(t);
    expect(first.phase()).toBe('sustain');
    const cutValue = Math.abs(r.runtime.pose(r.avatar.entity).channels[channelOf(r, 'HK_101')]!);
    expect(cutValue).toBeGreaterThan(15 * DEG); // mid-gesture: a cut would jump this far

    const oldRecords = r.runtime.timeline.length;
    const second = r.avatar.perform({ text: 'Well, hello there.', seed: 5 });
    expect(r.lips.at(-1)).toEqual({ kind: 'cancel', avatar: r.avatar.entity, atMs: 400, fadeMs: 120 });
    expect(r.audio.at(-1)).toEqual({ kind: 'stop', avatar: r.avatar.entity, atMs: 400, fadeMs: 120 });
    expect(r.events.map((e) => e.kind)).toEqual(['barge-in']);
    await flush();
    for (let t = 401; t <= 2500; t++) step(t);

    // No channel moved faster than the capsules' own 20 ms attacks: 1°/ms for a 20° gesture (1.15°/ms
    // with +15 % intensity variation), 0.05/ms for a full blink — where a cut would jump 15°+ at once.
    expect(worstJoint).toBeLessThanOrEqual(1.15 * DEG + 1e-6);
    expect(worstOther).toBeLessThanOrEqual(0.05 + 1e-6);
    const old = r.lead.utterances[0]!;
    expect(old.cancelledAt).toBe(400);
    const oldSeq = r.runtime.timeline.filter((x) => x.start < 400 && x.outcome === 'cancelled');
    expect(oldSeq.length).toBeGreaterThan(0);
    for (const x of oldSeq) expect(x.end).toBeLessThanOrEqual(400 + 120);
    const a = await first.done;
    expect(a.cancelled).toBe(true);
    expect(a.endedAt).toBe(520);

    // The new utterance: planned at the next frame, its onsets exactly as planned, runs to idle.
    const next = r.lead.utterances[1]!;
    expect(next.plannedAt).toBe(401);
    const nextRecords = r.runtime.timeline.slice(oldRecords);
    const nextPlanned = next.items.filter((i) => i.status === 'planned' && i.kind === 'capsule');
    expect(nextRecords.map((x) => [x.id, x.start, x.outcome])).toEqual(
      nextPlanned.map((i) => [i.label, i.start, 'played']),
    );
    const b = await second.done;
    expect(b.cancelled).toBe(false);
    expect(next.phases.map((p) => p.phase)).toEqual([
      'handLead',
      'face',
      'voice',
      'sustain',
      'release',
      'idle',
    ]);
  });

  it('cancel(fadeMs) clamps the fade to 20..120 ms; a cancel before the plan resolves at once', async () => {
    const r = rig();
    const h = r.avatar.perform({ text: 'Well, hello there.' });
    await flush();
    for (let t = 0; t <= 300; t += 10) r.at(t);
    r.avatar.cancel(5000);
    expect(r.lips.at(-1)).toMatchObject({ kind: 'cancel', fadeMs: 120 });
    r.at(400);
    r.at(421);
    expect((await h.done).endedAt).toBe(420);
    const q = r.avatar.perform({ text: 'later' });
    q.cancel();
    const res = await q.done;
    expect(res).toMatchObject({ cancelled: true, lanes: null });
  });
});

describe('voice provider failure', () => {
  const failing: [string, VoiceSource][] = [
    ['rejects', source(async () => Promise.reject(new Error('engine crashed')), 'broken')],
    [
      'throws',
      source(() => {
        throw new Error('no wasm');
      }, 'broken'),
    ],
    ['gives NaN times', source(async () => ({ ...UTT, durationMs: Number.NaN }), 'broken')],
  ];
  for (const [how, voice] of failing)
    it(`a provider that ${how}: hands and face still play, the voice is an estimated silence, done resolves`, async () => {
      const r = rig({ voice });
      const h = r.avatar.perform({ text: 'Well, hello there.' });
      await flush();
      for (let t = 0; t < 4000; t += 1000 / 60) r.at(t);
      const result = await h.done;
      expect(result).toMatchObject({ cancelled: false, voice: 'silence' });
      expect(result.error).toMatch(/broken|malformed/);
      expect(r.events.map((e) => e.kind)).toEqual(['voice-fallback']);
      expect(r.audio).toEqual([]); // nothing to play
      expect(r.lips.filter((l) => l.kind === 'schedule')).toHaveLength(1); // estimated mouth shapes
      const played = new Set(r.runtime.timeline.filter((x) => x.outcome === 'played').map((x) => x.id));
      expect(played).toContain('HK_101');
      expect(played).toContain('FMM_101');
      expect(played).toContain('TR_101');
    });

  it('a provider that never answers times out on engine time, then continues as silence', async () => {
    const r = rig({ voice: source(() => new Promise(() => {}), 'hang'), synthesisTimeoutMs: 500 });
    const h = r.avatar.perform({ text: 'Hello there.' });
    await flush();
    r.at(0);
    r.at(499);
    expect(r.lead.utterances).toHaveLength(0);
    r.at(500);
    expect(r.lead.utterances[0]!.plannedAt).toBe(500);
    for (let t = 500; t < 5000; t += 20) r.at(t);
    expect(await h.done).toMatchObject({ cancelled: false, voice: 'silence' });
  });
});

describe('determinism', () => {
  const run = async (worldSeed: number, seed?: number) => {
    const r = rig({}, worldSeed);
    r.avatar.perform({ text: 'Well, hello there.', ...(seed === undefined ? {} : { seed }) });
    await flush();
    let h = 2166136261;
    for (let t = 0; t < 2000; t += 1000 / 60) {
      const ch = r.at(t);
      for (const b of new Uint8Array(ch.buffer, ch.byteOffset, ch.byteLength))
        h = Math.imul(h ^ b, 16777619) >>> 0;
    }
    return {
      lanes: JSON.stringify(r.lead.utterances),
      timeline: JSON.stringify(r.runtime.timeline),
      hash: h,
    };
  };
  it('the same seed gives the same plan and bit-identical frames; another seed another plan', async () => {
    const a = await run(3, 11);
    const b = await run(3, 11);
    expect(b).toEqual(a);
    const c = await run(3, 12);
    expect(c.lanes).not.toBe(a.lanes);
    const d = await run(4); // default seed from the world seed
    const e = await run(4);
    expect(e).toEqual(d);
  });
});

describe('with the voice engine (lip sync, silence provider)', () => {
  it('uses the resource keys the voice plugins provide', () => {
    expect(LIPSYNC_KEY).toBe(LIPSYNC);
    expect(VOICE_OUTPUT_KEY).toBe(VOICE_OUTPUT);
  });

  it('the mouth moves through the line, rests after it, and fades on barge-in without jumps', async () => {
    const clock = createSimulatedClock();
    const engine = createEngine({
      clock,
      seed: 1,
      plugins: [capsulePlugin(testRegistry([...LIB, FASTER], [ALL, FAST])), leadLagPlugin(), lipSyncPlugin()],
    });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const lead = engine.resource<LeadLagResource>(LEAD_LAG);
    const layout = runtime.registry.layout;
    const mouth = ['aa', 'ih', 'ou', 'ee', 'oh'].map((e) => layout.expression(e));
    const avatar = createAvatar(engine, { name: 'ava', voice: withFallback(createSilenceSource()) });
    const open = (t: number) => {
      clock.set(t);
      engine.update();
      const ch = runtime.pose(avatar.entity).channels;
      return Math.max(...mouth.map((c) => ch[c]!));
    };
    const first = avatar.perform({ text: 'Hello there, my friend, how are you today?' });
    await flush();
    const lanes = () => lead.utterances.at(-1)!;
    // A voice-only line: the audio waits LIP_LEAD_MS so the mouth starts from (almost) rest.
    expect(open(0)).toBeLessThan(0.005);
    const l = lanes();
    expect(l.audioAt).toBe(LIP_LEAD_MS);
    const lips = l.items.filter((i) => i.kind === 'phoneme');
    expect(lips.length).toBeGreaterThan(10);
    let prev = open(0);
    let startStep = 0;
    for (let t = 1; t <= l.audioAt + 100; t++) {
      const v = open(t);
      startStep = Math.max(startStep, Math.abs(v - prev));
      prev = v;
    }
    expect(startStep).toBeLessThan(0.05);
    let moved = 0;
    for (let t = l.audioAt; t < l.audioAt + 600; t += 10) moved = Math.max(moved, open(t));
    expect(moved).toBeGreaterThan(0.2);
    // Barge-in mid-speech: the mouth fades within 120 ms, never faster than its own articulation.
    let last = open(l.audioAt + 600);
    let worst = 0;
    const cancelAt = l.audioAt + 601;
    clock.set(cancelAt);
    const second = avatar.perform({ text: 'Sorry.' });
    await flush();
    for (let t = cancelAt; t <= cancelAt + 120; t++) {
      const v = open(t);
      worst = Math.max(worst, Math.abs(v - last));
      last = v;
    }
    expect(worst).toBeLessThan(0.05);
    expect(
      (await Promise.race([first.done, new Promise((r) => setTimeout(r, 0, null))])) as object,
    ).toMatchObject({
      cancelled: true,
    });
    const next = lanes();
    expect(next.text).toBe('Sorry.');
    expect(next.audioAt).toBe(cancelAt + LIP_LEAD_MS); // the next line's lips take over from there
    for (let t = cancelAt + 130; t < next.audioAt + 3000; t += 10) open(t);
    expect(await second.done).toMatchObject({ cancelled: false, voice: 'provider' });
    expect(open(next.audioAt + 3000)).toBe(0);
  });
});
