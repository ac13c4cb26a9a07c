import { describe, expect, it } from 'vitest';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createFeedback } from '../../engine/feedback/index.ts';
import {
  AVATAR_STATE,
  emotionInputFromRecord,
  emotionRecordSink,
  statePlugin,
} from '../../engine/state/index.ts';
import type { AvatarStateResource } from '../../engine/state/index.ts';
import { createPacketReceiver, encodePacket } from '../../engine/wire/index.ts';
import type { Packet } from '../../engine/wire/index.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

describe('wire emotion records reach feedback rules and the state', () => {
  it('a packet’s emotion record fires a rule at the record’s engine time and sets the mood', () => {
    const clock = createSimulatedClock(1000);
    const engine = createEngine({
      clock,
      seed: 1,
      plugins: [capsulePlugin(testRegistry([capsule({ id: 'HK_501' })])), statePlugin({ heartbeatMs: 50 })],
    });
    const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    const ada = runtime.addAvatar('ada');
    const errors: string[] = [];
    const feedback = createFeedback({
      engine,
      rules: [
        { emotion: 'joy', threshold: 0.6, action: 'log' },
        { emotion: 'arousal', threshold: 0.5, action: 'log' },
      ],
    });
    const receiver = createPacketReceiver(engine, {
      avatars: { 0: { entity: ada } },
      source: 'ws:test',
      onEmotion: emotionRecordSink(engine, (m) => errors.push(m)),
    });
    const packet: Packet = {
      seq: 1,
      base_ms: 0,
      records: [
        {
          type: 'emotion',
          avatar: 0,
          at_ms: 200,
          vad: { valence: 0.5, arousal: 0.8, dominance: 0 },
          emotions: [{ name: 'joy', value: 0.9 }],
        },
      ],
    };
    expect(receiver.receive(encodePacket(packet))).toBe(true);
    for (let t = 1000; t <= 1400; t += 50) {
      clock.set(t);
      engine.update();
    }
    expect(errors).toEqual([]);
    expect(feedback.log.map((e) => [e.rule, e.emotion, e.avatar, e.time])).toEqual([
      [0, 'joy', ada, 1200],
      [1, 'arousal', ada, 1200],
    ]);
    expect(feedback.log[0]!.value).toBeCloseTo(0.9, 2); // 8-bit weights on the wire
    expect(engine.resource<AvatarStateResource>(AVATAR_STATE).latest(ada)!.mood).toBe('joy');
  });

  it('converts records and names a repeated emotion', () => {
    expect(emotionInputFromRecord({ emotions: [{ name: 'joy', value: 0.5 }] })).toEqual({
      emotions: { joy: 0.5 },
    });
    expect(() =>
      emotionInputFromRecord({
        emotions: [
          { name: 'joy', value: 0.5 },
          { name: 'joy', value: 0.6 },
        ],
      }),
    ).toThrow('emotion record: emotions[1].name "joy" is repeated');
  });
});
