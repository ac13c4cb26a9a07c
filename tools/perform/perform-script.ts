/**
 * Performs any script headlessly, spoken lines included: builds the engine, adds the script's
 * avatars, gives each event when the clock reaches it (as the viewer does), steps frame by frame
 * and hands each frame to `onFrame`. A `say` event is performed through the avatar API
 * (`createAvatar(…).perform()`) with the lead-lag scheduler, lip sync and a voice recorder on the
 * engine; the frame loop waits for the voice provider before it steps past the line, so synthesis
 * never races the (instant, offline) clock and the result does not depend on how fast it ran.
 */
import { createAvatar, LEAD_LAG, leadLagPlugin } from '../../engine/avatar/index.ts';
import type {
  AvatarHandle,
  LeadLagLogEvent,
  LeadLagResource,
  UtteranceLanes,
} from '../../engine/avatar/index.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import type { RegistryView } from '../../engine/capsules/registry-view.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { statePlugin } from '../../engine/state/index.ts';
import type { StateSink } from '../../engine/state/index.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import type { PoseBuffer } from '../../engine/rig/pose-buffer.ts';
import { eventsInOrder, isSayEvent, submitScript, submitScriptEvent } from '../../engine/script/script.ts';
import type { PerformanceScript } from '../../engine/script/script.ts';
import { lipSyncPlugin } from '../../engine/voice/lipsync/lipsync.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import { VOICE_RECORDER, voiceRecorderPlugin } from '../../engine/voice/voice-recorder.ts';
import type { VoiceRecorder } from '../../engine/voice/voice-recorder.ts';
import type { Utterance, VoiceSource } from '../../engine/voice/voice-source.ts';

/** How long the loop waits (wall time) for a provider before stepping on; the line then falls back. */
export const DEFAULT_SYNTHESIS_WAIT_MS = 60_000;

/** Options of {@link performScript}. */
export interface ScriptPerformOptions {
  script: PerformanceScript;
  registry: RegistryView;
  seed: number;
  fps: number;
  /** Voice of every avatar's say events. Default: the silence provider (estimated timing, no audio). */
  voice?: VoiceSource;
  /**
   * Wall ms to wait for one synthesis before stepping on regardless (a hung provider); the line then
   * continues as silence after the avatar's synthesis timeout in engine time. Default 60 s.
   */
  synthesisWaitMs?: number;
  /** Avatar-state sinks (e.g. a state log); the state emitter runs in `offline` mode when given. */
  stateSinks?: readonly StateSink[];
  /** Called after every frame, including frame 0 at t = 0 (not after a line's planning step). */
  onFrame?: (
    timeMs: number,
    avatars: readonly { name: string; pose: PoseBuffer }[],
    frame: number,
    total: number,
  ) => void;
}

/** One `say` event as it was performed. */
export interface SpokenLine {
  /** Index of the event in the script's `events`. */
  readonly event: number;
  readonly avatar: string;
  /** Engine entity of the avatar. */
  readonly entity: number;
  readonly text: string;
  /** When perform() was called (the event's at_ms); the line is planned in the same step. */
  readonly atMs: number;
  /** What the provider returned; null when it failed (the line then ran silent). */
  readonly utterance: Utterance | null;
  /** What the scheduler planned (null if a barge-in cut the line before its voice came back). */
  readonly lanes: UtteranceLanes | null;
}

/** Result: the runtime (timeline, events) after the last frame, and the spoken lines. */
export interface ScriptPerformResult {
  runtime: CapsuleRuntime;
  frames: number;
  events: RuntimeEvent[];
  /** The scheduler's log: voice fallbacks, barge-ins, cancels. */
  voiceEvents: LeadLagLogEvent[];
  lines: SpokenLine[];
  /** Each avatar's resolved voice parameters per step (null when the script says nothing). */
  recorder: VoiceRecorder | null;
}

/** Wraps a source so the loop can wait for every synthesis it started. */
function awaitedSource(source: VoiceSource) {
  const pending: Promise<unknown>[] = [];
  /** One entry per call, in call order: the utterance once it came back, else null. */
  const results: (Utterance | null)[] = [];
  const wrapped: VoiceSource = {
    id: source.id,
    voices: () => source.voices(),
    synthesize(text, options) {
      const index = results.push(null) - 1;
      const p = source.synthesize(text, options);
      pending.push(
        p.then(
          (u) => (results[index] = u),
          () => null,
        ),
      );
      return p;
    },
  };
  /** Resolves once every synthesis so far has settled and its callbacks ran (false: waited too long). */
  const settle = async (waitMs: number): Promise<boolean> => {
    const all = Promise.all(pending.splice(0));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), waitMs)));
    const ok = await Promise.race([all.then(() => true as const), late]);
    clearTimeout(timer);
    // Let the avatar's own `.then` (run.supply) run before the next engine step.
    await new Promise<void>((r) => setImmediate(r));
    return ok;
  };
  return { source: wrapped, results, settle };
}

