import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { compression } from '../../engine/timing/audio-first.ts';
import { silentUtterance } from '../../engine/timing/silent-utterance.ts';
import { utteranceAnchors } from '../../engine/timing/utterance-anchors.ts';
import { leadLagMachine } from '../../engine/timing/lead-lag-machine.ts';
import { planUtterance } from '../../engine/timing/plan.ts';
import type { LeadLagPlan, PlanRequest } from '../../engine/timing/plan.ts';
import { createTimerClock } from '../../engine/timing/timer-clock.ts';
import type { Utterance } from '../../engine/voice/voice-source.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const finger = { kind: 'joint' as const, target: 'rightIndexProximal' as const, value: [0, 0, 20] };
const smile = { kind: 'expression' as const, target: 'happy', value: 0.6 };
const LIB: Capsule[] = [
  capsule({ id: 'HK_101', trigger: { relative_to: 'speech_onset', offset_ms: -250, probability: 1 } }),
  capsule({ id: 'HK_102', trigger: { relative_to: 'speech_onset', offset_ms: -190, probability: 1 } }),
  capsule({ id: 'HK_103', trigger: { relative_to: 'speech_onset', offset_ms: 40, probability: 1 } }),
  capsule({
    id: 'FMM_101',
    domain: 'FMM',
    trigger: { relative_to: 'speech_onset', offset_ms: -90, probability: 1 },
    tracks: [smile],
  }),
  capsule({
    id: 'VC_101',
    domain: 'VC',
    trigger: { relative_to: 'speech_onset', offset_ms: -30, probability: 1 },
    tracks: [{ kind: 'voice', target: 'breathiness', value: 0.3 }],
  }),
  capsule({
    id: 'TR_101',
    domain: 'TR',
    duration_ms: 80,
    envelope: { attack_ms: 20, hold_ms: 40, release_ms: 20, easing: 'linear' },
    trigger: { relative_to: 'word_boundary', offset_ms: 0, probability: 1 },
    tracks: [{ kind: 'joint', target: 'head', value: [4, 0, 0] }],
  }),
  capsule({
    id: 'TR_102',
    domain: 'TR',
    duration_ms: 60,
    envelope: { attack_ms: 20, hold_ms: 20, release_ms: 20, easing: 'linear' },
    trigger: { relative_to: 'stressed_syllable', offset_ms: -20, probability: 1 },
    tracks: [{ kind: 'joint', target: 'neck', value: [2, 0, 0] }],
  }),
  capsule({
    id: 'TC_101',
    domain: 'TC',
    trigger: { relative_to: 'phrase_end', offset_ms: 30, probability: 1 },
    tracks: [{ kind: 'expression', target: 'blink', value: 1 }],
  }),
  capsule({
    id: 'BK_101',
    domain: 'BK',
    trigger: { relative_to: 'previous_capsule', offset_ms: 10, probability: 1 },
    tracks: [{ kind: 'joint', target: 'spine', value: [2, 0, 0] }],
  }),
  capsule({ id: 'HK_104', trigger: { relative_to: 'speech_onset', offset_ms: -100, probability: 0.5 } }),
  capsule({
    id: 'HK_105',
    trigger: { relative_to: 'speech_onset', offset_ms: -150, probability: 1 },
    variation: { timing: 0.15, intensity: 0.15 },
    tracks: [finger],
  }),
];
const profile = (id: string, ids: string[], tempo = 1): Profile => ({
  format_version: 1,
  id,
  capsules: ids.map((c) => ({ id: c, weight: 0.8 })),
  modifiers: { tempo_factor: tempo, noise_jitter: 1 },
});
const ALL = profile('all', ['HK_101', 'HK_102', 'HK_103', 'FMM_101', 'VC_101', 'TR_101', 'TR_102', 'TC_101']);
const registry = testRegistry(LIB, [ALL]);

