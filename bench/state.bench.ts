/**
 * State emission cost: 100 avatars with 16 active hand capsules each, the engine update with and
 * without `statePlugin` side by side (a no-op callback sink, so only the emitter is measured), at the
 * default 10 Hz throttle and with every frame due (maxHz 60). Medians of 7 runs × 120 frames at 60 fps.
 */
import { capsulePlugin } from '../engine/capsules/plugin.ts';
import type { RegistryView } from '../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../engine/ecs/clock.ts';
import { createEngine } from '../engine/ecs/engine.ts';
import type { Plugin } from '../engine/ecs/engine.ts';
import { leadLagPlugin } from '../engine/timing/plugin.ts';
import { callbackSink, statePlugin } from '../engine/state/index.ts';
import { median, timeMs } from './stats.ts';

const AVATARS = 100;
const FRAMES = 120;

/** One timed run of a configuration: wall ms per frame and states emitted while timed. */
function once(
  registry: RegistryView,
  ids: readonly string[],
  state: (() => Plugin) | null,
  run: number,
): { frameMs: number; emitted: number } {
  const clock = createFixedStepClock(60);
  const plugins: Plugin[] = [capsulePlugin(registry), leadLagPlugin()];
  if (state) plugins.push(state());
  const engine = createEngine({ clock, seed: run + 1, plugins });
  const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  for (let a = 0; a < AVATARS; a++) {
    const eid = rt.addAvatar(`a${a}`);
    for (let k = 0; k < 16; k++) rt.play(eid, ids[(a * 7 + k) % ids.length]!, { atMs: 0, weight: 0.8 });
  }
  for (let f = 0; f < 30; f++) {
    clock.tick();
    engine.update();
  }
  const before = counter.n;
  const ms = timeMs(() => {
    for (let f = 0; f < FRAMES; f++) {
      clock.tick();
      engine.update();
    }
  });
  return { frameMs: ms / FRAMES, emitted: counter.n - before };
}

const counter = { n: 0 };
const sink = callbackSink(() => void counter.n++, 'count');

/** Report lines for bench/REPORT.md; the three configurations are interleaved run by run. */
export function stateReport(registry: RegistryView, ids: readonly string[]): string[] {
  const configs: ((() => Plugin) | null)[] = [
    null,
    () => statePlugin({ sinks: [sink] }),
    () => statePlugin({ sinks: [sink], maxHz: 60, heartbeatMs: 1 }),
  ];
  const samples = configs.map(() => [] as number[]);
  const emitted = configs.map(() => 0);
  for (let run = 0; run < 7; run++)
    configs.forEach((c, i) => {
      const r = once(registry, ids, c, run);
      samples[i]!.push(r.frameMs);
      emitted[i] = r.emitted;
    });
  const [base, at10, at60] = samples.map((s) => median(s)) as [number, number, number];
  const us = (ms: number) => ((ms * 1000) / AVATARS).toFixed(2);
  const added = (ms: number) => us(ms - base);
  return [
    '## Avatar state emission',
    '',
    `${AVATARS} avatars × 16 active hand capsules, ${FRAMES} frames at 60 fps, 7 interleaved runs (medians); a no-op callback sink. Baseline, side by side: the same engine without \`statePlugin\`.`,
    '',
    '| configuration | µs per avatar-frame | added by the emitter | states emitted in 2 s |',
    '|---|---:|---:|---:|',
    `| baseline: no state plugin | ${us(base)} | | |`,
    `| statePlugin, maxHz 10 (default; unchanged states: heartbeat only) | ${us(at10)} | ${added(at10)} | ${emitted[1]} |`,
    `| statePlugin, every frame due (maxHz 60, heartbeat 1 ms) | ${us(at60)} | ${added(at60)} | ${emitted[2]} |`,
    '',
  ];
}
