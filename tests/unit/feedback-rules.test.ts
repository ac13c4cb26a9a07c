import { describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createFeedback, FeedbackRuleError } from '../../engine/feedback/index.ts';
import type { FeedbackFiring } from '../../engine/feedback/index.ts';
import { AVATAR_STATE, emotionInputHub, statePlugin } from '../../engine/state/index.ts';
import type { AvatarStateResource } from '../../engine/state/index.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const PROFILE = { format_version: 1 as const, id: 'friendly', capsules: [{ id: 'FMM_301', weight: 1 }] };

function engineWithProfile() {
  const clock = createSimulatedClock();
  const engine = createEngine({
    clock,
    seed: 1,
    plugins: [
      capsulePlugin(
        testRegistry(
          [
            capsule({
              id: 'FMM_301',
              domain: 'FMM',
              trigger: { relative_to: 'speech_onset', offset_ms: 0, probability: 1 },
              tracks: [{ kind: 'expression', target: 'happy', value: 0.5 }],
            }),
          ],
          [PROFILE],
        ),
      ),
      statePlugin(),
    ],
  });
  return { clock, engine, runtime: engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME) };
}

describe('feedback rules', () => {
  it('fire on the rising edge only, re-arm past the hysteresis, and log rule, emotion, value and time', () => {
    const f = createFeedback({ rules: [{ emotion: 'joy', threshold: 0.7, action: 'log', hysteresis: 0.2 }] });
    const seq = [0.2, 0.75, 0.9, 0.6, 0.72, 0.4, 0.8];
    const fired = seq.flatMap((v, i) => f.evaluate(1, { emotions: { joy: v } }, i * 100));
    // 0.75 fires; 0.9 (still up), 0.6 and 0.72 (not below 0.5 yet) do not; 0.4 re-arms; 0.8 fires.
    expect(fired.map((e) => [e.rule, e.emotion, e.value, e.time, e.outcome])).toEqual([
      [0, 'joy', 0.75, 100, 'ok'],
      [0, 'joy', 0.8, 600, 'ok'],
    ]);
    expect(f.log).toEqual(fired);
    expect(f.rules[0]).toMatchObject({ direction: 'above', hysteresis: 0.2, cooldown_ms: 0 });
  });

  it('below-threshold rules on valence, per-avatar state, cooldown drops edges inside it', () => {
    const f = createFeedback({
      rules: [
        {
          emotion: 'valence',
          threshold: -0.5,
          direction: 'below',
          action: 'log',
          hysteresis: 0.1,
          cooldown_ms: 1000,
        },
      ],
    });
    const v = (avatar: number, valence: number, t: number) => f.evaluate(avatar, { valence }, t).length;
    expect(v(1, -0.6, 0)).toBe(1);
    expect(v(2, -0.7, 10)).toBe(1); // another avatar has its own edge
    expect(v(1, -0.3, 100)).toBe(0); // re-armed (> −0.4)
    expect(v(1, -0.8, 200)).toBe(0); // an edge inside the cooldown is dropped…
    expect(v(1, -0.9, 1500)).toBe(0); // …not deferred: still down, no new edge
    expect(v(1, 0, 1600)).toBe(0);
    expect(v(1, -0.55, 1700)).toBe(1);
    expect(v(1, 0.2, 1800) + f.evaluate(1, { arousal: 0.9 }, 1900).length).toBe(0);
  });

  it('callback and host actions run with the firing and params; a throwing action is logged, not fatal', () => {
    const got: [FeedbackFiring, unknown][] = [];
    const f = createFeedback({
      rules: [
        { emotion: 'arousal', threshold: 0.5, action: 'callback', params: { tag: 'hype' } },
        { emotion: 'arousal', threshold: 0.6, action: 'explode' },
      ],
      callback: (firing, params) => got.push([firing, params]),
      actions: {
        explode: {
          run: () => {
            throw new Error('boom');
          },
        },
      },
    });
    const entries = f.evaluate(3, { arousal: 0.8 }, 42);
    expect(got).toEqual([
      [
        expect.objectContaining({ rule: 0, emotion: 'arousal', value: 0.8, avatar: 3, time: 42 }),
        { tag: 'hype' },
      ],
    ]);
    expect(entries.map((e) => [e.rule, e.outcome, e.error])).toEqual([
      [0, 'ok', undefined],
      [1, 'error', 'boom'],
    ]);
  });

  it('unknown actions, bad rules and bad params fail at registration with named errors', () => {
    const make =
      (rules: unknown, extra = {}) =>
      () =>
        createFeedback({ rules, source: 'rules.json', ...extra });
    expect(make([{ emotion: 'joy', threshold: 0.5, action: 'dance' }])).toThrow(FeedbackRuleError);
    expect(make([{ emotion: 'joy', threshold: 0.5, action: 'dance' }])).toThrow(
      'rules.json: rules[0].action: unknown action "dance" (registered: callback, log, play_profile)',
    );
    expect(make([{ emotion: 'joy', threshold: 1.5, action: 'log' }])).toThrow(
      'rules.json: rules[0].threshold must be <= 1',
    );
    expect(make([{ emotion: 'joy', threshold: -0.2, action: 'log' }])).toThrow(
      /rules\[0\]\.threshold: a named emotion/,
    );
    expect(make({ emotion: 'joy' })).toThrow(/rules must be array/);
    expect(make([{ emotion: 'joy', threshold: 0.5, action: 'log', params: { f: () => 1 } }])).toThrow(
      'rules.json: rules must be plain JSON data (no functions or class instances)',
    );
    expect(make([{ emotion: 'joy', threshold: 0.5, action: 'callback' }])).toThrow(/needs options.callback/);
    expect(
      make([{ emotion: 'joy', threshold: 0.5, action: 'play_profile', params: { profile: 'x' } }]),
    ).toThrow(/rules\[0\] \(play_profile\): play_profile needs options.engine/);
    const { engine } = engineWithProfile();
    expect(
      make([{ emotion: 'joy', threshold: 0.5, action: 'play_profile', params: { profile: 'nope' } }], {
        engine,
      }),
    ).toThrow('rules.json: rules[0] (play_profile): params.profile: profile "nope" is not in the registry');
    expect(make([], { actions: { log: { run() {} } } })).toThrow(/built in/);
    const f = createFeedback({ rules: [] });
    expect(() => f.evaluate(1, { valence: 3 }, 0)).toThrow(/valence must be a finite number within −1..1/);
  });

  it('play_profile runs through the capsule runtime when the engine hub gets an emotion input', () => {
    const { clock, engine, runtime } = engineWithProfile();
    const ada = runtime.addAvatar('ada');
    const f = createFeedback({
      engine,
      rules: [
        {
          emotion: 'joy',
          threshold: 0.6,
          action: 'play_profile',
          params: { profile: 'friendly', weight: 0.5 },
        },
      ],
    });
    clock.set(250);
    emotionInputHub(engine).push(ada, { emotions: { joy: 0.9 } }, 'packet 1');
    expect(f.log.map((e) => [e.action, e.time, e.avatar])).toEqual([['play_profile', 250, ada]]);
    engine.update();
    expect(runtime.timeline.map((r) => [r.id, r.start, r.weight])).toEqual([['FMM_301', 250, 0.5]]);
    expect(engine.resource<AvatarStateResource>(AVATAR_STATE).latest(ada)!.mood).toBe('joy');
    f.dispose();
    emotionInputHub(engine).push(ada, { emotions: { joy: 0 } });
    emotionInputHub(engine).push(ada, { emotions: { joy: 1 } });
    expect(f.log).toHaveLength(1);
  });
});
