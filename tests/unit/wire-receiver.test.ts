import { describe, expect, it } from 'vitest';
import type { AvatarHandle, PerformHandle, PerformRequest } from '../../engine/avatar/perform-types.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createPacketReceiver, createPacketVoice, encodePacket } from '../../engine/wire/index.ts';
import type { EmotionRecord, Packet, WireEvent } from '../../engine/wire/index.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';
import { mutant, packetCorpus, randomPacket } from '../fuzz/packet-mutate.ts';

const LIB = [
  capsule({
    id: 'HK_001',
    duration_ms: 400,
    envelope: { attack_ms: 50, hold_ms: 300, release_ms: 50, easing: 'linear' },
  }),
  capsule({ id: 'HK_002', trigger: { relative_to: 'speech_onset', offset_ms: -100, probability: 1 } }),
  capsule({ id: 'FMM_003', domain: 'FMM', tracks: [{ kind: 'expression', target: 'happy', value: 0.5 }] }),
];
const PROFILES = [{ format_version: 1 as const, id: 'warm', capsules: [{ id: 'FMM_003', weight: 0.5 }] }];

function fakeSpeaker(entity: number, clock: { now(): number }) {
  const calls: { t: number; request: PerformRequest }[] = [];
  const handle: AvatarHandle = {
    entity,
    name: 'fake',
    perform(request) {
      calls.push({ t: clock.now(), request });
      return { done: new Promise(() => {}), cancel: () => {}, phase: () => 'idle' } as PerformHandle;
    },
    cancel: () => {},
    dispose: () => {},
  };
  return { handle, calls };
}

function setup() {
  const clock = createSimulatedClock(1000);
  const registry = testRegistry(LIB, PROFILES);
  const { engine, runtime } = testEngine(registry, clock);
  const a = runtime.addAvatar('a');
  const b = runtime.addAvatar('b');
  const speaker = fakeSpeaker(a, clock);
  const voice = createPacketVoice();
  const emotions: { record: EmotionRecord; at: number; t: number }[] = [];
  const receiver = createPacketReceiver(engine, {
    avatars: { 0: { entity: a, handle: speaker.handle, voice }, 1: { entity: b } },
    source: 'ws:test',
    onEmotion: (record, _avatar, at) => emotions.push({ record, at, t: clock.now() }),
  });
  const events: WireEvent[] = [];
  receiver.onEvent((e) => events.push(e));
  const frame = (t: number) => {
    clock.set(t);
    engine.update();
  };
  return { clock, engine, runtime, receiver, events, speaker, voice, emotions, frame, a, b };
}

