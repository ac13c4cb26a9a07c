import { describe, expect, it } from 'vitest';
import { createFixedStepClock, createSimulatedClock } from '../../engine/ecs/clock.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';

const finger = { kind: 'joint' as const, target: 'rightIndexProximal' as const };
const LIB: Capsule[] = [
  capsule({
    id: 'HK_001',
    trigger: { relative_to: 'speech_onset', offset_ms: -210, probability: 1 },
    variation: { timing: 0.15, intensity: 0.15 },
    envelope: { attack_ms: 40, hold_ms: 30, release_ms: 50, easing: 'cubic_out' },
    duration_ms: 120,
    tracks: [{ ...finger, value: [0, 4, 25] }],
  }),
  capsule({
    id: 'HK_002',
    trigger: { relative_to: 'speech_onset', offset_ms: 30, probability: 1 },
    variation: { timing: 0.15, intensity: 0.15 },
    duration_ms: 300,
    envelope: { attack_ms: 60, hold_ms: 140, release_ms: 100, easing: 'quad_in_out' },
    tracks: [
      {
        ...finger,
        keys: [
          { t: 0, value: [0, 0, 0] },
          { t: 0.5, value: [0, -8, 40] },
          { t: 1, value: [0, 0, 10] },
        ],
        interpolation: 'smooth',
      },
    ],
  }),
  capsule({
    id: 'HK_003',
    trigger: { relative_to: 'speech_onset', offset_ms: 0, probability: 1 },
    duration_ms: 5000,
    envelope: { attack_ms: 0, hold_ms: 5000, release_ms: 0, easing: 'none' },
    tracks: [{ kind: 'joint', target: 'rightHand', noise: { amplitude: [0.3, 0.5, 0.4], frequency_hz: 12 } }],
  }),
  capsule({
    id: 'HK_004',
    trigger: { relative_to: 'speech_onset', offset_ms: -140, probability: 1 },
    duration_ms: 200,
    abort: { probability: 1, at: 0.4, retract: true },
    envelope: { attack_ms: 20, hold_ms: 160, release_ms: 20, easing: 'linear' },
    tracks: [
      {
        kind: 'joint',
        target: 'rightLowerArm',
        keys: [
          { t: 0, value: [0, 0, 0] },
          { t: 1, value: [0, 40, 0] },
        ],
      },
    ],
  }),
  capsule({ id: 'HK_005', trigger: { relative_to: 'speech_onset', offset_ms: 0, probability: 0.5 } }),
];
const PROFILE: Profile = {
  format_version: 1,
  id: 'busy',
  capsules: LIB.map((c) => ({ id: c.id, weight: 0.8 })),
  modifiers: { tempo_factor: 1, noise_jitter: 1 },
};

/** Runs a scripted performance at `fps` and returns the channel rows at each frame time. */
function perform(seed: number, fps: number, untilMs: number) {
  const registry = testRegistry(LIB, [PROFILE]);
  const clock = createFixedStepClock(fps);
  const { engine, runtime } = testEngine(registry, clock, seed);
  const a = runtime.addAvatar('a');
  const b = runtime.addAvatar('b');
  runtime.playProfile(a, 'busy', { speech_onset: 400 }, { atMs: 0 });
  runtime.playProfile(b, 'busy', { speech_onset: 700 }, { atMs: 0 });
  runtime.play(a, 'HK_002', { atMs: 1500, weight: 0.5 });
  runtime.cancel(b, 'HK_003', { atMs: 2000, fadeMs: 120 });
  const frames = new Map<number, Float32Array>();
  engine.update();
  while (clock.now() < untilMs) {
    clock.tick();
    engine.update();
    const row = new Float32Array(runtime.pose(a).channels.length * 2);
    row.set(runtime.pose(a).channels);
    row.set(runtime.pose(b).channels, runtime.pose(a).channels.length);
    frames.set(Math.round(clock.now() * 1000) / 1000, row);
  }
  return { frames, timeline: runtime.timeline };
}

function hash(frames: Map<number, Float32Array>): string {
  let h = 2166136261;
  for (const row of frames.values()) {
    const bytes = new Uint8Array(row.buffer);
    for (const byte of bytes) h = Math.imul(h ^ byte, 16777619) >>> 0;
  }
  return h.toString(16);
}

describe('determinism', () => {
  it('the same seed gives bit-identical frames; another seed gives different ones', () => {
    const one = perform(11, 60, 3000);
    const two = perform(11, 60, 3000);
    const other = perform(12, 60, 3000);
    expect(hash(one.frames)).toBe(hash(two.frames));
    expect(one.timeline).toEqual(two.timeline);
    expect(hash(other.frames)).not.toBe(hash(one.frames));
  });
});