/**
 * Runs the whole script: frames at k × 1000 / fps up to and including duration_ms.
 *
 * A script that says something is given event by event, in time order (ties in file order), when
 * the clock reaches each one — as the viewer gives them — so a cancel reaches the capsules of lines
 * spoken before it. A say event off the frame grid gets one extra engine step at its own time (no
 * frame is emitted for it), so every line is planned exactly at its at_ms, at any fps.
 *
 * A script of capsule commands only is queued ahead, all at once before frame 0, exactly as before
 * say events existed: its track stays byte-for-byte what it was (giving the same commands as the
 * clock reaches them creates the instances in another order, which moves float sums in the last
 * digit).
 */
export async function performScript(options: ScriptPerformOptions): Promise<ScriptPerformResult> {
  const { script, registry, seed, fps } = options;
  const order = eventsInOrder(script);
  const says = order.filter(({ ev }) => isSayEvent(ev)).length;
  const clock = createSimulatedClock(0);
  const plugins: Plugin[] = [capsulePlugin(registry, { timelineRetentionMs: Infinity })];
  if (says > 0)
    plugins.push(leadLagPlugin({ historyLimit: says + 1 }), lipSyncPlugin(), voiceRecorderPlugin());
  if (options.stateSinks?.length)
    plugins.push(statePlugin({ mode: 'offline', sinks: [...options.stateSinks] }));
  const engine = createEngine({ clock, seed, plugins });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const events: RuntimeEvent[] = [];
  runtime.onEvent((e) => events.push(e));
  const voiceEvents: LeadLagLogEvent[] = [];

  const voice = awaitedSource(options.voice ?? createSilenceSource());
  const handles = new Map<string, AvatarHandle>();
  const entities = new Map<string, number>();
  for (const name of script.avatars) {
    if (says > 0) {
      const handle = createAvatar(engine, { name, voice: voice.source });
      handles.set(name, handle);
      entities.set(name, handle.entity);
    } else entities.set(name, runtime.addAvatar(name));
  }
  const lead = says > 0 ? engine.resource<LeadLagResource>(LEAD_LAG) : null;
  lead?.onEvent((e) => voiceEvents.push(e));
  const avatars = script.avatars.map((name) => ({ name, pose: runtime.pose(entities.get(name)!) }));

  const performed: { event: number; avatar: string; text: string; atMs: number }[] = [];
  const waitMs = options.synthesisWaitMs ?? DEFAULT_SYNTHESIS_WAIT_MS;
  let next = 0;
  if (says === 0) {
    submitScript(runtime, script, entities);
    next = order.length;
  }
  /** Gives every event due by `t` (the clock reads `t`: a barge-in cuts the line before it there). */
  const give = (t: number): boolean => {
    let spoke = false;
    while (next < order.length && order[next]!.ev.at_ms <= t) {
      const { ev, index } = order[next++]!;
      submitScriptEvent(runtime, ev, entities.get(ev.avatar)!, 0, {
        say: (request) => {
          handles.get(ev.avatar)!.perform(request);
          performed.push({ event: index, avatar: ev.avatar, text: request.text ?? '', atMs: ev.at_ms });
          spoke = true;
        },
      });
    }
    return spoke;
  };
  /** One engine step at `t`, after the voices of any line given for it are back. */
  const step = async (t: number): Promise<void> => {
    clock.set(t);
    if (give(t) && !(await voice.settle(waitMs)))
      process.emitWarning(
        `perform: the voice provider gave nothing within ${waitMs} ms of wall time; stepping on (the line falls back to silence)`,
      );
    engine.update();
  };

  const stepMs = 1000 / fps;
  const total = Math.floor((script.duration_ms * fps) / 1000 + 1e-9) + 1;
  for (let frame = 0; frame < total; frame++) {
    const t = frame * stepMs;
    // A say between two frames (k × 1000 / fps is rarely exact) is planned at its own time, in a
    // step of its own.
    while (next < order.length && order[next]!.ev.at_ms < t) {
      const at = order[next]!.ev.at_ms;
      let sayAt = false;
      for (let j = next; j < order.length && order[j]!.ev.at_ms === at && !sayAt; j++)
        sayAt = isSayEvent(order[j]!.ev);
      if (sayAt) await step(at);
      else give(at);
    }
    await step(t);
    options.onFrame?.(t, avatars, frame, total);
  }

  const lines: SpokenLine[] = performed.map((p, i) => {
    // Utterances are numbered in perform() order, one per call, from 1.
    const lanes = lead?.utterances.find((l) => l.id === i + 1) ?? null;
    if (lanes && lanes.text !== p.text)
      throw new Error(
        `perform: internal: line ${i + 1} ("${p.text}") does not match its lanes ("${lanes.text}")`,
      );
    return {
      ...p,
      entity: entities.get(p.avatar)!,
      utterance: voice.results[i] ?? null,
      lanes,
    };
  });
  return {
    runtime,
    frames: total,
    events,
    voiceEvents,
    lines,
    recorder: says > 0 ? engine.resource<VoiceRecorder>(VOICE_RECORDER) : null,
  };
}
