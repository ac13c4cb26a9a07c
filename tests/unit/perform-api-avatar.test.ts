import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createAvatar, LEAD_LAG, leadLagPlugin } from '../../engine/avatar/index.ts';
import type { LeadLagResource, PerformRequest } from '../../engine/avatar/index.ts';
import { VOICE_OUTPUT_KEY } from '../../engine/timing/voice-ports.ts';
import type { VoiceOutputPort } from '../../engine/timing/voice-ports.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const LIB = [
  capsule({ id: 'HK_201', trigger: { relative_to: 'speech_onset', offset_ms: -150, probability: 1 } }),
  capsule({
    id: 'FMM_201',
    domain: 'FMM',
    trigger: { relative_to: 'speech_onset', offset_ms: -30, probability: 1 },
    tracks: [{ kind: 'expression', target: 'happy', value: 0.5 }],
  }),
];
const PROFILE = {
  format_version: 1 as const,
  id: 'warm',
  capsules: [
    { id: 'HK_201', weight: 1 },
    { id: 'FMM_201', weight: 1 },
    { id: 'HK_999', weight: 1 },
  ],
};

function setup(historyLimit?: number) {
  const clock = createSimulatedClock();
  const engine = createEngine({
    clock,
    seed: 2,
    plugins: [
      capsulePlugin(testRegistry(LIB, [PROFILE])),
      leadLagPlugin(historyLimit === undefined ? {} : { historyLimit }),
    ],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const lead = engine.resource<LeadLagResource>(LEAD_LAG);
  const frames = async (from: number, to: number, step = 1000 / 60) => {
    for (let t = from; t <= to; t += step) {
      clock.set(t);
      engine.update();
      await Promise.resolve();
    }
  };
  return { clock, engine, runtime, lead, frames };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('createAvatar / perform API', () => {
  it('creates an avatar entity, performs a profile with text, and settles done', async () => {
    const s = setup();
    const avatar = createAvatar(s.engine, { name: 'ava', profile: 'warm' });
    expect(s.runtime.avatars.name[avatar.entity]).toBe('ava');
    const h = avatar.perform({ text: 'Hello there.' });
    expect(h.phase()).toBe('idle'); // not planned until the next frame
    await flush();
    await s.frames(0, 0);
    expect(h.phase()).toBe('handLead');
    await s.frames(1000 / 60, 3000);
    const result = await h.done;
    expect(result.cancelled).toBe(false);
    expect(result.voice).toBe('silence'); // no voice source: estimated timeline, no error
    expect(result.error).toBeNull();
    expect(result.lanes!.items.some((i) => i.kind === 'phoneme')).toBe(true);
    expect(h.phase()).toBe('idle');
  });

  it('a profile without text plays against an immediate silent speech onset', async () => {
    const s = setup();
    const avatar = createAvatar(s.engine, { name: 'ava' });
    const h = avatar.perform({ profile: 'warm' });
    await flush();
    await s.frames(0, 1000);
    const r = await h.done;
    expect(r.voice).toBe('none');
    expect(r.lanes!.speechOnsetAt).toBe(150);
    expect(r.lanes!.items.filter((i) => i.kind !== 'capsule')).toEqual([]);
  });

  it('logs a missing profile and missing capsules through the runtime, without throwing', async () => {
    const s = setup();
    const events: RuntimeEvent[] = [];
    s.runtime.onEvent((e) => events.push(e));
    const avatar = createAvatar(s.engine, { name: 'ava' });
    avatar.perform({ profile: 'nope', text: 'hi' });
    await flush();
    await s.frames(0, 0);
    avatar.perform({ profile: 'warm', text: 'hi' });
    await flush();
    await s.frames(20, 20);
    expect(events.map((e) => e.kind)).toEqual(['missing-profile', 'missing-capsule']);
    expect(events[1]!.message).toMatch(/HK_999/);
  });

  it('rejects bad requests with a message naming the field', () => {
    const s = setup();
    const avatar = createAvatar(s.engine, { name: 'ava' });
    const bad: [PerformRequest, RegExp][] = [
      [{ leadLag: { handsMs: -5 } }, /leadLag\.handsMs/],
      [{ leadLag: { faceMs: Number.NaN } }, /leadLag\.faceMs/],
      [{ leadLag: { voiceMs: 1e9 } }, /leadLag\.voiceMs/],
      [{ seed: 1.5 }, /seed/],
      [{ text: 42 as unknown as string }, /text/],
    ];
    for (const [req, msg] of bad) expect(() => avatar.perform(req)).toThrow(msg);
    expect(() => createAvatar(s.engine, {} as never)).toThrow(/name/);
  });

  it('cancel() fades out and resolves cancelled; phase goes to release then idle', async () => {
    const s = setup();
    const avatar = createAvatar(s.engine, { name: 'ava', profile: 'warm' });
    const h = avatar.perform({ text: 'Hello there, my friend.' });
    await flush();
    await s.frames(0, 300, 10);
    h.cancel();
    expect(h.phase()).toBe('release');
    await s.frames(310, 500, 10);
    const r = await h.done;
    expect(r.cancelled).toBe(true);
    expect(r.endedAt).toBe(300 + 120);
    expect(r.lanes!.cancelledAt).toBe(300);
    expect(h.phase()).toBe('idle');
  });

  it('dispose() ends everything at once, resolves done and removes the avatar', async () => {
    const s = setup();
    const audio: string[] = [];
    const output: VoiceOutputPort = {
      play: () => void audio.push('play'),
      stop: (_a, at, fade) => void audio.push(`stop@${at}/${fade}`),
    };
    const voice = {
      id: 'v',
      voices: () => [],
      synthesize: async () => ({
        audio: new Float32Array(10),
        sampleRate: 48000,
        durationMs: 500,
        words: [{ text: 'hi', startMs: 0, endMs: 400 }],
        phonemes: [],
      }),
    };
    const asked: unknown[] = [];
    const avatar = createAvatar(s.engine, {
      name: 'ava',
      profile: 'warm',
      voice: {
        ...voice,
        synthesize: (text: string, o?: object) => (asked.push([text, o]), voice.synthesize()),
      },
      output,
    });
    const h = avatar.perform({ text: 'hi', voice: 'en-gb' });
    expect(asked).toEqual([['hi', { voice: 'en-gb' }]]);
    await flush();
    await s.frames(0, 200, 10);
    avatar.dispose();
    avatar.dispose(); // idempotent
    expect(await h.done).toMatchObject({ cancelled: true });
    expect(audio).toEqual(['play', 'stop@200/20']);
    expect(() => avatar.perform({ text: 'again' })).toThrow(/dispose/);
    await s.frames(210, 400, 10); // frames after dispose are harmless
    expect(s.runtime.avatars.pose[avatar.entity]).toBeUndefined();
    expect(s.lead.active.size).toBe(0);
  });

  it('a line whose avatar was removed behind its back ends cancelled instead of throwing', async () => {
    const s = setup();
    const avatar = createAvatar(s.engine, { name: 'ava', profile: 'warm' });
    const h = avatar.perform({ text: 'Hello there.' });
    await flush();
    await s.frames(0, 100, 10);
    s.runtime.cancel(avatar.entity, null, { fadeMs: 0 });
    await s.frames(110, 110);
    s.runtime.removeAvatar(avatar.entity);
    await s.frames(120, 400, 10);
    expect(await h.done).toMatchObject({ cancelled: true });
    expect(s.lead.active.size).toBe(0);
  });

  it("uses the engine's voice-output resource when the avatar has no output of its own", async () => {
    const clock = createSimulatedClock();
    const calls: string[] = [];
    const engine = createEngine({
      clock,
      seed: 2,
      plugins: [
        capsulePlugin(testRegistry(LIB, [PROFILE])),
        leadLagPlugin(),
        (e) =>
          void e.provide<VoiceOutputPort>(VOICE_OUTPUT_KEY, {
            play: (_a, _u, at) => void calls.push(`play@${at}`),
            stop: (_a, at, fade) => void calls.push(`stop@${at}/${fade}`),
          }),
      ],
    });
    const voice = {
      id: 'v',
      voices: () => [],
      synthesize: async () => ({
        audio: new Float32Array(10),
        sampleRate: 48000,
        durationMs: 300,
        words: [{ text: 'hi', startMs: 0, endMs: 300 }],
        phonemes: [],
      }),
    };
    const avatar = createAvatar(engine, { name: 'ava', profile: 'warm', voice });
    const h = avatar.perform({ text: 'hi' });
    await flush();
    engine.update();
    clock.set(100);
    avatar.cancel(60);
    expect(calls).toEqual(['play@150', 'stop@100/60']);
    clock.set(200);
    engine.update();
    expect(await h.done).toMatchObject({ cancelled: true, endedAt: 160 });
  });

  it('several avatars perform independently; the resource keeps bounded lanes for the viewer', async () => {
    const s = setup(3);
    const a = createAvatar(s.engine, { name: 'a', profile: 'warm' });
    const b = createAvatar(s.engine, { name: 'b', profile: 'warm' });
    const ha = a.perform({ text: 'one' });
    const hb = b.perform({ text: 'two words', seed: 9 });
    await flush();
    await s.frames(0, 2000);
    expect((await ha.done).cancelled).toBe(false);
    expect((await hb.done).cancelled).toBe(false);
    expect(s.lead.utterances.map((u) => u.avatarName)).toEqual(['a', 'b']);
    for (let i = 0; i < 3; i++) {
      a.perform({ text: `line ${i}` });
      await flush();
      await s.frames(2010 + i * 2000, 3990 + i * 2000);
    }
    expect(s.lead.utterances.map((u) => u.text)).toEqual(['line 0', 'line 1', 'line 2']);
  });
});
