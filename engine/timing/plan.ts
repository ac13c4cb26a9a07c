/**
 * The lead-lag plan of one utterance: every capsule onset, the audio start, the lip events and the
 * machine's phase times, fixed ahead in engine ms so the capsule runtime can realise each onset
 * sub-frame exactly. Capsule triggers are read from the profile; speech onset, word boundaries,
 * stressed syllables and phrase ends come from the utterance. Leading hand and face capsules are
 * fitted into the lead windows (or the call's overrides); see docs/lead-lag.md for every rule.
 */
import type { CompiledCapsule } from '../capsules/compiled.ts';
import { DOMAINS } from '../capsules/compiled.ts';
import type { RegistryView } from '../capsules/registry-view.ts';
import type { Capsule, Domain, Profile } from '../capsules/schema-types.ts';
import { substream, unitHash } from '../ecs/random.ts';
import type { Utterance } from '../voice/voice-source.ts';
import { compression } from './audio-first.ts';
import { laneOf } from './lanes.ts';
import type { Lane } from './lanes.ts';
import { IDENTITY_SPEECH, rateTracks, speechMap } from './speech-map.ts';
import type { SpeechMap } from './speech-map.ts';
import { utteranceAnchors } from './utterance-anchors.ts';
import type { UtteranceAnchors } from './utterance-anchors.ts';
import { FACE_WINDOW, HAND_WINDOW } from './windows.ts';
import type { LeadWindow } from './windows.ts';

/** What a trigger's onset is relative to. */
export type RelativeTo = Capsule['trigger']['relative_to'];

/**
 * Per-call changes to the lead-lag windows, ms. Each replaces exactly one rule of the plan.
 */
export interface LeadLagOverrides {
  /**
   * Hand lead: the earliest leading hand (HK) capsule starts exactly this long before speech onset;
   * the other leading hand capsules keep their spacing from it. Replaces the −180..−50 ms window.
   */
  handsMs?: number;
  /** Face lead: the same for leading face (FMM) capsules. Replaces the −50..0 ms window. */
  faceMs?: number;
  /**
   * Voice offset: the voice — audio, lips, VC capsules and the word, stress and phrase anchors that
   * come from the audio — is heard this long after the speech onset the hands and face are planned
   * against (negative: before it). Default 0.
   */
  voiceMs?: number;
}

/** Everything the planner reads. */
export interface PlanRequest {
  readonly registry: RegistryView;
  readonly profile?: Profile | undefined;
  readonly utterance: Utterance;
  /** Plan time: nothing is planned earlier. Engine ms. */
  readonly nowMs: number;
  /** Seed of every draw of this utterance (probability, onset variation, runtime seed keys). */
  readonly seed: number;
  /** Time of the `scene_start` anchor. Default 0. */
  readonly sceneStartMs?: number;
  readonly leadLag?: LeadLagOverrides | undefined;
  /** The audio starts now; leads compress instead of delaying it. */
  readonly audioFirst?: boolean | undefined;
}

/** Why a planned onset differs from its trigger's. */
export type Adjustment = 'none' | 'window' | 'override' | 'compressed' | 'clamped';

/** One capsule occurrence in the plan. */
export interface PlannedCapsule {
  readonly id: string;
  readonly domain: Domain;
  readonly lane: Lane;
  /** Index of the profile entry. */
  readonly entry: number;
  /** Which anchor of its kind (the k-th word boundary, …); 0 for single anchors. */
  readonly occurrence: number;
  readonly relativeTo: RelativeTo;
  /** Onset from the trigger alone (anchor + varied offset ÷ tempo), engine ms. */
  readonly authoredAt: number;
  /** Planned onset, engine ms. */
  readonly at: number;
  /** Nominal end (onset + the capsule's duration; the runtime then varies it). */
  readonly end: number;
  readonly weight: number;
  /** Seed key handed to the capsule runtime, so its draws are fixed by the plan. */
  readonly seedKey: number;
  /** False when the trigger's probability draw skipped it. */
  readonly fires: boolean;
  readonly adjustment: Adjustment;
}

/** Engine ms at which the machine enters each phase; `end` is the return to idle. */
export interface PhaseTimes {
  readonly handLead: number;
  readonly face: number;
  readonly voice: number;
  readonly sustain: number;
  readonly release: number;
  readonly end: number;
}

