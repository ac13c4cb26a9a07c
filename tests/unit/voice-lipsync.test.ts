/**
 * Lip sync: the IPA → viseme table, coarticulation (dominance blending, hard lip closure,
 * anticipatory rounding), and the plugin writing mouth channels through the blend resolver —
 * weight, latency, cancel, override mode, rig targets, time-stretched speech, frame-rate
 * independence, and errors.
 */
import { describe, expect, it } from 'vitest';
import { createFixedStepClock, createSimulatedClock } from '../../engine/ecs/clock.ts';
import { compileSpeech, visemeWeights } from '../../engine/voice/lipsync/coarticulation.ts';
import { LIPSYNC, lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import type { LipSync, LipSyncOptions } from '../../engine/voice/lipsync/lipsync.ts';
import { phonemeUnits, V, VISEMES, visemeOf } from '../../engine/voice/lipsync/visemes.ts';
import { VOICE_RECORDER, voiceRecorderPlugin } from '../../engine/voice/voice-recorder.ts';
import type { PhonemeEvent } from '../../engine/voice/voice-source.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';

/** Consecutive phonemes of `ms` each from time 0. */
function seq(phonemes: string[], ms = 100): PhonemeEvent[] {
  return phonemes.map((phoneme, i) => ({ phoneme, startMs: i * ms, endMs: (i + 1) * ms }));
}

const weightsAt = (phonemes: PhonemeEvent[], t: number) => {
  const out = new Float64Array(15);
  visemeWeights(compileSpeech(phonemes), t, out);
  return out;
};

describe('phoneme → viseme table', () => {
  const cases: [string, string][] = [
    ['p', 'PP'],
    ['b', 'PP'],
    ['m', 'PP'],
    ['f', 'FF'],
    ['v', 'FF'],
    ['θ', 'TH'],
    ['ð', 'TH'],
    ['t', 'DD'],
    ['d', 'DD'],
    ['ɾ', 'DD'],
    ['k', 'kk'],
    ['ɡ', 'kk'],
    ['g', 'kk'],
    ['ŋ', 'kk'],
    ['tʃ', 'CH'],
    ['d͡ʒ', 'CH'],
    ['ʃ', 'CH'],
    ['ʒ', 'CH'],
    ['s', 'SS'],
    ['z', 'SS'],
    ['n', 'nn'],
    ['l', 'nn'],
    ['ɹ', 'RR'],
    ['ɚ', 'RR'],
    ['ɑː', 'aa'],
    ['æ', 'aa'],
    ['ʌ', 'aa'],
    ['ɛ', 'E'],
    ['ə', 'E'],
    ['ɪ', 'ih'],
    ['iː', 'ih'],
    ['j', 'ih'],
    ['ɔ', 'oh'],
    ['ˈoʊ', 'oh'],
    ['uː', 'ou'],
    ['ʊ', 'ou'],
    ['w', 'ou'],
    ['y', 'ou'],
    ['ʁ', 'kk'],
    ['ç', 'CH'],
    ['ẽ', 'E'],
    ['ɛ̃', 'E'],
    ['', 'sil'],
    ['_', 'sil'],
  ];
  for (const [ipa, viseme] of cases)
    it(`${JSON.stringify(ipa)} → ${viseme}`, () => expect(VISEMES[visemeOf(ipa)]).toBe(viseme));

  it('splits diphthongs and multi-phoneme strings, and skips h and ʔ (transparent)', () => {
    const names = (p: string) => phonemeUnits(p).map((u) => u.visemes.map((v) => VISEMES[v]).join('+'));
    expect(names('aɪ')).toEqual(['aa+ih']);
    expect(names('ˈoʊ')).toEqual(['oh+ou']);
    expect(names('əl')).toEqual(['E', 'nn']);
    expect(names('ɑːɹ')).toEqual(['aa', 'RR']);
    expect(names('h')).toEqual(['']);
    expect(visemeOf('ʔ')).toBe(-1);
    expect(visemeOf('☃')).toBe(-1);
  });
});

describe('coarticulation', () => {
  it('is silent before and after speech and sums to at most 1', () => {
    const p = seq(['h', 'ə', 'l', 'oʊ']);
    expect(weightsAt(p, -2000)[V.sil]).toBeCloseTo(1, 6);
    expect(weightsAt(p, 3000)[V.sil]).toBeCloseTo(1, 6);
    for (let t = -300; t < 700; t += 7) {
      const w = weightsAt(p, t);
      const sum = w.reduce((a, b) => a + b, 0);
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
      for (const x of w) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it('closes the lips fully for p, b, m between open vowels', () => {
    for (const c of ['p', 'b', 'm']) {
      const p = seq(['ɑ', c, 'ɑ'], 80);
      expect(weightsAt(p, 120)[V.PP]).toBeGreaterThan(0.99);
      expect(weightsAt(p, 40)[V.aa]).toBeGreaterThan(0.5);
    }
  });

  it('lets tongue consonants take their vowels’ shape', () => {
    const p = seq(['ɑ', 't', 'ɑ'], 80);
    expect(weightsAt(p, 120)[V.aa]).toBeGreaterThan(0.45);
  });

  it('rounds the lips ahead of a rounded vowel (anticipatory rounding)', () => {
    const rounded = weightsAt(seq(['s', 't', 'uː']), 150)[V.ou]!;
    const spread = weightsAt(seq(['s', 't', 'iː']), 150)[V.ou]!;
    expect(rounded).toBeGreaterThan(0.3);
    expect(spread).toBeLessThan(0.01);
    // Rounding starts earlier than spreading does.
    const ih = weightsAt(seq(['s', 't', 'iː']), 150)[V.ih]!;
    expect(rounded).toBeGreaterThan(ih);
  });

  it('glides through diphthongs and treats gaps as silence', () => {
    const p: PhonemeEvent[] = [
      { phoneme: 'aɪ', startMs: 0, endMs: 300 },
      { phoneme: 'ɑ', startMs: 900, endMs: 1000 },
    ];
    expect(weightsAt(p, 60)[V.aa]).toBeGreaterThan(weightsAt(p, 60)[V.ih]!);
    expect(weightsAt(p, 280)[V.ih]).toBeGreaterThan(weightsAt(p, 280)[V.aa]!);
    expect(weightsAt(p, 600)[V.sil]).toBeGreaterThan(0.95);
  });

  it('names the bad event', () => {
    expect(() =>
      compileSpeech([
        { phoneme: 'a', startMs: 0, endMs: 10 },
        { phoneme: 'b', startMs: NaN, endMs: 5 },
      ]),
    ).toThrow(/phonemes\[1\]/);
  });
});

/** An engine with capsules and lip sync; `aa` channel reader. */
function setup(options: Partial<LipSyncOptions> = {}, clock = createSimulatedClock()) {
  const caps = [
    capsule({
      id: 'FMM_001',
      domain: 'FMM',
      duration_ms: 10_000,
      envelope: { attack_ms: 0, hold_ms: 10_000, release_ms: 0, easing: 'none' },
      tracks: [{ kind: 'expression', target: 'aa', value: 0.3 }],
    }),
    capsule({
      id: 'VC_001',
      domain: 'VC',
      duration_ms: 10_000,
      envelope: { attack_ms: 0, hold_ms: 10_000, release_ms: 0, easing: 'none' },
      tracks: [{ kind: 'voice', target: 'rate', value: 0.25 }],
    }),
  ];
  const registry = testRegistry(caps);
  const { engine, runtime } = testEngine(registry, clock);
  lipSyncPlugin(options)(engine);
  const lips = engine.resource<LipSync>(LIPSYNC);
  const a = runtime.addAvatar('a');
  const channel = (name: string) => runtime.pose(a).channels[registry.layout.expression(name)]!;
  const at = (ms: number, name = 'aa') => {
    clock.set(ms);
    engine.update();
    return channel(name);
  };
  return { engine, runtime, lips, a, at, clock, registry };
}

describe('lip-sync plugin', () => {
  const line = seq(['_', 'ɑ', 'ɑ', 'ɑ', '_', '_'], 100);

  it('drives the VRM mouth through the resolver, sub-frame exact, back to rest afterwards', () => {
    const { lips, a, at } = setup();
    lips.schedule(a, line, 1000);
    expect(at(700)).toBeLessThan(1e-3);
    expect(at(900)).toBeLessThan(0.01);
    const peak = at(1250);
    expect(peak).toBeGreaterThan(0.8);
    expect(at(2500)).toBeLessThan(1e-3);
  });

  it('runs after capsule evaluation and adds to capsules on the same channel (clamped)', () => {
    const { engine, runtime, lips, a, at } = setup();
    expect(engine.systemOrder().indexOf('evaluate:lipsync-evaluate')).toBeGreaterThan(
      engine.systemOrder().indexOf('evaluate:capsule-evaluate'),
    );
    lips.schedule(a, line, 1000);
    runtime.play(a, 'FMM_001', { atMs: 0 });
    expect(at(500)).toBeCloseTo(0.3, 5);
    expect(at(1250)).toBe(1);
  });

  it('scales by weight, delays by latency', () => {
    const full = setup();
    full.lips.schedule(full.a, line, 1000);
    const half = setup();
    half.lips.schedule(half.a, line, 1000, { weight: 0.5 });
    const late = setup();
    late.lips.schedule(late.a, line, 1000, { latencyMs: 40 });
    for (const t of [1080, 1130, 1250, 1420]) {
      expect(half.at(t)).toBeCloseTo(full.at(t) * 0.5, 6);
      expect(late.at(t + 40)).toBeCloseTo(full.at(t), 6);
    }
  });

  it('cancel fades out over fadeMs; a timeline not yet started is dropped', () => {
    const { lips, a, at } = setup();
    lips.schedule(a, line, 1000);
    const before = at(1200);
    lips.cancel(a, 1200, 100);
    expect(at(1250)).toBeLessThan(before);
    expect(at(1250)).toBeGreaterThan(0);
    expect(at(1300)).toBe(0);
    expect(lips.isSpeaking(a)).toBe(false);
    lips.schedule(a, line, 5000);
    lips.cancel(a, 2000, 100);
    expect(lips.isSpeaking(a)).toBe(false);
    expect(at(5250)).toBe(0);
  });

  it('override mode replaces what is beneath at its weight', () => {
    const { runtime, lips, a, at } = setup({ mode: 'override' });
    runtime.play(a, 'FMM_001', { atMs: 0 });
    lips.schedule(a, seq(['_', 'ɪ', 'ɪ', 'ɪ', '_'], 100), 1000, { weight: 1 });
    expect(at(500)).toBeCloseTo(0.3, 5);
    // During "ih" the override writes aa ≈ 0: the capsule's 0.3 is replaced, not added to.
    expect(at(1250)).toBeLessThan(0.05);
  });

  it('drives ARKit and Oculus rigs when asked', () => {
    const { lips, a, at } = setup({ targets: ['arkit', 'oculus'] });
    lips.schedule(a, line, 1000);
    expect(at(1250, 'jawOpen')).toBeGreaterThan(0.4);
    expect(at(1250, 'custom:viseme_aa')).toBeGreaterThan(0.8);
    expect(at(1250, 'aa')).toBe(0);
  });

  it('follows time-stretched speech through the speech-time map (rate 1.25)', () => {
    const { engine, runtime, lips, a, at } = setup();
    voiceRecorderPlugin()(engine);
    expect(engine.world.resources.has(VOICE_RECORDER)).toBe(true);
    runtime.play(a, 'VC_001', { atMs: 0 });
    // A vowel at source 1000–1200 ms is heard at 800–960 ms after the start under rate 1.25.
    lips.schedule(a, [{ phoneme: 'ɑ', startMs: 1000, endMs: 1200 }], 0);
    for (let t = 0; t <= 700; t += 16) at(t);
    let onset = -1;
    for (let t = 700; t < 1100; t += 2) if (at(t) > 0.4 && onset < 0) onset = t;
    expect(onset).toBeGreaterThan(780);
    expect(onset).toBeLessThan(820);
  });

  it('gives the same mouth at shared times at 30, 60 and 144 fps', () => {
    const sample = (fps: number) => {
      const clock = createFixedStepClock(fps);
      const s = setup({}, clock as unknown as ReturnType<typeof createSimulatedClock>);
      s.lips.schedule(s.a, seq(['_', 'h', 'ə', 'l', 'oʊ', 'w', 'ɜː', 'l', 'd', '_'], 70), 100);
      const values = new Map<number, number>();
      for (let f = 0; f <= fps; f++) {
        s.engine.update();
        values.set(
          Math.round(clock.now()),
          s.runtime.pose(s.a).channels[s.registry.layout.expression('oh')]!,
        );
        clock.tick();
      }
      return values;
    };
    const a = sample(30);
    const b = sample(60);
    const c = sample(144);
    for (const [t, v] of a) {
      if (b.has(t)) expect(b.get(t)).toBeCloseTo(v, 6);
      if (c.has(t)) expect(c.get(t)).toBeCloseTo(v, 6);
    }
  });

  it('rejects bad calls with errors naming the field', () => {
    const { lips, a } = setup();
    expect(() => lips.schedule(999, line, 0)).toThrow(/not an avatar/);
    expect(() => lips.schedule(a, line, NaN)).toThrow(/startMs/);
    expect(() => lips.schedule(a, line, 0, { weight: 2 })).toThrow(/weight/);
    expect(() => lips.schedule(a, line, 0, { latencyMs: Infinity })).toThrow(/latencyMs/);
    expect(() => lips.schedule(a, [{ phoneme: 'a', startMs: 0, endMs: NaN }], 0)).toThrow(/phonemes\[0\]/);
    expect(() => lips.cancel(a, 0, -1)).toThrow(/fadeMs/);
    expect(() => lipSyncPlugin({ gain: -1 })).not.toThrow();
  });
});