/** Three words with known times: "Well, hello there." with 30 ms of leading silence. */
const UTT: Utterance = {
  audio: new Float32Array(48),
  sampleRate: 48000,
  durationMs: 1000,
  words: [
    { text: 'Well,', startMs: 30, endMs: 250, stressMs: 60 },
    { text: 'hello', startMs: 450, endMs: 700, stressMs: 560 },
    { text: 'there.', startMs: 720, endMs: 950, stressMs: 740 },
  ],
  phonemes: [
    { phoneme: 'w', startMs: 30, endMs: 90 },
    { phoneme: 'ɛ', startMs: 90, endMs: 180 },
    { phoneme: 'l', startMs: 180, endMs: 250 },
    { phoneme: 'h', startMs: 450, endMs: 500 },
  ],
};

const plan = (over: Partial<PlanRequest> = {}): LeadLagPlan =>
  planUtterance({ registry, profile: ALL, utterance: UTT, nowMs: 1000, seed: 7, ...over });
const at = (p: LeadLagPlan, id: string) => p.capsules.filter((c) => c.id === id).map((c) => c.at);
const one = (p: LeadLagPlan, id: string) => at(p, id)[0]!;

describe('plan: default windows', () => {
  const p = plan();
  const S = p.speechOnsetAt;

  it('hands lead speech by 50–180 ms, face by 0–50 ms, voice at 0', () => {
    for (const c of p.capsules.filter(
      (c) => c.lane === 'hand' && c.relativeTo === 'speech_onset' && c.at < S,
    )) {
      expect(S - c.at, c.id).toBeGreaterThanOrEqual(50 - 1e-9);
      expect(S - c.at, c.id).toBeLessThanOrEqual(180 + 1e-9);
    }
    expect(S - one(p, 'FMM_101')).toBeGreaterThanOrEqual(0);
    expect(S - one(p, 'FMM_101')).toBeLessThanOrEqual(50);
    expect(p.voiceAt).toBe(S);
    expect(one(p, 'VC_101')).toBe(S); // the voice never leads itself
    expect(p.audioAt).toBe(S - 30); // leading silence of the audio
  });

  it('shifts the hand group so its earliest onset is at the window edge, keeping spacing', () => {
    // −250 and −190 (no variation) → shift +70 → −180, −120
    expect(one(p, 'HK_101') - S).toBeCloseTo(-180, 9);
    expect(one(p, 'HK_102') - S).toBeCloseTo(-120, 9);
    expect(one(p, 'HK_103') - S).toBeCloseTo(40, 9); // not a lead: its own trigger rules
    expect(one(p, 'FMM_101') - S).toBeCloseTo(-50, 9);
  });

  it('nothing starts before now; the earliest lead starts exactly now', () => {
    expect(Math.min(...p.capsules.map((c) => c.at), p.audioAt)).toBe(1000);
    expect(S).toBe(1180);
    expect(p.handLeadMs).toBeCloseTo(180, 9);
    expect(p.faceLeadMs).toBeCloseTo(50, 9);
  });

  it('phase times follow the plan', () => {
    expect(p.phases).toEqual({
      handLead: 1000,
      face: S - 50,
      voice: S,
      sustain: p.audioAt + 250,
      release: p.audioAt + 1000,
      end: Math.max(p.audioAt + 1000, ...p.capsules.map((c) => c.end)),
    });
  });

  it('lips sit on the phoneme times', () => {
    expect(p.lips.map((l) => l.start - p.audioAt)).toEqual([30, 90, 180, 450]);
  });
});

