import { describe, expect, it } from 'vitest';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { authority, AUTHORITY_TABLE } from '../../engine/capsules/domain-authority.ts';
import { DOMAINS } from '../../engine/capsules/compiled.ts';
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import { capsule, testEngine, testRegistry } from '../helpers/capsules.ts';

const DEG = Math.PI / 180;
const flat = { attack_ms: 0, hold_ms: 1000, release_ms: 0, easing: 'none' as const };
const expr = (id: string, target: string, value: number, patch: Partial<Capsule> = {}): Capsule =>
  capsule({
    id,
    domain: 'FMM',
    duration_ms: 1000,
    envelope: flat,
    tracks: [{ kind: 'expression', target: target as 'blink', value }],
    ...patch,
  });

/** Plays the given capsules (id, onset) and returns the resolved value of one channel at `t`. */
function resolveAt(
  capsules: Capsule[],
  plays: [string, number][],
  channel: (r: ReturnType<typeof testRegistry>) => number,
  t: number,
  weights: Record<string, number> = {},
) {
  const registry = testRegistry(capsules);
  const clock = createSimulatedClock();
  const { engine, runtime } = testEngine(registry, clock);
  const avatar = runtime.addAvatar('a');
  for (const [id, at] of plays) runtime.play(avatar, id, { atMs: at, weight: weights[id] ?? 1 });
  clock.set(t);
  engine.update();
  return { value: runtime.pose(avatar).channels[channel(registry)]!, runtime, avatar, registry };
}
const blink = (r: ReturnType<typeof testRegistry>) => r.layout.expression('blink');

