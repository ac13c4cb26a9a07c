/**
 * The idle on a simulated clock with the real library: blink statistics, saccades, breathing that
 * never stops, frame-rate independence and seeds.
 */
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import { createFixedStepClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { GAZE_CHANNEL } from '../../engine/rig/channels.ts';
import { IDLE, IDLE_DEFAULTS, idlePlugin } from '../../engine/idle/plugin.ts';
import type { IdleControl } from '../../engine/idle/plugin.ts';

const { registry, errors } = loadFolder('capsules');
const layout = registry.layout;
const DEG = 180 / Math.PI;
const BLINKS = new Set(IDLE_DEFAULTS.blinks.map((b) => b.id));
const STEPS = new Set(Object.values(IDLE_DEFAULTS.saccadeSteps));

/** Runs the idle alone for `untilMs` at `fps`; `sample` sees every frame. */
function runIdle(
  seed: number,
  fps: number,
  untilMs: number,
  sample?: (t: number, rt: CapsuleRuntime, avatars: number[]) => void,
  avatarCount = 1,
) {
  const clock = createFixedStepClock(fps);
  const engine = createEngine({
    clock,
    seed,
    plugins: [capsulePlugin(registry, { timelineRetentionMs: Infinity }), idlePlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const avatars = Array.from({ length: avatarCount }, (_, i) => runtime.addAvatar(`a${i}`));
  engine.update();
  sample?.(clock.now(), runtime, avatars);
  while (clock.now() < untilMs) {
    clock.tick();
    engine.update();
    sample?.(clock.now(), runtime, avatars);
  }
  return { runtime, engine, avatars };
}

const onsets = (timeline: readonly TimelineRecord[], ids: Set<string>, avatar = 'a0'): number[] => [
  ...new Set(timeline.filter((r) => r.avatar === avatar && ids.has(r.id)).map((r) => r.start)),
];

const intervals = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

describe('idle: the library it plays', () => {
  it('loads without errors and has every idle capsule', () => {
    expect(errors).toEqual([]);
    for (const id of [
      IDLE_DEFAULTS.breathing,
      IDLE_DEFAULTS.tremor,
      IDLE_DEFAULTS.recentre,
      ...BLINKS,
      ...STEPS,
    ])
      expect(registry.slot(id), id).toBeGreaterThanOrEqual(0);
  });
});

describe('idle: blinks over a simulated minute', () => {
  const seeds = [1, 2, 3, 4, 5, 6];
  const runs = seeds.map((seed) => onsets(runIdle(seed, 30, 60_000).runtime.timeline, BLINKS));

  it('have a human mean interval (≈ 3–4 s) in every run and overall', () => {
    for (const times of runs) {
      expect(times.length).toBeGreaterThanOrEqual(10);
      const m = mean(intervals(times));
      expect(m).toBeGreaterThan(2200);
      expect(m).toBeLessThan(5500);
    }
    const all = runs.flatMap(intervals);
    expect(mean(all)).toBeGreaterThan(3000);
    expect(mean(all)).toBeLessThan(4200);
  });

  it('spread like a skewed distribution, not a metronome', () => {
    const all = runs.flatMap(intervals);
    const cv = sd(all) / mean(all);
    expect(cv).toBeGreaterThan(0.35);
    expect(cv).toBeLessThan(0.9);
    for (const times of runs) {
      const iv = intervals(times);
      expect(sd(iv) / mean(iv)).toBeGreaterThan(0.25);
      expect(new Set(iv.map((x) => Math.round(x))).size).toBe(iv.length); // no repeated period
      expect(Math.max(...iv) - Math.min(...iv)).toBeGreaterThan(2000);
    }
    // right-skewed: the mean sits above the median
    const sorted = [...all].sort((a, b) => a - b);
    expect(mean(all)).toBeGreaterThan(sorted[Math.floor(sorted.length / 2)]!);
    // every interval inside the clamp
    for (const x of all) {
      expect(x).toBeGreaterThanOrEqual(IDLE_DEFAULTS.blinkMinMs - 1e-9);
      expect(x).toBeLessThanOrEqual(IDLE_DEFAULTS.blinkMaxMs + 1e-9);
    }
  });

  it('include occasional doubles and other variants', () => {
    const timeline = seeds.flatMap((seed) => runIdle(seed, 30, 60_000).runtime.timeline);
    const count = (id: string) => timeline.filter((r) => r.id === id).length;
    const total = [...BLINKS].reduce((a, id) => a + count(id), 0);
    expect(count('FMM_001') / total).toBeGreaterThan(0.6);
    expect(count('FMM_004')).toBeGreaterThan(0);
    expect(count('FMM_004') / total).toBeLessThan(0.2);
  });

  it('really close the eyes', () => {
    const blink = layout.expression('blink');
    let peak = 0;
    runIdle(3, 60, 20_000, (_, rt, [a]) => (peak = Math.max(peak, rt.pose(a!).channels[blink]!)));
    expect(peak).toBeGreaterThan(0.9);
  });
});

describe('idle: saccades', () => {
  it('jump every 0.5–3 s with a quick onset and hold in between', () => {
    const gazeYaw = GAZE_CHANNEL;
    const samples: [number, number][] = [];
    const { runtime } = runIdle(4, 60, 60_000, (t, rt, [a]) =>
      samples.push([t, rt.pose(a!).channels[gazeYaw]!]),
    );
    const times = onsets(runtime.timeline, STEPS);
    expect(times.length).toBeGreaterThanOrEqual(25);
    for (const iv of intervals(times)) {
      expect(iv).toBeGreaterThanOrEqual(IDLE_DEFAULTS.saccadeMinMs - 1e-9);
      expect(iv).toBeLessThanOrEqual(IDLE_DEFAULTS.saccadeMaxMs + 1e-9);
    }
    // Within a fixation gaze holds; across a saccade it moves within ~50 ms.
    const at = (t: number) =>
      samples.reduce((best, s) => (Math.abs(s[0] - t) < Math.abs(best[0] - t) ? s : best))[1];
    let jumps = 0;
    for (let i = 2; i < times.length - 1; i++) {
      const t = times[i]!;
      const before = at(t - 5);
      const after = at(t + 60);
      const later = at(Math.min(times[i + 1]! - 10, t + 400));
      expect(Math.abs(later - after), `fixation after ${t}`).toBeLessThan(0.05);
      if (Math.abs(after - before) > 0.2) jumps++;
    }
    expect(jumps).toBeGreaterThan(times.length / 2);
    // Gaze stays within the idle's few degrees.
    for (const [, v] of samples)
      expect(Math.abs(v)).toBeLessThanOrEqual(IDLE_DEFAULTS.saccadeActiveMaxDeg + 1e-6);
  });
});

describe('idle: breathing', () => {
  it('never stops across loop re-issues (100 s, three loop copies)', () => {
    const chest = layout.bone('upperChest', 0);
    const samples: [number, number][] = [];
    const { runtime } = runIdle(2, 30, 100_000, (t, rt, [a]) =>
      samples.push([t, rt.pose(a!).channels[chest]! * DEG]),
    );
    const loops = runtime.timeline.filter((r) => r.id === IDLE_DEFAULTS.breathing);
    expect(loops.length).toBeGreaterThanOrEqual(3);
    // every instant from 0 to 100 s is covered by a loop copy, each overlapping the next
    for (let i = 1; i < loops.length; i++) expect(loops[i]!.start).toBeLessThan(loops[i - 1]!.end);
    expect(loops[0]!.start).toBe(0);
    expect(loops.at(-1)!.end).toBeGreaterThan(100_000);
    // and the chest moves in every 4.5 s window after the first loop has faded in
    for (let w = 4000; w + 4500 <= 100_000; w += 1500) {
      const window = samples.filter(([t]) => t >= w && t < w + 4500).map(([, v]) => v);
      expect(Math.max(...window) - Math.min(...window), `window at ${w} ms`).toBeGreaterThan(0.6);
    }
  });

  it('restarts when someone cancels every capsule on the avatar', () => {
    const clock = createFixedStepClock(30);
    const engine = createEngine({ clock, seed: 3, plugins: [capsulePlugin(registry), idlePlugin()] });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const a = runtime.addAvatar('a0');
    engine.update();
    while (clock.now() < 10_000) {
      clock.tick();
      engine.update();
    }
    runtime.cancel(a, null, { fadeMs: 200 });
    while (clock.now() < 20_000) {
      clock.tick();
      engine.update();
    }
    const loops = runtime.timeline.filter((r) => r.id === IDLE_DEFAULTS.breathing);
    expect(loops).toHaveLength(2);
    expect(loops[0]!.outcome).toBe('cancelled');
    expect(loops[1]!.start).toBeLessThanOrEqual(loops[0]!.end + 40);
  });
});

describe('idle: determinism', () => {
  /** Pose rows of every avatar at every frame, keyed by time rounded to µs. */
  function frames(seed: number, fps: number, untilMs: number) {
    const rows = new Map<number, Float32Array>();
    const { runtime } = runIdle(
      seed,
      fps,
      untilMs,
      (t, rt, avatars) => {
        const n = rt.pose(avatars[0]!).channels.length;
        const row = new Float32Array(n * avatars.length);
        avatars.forEach((a, i) => row.set(rt.pose(a).channels, i * n));
        rows.set(Math.round(t * 1000) / 1000, row);
      },
      2,
    );
    return { rows, timeline: runtime.timeline };
  }

  it('the same seed gives the same idle at 30, 60 and 144 fps at shared times', () => {
    const runs = [30, 60, 144].map((fps) => frames(9, fps, 40_000));
    const [a, b, c] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    let maxDiff = 0;
    let moving = 0;
    let compared = 0;
    for (const other of [b, c]) {
      const shared = [...a.rows.keys()].filter((t) => other.rows.has(t));
      expect(shared.length).toBeGreaterThan(200);
      for (const t of shared) {
        const x = a.rows.get(t)!;
        const y = other.rows.get(t)!;
        compared++;
        for (let i = 0; i < x.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(x[i]! - y[i]!));
          if (Math.abs(x[i]!) > 1e-3) moving++;
        }
      }
    }
    expect(maxDiff).toBeLessThan(1e-5);
    expect(moving).toBeGreaterThan(compared);
    // the same events, at the same times, with the same weights
    const key = (r: TimelineRecord) => `${r.avatar} ${r.id} ${r.start.toFixed(6)} ${r.weight.toFixed(9)}`;
    for (const other of [b, c]) expect(other.timeline.map(key).sort()).toEqual(a.timeline.map(key).sort());
  });

  it('different seeds (and different avatars) give different idles; the same seed repeats', () => {
    const one = frames(9, 30, 10_000);
    const again = frames(9, 30, 10_000);
    const other = frames(10, 30, 10_000);
    const differ = (p: Map<number, Float32Array>, q: Map<number, Float32Array>) =>
      [...p.keys()].some((t) => p.get(t)!.some((v, i) => v !== q.get(t)![i]));
    expect(differ(one.rows, again.rows)).toBe(false);
    expect(differ(one.rows, other.rows)).toBe(true);
    const blinksOf = (avatar: string) => onsets(one.timeline, BLINKS, avatar).join();
    expect(blinksOf('a0')).not.toBe(blinksOf('a1'));
  });
});

describe('idle: plugin wiring', () => {
  it('runs in the schedule phase before capsule-schedule and needs the capsule plugin', () => {
    const { engine } = runIdle(1, 30, 0);
    const order = engine.systemOrder();
    expect(order.indexOf('schedule:idle-schedule')).toBeLessThan(order.indexOf('schedule:capsule-schedule'));
    expect(() => createEngine({ clock: createFixedStepClock(30), seed: 1, plugins: [idlePlugin()] })).toThrow(
      /capsulePlugin/,
    );
    expect(engine.resource<IdleControl>(IDLE).options.recentreAfterMs).toBe(10_000);
  });

  it('keeps quiet about missing capsules and plays what it can', () => {
    const clock = createFixedStepClock(30);
    const engine = createEngine({
      clock,
      seed: 1,
      plugins: [capsulePlugin(registry), idlePlugin({ breathing: 'BK_0999' })],
    });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const events: string[] = [];
    runtime.onEvent((e) => events.push(e.message));
    runtime.addAvatar('a0');
    for (let i = 0; i < 300; i++) {
      engine.update();
      clock.tick();
    }
    expect(events.filter((m) => m.includes('BK_0999'))).toHaveLength(1);
    expect(runtime.timeline.some((r) => BLINKS.has(r.id))).toBe(true);
  });

  it('follows avatars as they come and go', () => {
    const clock = createFixedStepClock(30);
    const engine = createEngine({ clock, seed: 4, plugins: [capsulePlugin(registry), idlePlugin()] });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const a = runtime.addAvatar('a0');
    const b = runtime.addAvatar('a1');
    const step = (until: number) => {
      while (clock.now() < until) {
        clock.tick();
        engine.update();
      }
    };
    engine.update();
    step(3000);
    // The avatar API's dispose protocol: cancel everything, let it land, then remove. Skip 2 s of
    // frames first so idle events are due in that frame: the idle must start nothing new for b then,
    // or its instances would outlive the avatar.
    for (let i = 0; i < 60; i++) clock.tick();
    runtime.cancel(b, null, { fadeMs: 0 });
    const before = runtime.timeline.filter((r) => r.avatar === 'a1').length;
    engine.update();
    expect(runtime.timeline.filter((r) => r.avatar === 'a1').length).toBe(before);
    expect(runtime.timeline.filter((r) => r.avatar === 'a0' && r.start > 3000).length).toBeGreaterThan(0);
    runtime.removeAvatar(b);
    step(6000);
    const c = runtime.addAvatar('a2'); // may reuse b's entity id: still a new idle
    step(12_000);
    const loops = (name: string) =>
      runtime.timeline.filter((r) => r.avatar === name && r.id === IDLE_DEFAULTS.breathing);
    expect(loops('a0')).toHaveLength(1);
    expect(loops('a1')).toHaveLength(1);
    expect(loops('a2')).toHaveLength(1);
    expect(loops('a2')[0]!.start).toBeGreaterThanOrEqual(6000);
    // nothing more is planned for the removed avatar
    expect(runtime.timeline.filter((r) => r.avatar === 'a1').every((r) => r.start <= 3000 + 1e-9)).toBe(true);
    expect(runtime.pose(c).channels.some((v) => v !== 0)).toBe(true);
    void a;
  });

  it('idle capsules are additive and low priority, so everything else plays over them', () => {
    for (const id of [IDLE_DEFAULTS.breathing, IDLE_DEFAULTS.tremor, ...BLINKS, ...STEPS]) {
      const c = registry.at(registry.slot(id)).json;
      expect(c.blend_mode, id).toBe('additive');
      expect(c.priority, id).toBeLessThanOrEqual(4);
    }
    const recentre = registry.at(registry.slot(IDLE_DEFAULTS.recentre)).json;
    expect(recentre.blend_mode).toBe('override');
    expect(recentre.priority).toBe(0);
  });
});