/** One lip event, engine ms. */
export interface PlannedPhoneme {
  readonly phoneme: string;
  readonly start: number;
  readonly end: number;
}

/** The plan of one utterance. All times engine ms. */
export interface LeadLagPlan {
  readonly plannedAt: number;
  /** The anchor hands and face lead. */
  readonly speechOnsetAt: number;
  /** When the first word is heard (speech onset + voice offset). */
  readonly voiceAt: number;
  /** When the audio starts (the voice minus the audio's leading silence). */
  readonly audioAt: number;
  /** When the audio ends, under the forecast speaking rate. */
  readonly audioEndAt: number;
  /** How far the earliest firing hand / face capsule leads speech onset (0 when none leads). */
  readonly handLeadMs: number;
  readonly faceLeadMs: number;
  readonly phases: PhaseTimes;
  readonly capsules: readonly PlannedCapsule[];
  readonly lips: readonly PlannedPhoneme[];
  readonly anchors: {
    readonly wordBoundaries: readonly number[];
    readonly stressedSyllables: readonly number[];
    readonly phraseEnds: readonly number[];
  };
  /** Profile entries not in the registry, or revoked. */
  readonly missing: readonly string[];
}

interface Draft {
  readonly c: CompiledCapsule;
  readonly entry: number;
  readonly occurrence: number;
  readonly weight: number;
  readonly seedKey: number;
  readonly fires: boolean;
  /** scene_start onsets are absolute; all others are relative to speech onset until translated. */
  readonly absolute: boolean;
  readonly leading: boolean;
  readonly authored: number;
  t: number;
  adjustment: Adjustment;
}

const VC = DOMAINS.indexOf('VC');
const HK = DOMAINS.indexOf('HK');
const FMM = DOMAINS.indexOf('FMM');

/** Keyed draws: the same seed, entry and occurrence always give the same outcome. */
const enum Draw {
  Fire = 0,
  Onset = 1,
}

/** Smallest of `xs` and `init` (a loop: utterances can have thousands of per-word onsets). */
function minOf(xs: readonly number[], init = Infinity): number {
  let m = init;
  for (const x of xs) if (x < m) m = x;
  return m;
}

