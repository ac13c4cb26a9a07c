/**
 * The lead-lag plan of one utterance: every capsule onset, the audio start, the lip events and the
 * machine's phase times, fixed ahead in engine ms so the capsule runtime can realise each onset
 * sub-frame exactly. Capsule triggers are read from the profile; speech onset, word boundaries,
 * stressed syllables and phrase ends come from the utterance. Leading hand and face capsules are
 * fitted into the lead windows (or the call's overrides); see docs/lead-lag.md for every rule.
 */
import type { CompiledCapsule } from '../capsules/compiled.ts';
import { DOMAINS } from '../capsules/compiled.ts';
import { firesFor, triggeredOnset } from '../capsules/draws.ts';
import { substream } from '../ecs/random.ts';
import { compression } from './audio-first.ts';
import { fitLeads } from './fit-leads.ts';
import { laneOf } from './lanes.ts';
import type { Lane } from './lanes.ts';
import { FMM, HK, maxOf, minOf, VC } from './plan-draft.ts';
import type { Draft } from './plan-draft.ts';
import type { LeadLagPlan, PhaseTimes, PlannedCapsule, PlanRequest, RelativeTo } from './plan-types.ts';
import { forecastSpeech } from './speech-forecast.ts';
import { utteranceAnchors } from './utterance-anchors.ts';
import { FACE_WINDOW, HAND_WINDOW } from './windows.ts';

export type {
  Adjustment,
  LeadLagOverrides,
  LeadLagPlan,
  PhaseTimes,
  PlannedCapsule,
  PlannedPhoneme,
  PlanRequest,
  RelativeTo,
} from './plan-types.ts';

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
      // The same draws the capsule runtime makes (engine/capsules/draws.ts), keyed by entry and occurrence.
      const fires = firesFor(c, s);
      const t = triggeredOnset(c, anchor, s, tempo, jitter);
      if (anchors.length > 1 && t < busyUntil) return;
      if (fires) busyUntil = t + c.durationMs / tempo;
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
  const a = utteranceAnchors(utterance, req.text);
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
    if (last && !last.absolute) previousEnd = last.fires ? last.t + c.durationMs / tempo : last.t;
  });

  // Translate to engine time: nothing before now; audio-first pins the audio to now.
  const all = drafts();
  const relOnsets = all.filter((d) => d.fires && !d.absolute).map((d) => d.t);
  const lipLead = utterance.phonemes.length > 0 ? (req.lipLeadMs ?? 0) : 0;
  const S = req.audioFirst ? t0 - audioRel : t0 - minOf(relOnsets, Math.min(0, audioRel - lipLead));
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
    end: d.t + d.c.durationMs / tempo,
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
    tempo,
    jitter,
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