describe('frame-rate independence', () => {
  it('the track at 30, 60 and 144 fps agrees at shared times', () => {
    const runs = [30, 60, 144].map((fps) => perform(5, fps, 3000).frames);
    const shared = [...runs[0]!.keys()].filter((t) => runs.every((r) => r.has(t)));
    expect(shared.length).toBeGreaterThanOrEqual(17); // every 1000/6 ms over 3 s
    let maxDiff = 0;
    for (const t of shared) {
      const [a, b, c] = runs.map((r) => r.get(t)!);
      for (let i = 0; i < a!.length; i++)
        maxDiff = Math.max(maxDiff, Math.abs(a![i]! - b![i]!), Math.abs(a![i]! - c![i]!));
    }
    expect(maxDiff).toBeLessThan(1e-5);
    // and the motion really is there at shared times
    expect(shared.some((t) => runs[0]!.get(t)!.some((x) => Math.abs(x) > 0.01))).toBe(true);
  });
});

describe('onset accuracy', () => {
  it('every scheduled capsule realises its onset within 1 ms of plan, at any frame phase', () => {
    let checked = 0;
    for (const c of LIB.filter((x) => x.id !== 'HK_005')) {
      const solo: Profile = { format_version: 1, id: 'solo', capsules: [{ id: c.id, weight: 1 }] };
      const registry = testRegistry(LIB, [solo]);
      const track = c.tracks[0]!;
      const bone = track.kind === 'joint' ? track.target : 'rightIndexProximal';
      const chans = [0, 1, 2].map((axis) => registry.layout.bone(bone, axis as 0 | 1 | 2));
      /** A fresh engine sampled once at t: the pose at t is a function of t alone, not of earlier frames. */
      const run = (t: number) => {
        const clock = createSimulatedClock();
        const { engine, runtime } = testEngine(registry, clock, 3);
        const a = runtime.addAvatar('a');
        runtime.playProfile(a, 'solo', { speech_onset: 1000 }, { atMs: 0 });
        clock.set(t);
        engine.update();
        const value = Math.max(...chans.map((ch) => Math.abs(runtime.pose(a).channels[ch]!)));
        return { value, planned: runtime.timeline[0]!.start };
      };
      const { planned } = run(0);
      expect(Math.abs(planned - (1000 + c.trigger.offset_ms)), c.id).toBeLessThanOrEqual(
        Math.abs(c.trigger.offset_ms) * 0.15 + 1e-9,
      );
      expect(run(planned - 0.5).value, c.id).toBe(0);
      expect(run(planned + 1).value, c.id).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBe(4);
  });

  it('realised onsets follow the plan: speech onset + offset within the seeded ±15 % timing variation', () => {
    const registry = testRegistry(LIB, [PROFILE]);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock, 9);
    const a = runtime.addAvatar('a');
    runtime.playProfile(a, 'busy', { speech_onset: 1000 }, { atMs: 0 });
    engine.update();
    const rec = runtime.timeline.find((r) => r.id === 'HK_001')!;
    expect(rec.start).toBeGreaterThanOrEqual(1000 - 210 * 1.15);
    expect(rec.start).toBeLessThanOrEqual(1000 - 210 * 0.85);
    expect(rec.start).not.toBe(790); // the variation really was drawn
  });
});

describe('continuity', () => {
  /** Largest change of any channel between samples 1 ms apart over [from, to). */
  function maxStep(
    setup: (rt: ReturnType<typeof testEngine>['runtime'], a: number) => void,
    from: number,
    to: number,
  ) {
    const registry = testRegistry(LIB, [PROFILE]);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock, 4);
    const a = runtime.addAvatar('a');
    setup(runtime, a);
    let last: Float32Array | null = null;
    let worst = 0;
    for (let t = from; t < to; t += 1) {
      clock.set(t);
      engine.update();
      const now = runtime.pose(a).channels;
      if (last) for (let i = 0; i < now.length; i++) worst = Math.max(worst, Math.abs(now[i]! - last[i]!));
      last = Float32Array.from(now);
    }
    return worst;
  }
  const DEG = Math.PI / 180;

  it('starts and stops without jumps (≤ 3° per ms for a 25° gesture with a 40 ms cubic attack)', () => {
    expect(maxStep((rt, a) => rt.play(a, 'HK_001', { atMs: 10 }), 0, 200)).toBeLessThan(3 * DEG);
    expect(maxStep((rt, a) => rt.play(a, 'HK_003', { atMs: 10 }), 0, 80)).toBeLessThan(0.2 * DEG);
  });

  it('a cancel fades out instead of cutting', () => {
    const cut = maxStep(
      (rt, a) => {
        rt.play(a, 'HK_002', { atMs: 0 });
        rt.cancel(a, 'HK_002', { atMs: 150, fadeMs: 120 });
      },
      100,
      300,
    );
    expect(cut).toBeLessThan(1 * DEG);
    const hard = maxStep(
      (rt, a) => {
        rt.play(a, 'HK_002', { atMs: 0 });
        rt.cancel(a, 'HK_002', { atMs: 150, fadeMs: 0 });
      },
      100,
      300,
    );
    expect(hard).toBeGreaterThan(10 * DEG); // the fade is what keeps it smooth
  });

  it('an abort retracts along its path back to rest', () => {
    const registry = testRegistry(LIB);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock, 4);
    const a = runtime.addAvatar('a');
    runtime.play(a, 'HK_004', { atMs: 0 });
    const ch = registry.layout.bone('rightLowerArm', 1);
    const at = (t: number) => {
      clock.set(t);
      engine.update();
      return runtime.pose(a).channels[ch]!;
    };
    engine.update();
    const duration = runtime.timeline[0]!;
    expect(duration.outcome).toBe('aborted');
    const stop = 0.4 * (duration.plannedEnd - duration.start);
    const peak = at(stop);
    expect(Math.abs(peak)).toBeGreaterThan(0);
    expect(at(stop * 0.5)).toBeCloseTo(at(stop * 1.5), 6); // mirrored path
    expect(at(stop * 2 + 1)).toBe(0);
    expect(duration.end).toBeCloseTo(stop * 2, 6);
  });
});

