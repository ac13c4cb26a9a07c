/**
 * The lead-lag plan's types: what a call may override, what the planner reads, and the plan it
 * gives the avatar API, the lead-lag machine and the viewer's lanes.
 */
import type { RegistryView } from '../capsules/registry-view.ts';
import type { Capsule, Domain, Profile } from '../capsules/schema-types.ts';
import type { Utterance } from '../voice/voice-source.ts';
import type { Lane } from './lanes.ts';

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
  /** The line's text, when known: its punctuation marks phrase ends the provider's words lack. */
  readonly text?: string | undefined;
  /** Plan time: nothing is planned earlier. Engine ms. */
  readonly nowMs: number;
  /** Seed of every draw of this utterance (probability, onset variation, runtime seed keys). */
  readonly seed: number;
  /** Time of the `scene_start` anchor. Default 0. */
  readonly sceneStartMs?: number;
  readonly leadLag?: LeadLagOverrides | undefined;
  /** The audio starts now; leads compress instead of delaying it. */
  readonly audioFirst?: boolean | undefined;
  /** Time the lips need before the audio (normal mode): the audio starts no sooner after now. Default 0. */
  readonly lipLeadMs?: number | undefined;
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
  /** Nominal end (onset + the capsule's duration ÷ tempo; the runtime then varies it). */
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
  /** The profile's tempo and noise jitter, which the capsule runtime applies to each capsule's durations and variation. */
  readonly tempo: number;
  readonly jitter: number;
  readonly lips: readonly PlannedPhoneme[];
  readonly anchors: {
    readonly wordBoundaries: readonly number[];
    readonly stressedSyllables: readonly number[];
    readonly phraseEnds: readonly number[];
  };
  /** Profile entries not in the registry, or revoked. */
  readonly missing: readonly string[];
}
