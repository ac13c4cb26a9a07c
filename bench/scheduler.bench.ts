/**
 * Lead-lag scheduler overhead: per utterance, the plan (profile triggers, windows, word/stress/phrase
 * anchors, lips) plus one xstate lead-lag actor run to completion on xstate's SimulatedClock, moved
 * to each planned phase time in turn (as the engine's timer clock fires them). Median µs per
 * utterance over repeated runs, with the plan's share beside it. Capsule evaluation is the
 * engine-update bench's business; this is the cost added once per spoken line.
 */
import { SimulatedClock, createActor } from 'xstate';
import { createRegistry } from '../engine/capsules/registry.ts';
import type { Capsule, Profile } from '../engine/capsules/schema-types.ts';
import { silentUtterance } from '../engine/timing/silent-utterance.ts';
import { leadLagMachine } from '../engine/timing/lead-lag-machine.ts';
import { planUtterance } from '../engine/timing/plan.ts';
import { median, timeMs } from './stats.ts';

const LINE = 'Well, I think that is a wonderful idea, and I would love to help you with it.';

/** A capsule of the bench profile; only its trigger matters here. */
function benchCapsule(id: string, domain: Capsule['domain'], trigger: Capsule['trigger']): Capsule {
  const track: Capsule['tracks'][number] =
    domain === 'FMM' || domain === 'TC'
      ? { kind: 'expression', target: 'happy', value: 0.4 }
      : domain === 'VC'
        ? { kind: 'voice', target: 'breathiness', value: 0.2 }
        : { kind: 'joint', target: domain === 'HK' ? 'rightIndexProximal' : 'head', value: [0, 0, 10] };
  return {
    format_version: 1,
    id,
    domain,
    subtype: 'bench',
    trigger,
    duration_ms: 200,
    envelope: { attack_ms: 50, hold_ms: 100, release_ms: 50, easing: 'linear' },
    tracks: [track],
    priority: 5,
    blend_mode: 'additive',
  };
}

/** 16 capsules: 6 hand leads, 4 face, 2 voice (one on the speaking rate), per-word and per-stress beats, phrase ends. */
function benchRegistry() {
  const caps: Capsule[] = [];
  for (let i = 0; i < 6; i++)
    caps.push(benchCapsule(`HK_${300 + i}`, 'HK', { relative_to: 'speech_onset', offset_ms: -260 + i * 30 }));
  for (let i = 0; i < 4; i++)
    caps.push(
      benchCapsule(`FMM_${300 + i}`, 'FMM', { relative_to: 'speech_onset', offset_ms: -80 + i * 20 }),
    );
  caps.push(benchCapsule('VC_300', 'VC', { relative_to: 'speech_onset', offset_ms: 0 }));
  // A rate capsule: the planner forecasts the speaking rate to place word beats (the costly case).
  caps.push({
    ...benchCapsule('VC_301', 'VC', { relative_to: 'speech_onset', offset_ms: 100 }),
    duration_ms: 2000,
    envelope: { attack_ms: 300, hold_ms: 1400, release_ms: 300, easing: 'linear' },
    blend_mode: 'multiply',
    tracks: [{ kind: 'voice', target: 'rate', value: 1.15 }],
  });
  caps.push(benchCapsule('TR_300', 'TR', { relative_to: 'word_boundary', offset_ms: 0, probability: 0.7 }));
  caps.push(benchCapsule('TR_301', 'TR', { relative_to: 'stressed_syllable', offset_ms: -30 }));
  caps.push(benchCapsule('TC_300', 'TC', { relative_to: 'phrase_end', offset_ms: 40 }));
  caps.push(benchCapsule('BK_300', 'BK', { relative_to: 'previous_capsule', offset_ms: 20 }));
  const profile: Profile = {
    format_version: 1,
    id: 'bench',
    capsules: caps.map((c) => ({ id: c.id, weight: 0.8 })),
  };
  const registry = createRegistry();
  const errors = registry.add([
    ...caps.map((c) => ({ file: `${c.id}.capsule.json`, json: c })),
    { file: 'bench.profile.json', json: profile },
  ]);
  if (errors.length) throw new Error(errors[0]!.format());
  return { registry, profile: registry.profile('bench')! };
}

type Ctx = ReturnType<typeof benchRegistry>;

const utterance = silentUtterance(LINE);

/** Plans one utterance. */
function planOne(ctx: Ctx, seed: number) {
  return planUtterance({ registry: ctx.registry, profile: ctx.profile, utterance, nowMs: 0, seed });
}

/** Plans one utterance and runs its machine to idle; returns the number of capsule occurrences. */
function oneUtterance(ctx: Ctx, seed: number): number {
  const plan = planOne(ctx, seed);
  const clock = new SimulatedClock();
  const actor = createActor(leadLagMachine, {
    clock,
    input: { phases: plan.phases, now: () => clock.now() },
  });
  actor.start();
  actor.send({ type: 'START' });
  const p = plan.phases;
  for (const t of [p.face, p.voice, p.sustain, p.release, p.end]) clock.set(t);
  if (actor.getSnapshot().value !== 'idle') throw new Error('scheduler bench: the machine did not finish');
  actor.stop();
  return plan.capsules.length;
}

/** Median µs per utterance of `fn` over `runs` runs of `utterances`. */
function medianUs(runs: number, utterances: number, fn: (seed: number) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const ms = timeMs(() => {
      for (let i = 0; i < utterances; i++) fn(r * utterances + i);
    });
    samples.push((ms * 1000) / utterances);
  }
  return median(samples);
}

/** Scheduler cost per utterance: plan + machine run (`perUtteranceUs`), and the plan alone. */
export interface SchedulerResult {
  perUtteranceUs: number;
  planUs: number;
  utterances: number;
  /** Capsule occurrences planned per utterance (16 profile entries, some per word). */
  occurrences: number;
}

/** Median µs of scheduler work per utterance (plan + machine run), over `runs` runs of `utterances`. */
export function measureScheduler(runs = 9, utterances = 200): SchedulerResult {
  const ctx = benchRegistry();
  let occurrences = 0;
  for (let i = 0; i < 200; i++) occurrences = oneUtterance(ctx, i); // warm-up
  return {
    perUtteranceUs: medianUs(runs, utterances, (seed) => oneUtterance(ctx, seed)),
    planUs: medianUs(runs, utterances, (seed) => planOne(ctx, seed)),
    utterances,
    occurrences,
  };
}
