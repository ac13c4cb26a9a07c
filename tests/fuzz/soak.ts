/**
 * The soak: hours of simulated time at 60 Hz on a fixed-step clock, several avatars over the whole
 * library with the idle beneath, and a seeded storm of plays, triggers, profiles, cancels,
 * revocations, avatar swaps and packets (valid and mutated) through `createPacketReceiver`. Every
 * frame every pose channel is checked finite and within its clamp; instance entities, the timeline
 * and the heap are sampled each simulated minute. Shared by tests/fuzz/soak.test.ts (3 minutes) and
 * bench/soak.bench.ts (one hour).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { query } from 'bitecs';
import { CHANNEL_MAX, CHANNEL_MIN } from '../../engine/capsules/channel-limits.ts';
import { CapsuleInstance } from '../../engine/capsules/components.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import type { CapsuleRegistry } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME, type CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { idlePlugin } from '../../engine/idle/plugin.ts';
import {
  createPacketReceiver,
  encodePacket,
  type Packet,
  type PacketRecord,
} from '../../engine/wire/index.ts';
import { createRng, type Rng } from './mutate.ts';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** Frames at 60 Hz (216,000 = one hour). */
  readonly frames: number;
  readonly avatars: number;
  readonly seed: number;
  /** A registry holding the library. */
  readonly registry: CapsuleRegistry;
  /** Called once per simulated minute, before the heap is sampled (a progress line, a probe). */
  readonly onMinute?: (minute: number, result: SoakResult, runtime: CapsuleRuntime) => void;
}

/** What the soak saw. */
export interface SoakResult {
  frames: number;
  /** Channel values checked (avatars × channels × frames) and rotation components. */
  checked: number;
  /** Non-finite channel or rotation values seen (must stay 0). */
  nonFinite: number;
  /** Channel values outside their clamps (must stay 0). */
  outOfRange: number;
  firstProblem: string | null;
  /** Live capsule-instance entities: the most at any sample, and at the end. */
  maxInstances: number;
  endInstances: number;
  /** Timeline records at the end, and records added per simulated minute over the last half. */
  timelineRecords: number;
  timelinePerMinute: number;
  /** Heap used (MB) after a forced GC where available: first minute, end, peak. */
  heap: { start: number; end: number; peak: number; gc: boolean };
  /** API calls made, and packets sent (valid / mutated) and applied. */
  commands: number;
  packetsValid: number;
  packetsMutated: number;
  packetsApplied: number;
  /** Runtime and wire events by kind. */
  events: Record<string, number>;
  avatarSwaps: number;
}

/** A forced GC: `global.gc` when node runs with --expose-gc, else switched on at run time. */
export function obtainGc(): { gc: () => void; real: boolean } {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return { gc: existing, real: true };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    return { gc, real: true };
  } catch {
    return { gc: () => {}, real: false };
  }
}

const MB = 1024 * 1024;

