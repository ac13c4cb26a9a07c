/**
 * The idle's re-centre on a simulated clock: 10 s after the last activity gaze and head return to
 * centre; while activity continues (commands, timeline records or `touch`) they do not.
 */
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { IDLE, IDLE_DEFAULTS, idlePlugin } from '../../engine/idle/plugin.ts';
import type { IdleControl } from '../../engine/idle/plugin.ts';
import { GAZE_CHANNEL } from '../../engine/rig/channels.ts';

const { registry } = loadFolder('capsules');
const layout = registry.layout;
const DEG = 180 / Math.PI;
const RECENTRE = IDLE_DEFAULTS.recentre;
const STEPS = new Set(Object.values(IDLE_DEFAULTS.saccadeSteps));

interface Sample {
  t: number;
  gazeYaw: number;
  gazePitch: number;
  /** Largest |angle| over neck and head axes, degrees. */
  head: number;
  headYaw: number;
}

/**
 * Runs the idle at 60 fps; `act(t, runtime, idle, avatar)` runs before each frame (the host's
 * activity). Returns samples, the runtime and the idle control.
 */
function run(
  untilMs: number,
  act: (t: number, rt: CapsuleRuntime, idle: IdleControl, a: number) => void,
  seed = 5,
) {
  const clock = createFixedStepClock(60);
  const engine = createEngine({ clock, seed, plugins: [capsulePlugin(registry), idlePlugin()] });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const idle = engine.resource<IdleControl>(IDLE);
  const a = runtime.addAvatar('a0');
  const chans = ['neck', 'head'].flatMap((b) => [0, 1, 2].map((x) => layout.bone(b, x as 0 | 1 | 2)));
  const headYaw = layout.bone('head', 1);
  const samples: Sample[] = [];
  for (;;) {
    const t = clock.now();
    act(t, runtime, idle, a);
    engine.update();
    const c = runtime.pose(a).channels;
    samples.push({
      t,
      gazeYaw: c[GAZE_CHANNEL]!,
      gazePitch: c[GAZE_CHANNEL + 1]!,
      head: Math.max(...chans.map((ch) => Math.abs(c[ch]!) * DEG)),
      headYaw: c[headYaw]! * DEG,
    });
    if (t >= untilMs) break;
    clock.tick();
  }
  return { samples, runtime, idle, avatar: a };
}

/** Plays a head turn and a gaze shift every 2 s from 0 until `lastMs` (inclusive). */
const talkUntil =
  (lastMs: number) =>
  (t: number, rt: CapsuleRuntime, _idle: IdleControl, a: number): void => {
    const k = Math.round(t / (1000 / 60));
    const every = 120; // frames: 2 s at 60 fps
    if (k % every === 0 && t <= lastMs + 1e-6) {
      rt.play(a, 'BK_012', { atMs: t }); // head turns 12° to the avatar's left, held 1.5 s
      rt.play(a, 'FMM_060', { atMs: t }); // gaze up and to the left, held 1.2 s
    }
  };

const recentres = (rt: CapsuleRuntime) => rt.timeline.filter((r) => r.id === RECENTRE);