describe('plan: word, stress and phrase anchors', () => {
  const p = plan();
  it('a word_boundary capsule fires at every word start', () => {
    expect(at(p, 'TR_101')).toEqual([30, 450, 720].map((t) => p.audioAt + t));
  });
  it('a stressed_syllable capsule fires at every stress (minus its offset), never overlapping itself', () => {
    expect(at(p, 'TR_102')).toEqual([40, 540, 720].map((t) => p.audioAt + t));
    const close: Utterance = {
      ...UTT,
      words: UTT.words.map((w, i) => ({ ...w, stressMs: 100 + i * 30 })),
    };
    const q = plan({ utterance: close });
    // 60 ms long: the onset at 110 would overlap the one at 80; the one at 140 does not
    expect(at(q, 'TR_102')).toEqual([80, 140].map((t) => q.audioAt + t));
  });
  it('a phrase_end capsule fires after each punctuated word and the last word', () => {
    expect(at(p, 'TC_101')).toEqual([280, 980].map((t) => p.audioAt + t));
  });
  it('a previous_capsule capsule chains on the previous entry', () => {
    const reg = testRegistry(LIB, [profile('chain', ['FMM_101', 'BK_101'])]);
    const q = planUtterance({
      registry: reg,
      profile: reg.profile('chain'),
      utterance: UTT,
      nowMs: 0,
      seed: 1,
    });
    expect(one(q, 'BK_101')).toBeCloseTo(one(q, 'FMM_101') + 100 + 10, 9);
  });
});

describe('plan: overrides', () => {
  it('handsMs places the earliest hand lead exactly and keeps the spacing (no window)', () => {
    const p = plan({ leadLag: { handsMs: 300 } });
    expect(one(p, 'HK_101') - p.speechOnsetAt).toBeCloseTo(-300, 9);
    expect(one(p, 'HK_102') - p.speechOnsetAt).toBeCloseTo(-240, 9);
    expect(p.capsules.find((c) => c.id === 'HK_101')!.adjustment).toBe('override');
    expect(Math.min(...p.capsules.map((c) => c.at))).toBe(1000);
  });
  it('faceMs places the earliest face lead exactly', () => {
    const p = plan({ leadLag: { faceMs: 120 } });
    expect(one(p, 'FMM_101') - p.speechOnsetAt).toBeCloseTo(-120, 9);
    expect(one(p, 'HK_101') - p.speechOnsetAt).toBeCloseTo(-180, 9);
  });
  it('voiceMs moves the voice, lips, VC and audio anchors against hands and face', () => {
    const base = plan();
    const p = plan({ leadLag: { voiceMs: 60 } });
    expect(p.voiceAt - p.speechOnsetAt).toBe(60);
    expect(one(p, 'HK_101') - p.speechOnsetAt).toBeCloseTo(-180, 9);
    expect(one(p, 'VC_101')).toBe(p.voiceAt);
    expect(p.lips[0]!.start).toBe(p.voiceAt);
    expect(at(p, 'TR_101')[0]).toBe(p.voiceAt);
    expect(p.voiceAt - one(p, 'HK_101')).toBeCloseTo(base.voiceAt - one(base, 'HK_101') + 60, 9);
    // a voice well before the hands' anchor: still nothing before now
    const early = plan({ leadLag: { voiceMs: -400 } });
    expect(early.audioAt).toBe(1000);
    expect(Math.min(...early.capsules.map((c) => c.at))).toBeGreaterThanOrEqual(1000);
  });
});