/** Runs the soak. */
export function runSoak(options: SoakOptions): SoakResult {
  const { registry } = options;
  const rng = createRng(options.seed);
  const clock = createFixedStepClock(60);
  const engine = createEngine({
    clock,
    seed: options.seed,
    plugins: [capsulePlugin(registry), idlePlugin()],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const ids = registry.ids();
  const profiles = registry.profileIds();
  const avatars: number[] = [];
  let named = 0;
  const addAvatar = (): number => runtime.addAvatar(`soak-${named++}`);
  for (let i = 0; i < options.avatars; i++) avatars.push(addAvatar());

  const events: Record<string, number> = {};
  const count = (kind: string): void => void (events[kind] = (events[kind] ?? 0) + 1);
  runtime.onEvent((e) => count(`runtime:${e.kind}`));
  const receiver = createPacketReceiver(engine, {
    avatars: (slot) => (avatars[slot] === undefined ? undefined : { entity: avatars[slot] }),
    source: 'soak',
    timeOffsetMs: 0,
  });
  receiver.onEvent((e) => count(`wire:${e.kind}`));

  const { gc, real } = obtainGc();
  const heapNow = (): number => {
    gc();
    return process.memoryUsage().heapUsed / MB;
  };

  const result: SoakResult = {
    frames: 0,
    checked: 0,
    nonFinite: 0,
    outOfRange: 0,
    firstProblem: null,
    maxInstances: 0,
    endInstances: 0,
    timelineRecords: 0,
    timelinePerMinute: 0,
    heap: { start: 0, end: 0, peak: 0, gc: real },
    commands: 0,
    packetsValid: 0,
    packetsMutated: 0,
    packetsApplied: 0,
    events,
    avatarSwaps: 0,
  };
  const revoked: string[] = [];
  let seq = 0;
  let halfTimeline = 0;
  const minutes = Math.floor(options.frames / 3600);

  const act = (now: number): void => {
    const avatar = avatars[rng.int(avatars.length)]!;
    const r = rng.next();
    result.commands++;
    try {
      if (r < 0.4) runtime.play(avatar, rng.pick(ids), { atMs: now + rng.int(300), weight: rng.next() });
      else if (r < 0.6)
        runtime.trigger(avatar, rng.pick(ids), { speech_onset: now + rng.int(800) }, { weight: rng.next() });
      else if (r < 0.7)
        runtime.playProfile(
          avatar,
          rng.pick(profiles),
          { speech_onset: now + 200 },
          {
            weight: rng.next(),
            tempo: 0.5 + rng.next(),
            jitter: rng.next() * 2,
          },
        );
      else if (r < 0.85)
        runtime.cancel(avatar, rng.chance(0.5) ? rng.pick(ids) : null, { fadeMs: rng.int(400) });
      else if (r < 0.93) {
        const id = rng.pick(ids);
        if (registry.revoke(id)) revoked.push(id);
      } else if (revoked.length > 0) registry.restore(revoked.splice(rng.int(revoked.length), 1)[0]!);
    } catch (e) {
      count(`api-threw:${e instanceof Error ? e.name : 'unknown'}`);
    }
  };

  const sendPacket = (now: number): void => {
    const packet = randomPacket(rng, ++seq, now, ids, profiles, avatars.length);
    let bytes: Uint8Array;
    try {
      bytes = encodePacket(packet);
    } catch {
      count('encode-refused');
      return;
    }
    const mutate = rng.chance(0.3);
    if (mutate) {
      bytes = mutatePacketBytes(bytes, rng);
      result.packetsMutated++;
    } else result.packetsValid++;
    try {
      if (receiver.receive(bytes)) result.packetsApplied++;
    } catch (e) {
      count(`receiver-threw:${e instanceof Error ? e.name : 'unknown'}`);
    }
  };

  const sample = (minute: number): void => {
    const instances = query(engine.world.ecs, [CapsuleInstance]).length;
    result.maxInstances = Math.max(result.maxInstances, instances);
    result.endInstances = instances;
    result.timelineRecords = runtime.timeline.length;
    if (minute === Math.floor(minutes / 2)) halfTimeline = runtime.timeline.length;
    options.onMinute?.(minute, result, runtime);
    const heap = heapNow();
    if (minute === 1) result.heap.start = heap;
    result.heap.end = heap;
    result.heap.peak = Math.max(result.heap.peak, heap);
  };

  for (let f = 1; f <= options.frames; f++) {
    const now = clock.tick();
    if (rng.chance(0.05)) act(now);
    if (rng.chance(0.01)) sendPacket(now);
    if (rng.chance(1 / 7200)) {
      // An avatar leaves and another takes its slot.
      const slot = rng.int(avatars.length);
      runtime.removeAvatar(avatars[slot]!);
      avatars[slot] = addAvatar();
      result.avatarSwaps++;
    }
    engine.update();
    for (const avatar of avatars) check(runtime, avatar, now, result);
    result.frames = f;
    if (f % 3600 === 0) sample(f / 3600);
  }
  if (options.frames % 3600 !== 0 || minutes === 0) sample(minutes + 1);
  const halfMinutes = minutes - Math.floor(minutes / 2);
  result.timelinePerMinute = halfMinutes > 0 ? (runtime.timeline.length - halfTimeline) / halfMinutes : 0;
  receiver.dispose();
  return result;
}

function check(runtime: CapsuleRuntime, avatar: number, now: number, result: SoakResult): void {
  const pose = runtime.pose(avatar);
  const ch = pose.channels;
  for (let c = 0; c < ch.length; c++) {
    const v = ch[c]!;
    if (v !== v || v === Infinity || v === -Infinity) {
      result.nonFinite++;
      result.firstProblem ??= `avatar ${avatar}: channel ${c} is ${v} at ${now} ms`;
      continue;
    }
    const lo = CHANNEL_MIN[c]!;
    const hi = CHANNEL_MAX[c]!;
    // Pose channels are float32: a clamped value may round a hair past a float64 limit.
    if (v < lo - 1e-5 * (1 + Math.abs(lo)) || v > hi + 1e-5 * (1 + Math.abs(hi))) {
      result.outOfRange++;
      result.firstProblem ??= `avatar ${avatar}: channel ${c} = ${v} outside ${lo}..${hi} at ${now} ms`;
    }
  }
  const rot = pose.rotations;
  for (let i = 0; i < rot.length; i++) {
    const v = rot[i]!;
    if (v !== v || v === Infinity || v === -Infinity) {
      result.nonFinite++;
      result.firstProblem ??= `avatar ${avatar}: rotation component ${i} is ${v} at ${now} ms`;
    }
  }
  result.checked += ch.length + rot.length;
}

/** A packet of 1–4 records: mostly valid ids and times, some unknown ids, far times, bad slots. */
export function randomPacket(
  rng: Rng,
  seq: number,
  now: number,
  ids: readonly string[],
  profiles: readonly string[],
  avatarCount: number,
): Packet {
  const base = Math.floor(now);
  const records: PacketRecord[] = [];
  const n = 1 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const avatar = rng.chance(0.95) ? rng.int(avatarCount) : rng.pick([avatarCount, 200, 255]);
    const at_ms = base + (rng.chance(0.9) ? rng.int(500) : rng.pick([0, 60_000, 3_600_000]));
    const capsule = rng.chance(0.9) ? rng.pick(ids) : rng.pick(['HK_999', 'ZZ_001', 'VC_99999']);
    const weight = rng.pick([0, 1, rng.next()]);
    const r = rng.int(4);
    if (r === 0) records.push({ type: 'play', avatar, at_ms, capsule, weight });
    else if (r === 1)
      records.push({
        type: 'trigger',
        avatar,
        at_ms,
        capsule,
        weight,
        anchors: { speech_onset: at_ms + 150 },
      });
    else if (r === 2)
      records.push({
        type: 'profile',
        avatar,
        at_ms,
        profile: rng.chance(0.9) ? rng.pick(profiles) : 'no_such_profile',
        weight,
      });
    else
      records.push({
        type: 'cancel',
        avatar,
        at_ms,
        capsule: rng.chance(0.5) ? capsule : null,
        fade_ms: rng.int(300),
      });
  }
  return { seq, base_ms: base, records };
}

/** Byte damage to an encoded packet: flips, truncation, a stray tail, a zeroed span. */
export function mutatePacketBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  switch (rng.int(4)) {
    case 0: {
      const flips = 1 + rng.int(4);
      for (let k = 0; k < flips; k++) {
        const at = rng.int(out.length);
        out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
      }
      return out;
    }
    case 1:
      return out.subarray(0, rng.int(out.length));
    case 2: {
      const longer = new Uint8Array(out.length + 1 + rng.int(16));
      longer.set(out);
      return longer;
    }
    default: {
      const at = rng.int(out.length);
      out.fill(rng.chance(0.5) ? 0 : 0xff, at, at + 1 + rng.int(8));
      return out;
    }
  }
}