describe('blend resolver', () => {
  it('adds additive contributions onto the baseline', () => {
    const { value } = resolveAt(
      [expr('FMM_001', 'blink', 0.2), expr('FMM_002', 'blink', 0.3)],
      [
        ['FMM_001', 0],
        ['FMM_002', 0],
      ],
      blink,
      500,
    );
    expect(value).toBeCloseTo(0.5, 6);
  });

  it('scales additive contributions by weight', () => {
    const { value } = resolveAt([expr('FMM_001', 'blink', 0.8)], [['FMM_001', 0]], blink, 500, {
      FMM_001: 0.25,
    });
    expect(value).toBeCloseTo(0.2, 6);
  });

  it('multiplies after adding: (baseline + Σ additive) × Π multiply', () => {
    const { value } = resolveAt(
      [expr('FMM_001', 'blink', 0.6), expr('FMM_002', 'blink', 0.5, { blend_mode: 'multiply' })],
      [
        ['FMM_002', 0],
        ['FMM_001', 0],
      ],
      blink,
      500,
    );
    expect(value).toBeCloseTo(0.3, 6);
  });

  it('a half-weight multiply moves halfway from ×1 to its factor', () => {
    const { value } = resolveAt(
      [expr('FMM_001', 'blink', 0.6), expr('FMM_002', 'blink', 0.5, { blend_mode: 'multiply' })],
      [
        ['FMM_001', 0],
        ['FMM_002', 0],
      ],
      blink,
      500,
      { FMM_002: 0.5 },
    );
    expect(value).toBeCloseTo(0.6 * 0.75, 6);
  });

  it('an override replaces what is beneath it; the higher priority wins whatever the order', () => {
    const caps = [
      expr('FMM_001', 'blink', 0.4),
      expr('FMM_002', 'blink', 0.9, { blend_mode: 'override', priority: 8 }),
      expr('FMM_003', 'blink', 0.1, { blend_mode: 'override', priority: 3 }),
    ];
    expect(
      resolveAt(
        caps,
        [
          ['FMM_001', 0],
          ['FMM_002', 0],
          ['FMM_003', 0],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.9, 6);
    expect(
      resolveAt(
        caps,
        [
          ['FMM_003', 0],
          ['FMM_002', 0],
          ['FMM_001', 0],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.9, 6);
  });

  it('ties on priority go to the later start', () => {
    const caps = [
      expr('FMM_001', 'blink', 0.7, { blend_mode: 'override' }),
      expr('FMM_002', 'blink', 0.2, { blend_mode: 'override' }),
    ];
    expect(
      resolveAt(
        caps,
        [
          ['FMM_001', 100],
          ['FMM_002', 50],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.7, 6);
    expect(
      resolveAt(
        caps,
        [
          ['FMM_001', 50],
          ['FMM_002', 100],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.2, 6);
  });

  it('ties on priority and start go to the domain with authority over the channel', () => {
    const caps = [
      expr('FMM_001', 'blink', 0.7, { blend_mode: 'override' }),
      expr('HK_002', 'blink', 0.2, { blend_mode: 'override', domain: 'HK' }),
    ];
    // Face channels belong to FMM, whichever was commanded last.
    expect(
      resolveAt(
        caps,
        [
          ['FMM_001', 0],
          ['HK_002', 0],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.7, 6);
    expect(
      resolveAt(
        caps,
        [
          ['HK_002', 0],
          ['FMM_001', 0],
        ],
        blink,
        500,
      ).value,
    ).toBeCloseTo(0.7, 6);
    const finger = (r: ReturnType<typeof testRegistry>) => r.layout.bone('rightIndexProximal', 2);
    const hand = [
      capsule({
        id: 'FMM_003',
        domain: 'FMM',
        blend_mode: 'override',
        duration_ms: 1000,
        envelope: flat,
        tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 10] }],
      }),
      capsule({
        id: 'HK_004',
        domain: 'HK',
        blend_mode: 'override',
        duration_ms: 1000,
        envelope: flat,
        tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 30] }],
      }),
    ];
    // Hand channels belong to HK.
    expect(
      resolveAt(
        hand,
        [
          ['HK_004', 0],
          ['FMM_003', 0],
        ],
        finger,
        500,
      ).value,
    ).toBeCloseTo(30 * DEG, 6);
    expect(authority(DOMAINS.indexOf('HK'), finger(testRegistry([])))).toBe(AUTHORITY_TABLE.hands.length - 1);
  });

  it('fades an override in over its envelope: halfway up the attack it is halfway there', () => {
    const caps = [
      expr('FMM_001', 'blink', 0.2),
      expr('FMM_002', 'blink', 1, {
        blend_mode: 'override',
        envelope: { attack_ms: 100, hold_ms: 800, release_ms: 100, easing: 'linear' },
      }),
    ];
    expect(
      resolveAt(
        caps,
        [
          ['FMM_001', 0],
          ['FMM_002', 0],
        ],
        blink,
        50,
      ).value,
    ).toBeCloseTo(0.6, 5);
  });

  it('clamps expression weights to 0..1', () => {
    const caps = [
      expr('FMM_001', 'blink', 0.8),
      expr('FMM_002', 'blink', 0.9),
      expr('FMM_003', 'jawOpen', -0.5),
    ];
    const r = resolveAt(
      caps,
      [
        ['FMM_001', 0],
        ['FMM_002', 0],
        ['FMM_003', 0],
      ],
      blink,
      500,
    );
    expect(r.value).toBe(1);
    expect(r.runtime.pose(r.avatar).channels[r.registry.layout.expression('jawOpen')]).toBe(0);
  });

  it('clamps joints to their anatomical limits (a finger cannot bend backwards past 20°)', () => {
    const caps = [
      capsule({
        id: 'HK_001',
        duration_ms: 1000,
        envelope: flat,
        tracks: [{ kind: 'joint', target: 'leftIndexProximal', value: [0, 0, 60] }],
      }),
      capsule({
        id: 'HK_002',
        duration_ms: 1000,
        envelope: flat,
        tracks: [{ kind: 'joint', target: 'leftIndexIntermediate', value: [0, 0, -170] }],
      }),
    ];
    const r = resolveAt(
      caps,
      [
        ['HK_001', 0],
        ['HK_002', 0],
      ],
      (reg) => reg.layout.bone('leftIndexProximal', 2),
      500,
    );
    expect(r.value).toBeCloseTo(20 * DEG, 6);
    expect(r.runtime.pose(r.avatar).channels[r.registry.layout.bone('leftIndexIntermediate', 2)]).toBeCloseTo(
      -110 * DEG,
      6,
    );
  });

  it('never lets a non-finite value reach the pose: the channel falls back to its baseline', () => {
    const bad = expr('FMM_001', 'blink', Number.NaN);
    const registry = testRegistry([bad, expr('FMM_002', 'jawOpen', 0.5)]);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock);
    const events: string[] = [];
    runtime.onEvent((e) => events.push(e.kind));
    const avatar = runtime.addAvatar('a');
    runtime.play(avatar, 'FMM_001', { atMs: 0 });
    runtime.play(avatar, 'FMM_002', { atMs: 0 });
    clock.set(500);
    engine.update();
    const channels = runtime.pose(avatar).channels;
    expect(channels.every(Number.isFinite)).toBe(true);
    expect(channels[registry.layout.expression('blink')]).toBe(0);
    expect(channels[registry.layout.expression('jawOpen')]).toBeCloseTo(0.5, 6);
    expect(events).toContain('non-finite');
  });

  it('writes unit quaternions for bone rotation vectors', () => {
    const caps = [
      capsule({
        id: 'HK_001',
        duration_ms: 1000,
        envelope: flat,
        tracks: [{ kind: 'joint', target: 'rightHand', value: [10, 20, -30] }],
      }),
    ];
    const r = resolveAt(caps, [['HK_001', 0]], (reg) => reg.layout.bone('rightHand', 0), 500);
    const b = 24; // rightHand
    const q = r.runtime.pose(r.avatar).rotations.slice(b * 4, b * 4 + 4);
    expect(Math.hypot(...q)).toBeCloseTo(1, 6);
    const angle = 2 * Math.acos(q[3]!);
    expect(angle).toBeCloseTo(Math.hypot(10, 20, 30) * DEG, 5);
  });
});

describe('multiply on joints', () => {
  it('treats a multiply joint value as a factor, not as degrees', () => {
    const flat1 = { attack_ms: 0, hold_ms: 1000, release_ms: 0, easing: 'none' as const };
    const caps = [
      capsule({
        id: 'HK_001',
        duration_ms: 1000,
        envelope: flat1,
        tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 40] }],
      }),
      capsule({
        id: 'HK_002',
        duration_ms: 1000,
        envelope: flat1,
        blend_mode: 'multiply',
        tracks: [{ kind: 'joint', target: 'rightIndexProximal', value: [1, 1, 0.5] }],
      }),
    ];
    const registry = testRegistry(caps);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock);
    const a = runtime.addAvatar('a');
    runtime.play(a, 'HK_001', { atMs: 0 });
    runtime.play(a, 'HK_002', { atMs: 0 });
    clock.set(500);
    engine.update();
    expect(runtime.pose(a).channels[registry.layout.bone('rightIndexProximal', 2)]).toBeCloseTo(20 * DEG, 6);
  });
});