describe('idle re-centre', () => {
  it('gaze and head return to centre 10 s after the last event', () => {
    const last = 12_000;
    const { samples, runtime } = run(30_000, talkUntil(last));
    const rec = recentres(runtime);
    expect(rec).toHaveLength(1);
    // The last event is the last play's onset; the re-centre starts exactly 10 s later.
    expect(rec[0]!.start).toBeCloseTo(last + IDLE_DEFAULTS.recentreAfterMs, 6);
    // While talking the head really was turned and the gaze shifted.
    const talking = samples.filter((s) => s.t > 500 && s.t < last);
    expect(Math.max(...talking.map((s) => s.headYaw))).toBeGreaterThan(8);
    expect(Math.max(...talking.map((s) => s.gazeYaw))).toBeGreaterThan(6);
    // During the re-centre's hold (0.5 s in) everything is at centre.
    const hold = samples.filter((s) => s.t >= rec[0]!.start + 550 && s.t <= rec[0]!.start + 1650);
    expect(hold.length).toBeGreaterThan(50);
    for (const s of hold) {
      expect(Math.abs(s.gazeYaw), `gaze yaw at ${s.t}`).toBeLessThan(0.05);
      expect(Math.abs(s.gazePitch), `gaze pitch at ${s.t}`).toBeLessThan(0.05);
      expect(s.head, `head at ${s.t}`).toBeLessThan(0.05);
    }
    // Afterwards the idle's saccades stay close to centre.
    const after = samples.filter((s) => s.t > rec[0]!.start + 2500);
    for (const s of after)
      expect(Math.hypot(s.gazeYaw, s.gazePitch)).toBeLessThanOrEqual(IDLE_DEFAULTS.saccadeQuietMaxDeg + 1e-6);
    const quiet = runtime.timeline.filter((r) => STEPS.has(r.id) && r.start >= rec[0]!.start);
    expect(quiet.length).toBeGreaterThan(3);
    for (const r of quiet)
      expect(r.weight).toBeLessThanOrEqual(
        IDLE_DEFAULTS.saccadeQuietMaxDeg / IDLE_DEFAULTS.saccadeStepDeg + 1e-9,
      );
  });

  it('does not re-centre while activity continues', () => {
    const { samples, runtime } = run(30_000, talkUntil(30_000));
    expect(recentres(runtime)).toHaveLength(0);
    // At the time the first run re-centred, this avatar's head is still turned by the performance.
    const at = samples.filter((s) => s.t >= 22_000 && s.t <= 23_500);
    expect(Math.max(...at.map((s) => s.headYaw))).toBeGreaterThan(8);
    // Saccades keep their conversational spread.
    const spread = runtime.timeline.filter((r) => STEPS.has(r.id)).map((r) => r.weight);
    expect(Math.max(...spread)).toBeGreaterThan(
      IDLE_DEFAULTS.saccadeQuietMaxDeg / IDLE_DEFAULTS.saccadeStepDeg,
    );
  });

  it('touch() counts as activity; the re-centre follows the last touch by 10 s', () => {
    const touches = [0, 3000, 6000, 9000, 12_500];
    const { runtime, idle, avatar } = run(25_000, (t, _rt, idle, a) => {
      for (const x of touches) if (Math.abs(t - x) < 1) idle.touch(a, x);
    });
    expect(idle.lastActivity(avatar)).toBe(12_500);
    expect(idle.isQuiet(avatar, 22_499)).toBe(false);
    expect(idle.isQuiet(avatar, 22_500)).toBe(true);
    const rec = recentres(runtime);
    expect(rec).toHaveLength(1);
    expect(rec[0]!.start).toBe(22_500);
  });

  it('an avatar that was never active has nothing to re-centre', () => {
    const { runtime, idle, avatar } = run(25_000, () => {});
    expect(recentres(runtime)).toHaveLength(0);
    expect(idle.lastActivity(avatar)).toBe(-Infinity);
    expect(idle.isQuiet(avatar)).toBe(true);
  });

  it('activity during a re-centre fades it out quickly', () => {
    const { samples, runtime } = run(26_000, (t, rt, _idle, a) => {
      if (Math.abs(t) < 1) rt.play(a, 'BK_012', { atMs: 0 });
      if (Math.abs(t - 10_800) < 1) rt.play(a, 'BK_012', { atMs: 10_800 });
    });
    const rec = recentres(runtime);
    expect(rec[0]!.start).toBe(10_000);
    expect(rec[0]!.outcome).toBe('cancelled');
    expect(rec[0]!.end).toBeCloseTo(10_800 + IDLE_DEFAULTS.recentreCancelMs, 6);
    // the new head turn shows through once the fade is over
    const later = samples.filter((s) => s.t > 11_400 && s.t < 12_400);
    expect(Math.max(...later.map((s) => s.headYaw))).toBeGreaterThan(8);
    // and the next re-centre follows the new activity
    expect(rec[1]?.start).toBe(20_800);
  });

  it('re-centres at the same time at 30 fps', () => {
    const clock = createFixedStepClock(30);
    const engine = createEngine({ clock, seed: 5, plugins: [capsulePlugin(registry), idlePlugin()] });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const a = runtime.addAvatar('a0');
    runtime.play(a, 'BK_012', { atMs: 1234.5 });
    engine.update();
    while (clock.now() < 13_000) {
      clock.tick();
      engine.update();
    }
    expect(recentres(runtime).map((r) => r.start)).toEqual([11_234.5]);
  });

  it('activity is per avatar', () => {
    const clock = createFixedStepClock(30);
    const engine = createEngine({ clock, seed: 5, plugins: [capsulePlugin(registry), idlePlugin()] });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const idle = engine.resource<IdleControl>(IDLE);
    const a = runtime.addAvatar('ada');
    const b = runtime.addAvatar('ben');
    runtime.playProfile(a, 'friendly', { speech_onset: 500 }, { atMs: 0 });
    idle.touch(b, 2000);
    engine.update();
    while (clock.now() < 16_000) {
      clock.tick();
      engine.update();
    }
    const starts = (name: string) => runtime.timeline.filter((r) => r.id === RECENTRE && r.avatar === name);
    const lastOfA = Math.max(
      ...runtime.timeline
        .filter((r) => r.avatar === 'ada' && r.id !== RECENTRE && r.seq === 1)
        .map((r) => r.start),
    );
    expect(idle.lastActivity(a)).toBeCloseTo(lastOfA, 6);
    expect(starts('ada').map((r) => r.start)).toEqual([lastOfA + 10_000]);
    expect(starts('ben').map((r) => r.start)).toEqual([12_000]);
  });
});
