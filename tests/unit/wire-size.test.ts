import { describe, expect, it } from 'vitest';
import { ARKIT_BYTES, DEMO_MS, H264_BYTES, demoPackets } from '../../bench/wire.bench.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createAvatar, leadLagPlugin } from '../../engine/avatar/index.ts';
import {
  createPacketReceiver,
  createPacketVoice,
  decodePacket,
  encodePacket,
} from '../../engine/wire/index.ts';
import type { WireEvent } from '../../engine/wire/index.ts';

describe('wire size', () => {
  it('a 60 s performance fits in 4 KB of packets (deterministic bytes)', () => {
    const demo = demoPackets();
    expect(demo.bytes).toBeLessThanOrEqual(4096);
    expect(demo.json.at(-1)!.records.some((r) => r.at_ms > DEMO_MS - 6000)).toBe(true);
    expect(demoPackets().packets).toEqual(demo.packets);
    // ≈ 180× below ARKit-52 frames and ≈ 8,000× below 1080p H.264 for the same minute.
    expect(ARKIT_BYTES / demo.bytes).toBeGreaterThan(180);
    expect(H264_BYTES / demo.bytes).toBeGreaterThan(8000);
    for (const p of demo.packets) expect(encodePacket(decodePacket(p))).toEqual(p);
  });

  it('the demo packets perform on the real library: every id resolves, every line is spoken', async () => {
    const { registry, errors } = loadFolder('capsules');
    expect(errors).toEqual([]);
    const clock = createSimulatedClock(0);
    const engine = createEngine({ clock, seed: 3, plugins: [capsulePlugin(registry), leadLagPlugin()] });
    const voices = [createPacketVoice(), createPacketVoice()];
    const ada = createAvatar(engine, { name: 'ada', voice: voices[0] });
    const ben = createAvatar(engine, { name: 'ben', voice: voices[1] });
    const runtimeEvents: RuntimeEvent[] = [];
    const wireEvents: WireEvent[] = [];
    const receiver = createPacketReceiver(engine, {
      avatars: {
        0: { entity: ada.entity, handle: ada, voice: voices[0] },
        1: { entity: ben.entity, handle: ben, voice: voices[1] },
      },
      timeOffsetMs: 0,
    });
    receiver.onEvent((e) => wireEvents.push(e));
    // The runtime logs missing capsules and profiles.
    engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME).onEvent((e) => runtimeEvents.push(e));
    const demo = demoPackets();
    let next = 0;
    for (let t = 0; t <= DEMO_MS + 2000; t += 50) {
      while (next < demo.json.length && demo.json[next]!.base_ms <= t)
        receiver.receive(demo.packets[next++]!);
      clock.set(t);
      engine.update();
      await Promise.resolve();
    }
    expect(next).toBe(demo.packets.length);
    expect(wireEvents).toEqual([]);
    // Every line was performed: its profile's capsules are on the timeline after its time.
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const spoken = demo.json.flatMap((p) => p.records.filter((r) => r.type === 'say'));
    for (const line of spoken)
      expect(runtime.timeline.some((r) => r.start >= line.at_ms && r.start < line.at_ms + 3000)).toBe(true);
    expect(runtimeEvents.filter((e) => e.kind === 'missing-capsule' || e.kind === 'missing-profile')).toEqual(
      [],
    );
  }, 60_000);
});