describe('probability, revocation and unknown ids', () => {
  it('probability skips are seeded and recorded', () => {
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const registry = testRegistry(LIB);
      const { engine, runtime } = testEngine(registry, createSimulatedClock(), seed);
      runtime.trigger(runtime.addAvatar('a'), 'HK_005', { speech_onset: 0 });
      engine.update();
      outcomes.add(runtime.timeline[0]!.outcome);
    }
    expect(outcomes).toEqual(new Set(['played', 'skipped']));
  });

  it('revoking a capsule stops it on the next frame; unknown ids are logged, not thrown', () => {
    const registry = testRegistry(LIB);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock);
    const events: string[] = [];
    runtime.onEvent((e) => events.push(`${e.kind}: ${e.message}`));
    const a = runtime.addAvatar('a');
    runtime.play(a, 'HK_003', { atMs: 0 });
    runtime.play(a, 'ZZ_999', { atMs: 0 });
    const ch = registry.layout.bone('rightHand', 0);
    clock.set(500);
    engine.update();
    expect(runtime.pose(a).channels[ch]).not.toBe(0);
    registry.revoke('HK_003');
    clock.set(516);
    engine.update();
    expect(runtime.pose(a).channels[ch]).toBe(0);
    expect(runtime.timeline[0]!.outcome).toBe('revoked');
    runtime.play(a, 'HK_003');
    engine.update();
    expect(events).toEqual([
      'missing-capsule: capsule ZZ_999 is not in the registry; ignored',
      'revoked: capsule HK_003 revoked; its instance stopped',
      'revoked: capsule HK_003 is revoked; ignored',
    ]);
  });
});

describe('seed keys', () => {
  it('a keyed command draws the same whatever other commands came before it', () => {
    const planFor = (extra: number) => {
      const registry = testRegistry(LIB);
      const { engine, runtime } = testEngine(registry, createSimulatedClock(), 21);
      const a = runtime.addAvatar('a');
      for (let i = 0; i < extra; i++) runtime.play(a, 'HK_001', { atMs: 0 });
      runtime.trigger(a, 'HK_002', { speech_onset: 500 }, { seedKey: 77 });
      engine.update();
      return runtime.timeline.at(-1)!;
    };
    expect(planFor(0)).toMatchObject({
      start: planFor(3).start,
      plannedEnd: planFor(3).plannedEnd,
      weight: planFor(3).weight,
    });
    expect(() =>
      testEngine(testRegistry(LIB), createSimulatedClock()).runtime.play(0, 'HK_001', { seedKey: 1.5 }),
    ).toThrow();
  });
});

describe('removing an avatar', () => {
  it('takes its playing capsules with it; the other avatars keep running', () => {
    const registry = testRegistry(LIB);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock);
    const a = runtime.addAvatar('a');
    const b = runtime.addAvatar('b');
    runtime.play(a, 'HK_003', { atMs: 0 });
    runtime.play(b, 'HK_003', { atMs: 0 });
    clock.set(100);
    engine.update();
    runtime.removeAvatar(a);
    clock.set(200);
    expect(() => engine.update()).not.toThrow();
    expect(runtime.pose(b).channels[registry.layout.bone('rightHand', 0)]).not.toBe(0);
    expect(runtime.timeline[0]!.outcome).toBe('cancelled');
    expect(() => runtime.pose(a)).toThrow(/not an avatar/);
  });
});

describe('tempo and jitter on a play', () => {
  it('tempo divides the duration; jitter 0 removes the seeded variation', () => {
    const registry = testRegistry(LIB);
    const { engine, runtime } = testEngine(registry, createSimulatedClock(), 5);
    const a = runtime.addAvatar('a');
    runtime.play(a, 'HK_003', { atMs: 0, tempo: 2 });
    runtime.play(a, 'HK_001', { atMs: 0, jitter: 0 });
    runtime.play(a, 'HK_001', { atMs: 0 });
    engine.update();
    const [fast, steady, varied] = runtime.timeline;
    expect(fast!.plannedEnd - fast!.start).toBeCloseTo(2500, 9);
    expect(steady!.plannedEnd - steady!.start).toBe(120);
    expect(steady!.weight).toBe(1);
    expect(varied!.plannedEnd - varied!.start).not.toBe(120);
    expect(() => runtime.play(a, 'HK_001', { tempo: 0 })).toThrow(/tempo must be > 0/);
  });
});