describe('plan: audio-first', () => {
  const p = plan({ audioFirst: true });
  it('the audio starts now', () => {
    expect(p.audioAt).toBe(1000);
    expect(p.voiceAt).toBe(1030);
  });
  it('leads compress into the leading silence, in order, and never delay the voice', () => {
    const hands = one(p, 'HK_101');
    const face = one(p, 'FMM_101');
    expect(hands).toBe(1000);
    expect(face).toBeGreaterThan(hands);
    expect(face).toBeLessThanOrEqual(p.voiceAt);
    // linear: the lead window [S−180, S] maps onto [now, S] = 30 ms
    expect(face).toBeCloseTo(1030 - 50 * (30 / 180), 9);
    expect(one(p, 'HK_102')).toBeCloseTo(1030 - 120 * (30 / 180), 9);
    expect(p.capsules.find((c) => c.id === 'HK_101')!.adjustment).toBe('compressed');
    // words are untouched
    expect(at(p, 'TR_101')).toEqual([1030, 1450, 1720]);
  });
  it('with no leading silence every lead collapses onto the speech onset (now)', () => {
    const tight = { ...UTT, words: UTT.words.map((w, i) => (i === 0 ? { ...w, startMs: 0 } : w)) };
    const q = plan({ audioFirst: true, utterance: tight });
    expect(q.audioAt).toBe(1000);
    expect(one(q, 'HK_101')).toBe(1000);
    expect(one(q, 'FMM_101')).toBe(1000);
  });
  it('compression map is identity when nothing is early, and monotone', () => {
    expect(compression(0, 100, 0)(-5)).toBe(-5);
    const f = compression(0, 100, -200);
    const want = [0, 100 / 3, 200 / 3, 250 / 3, 100, 150];
    [-200, -100, 0, 50, 100, 150].map(f).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9));
  });
});

describe('plan: determinism and seeds', () => {
  it('the same seed gives the same plan; another seed varies onsets and probability draws', () => {
    const reg = testRegistry(LIB, [profile('v', ['HK_104', 'HK_105'])]);
    const mk = (seed: number) =>
      planUtterance({ registry: reg, profile: reg.profile('v'), utterance: UTT, nowMs: 0, seed });
    expect(mk(3)).toEqual(mk(3));
    const plans = Array.from({ length: 24 }, (_, s) => mk(s));
    expect(new Set(plans.map((q) => one(q, 'HK_105') - q.speechOnsetAt)).size).toBeGreaterThan(1);
    expect(new Set(plans.map((q) => q.capsules.find((c) => c.id === 'HK_104')!.fires))).toEqual(
      new Set([true, false]),
    );
  });
  it('tempo divides offsets; missing capsules are reported, not thrown', () => {
    const reg = testRegistry(LIB, [profile('fast', ['HK_102', 'ZZ_999'], 2)]);
    const q = planUtterance({
      registry: reg,
      profile: reg.profile('fast'),
      utterance: UTT,
      nowMs: 0,
      seed: 1,
    });
    expect(one(q, 'HK_102') - q.speechOnsetAt).toBeCloseTo(-95, 9);
    expect(q.missing).toEqual(['ZZ_999']);
  });
});

describe('plan: long input', () => {
  it('plans a 4,000-word utterance (per-word beats, thousands of phonemes) without trouble', () => {
    const long = silentUtterance(
      Array.from({ length: 4000 }, (_, i) => `word${i}${i % 9 === 8 ? '.' : ''}`).join(' '),
    );
    const p = plan({ utterance: long });
    expect(p.anchors.wordBoundaries).toHaveLength(4000);
    expect(at(p, 'TR_101').length).toBeGreaterThan(1000);
    expect(p.lips.length).toBe(long.phonemes.length);
    expect(Number.isFinite(p.phases.end)).toBe(true);
  });
});

