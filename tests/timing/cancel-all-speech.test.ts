/**
 * Cancelling everything on an avatar (a script's `cancel: "*"`, a packet's cancel-all) stops its
 * spoken lines too: capsules, lips and the line itself fade out together, and a line given after the
 * cancel is untouched — also when the cancel is dated ahead.
 */
import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createAvatar } from '../../engine/avatar/create-avatar.ts';
import { leadLagPlugin } from '../../engine/timing/plugin.ts';
import { lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const LIB = [
  capsule({
    id: 'HK_301',
    trigger: { relative_to: 'speech_onset', offset_ms: -100, probability: 1 },
    duration_ms: 3000,
    envelope: { attack_ms: 50, hold_ms: 2900, release_ms: 50, easing: 'linear' },
  }),
];
const PROFILE = { format_version: 1 as const, id: 'p', capsules: [{ id: 'HK_301', weight: 1 }] };

function setup() {
  const clock = createSimulatedClock(0);
  const engine = createEngine({
    clock,
    seed: 5,
    plugins: [capsulePlugin(testRegistry(LIB, [PROFILE])), leadLagPlugin(), lipSyncPlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const ada = createAvatar(engine, { name: 'ada', voice: createSilenceSource() });
  let t = 0;
  const run = async (toMs: number) => {
    for (; t <= toMs; t += 10) {
      clock.set(t);
      engine.update();
      await Promise.resolve();
    }
  };
  const mouth = () => {
    const pose = runtime.pose(ada.entity);
    return ['aa', 'ih', 'ou', 'ee', 'oh'].reduce(
      (m, e) => m + pose.channels[runtime.registry.layout.expression(e)]!,
      0,
    );
  };
  return { runtime, ada, run, mouth };
}

const LINE = 'We were talking about something rather long and winding today, were we not?';

describe('cancel everything stops speech', () => {
  it('a cancel-all fades the line, its lips and its capsules; the line resolves cancelled', async () => {
    const s = setup();
    const line = s.ada.perform({ text: LINE, profile: 'p' });
    await s.run(800);
    expect(s.mouth()).toBeGreaterThan(0);
    s.runtime.cancel(s.ada.entity, null, { fadeMs: 100 });
    await s.run(1100);
    const result = await line.done;
    expect(result.cancelled).toBe(true);
    expect(s.mouth()).toBe(0);
    expect(
      s.runtime.pose(s.ada.entity).channels[s.runtime.registry.layout.bone('rightIndexProximal', 2)],
    ).toBe(0);
  });

  it('a line given after the cancel plays; a cancel dated ahead stops the line when its time comes', async () => {
    const s = setup();
    s.runtime.cancel(s.ada.entity, null);
    const after = s.ada.perform({ text: LINE });
    await s.run(1500);
    expect(s.mouth()).toBeGreaterThan(0);
    s.runtime.cancel(s.ada.entity, null, { atMs: 2500, fadeMs: 50 });
    await s.run(2400);
    expect(s.mouth()).toBeGreaterThan(0);
    await s.run(2700);
    const result = await after.done;
    expect(result.cancelled).toBe(true);
    expect(result.endedAt).toBeGreaterThanOrEqual(2500);
    expect(s.mouth()).toBe(0);
  });
});
