/**
 * SH relighting costs: projecting a 512×256 environment (8-bit sRGB and float HDR), the lighting
 * system per avatar-frame, and engine frame time with vs without `lightingPlugin` for 100 avatars
 * playing LD capsules (alone, and under a full load of 12 hand capsules more), measured side by side
 * in interleaved runs so machine load hits both alike. Times are CPU time of this process (see cpuMs).
 * Run standalone:
 * `node bin/run-ts.js bench/lighting.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { capsulePlugin } from '../engine/capsules/plugin.ts';
import type { RegistryView } from '../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../engine/ecs/clock.ts';
import { createEngine } from '../engine/ecs/engine.ts';
import type { Plugin } from '../engine/ecs/engine.ts';
import { lightingPlugin, projectEquirect } from '../engine/lighting/index.ts';
import type { EnvironmentImage } from '../engine/lighting/index.ts';
import { stretchedRegistry } from './long-capsules.ts';
import { median } from './stats.ts';

/**
 * CPU time of `fn` in ms (this process's user + system time). The machine is shared; CPU time is
 * what the single-threaded engine would take on a core of its own, where wall time would also count
 * time spent waiting for one.
 */
function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const LONG_MS = 20_000;

/** Figures of the lighting benchmark. */
export interface LightingFigures {
  projectSrgb8Ms: number;
  projectHdrMs: number;
  /** Lighting system alone, µs per avatar-frame (100 avatars, 60 fps, 30 Hz updates). */
  systemUsPerAvatar: number;
  /** Engine ms per frame for 100 avatars, [without, with] lighting: LD capsules only, then LD + hands. */
  ldOnly: [number, number];
  ldAndHands: [number, number];
  ldPerAvatar: number;
  handsPerAvatar: number;
}

/** A deterministic 512×256 image of either encoding (a sky gradient with a bright patch). */
function testImage(encoding: 'srgb8' | 'linear'): EnvironmentImage {
  const w = 512;
  const h = 256;
  const data = encoding === 'srgb8' ? new Uint8Array(w * h * 4) : new Float32Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      const sun = Math.hypot(x - 300, y - 60) < 12 ? 1 : 0;
      const sky = 1 - y / h;
      const v = [0.3 + 0.6 * sky + sun, 0.35 + 0.5 * sky + sun, 0.4 + 0.5 * sky + 0.8 * sun, 1];
      for (let c = 0; c < 4; c++)
        data[p + c] =
          encoding === 'srgb8' ? Math.min(255, Math.round(255 * v[c]!)) : v[c]! * (c < 3 && sun ? 40 : 1);
    }
  return { data, width: w, height: h, channels: 4, encoding };
}

/** LD and hand capsules stretched to LONG_MS so they stay active for the whole measurement. */
function benchRegistry(): { registry: RegistryView; ld: string[]; hk: string[] } {
  const { registry, ids } = stretchedRegistry((id) => id.startsWith('LD_') || id.startsWith('HK_'), LONG_MS);
  return {
    registry,
    ld: ids.filter((id) => id.startsWith('LD_')),
    hk: ids.filter((id) => id.startsWith('HK_')),
  };
}

/** A running engine of 100 avatars, with or without the lighting plugin, warmed up. */
function benchEngine(
  registry: RegistryView,
  ld: string[],
  hk: string[],
  ldEach: number,
  hkEach: number,
  withLighting: boolean,
): () => void {
  const clock = createFixedStepClock(60);
  const plugins: Plugin[] = [capsulePlugin(registry)];
  if (withLighting) plugins.push(lightingPlugin());
  const engine = createEngine({ clock, seed: 1, plugins });
  const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  for (let a = 0; a < 100; a++) {
    const eid = rt.addAvatar(`a${a}`);
    for (let k = 0; k < ldEach; k++) rt.play(eid, ld[(a * 3 + k) % ld.length]!, { atMs: 0, weight: 0.8 });
    for (let k = 0; k < hkEach; k++) rt.play(eid, hk[(a * 7 + k) % hk.length]!, { atMs: 0, weight: 0.8 });
  }
  const frame = (): void => {
    clock.tick();
    engine.update();
  };
  for (let f = 0; f < 30; f++) frame();
  return frame;
}

/**
 * Ms per frame [without, with] lighting: two engines run side by side in alternating blocks of
 * `block` frames, so the machine's load at any moment falls on both alike; medians over blocks.
 */
function pairedFrameMs(
  registry: RegistryView,
  ld: string[],
  hk: string[],
  ldEach: number,
  hkEach: number,
  blocks: number,
  block = 30,
): [number, number] {
  const without = benchEngine(registry, ld, hk, ldEach, hkEach, false);
  const withL = benchEngine(registry, ld, hk, ldEach, hkEach, true);
  const a: number[] = [];
  const b: number[] = [];
  const run = (frame: () => void): number =>
    cpuMs(() => {
      for (let f = 0; f < block; f++) frame();
    }) / block;
  for (let r = 0; r < blocks; r++) {
    if (r % 2) {
      a.push(run(without));
      b.push(run(withL));
    } else {
      b.push(run(withL));
      a.push(run(without));
    }
  }
  return [median(a), median(b)];
}