describe('lead-lag machine on xstate SimulatedClock', () => {
  const phases = { handLead: 0, face: 130, voice: 180, sustain: 400, release: 1180, end: 1300 };

  const runMachine = (stepMs: number, events: (t: number, send: (e: never) => void) => void = () => {}) => {
    const clock = new SimulatedClock();
    const actor = createActor(leadLagMachine, { clock, input: { phases, now: () => clock.now() } });
    const marks: [string, number][] = [];
    let last = '';
    actor.subscribe((s) => {
      const v = String(s.value);
      if (v !== last) marks.push([v, clock.now()]);
      last = v;
    });
    actor.start();
    actor.send({ type: 'START' });
    for (let t = stepMs; t <= 2000; t += stepMs) {
      clock.set(t);
      events(t, actor.send as (e: never) => void);
    }
    return marks;
  };

  it('walks idle → handLead → face → voice → sustain → release → idle at the planned times', () => {
    expect(runMachine(1)).toEqual([
      ['idle', 0],
      ['handLead', 0],
      ['face', 130],
      ['voice', 180],
      ['sustain', 400],
      ['release', 1180],
      ['idle', 1300],
    ]);
  });

  it('with coarse steps it never drifts: each phase is entered at the first step at or after its time', () => {
    const marks = runMachine(50);
    expect(marks.map(([s]) => s)).toEqual([
      'idle',
      'handLead',
      'face',
      'voice',
      'sustain',
      'release',
      'idle',
    ]);
    const want = [0, 0, 150, 200, 400, 1200, 1300];
    expect(marks.map(([, t]) => t)).toEqual(want);
  });

  it('nominal delays without a clock reading are the planned gaps', () => {
    const clock = new SimulatedClock();
    const actor = createActor(leadLagMachine, { clock, input: { phases } });
    actor.start();
    actor.send({ type: 'START' });
    clock.increment(129);
    expect(actor.getSnapshot().value).toBe('handLead');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('face');
  });

  it('CANCEL goes to release for the fade, then idle; ENDS moves the end of release', () => {
    const marks = runMachine(1, (t, send) => {
      if (t === 300) send({ type: 'CANCEL', atMs: 300, fadeMs: 120 } as never);
    });
    expect(marks.slice(-2)).toEqual([
      ['release', 300],
      ['idle', 420],
    ]);
    const later = runMachine(1, (t, send) => {
      if (t === 1) send({ type: 'ENDS', endAt: 1500 } as never);
    });
    expect(later.at(-1)).toEqual(['idle', 1500]);
  });
});

describe('timer clock (engine time for xstate)', () => {
  it('fires due timers in order at their due time, chains from the due time, and clears', () => {
    let t = 0;
    const clock = createTimerClock(() => t);
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`a@${clock.now()}`);
      clock.setTimeout(() => log.push(`c@${clock.now()}`), 10);
    }, 5);
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 12);
    const gone = clock.setTimeout(() => log.push('never'), 1);
    clock.clearTimeout(gone);
    t = 40;
    clock.advanceTo(40);
    expect(log).toEqual(['a@5', 'b@12', 'c@15']);
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(40);
  });
});

describe('silent utterance and phrase ends', () => {
  it("uses the voice engine's estimate: ascending words with stresses, no audio", () => {
    const u = silentUtterance('Hello there, friend.');
    expect(u.audio).toBeNull();
    expect(u.words.map((w) => w.text)).toEqual(['Hello', 'there', 'friend']);
    for (const w of u.words) {
      expect(w.endMs).toBeGreaterThan(w.startMs);
      expect(w.stressMs).toBeGreaterThanOrEqual(w.startMs);
    }
    expect(u.durationMs).toBe(u.words.at(-1)!.endMs);
    expect(silentUtterance('').words).toEqual([]);
  });

  it('finds phrase ends from the text, from pauses and from punctuated word texts', () => {
    const u = silentUtterance('Well, I know. Fine then');
    const ends = (text?: string) => utteranceAnchors(u, text).phraseEnds;
    const w = u.words;
    // With the text: after "Well", "know" and the last word.
    expect(ends('Well, I know. Fine then')).toEqual([w[0]!.endMs, w[2]!.endMs, w[4]!.endMs]);
    // Without it the estimate's pauses give the same answer.
    expect(ends()).toEqual([w[0]!.endMs, w[2]!.endMs, w[4]!.endMs]);
    // No pauses, text that does not line up: only punctuated word texts and the last word.
    const tight = {
      ...u,
      words: [
        { text: 'one,', startMs: 0, endMs: 100 },
        { text: 'two', startMs: 100, endMs: 200 },
        { text: 'three', startMs: 200, endMs: 300 },
      ],
    };
    expect(utteranceAnchors(tight, 'uno dos').phraseEnds).toEqual([100, 300]);
  });
});