/** Largest of `xs` and `init`. */
function maxOf(xs: readonly number[], init = -Infinity): number {
  let m = init;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** Shifts a domain's leading capsules into their window, or to the call's lead. */
function fitLeads(leads: readonly Draft[], overrideMs: number | undefined, w: LeadWindow): void {
  const firing = leads.filter((d) => d.fires);
  const earliest = minOf(firing.map((d) => d.t));
  if (overrideMs !== undefined) {
    if (!Number.isFinite(earliest)) return;
    const shift = -overrideMs - earliest;
    for (const d of leads) {
      d.t += shift;
      d.adjustment = 'override';
    }
    return;
  }
  const shift = Number.isFinite(earliest) ? Math.min(w.latest, Math.max(w.earliest, earliest)) - earliest : 0;
  for (const d of leads) {
    const t = Math.min(w.latest, Math.max(w.earliest, d.t + shift));
    if (t !== d.t) {
      d.t = t;
      d.adjustment = 'window';
    }
  }
}

/** Makes the planned occurrences of one profile entry at the given anchors. */
type Fire = (c: CompiledCapsule, i: number, anchors: readonly number[], absolute: boolean) => Draft[];

/**
 * Forecasts the speech map from the profile's VC capsules on the rate channel. Their anchors are
 * themselves audio times (speech onset, words) that the map moves, so it is refined three times —
 * ample for rate windows of a few seconds. `scene_start` and `previous_capsule` rate capsules are
 * not forecast.
 */
function forecastSpeech(
  registry: RegistryView,
  entries: Profile['capsules'],
  a: UtteranceAnchors,
  fire: Fire,
): SpeechMap {
  const channel = registry.layout.voice('rate');
  const rated: { c: CompiledCapsule; i: number }[] = [];
  entries.forEach((e, i) => {
    const slot = registry.slot(e.id);
    if (slot < 0 || registry.isRevoked(slot)) return;
    const c = registry.at(slot);
    if (c.domain === VC && rateTracks(c, channel).length > 0) rated.push({ c, i });
  });
  let map = IDENTITY_SPEECH;
  if (rated.length === 0) return map;
  let previous = '';
  for (let pass = 0; pass < 3; pass++) {
    const m = map;
    const onset = m(a.onsetMs);
    const anchorsOf = (c: CompiledCapsule): number[] => {
      switch (c.relativeTo) {
        case 'speech_onset':
          return [onset];
        case 'word_boundary':
          return a.wordStarts.map(m);
        case 'stressed_syllable':
          return a.stresses.map(m);
        case 'phrase_end':
          return a.phraseEnds.map(m);
        default:
          return [];
      }
    };
    const instances = rated.flatMap(({ c, i }) =>
      fire(c, i, anchorsOf(c), false)
        .filter((d) => d.fires)
        .map((d) => ({ c, at: d.leading ? Math.max(d.t, onset) : d.t, weight: d.weight })),
    );
    const key = instances.map((x) => x.at).join();
    if (key === previous) break; // the map no longer moves its own anchors
    previous = key;
    map = speechMap(instances, channel);
  }
  return map;
}

/** Plans one utterance. Pure: the same request gives the same plan. */
export function planUtterance(req: PlanRequest): LeadLagPlan {
  const { registry, profile, utterance, seed } = req;
  const t0 = req.nowMs;
  const o = req.leadLag ?? {};
  const voiceMs = o.voiceMs ?? 0;
  const tempoRaw = profile?.modifiers?.tempo_factor ?? 1;
  const tempo = tempoRaw > 0 && Number.isFinite(tempoRaw) ? tempoRaw : 1;
  const jitter = profile?.modifiers?.noise_jitter ?? 1;
  const entries = profile?.capsules ?? [];
  const missing: string[] = [];

  /** One draft per anchor; per-word capsules never overlap themselves. */
  const fire = (c: CompiledCapsule, i: number, anchors: readonly number[], absolute: boolean): Draft[] => {
    const out: Draft[] = [];
    let busyUntil = -Infinity;
    const weight = Math.min(1, Math.max(0, entries[i]!.weight));
    anchors.forEach((anchor, k) => {
      const s = substream(seed, i + 1, k);
      const fires = unitHash(s, Draw.Fire) < c.probability;
      const variation = 1 + c.timingVariation * jitter * (unitHash(s, Draw.Onset) * 2 - 1);
      const t = anchor + (c.offsetMs * variation) / tempo;
      if (anchors.length > 1 && t < busyUntil) return;
      if (fires) busyUntil = t + c.durationMs;
      out.push({
        c,
        entry: i,
        occurrence: k,
        weight,
        seedKey: substream(seed, 0x91a7, i + 1, k),
        fires,
        absolute,
        leading: c.relativeTo === 'speech_onset' && c.offsetMs < 0,
        authored: t,
        t,
        adjustment: 'none',
      });
    });
    return out;
  };

  // Where the audio's own times are heard, under the rate the plan's VC capsules will set.
  const a = utteranceAnchors(utterance);
  const speech = forecastSpeech(registry, entries, a, fire);
  const audioRel = voiceMs - speech(a.onsetMs);
  const fromAudio = (xs: readonly number[]): number[] => xs.map((x) => audioRel + speech(x));
  const lists: Partial<Record<RelativeTo, number[]>> = {
    word_boundary: fromAudio(a.wordStarts),
    stressed_syllable: fromAudio(a.stresses),
    phrase_end: fromAudio(a.phraseEnds),
  };

  // Pass 1: every trigger but previous_capsule.
  const byEntry: (Draft[] | null)[] = entries.map((entry, i) => {
    const slot = registry.slot(entry.id);
    if (slot < 0 || registry.isRevoked(slot)) {
      missing.push(entry.id);
      return null;
    }
    const c = registry.at(slot);
    switch (c.relativeTo) {
      case 'previous_capsule':
        return [];
      case 'speech_onset':
        return fire(c, i, [c.domain === VC ? voiceMs : 0], false);
      case 'scene_start':
        return fire(c, i, [req.sceneStartMs ?? 0], true);
      default:
        return fire(c, i, lists[c.relativeTo] ?? [], false);
    }
  });
  const drafts = (): Draft[] => byEntry.flatMap((d) => d ?? []);

  // Leads into their windows: hands, face; the voice never leads itself.
  const leads = drafts().filter((d) => d.leading);
  fitLeads(
    leads.filter((d) => d.c.domain === HK),
    o.handsMs,
    HAND_WINDOW,
  );
  fitLeads(
    leads.filter((d) => d.c.domain === FMM),
    o.faceMs,
    FACE_WINDOW,
  );
  for (const d of leads)
    if (d.c.domain === VC && d.t < voiceMs) {
      d.t = voiceMs;
      d.adjustment = 'window';
    }

  // Pass 2: previous_capsule chains, on the fitted onsets (as the runtime chains a profile).
  let previousEnd = 0;
  byEntry.forEach((list, i) => {
    if (list === null) return;
    const c = registry.at(registry.slot(entries[i]!.id));
    if (c.relativeTo === 'previous_capsule') list.push(...fire(c, i, [previousEnd], false));
    const last = list.at(-1);
    if (last && !last.absolute) previousEnd = last.fires ? last.t + c.durationMs : last.t;
  });

  // Translate to engine time: nothing before now; audio-first pins the audio to now.
  const all = drafts();
  const relOnsets = all.filter((d) => d.fires && !d.absolute).map((d) => d.t);
  const S = req.audioFirst ? t0 - audioRel : t0 - minOf(relOnsets, Math.min(0, audioRel));
  for (const d of all) if (!d.absolute) d.t += S;
  if (req.audioFirst) {
    const squeeze = compression(t0, S, minOf(relOnsets, t0 - S) + S);
    for (const d of all) {
      if (d.absolute) continue;
      const t = squeeze(d.t);
      if (t !== d.t) {
        d.t = t;
        d.adjustment = 'compressed';
      }
    }
  }
  for (const d of all)
    if (d.t < t0) {
      d.t = t0;
      d.adjustment = 'clamped';
    }

  const capsules: PlannedCapsule[] = all.map((d) => ({
    id: d.c.id,
    domain: DOMAINS[d.c.domain]!,
    lane: laneOf(DOMAINS[d.c.domain]!),
    entry: d.entry,
    occurrence: d.occurrence,
    relativeTo: d.c.relativeTo,
    authoredAt: d.absolute ? d.authored : d.authored + S,
    at: d.t,
    end: d.t + d.c.durationMs,
    weight: d.weight,
    seedKey: d.seedKey,
    fires: d.fires,
    adjustment: d.adjustment,
  }));

  const voiceAt = S + voiceMs;
  const audioAt = S + audioRel;
  const firing = capsules.filter((c) => c.fires);
  const earliestOn = (lane: Lane): number => minOf(firing.filter((c) => c.lane === lane).map((c) => c.at));
  const lead = (lane: Lane): number => {
    const e = earliestOn(lane);
    return Number.isFinite(e) ? Math.max(0, S - e) : 0;
  };
  const sustain = Math.max(voiceAt, audioAt + speech(a.firstWordEndMs));
  const release = Math.max(sustain, audioAt + speech(a.endMs));
  const phases: PhaseTimes = {
    handLead: t0,
    face: Math.max(t0, Math.min(voiceAt, earliestOn('face'))),
    voice: voiceAt,
    sustain,
    release,
    end: maxOf(
      firing.map((c) => c.end),
      release,
    ),
  };
  const abs = (xs: readonly number[]): number[] => xs.map((x) => audioAt + speech(x));
  return {
    plannedAt: t0,
    speechOnsetAt: S,
    voiceAt,
    audioAt,
    audioEndAt: audioAt + speech(utterance.durationMs),
    handLeadMs: lead('hand'),
    faceLeadMs: lead('face'),
    phases,
    capsules,
    lips: utterance.phonemes.map((p) => ({
      phoneme: p.phoneme,
      start: audioAt + speech(p.startMs),
      end: audioAt + speech(p.endMs),
    })),
    anchors: {
      wordBoundaries: abs(a.wordStarts),
      stressedSyllables: abs(a.stresses),
      phraseEnds: abs(a.phraseEnds),
    },
    missing,
  };
}
