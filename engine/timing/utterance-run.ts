/**
 * One utterance from request to idle: waits for its voice (or falls back to an estimated silent
 * timeline), plans at a frame's time, hands the capsule runtime exact onsets, lip sync its phonemes
 * and the voice output its audio, runs a lead-lag actor on engine time, and settles `done`. A
 * cancel (or barge-in) fades every part out together — capsules, lips and audio — never a cut.
 */
import { createActor } from 'xstate';
import type { Actor } from 'xstate';
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Engine } from '../ecs/engine.ts';
import type { Utterance } from '../voice/voice-source.ts';
import { silentUtterance } from './silent-utterance.ts';
import type { LaneItem, UtteranceLanes } from './lanes.ts';
import { leadLagMachine } from './lead-lag-machine.ts';
import { planUtterance } from './plan.ts';
import type { LeadLagOverrides, LeadLagPlan } from './plan-types.ts';
import { LEAD_LAG } from './resource.ts';
import type { LeadLagResource, ScheduledUtterance } from './resource.ts';
import { utteranceProblem } from './validate-utterance.ts';
import { LIPSYNC_KEY, VOICE_OUTPUT_KEY } from './voice-ports.ts';
import type { LipSyncPort, VoiceOutputPort } from './voice-ports.ts';
import { BARGE_IN_FADE, bargeInFade, LIP_LEAD_MS } from './windows.ts';

/** Whose voice an utterance used. */
export type VoiceKind = 'provider' | 'silence' | 'none';

/** What one utterance asks for. */
export interface UtteranceRequest {
  readonly avatar: number;
  readonly text: string;
  readonly profile?: string | undefined;
  readonly seed: number;
  readonly leadLag?: LeadLagOverrides | undefined;
  readonly audioFirst?: boolean | undefined;
  readonly sceneStartMs: number;
  /** Plays the audio; default the engine's `voice-output` resource, if any. */
  readonly output?: VoiceOutputPort | undefined;
  /** Device output latency lip sync compensates, ms. */
  readonly lipLatencyMs?: number | undefined;
  /** Engine ms to wait for the voice before continuing on the estimated silent timeline. */
  readonly synthesisTimeoutMs: number;
}

/** How an utterance ended. Never an error: provider failures fall back to silence. */
export interface UtteranceResult {
  readonly cancelled: boolean;
  readonly voice: VoiceKind;
  /** Why the voice fell back to silence, if it did. */
  readonly error: string | null;
  /** What was planned (null when cancelled before planning). */
  readonly lanes: UtteranceLanes | null;
  /** Engine ms the utterance finished (end of release, or the cancel). */
  readonly endedAt: number;
}

/** An utterance in flight. */
export interface UtteranceRun extends ScheduledUtterance {
  readonly id: number;
  readonly done: Promise<UtteranceResult>;
  /** Machine phase (`idle` while waiting for the voice and once finished). */
  phase(): string;
  readonly finished: boolean;
  readonly plan: LeadLagPlan | null;
  /** Hands over the provider's utterance (checked; a malformed one counts as a failure). */
  supply(utterance: Utterance, voice: VoiceKind): void;
  /** The provider failed: continue as silence on an estimated timeline, logging why. */
  fail(reason: string): void;
  /** Fades everything out over `fadeMs` (clamped to 20..120); `done` resolves cancelled at the fade's end. */
  cancel(fadeMs?: number, reason?: 'cancel' | 'barge-in'): void;
  /** Ends at once (the avatar is going away): shortest fade, `done` resolves now. */
  abandon(): void;
}

const LANE_OF_VOICE = { provider: 'audio', silence: 'silence', none: 'none' } as const;