describe('voice channels', () => {
  it('start at their neutral values and clamp to their ranges', () => {
    const flat1 = { attack_ms: 0, hold_ms: 1000, release_ms: 0, easing: 'none' as const };
    const caps = [
      capsule({
        id: 'VC_001',
        domain: 'VC',
        duration_ms: 1000,
        envelope: flat1,
        tracks: [
          { kind: 'voice', target: 'pitch_semitones', value: 2 },
          { kind: 'voice', target: 'rate', value: 0.5 },
        ],
      }),
      capsule({
        id: 'VC_002',
        domain: 'VC',
        duration_ms: 1000,
        envelope: flat1,
        blend_mode: 'multiply',
        tracks: [{ kind: 'voice', target: 'pitch_semitones', value: 1.5 }],
      }),
    ];
    const registry = testRegistry(caps);
    const clock = createSimulatedClock();
    const { engine, runtime } = testEngine(registry, clock);
    const a = runtime.addAvatar('a');
    engine.update();
    const voice = runtime.pose(a).voice;
    expect(Array.from(voice)).toEqual([0, 0, 1, 0, 5.5, 0, 0, 0]);
    runtime.play(a, 'VC_001', { atMs: 0 });
    runtime.play(a, 'VC_002', { atMs: 0 });
    clock.set(500);
    engine.update();
    expect(voice[0]).toBeCloseTo(3, 6);
    expect(voice[2]).toBeCloseTo(1.3, 6); // 1 + 0.5 clamps to the 1.3 maximum rate
  });
});