/** Runs every lighting measurement. */
export function measureLighting(runs = 9): LightingFigures {
  const ldr = testImage('srgb8');
  const hdr = testImage('linear');
  const out = new Float32Array(27);
  for (let i = 0; i < 3; i++) {
    projectEquirect(ldr, out);
    projectEquirect(hdr, out);
  }
  const projectSrgb8Ms = median(Array.from({ length: runs }, () => cpuMs(() => projectEquirect(ldr, out))));
  const projectHdrMs = median(Array.from({ length: runs }, () => cpuMs(() => projectEquirect(hdr, out))));

  const { registry, ld, hk } = benchRegistry();
  const ldEach = 4;
  const hkEach = 12;
  // 20 s of engine time per engine (capsules stretched to LONG_MS stay active throughout).
  const pair = (h: number): [number, number] => pairedFrameMs(registry, ld, hk, ldEach, h, 36);
  const ldOnly = pair(0);
  const ldAndHands = pair(hkEach);

  // The system alone: time only the lighting system inside a running engine.
  const clock = createFixedStepClock(60);
  const engine = createEngine({ clock, seed: 1, plugins: [capsulePlugin(registry), lightingPlugin()] });
  const rt = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  for (let a = 0; a < 100; a++) {
    const eid = rt.addAvatar(`a${a}`);
    for (let k = 0; k < ldEach; k++) rt.play(eid, ld[(a * 3 + k) % ld.length]!, { atMs: 0, weight: 0.8 });
  }
  if (!engine.systemOrder().includes('solve:lighting')) throw new Error('lighting system not scheduled');
  // Probes around the lighting system measure it; a second, empty pair measures what the probes
  // themselves cost (a cpuUsage call is a system call), which is subtracted.
  let t0 = process.cpuUsage();
  let t1 = process.cpuUsage();
  let spent = 0;
  let overhead = 0;
  let calls = 0;
  const probe = (name: string, rel: 'before' | 'after', of: string, run: () => void) =>
    engine.addSystem({ name, phase: 'solve', [rel]: [of], run });
  probe('probe-start', 'before', 'lighting', () => void (t0 = process.cpuUsage()));
  probe('probe-end', 'after', 'lighting', () => {
    const d = process.cpuUsage(t0);
    spent += d.user + d.system;
    calls++;
  });
  probe('empty-start', 'after', 'probe-end', () => void (t1 = process.cpuUsage()));
  probe('empty-end', 'after', 'empty-start', () => {
    const d = process.cpuUsage(t1);
    overhead += d.user + d.system;
  });
  const samples: number[] = [];
  // 9 × 120 frames = 18 s of engine time, inside the stretched capsules' 20 s.
  for (let r = 0; r < runs; r++) {
    spent = 0;
    overhead = 0;
    calls = 0;
    for (let f = 0; f < 120; f++) {
      clock.tick();
      engine.update();
    }
    samples.push(Math.max(0, spent - overhead) / calls / 100);
  }
  return {
    projectSrgb8Ms,
    projectHdrMs,
    systemUsPerAvatar: median(samples),
    ldOnly,
    ldAndHands,
    ldPerAvatar: ldEach,
    handsPerAvatar: hkEach,
  };
}

/** Markdown lines for the report. */
export function lightingReport(f: LightingFigures): string[] {
  const ratio = (p: [number, number]) => p[1] / p[0];
  const goal = (p: [number, number]) => `≤ 1.1×: ${ratio(p) <= 1.1 ? 'met' : 'NOT met'}`;
  return [
    '## SH relighting',
    '',
    `Projection of one 512×256 equirect (exact per-texel integration, median of repeated runs); the lighting system (30 Hz targets, per-frame interpolation, key-light split) timed alone inside a running engine of 100 avatars × ${f.ldPerAvatar} LD capsules at 60 fps; and engine frame time for 100 avatars with vs without \`lightingPlugin\`, interleaved runs, side by side. All figures are process CPU time (the machine is shared); the two engines run in alternating 30-frame blocks, medians over 36 blocks.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| project 512×256 RGBA8 sRGB | ${f.projectSrgb8Ms.toFixed(2)} ms |`,
    `| project 512×256 RGBA float (HDR) | ${f.projectHdrMs.toFixed(2)} ms |`,
    `| lighting system per avatar-frame | ${f.systemUsPerAvatar.toFixed(2)} µs |`,
    '',
    '| 100 avatars, per frame | without lighting ms | with lighting ms | ratio | goal |',
    '|---|---:|---:|---:|---|',
    `| ${f.ldPerAvatar} LD capsules each | ${f.ldOnly[0].toFixed(3)} | ${f.ldOnly[1].toFixed(3)} | ${ratio(f.ldOnly).toFixed(3)}× | ${goal(f.ldOnly)} |`,
    `| ${f.ldPerAvatar} LD + ${f.handsPerAvatar} hand capsules each | ${f.ldAndHands[0].toFixed(3)} | ${f.ldAndHands[1].toFixed(3)} | ${ratio(f.ldAndHands).toFixed(3)}× | ${goal(f.ldAndHands)} |`,
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of lightingReport(measureLighting())) console.log(line);