/** Creates a run; add it to the resource's `active` set to have the systems drive it. */
export function createUtteranceRun(engine: Engine, req: UtteranceRequest): UtteranceRun {
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const res = engine.resource<LeadLagResource>(LEAD_LAG);
  const clock = res.clock;
  const id = res.nextId();
  const requestedAt = clock.now();
  let state: 'waiting' | 'running' | 'finished' = 'waiting';
  let utterance: Utterance | null = null;
  let voice: VoiceKind = 'none';
  let error: string | null = null;
  let cancelled = false;
  let settled = false;
  let backToIdle = false;
  let phase = 'idle';
  let plan: LeadLagPlan | null = null;
  let lanes: UtteranceLanes | null = null;
  let actor: Actor<typeof leadLagMachine> | null = null;
  let timelineFrom = 0;
  let lipSync: LipSyncPort | undefined;
  let output: VoiceOutputPort | undefined;
  const bySeq = new Map<number, LaneItem>();
  let resolve!: (r: UtteranceResult) => void;
  const done = new Promise<UtteranceResult>((r) => (resolve = r));

  const log = (kind: 'voice-fallback' | 'barge-in' | 'cancel', message: string): void =>
    res.emit({ time: clock.now(), avatar: req.avatar, utterance: id, kind, message });

  const finish = (endedAt: number): void => {
    if (state === 'finished') return;
    state = 'finished';
    phase = 'idle';
    actor?.stop();
    res.active.delete(run);
    resolve({ cancelled, voice, error, lanes, endedAt });
  };

  const start = (now: number): void => {
    const u = utterance!;
    let profile;
    if (req.profile !== undefined) {
      profile = runtime.registry.profile(req.profile);
      if (!profile)
        runtime.emit({
          time: now,
          kind: 'missing-profile',
          message: `profile ${req.profile} is not in the registry; performing the voice alone`,
        });
    }
    lipSync = engine.world.resources.get(LIPSYNC_KEY) as LipSyncPort | undefined;
    const p = planUtterance({
      registry: runtime.registry,
      profile,
      utterance: u,
      text: req.text,
      nowMs: now,
      seed: req.seed,
      sceneStartMs: req.sceneStartMs,
      leadLag: req.leadLag,
      audioFirst: req.audioFirst,
      lipLeadMs: lipSync ? LIP_LEAD_MS : 0,
    });
    plan = p;
    for (const missing of p.missing)
      runtime.emit({
        time: now,
        kind: 'missing-capsule',
        message: `capsule ${missing} of profile ${req.profile} is not in the registry or is revoked; skipped`,
      });
    const items: LaneItem[] = [];
    timelineFrom = runtime.timelineCount;
    for (const c of p.capsules) {
      const item: LaneItem = {
        lane: c.lane,
        kind: 'capsule',
        label: c.id,
        start: c.at,
        end: c.fires ? c.end : c.at,
        status: c.fires ? 'planned' : 'skipped',
      };
      items.push(item);
      if (c.fires)
        bySeq.set(
          runtime.play(req.avatar, c.id, {
            atMs: c.at,
            weight: c.weight,
            seedKey: c.seedKey,
            tempo: p.tempo,
            jitter: p.jitter,
          }),
          item,
        );
    }
    if (voice !== 'none')
      items.push({
        lane: 'voice',
        kind: 'audio',
        label: LANE_OF_VOICE[voice],
        start: p.audioAt,
        end: p.audioEndAt,
        status: 'planned',
      });
    for (const l of p.lips)
      items.push({
        lane: 'lip',
        kind: 'phoneme',
        label: l.phoneme,
        start: l.start,
        end: l.end,
        status: 'planned',
      });
    if (u.phonemes.length > 0)
      lipSync?.schedule(req.avatar, u.phonemes, p.audioAt, { latencyMs: req.lipLatencyMs ?? 0 });
    output = req.output ?? (engine.world.resources.get(VOICE_OUTPUT_KEY) as VoiceOutputPort | undefined);
    if (u.audio !== null) output?.play(req.avatar, u, p.audioAt);
    const l: UtteranceLanes = {
      id,
      avatar: req.avatar,
      avatarName: runtime.avatars.name[req.avatar] ?? String(req.avatar),
      text: req.text,
      profile: req.profile ?? null,
      plannedAt: now,
      speechOnsetAt: p.speechOnsetAt,
      voiceAt: p.voiceAt,
      audioAt: p.audioAt,
      voice,
      items,
      phases: [],
      cancelledAt: null,
    };
    lanes = l;
    res.record(l);
    const a = createActor(leadLagMachine, { clock, input: { phases: p.phases, now: clock.now } });
    a.subscribe((snapshot) => {
      const value = String(snapshot.value);
      if (value === phase) return;
      phase = value;
      l.phases.push({ phase: value, at: clock.now() });
      if (value === 'idle') backToIdle = true;
    });
    actor = a;
    state = 'running';
    a.start();
    a.send({ type: 'START' });
  };

  const run: UtteranceRun = {
    id,
    avatar: req.avatar,
    givenAfterSeq: runtime.commandCount,
    done,
    phase: () => phase,
    get finished() {
      return state === 'finished';
    },
    get plan() {
      return plan;
    },
    supply(u, kind) {
      if (state !== 'waiting' || utterance !== null) return;
      const problem = utteranceProblem(u);
      if (problem !== null) {
        run.fail(`the voice provider returned a malformed timeline: ${problem}`);
        return;
      }
      utterance = u;
      voice = kind;
    },
    fail(reason) {
      if (state !== 'waiting' || utterance !== null) return;
      utterance = silentUtterance(req.text);
      voice = 'silence';
      error = reason;
      log('voice-fallback', `${reason}; continuing as silence on an estimated timeline`);
    },
    cancel(fadeMs, reason = 'cancel') {
      if (state === 'finished' || cancelled) return;
      cancelled = true;
      const at = clock.now();
      const fade = bargeInFade(fadeMs);
      log(
        reason,
        `utterance ${id} ${reason === 'barge-in' ? 'interrupted' : 'cancelled'}; fading out over ${fade} ms`,
      );
      if (state === 'waiting') {
        finish(at);
        return;
      }
      const ids = new Set<string>();
      for (const c of plan!.capsules) if (c.fires) ids.add(c.id);
      for (const capsule of ids) runtime.cancel(req.avatar, capsule, { atMs: at, fadeMs: fade });
      lipSync?.cancel(req.avatar, at, fade);
      if (utterance!.audio !== null) output?.stop(req.avatar, at, fade);
      for (const item of lanes!.items) {
        if (item.status !== 'planned' || item.end <= at) continue;
        item.status = 'cancelled';
        item.end = item.start >= at ? item.start : Math.min(item.end, at + fade);
      }
      lanes!.cancelledAt = at;
      actor!.send({ type: 'CANCEL', atMs: at, fadeMs: fade });
    },
    abandon() {
      if (state === 'finished') return;
      run.cancel(BARGE_IN_FADE.minMs);
      finish(clock.now());
    },
    beforeCapsules(now) {
      if (state === 'finished') return;
      if (runtime.avatars.pose[req.avatar] === undefined) {
        // The avatar was removed underneath the line (not through dispose): nothing left to move.
        cancelled = true;
        finish(now);
        return;
      }
      if (state !== 'waiting') return;
      if (utterance === null && now - requestedAt >= req.synthesisTimeoutMs)
        run.fail(`the voice provider gave no utterance within ${req.synthesisTimeoutMs} ms`);
      if (utterance !== null) start(now);
    },
    afterCapsules() {
      if (state !== 'running' || settled) return;
      settled = true;
      let endAt = plan!.phases.release;
      // This line's records are the newest `timelineCount − timelineFrom` entries.
      const timeline = runtime.timeline;
      const from = Math.max(0, timeline.length - (runtime.timelineCount - timelineFrom));
      for (let i = from; i < timeline.length; i++) {
        const record = timeline[i]!;
        const item = bySeq.get(record.seq);
        if (!item) continue;
        item.end = record.end;
        endAt = Math.max(endAt, record.end);
      }
      actor!.send({ type: 'ENDS', endAt });
    },
    finishIfDone(now) {
      if (state === 'running' && backToIdle) finish(lanes?.phases.at(-1)?.at ?? now);
      return state === 'finished';
    },
  };
  return run;
}
