import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createFixedStepClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createAvatar } from '../../engine/avatar/create-avatar.ts';
import { leadLagPlugin } from '../../engine/timing/plugin.ts';
import { LEAD_LAG } from '../../engine/timing/resource.ts';
import type { LeadLagResource } from '../../engine/timing/resource.ts';

const { registry } = loadFolder('capsules');
const friendly = registry.profile('friendly');

describe('the real library', () => {
  it.skipIf(!friendly)(
    'friendly: hands lead 50–180 ms, face 0–50, onsets exactly as planned at 60 fps',
    async () => {
      const clock = createFixedStepClock(60);
      const engine = createEngine({ clock, seed: 8, plugins: [capsulePlugin(registry), leadLagPlugin()] });
      const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
      const lead = engine.resource<LeadLagResource>(LEAD_LAG);
      const avatar = createAvatar(engine, { name: 'ava', profile: 'friendly' });
      const line = avatar.perform({ text: 'Oh, hi! It is so good to see you again, really.', seed: 4 });
      await new Promise<void>((r) => setImmediate(r));
      engine.update();
      for (let f = 0; f < 600 && lead.active.size > 0; f++) {
        clock.tick();
        engine.update();
      }
      const result = await line.done;
      expect(result.cancelled).toBe(false);
      const lanes = lead.utterances[0]!;
      const S = lanes.speechOnsetAt;
      const plan = lanes.items.filter((i) => i.kind === 'capsule' && i.status !== 'skipped');
      expect(plan.length).toBeGreaterThan(10);
      const leadsOf = (lane: string) =>
        plan.filter((i) => i.lane === lane && i.start < S).map((i) => S - i.start);
      const hands = leadsOf('hand');
      expect(hands.length).toBeGreaterThan(0);
      for (const l of hands) expect(l >= 50 - 1e-9 && l <= 180 + 1e-9, `hand lead ${l}`).toBe(true);
      for (const l of leadsOf('face')) expect(l >= 0 && l <= 50 + 1e-9, `face lead ${l}`).toBe(true);
      expect(lanes.voiceAt).toBe(S);
      // The runtime's records carry the plan's onsets (speech-relative friendly capsules included).
      const records = runtime.timeline.map((r) => [r.id, r.start]);
      expect(records).toEqual(plan.map((i) => [i.label, i.start]));
      expect(lanes.phases.map((p) => p.phase)).toEqual([
        'handLead',
        'face',
        'voice',
        'sustain',
        'release',
        'idle',
      ]);
    },
  );
});