describe('packet receiver', () => {
  it('maps sender time to engine time and plays, triggers, profiles and cancels on the right avatar', () => {
    const s = setup();
    const packet: Packet = {
      seq: 1,
      base_ms: 50_000,
      records: [
        { type: 'play', avatar: 0, at_ms: 50_100, capsule: 'HK_001', weight: 1 },
        {
          type: 'trigger',
          avatar: 1,
          at_ms: 50_000,
          capsule: 'HK_002',
          weight: 1,
          anchors: { speech_onset: 50_500 },
        },
        { type: 'profile', avatar: 1, at_ms: 50_000, profile: 'warm', weight: 1 },
        { type: 'cancel', avatar: 0, at_ms: 50_300, capsule: 'HK_001', fade_ms: 50 },
      ],
    };
    expect(s.receiver.receive(encodePacket(packet))).toBe(true);
    expect(s.receiver.timeOffsetMs).toBe(1000 - 50_000);
    s.frame(1000);
    const byId = Object.fromEntries(s.runtime.timeline.map((r) => [r.id, r]));
    expect(byId.HK_001).toMatchObject({ avatar: 'a', start: 1100 });
    expect(byId.HK_002).toMatchObject({ avatar: 'b', start: 1400 }); // onset 1500 − 100
    expect(byId.FMM_003).toMatchObject({ avatar: 'b', weight: 0.5 });
    s.frame(1400);
    expect(byId.HK_001).toMatchObject({ outcome: 'cancelled', end: 1350 });
  });

  it('ignores repeated and older sequence numbers, and bad bytes, with logged events', () => {
    const s = setup();
    const p = (seq: number): Uint8Array =>
      encodePacket({
        seq,
        base_ms: 0,
        records: [{ type: 'play', avatar: 0, at_ms: 0, capsule: 'HK_001', weight: 1 }],
      });
    expect(s.receiver.receive(p(5))).toBe(true);
    expect(s.receiver.receive(p(5))).toBe(false);
    expect(s.receiver.receive(p(4))).toBe(false);
    expect(s.receiver.receive(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(s.receiver.receive(p(6))).toBe(true);
    expect(s.events.map((e) => e.kind)).toEqual(['duplicate', 'out-of-order', 'bad-packet']);
    expect(s.events[2]!.message).toMatch(/^ws:test: byte 3: packet is truncated/);
    s.frame(1000);
    expect(s.runtime.timeline.length).toBe(2);
  });

  it('logs an unknown avatar slot and still applies the other records', () => {
    const s = setup();
    s.receiver.receive(
      encodePacket({
        seq: 1,
        base_ms: 0,
        records: [
          { type: 'play', avatar: 7, at_ms: 0, capsule: 'HK_001', weight: 1 },
          { type: 'play', avatar: 1, at_ms: 0, capsule: 'HK_001', weight: 1 },
        ],
      }),
    );
    s.frame(1000);
    expect(s.events.map((e) => e.kind)).toEqual(['unknown-avatar']);
    expect(s.runtime.timeline.map((r) => r.avatar)).toEqual(['b']);
  });

  it('performs say records at their time, with the packet phoneme timeline and lead-lag overrides', async () => {
    const s = setup();
    s.receiver.receive(
      encodePacket({
        seq: 1,
        base_ms: 0,
        records: [
          {
            type: 'say',
            avatar: 0,
            at_ms: 200,
            text: 'Hi.',
            profile: 'warm',
            audio_first: true,
            lead_lag: { hands_ms: -120 },
            phonemes: [
              { phoneme: 'h', start_ms: 0, duration_ms: 70 },
              { phoneme: 'aɪ', start_ms: 70, duration_ms: 180 },
            ],
          },
          { type: 'emotion', avatar: 0, at_ms: 300, vad: { valence: 0.5, arousal: 0, dominance: 0 } },
        ],
      }),
    );
    s.frame(1100);
    expect(s.speaker.calls).toEqual([]);
    s.frame(1200);
    expect(s.speaker.calls).toEqual([
      { t: 1200, request: { text: 'Hi.', profile: 'warm', audioFirst: true, leadLag: { handsMs: -120 } } },
    ]);
    const u = await s.voice.synthesize('Hi.');
    expect(u.phonemes).toEqual([
      { phoneme: 'h', startMs: 0, endMs: 70 },
      { phoneme: 'aɪ', startMs: 70, endMs: 250 },
    ]);
    expect(u.durationMs).toBe(250);
    s.frame(1250);
    expect(s.emotions).toEqual([]);
    s.frame(1300);
    expect(s.emotions.length).toBe(1);
    expect(s.emotions[0]!.at).toBe(1300);
  });
});

describe('packet receiver, refused lines', () => {
  it('a say record whose perform() throws leaves no phoneme timeline for the next line', async () => {
    const s = setup();
    s.speaker.handle.perform = () => {
      throw new RangeError('perform: leadLag.handsMs must be within 0..2000 ms, got 3000');
    };
    s.receiver.receive(
      encodePacket({
        seq: 1,
        base_ms: 0,
        records: [
          {
            type: 'say',
            avatar: 0,
            at_ms: 0,
            text: 'Hi.',
            lead_lag: { hands_ms: 3000 },
            phonemes: [{ phoneme: 'h', start_ms: 0, duration_ms: 4321 }],
          },
        ],
      }),
    );
    s.frame(1000);
    expect(s.events.map((e) => e.kind)).toEqual(['command-failed']);
    const u = await s.voice.synthesize('Next line.');
    expect(u.durationMs).not.toBe(4321);
  });
});

describe('packet receiver, packet values', () => {
  it('validates a packet value before applying it', () => {
    const s = setup();
    const bad = {
      seq: 1,
      base_ms: 0,
      records: [{ type: 'play', avatar: 0, at_ms: 0, capsule: 'HK_001', weight: Number.NaN }],
    };
    expect(s.receiver.apply(bad as Packet)).toBe(false);
    expect(s.events.map((e) => e.message)).toEqual([
      'ws:test: records[0].weight: must be a finite number, got NaN',
    ]);
    expect(s.receiver.lastSeq).toBe(-1);
  });
});

describe('packet receiver soak', () => {
  it('random valid packets and mutants never throw, and the pose stays finite', () => {
    const s = setup();
    const corpus = packetCorpus();
    let t = 1000;
    for (let seed = 1; seed <= 300; seed++) {
      const p = randomPacket(seed, ['HK_001', 'HK_002', 'FMM_003', 'ZZ_404'], ['warm', 'nope']);
      expect(() => s.receiver.receive(encodePacket({ ...p, seq: seed }))).not.toThrow();
      expect(() => s.receiver.receive(mutant(corpus, seed).bytes)).not.toThrow();
      s.frame((t += 16));
    }
    for (const avatar of [s.a, s.b])
      expect(s.runtime.pose(avatar).channels.every(Number.isFinite)).toBe(true);
    expect(s.runtime.timeline.length).toBeGreaterThan(50);
    // Slot 2 does not exist, slot 1 cannot speak, mutants that still decode carry stale numbers.
    const allowed = ['unknown-avatar', 'bad-packet', 'no-speaker', 'out-of-order', 'duplicate'];
    expect(s.events.filter((e) => !allowed.includes(e.kind))).toEqual([]);
  });
});
