/**
 * A looping, scrubbable performance: one engine on a simulated clock that the page advances with
 * real frame deltas while playing. Every value the engine writes is a function of time, seed and
 * the commands given, in order; so seeking rebuilds the engine with the same seed, gives the same
 * commands again up to the target time and runs one frame there. Script events are given when the
 * clock reaches them (loop k of the script starts at k × duration), the viewer's own commands
 * (play, profile choice) are logged with the time they were given, so a rebuilt engine receives
 * exactly the sequence the live one did. Each command carries a seed key (script events: loop and
 * index; page commands: log position), so its draws do not depend on how many commands systems such
 * as the idle gave in between — which does depend on when frames ran.
 *
 * Spoken lines are commands too (engines with the lead-lag scheduler): the page synthesises the
 * voice first, then gives the line with its utterance, and the line is planned in a frame at the very
 * time it was given. A rebuild replays it the same way — utterance supplied at once, a frame at the
 * time it was given — so its plan, lanes, capsules and lips are identical; only the audio waits
 * until the rebuild is done, and only what is still to be heard at the rebuild's time is played.
 * While a line performs, the script holds: the demo's capsules under way fade out as the line
 * starts, and script events that fall before the line ends are not given.
 */
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { Engine, Plugin } from '../../engine/ecs/engine.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import type { CapsuleRegistry } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { substream } from '../../engine/ecs/random.ts';
import { submitScriptEvent } from '../../engine/script/script.ts';
import type { PerformanceScript, ScriptEvent } from '../../engine/script/script.ts';
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import { LEAD_LAG } from '../../engine/timing/resource.ts';
import type { LeadLagResource } from '../../engine/timing/resource.ts';
import { createUtteranceRun } from '../../engine/timing/utterance-run.ts';
import type { UtteranceRun } from '../../engine/timing/utterance-run.ts';
import { VOICE_OUTPUT_KEY } from '../../engine/timing/voice-ports.ts';
import type { VoiceOutputPort } from '../../engine/timing/voice-ports.ts';
import { BARGE_IN_FADE } from '../../engine/timing/windows.ts';
import type { VoiceOutput } from '../../engine/voice/dsp/voice-output.ts';
import type { Utterance } from '../../engine/voice/voice-source.ts';
import { writeRestPose } from './rest-pose.ts';

/** Longest time step one frame may take, ms. */
export const MAX_STEP_MS = 500;

/** Options of {@link createPerformance}. */
export interface PerformanceOptions {
  readonly registry: CapsuleRegistry;
  readonly script: PerformanceScript;
  /** World seed; the same seed gives the same performance. */
  readonly seed: number;
  /** Engine time to open at, ms. Default 0. */
  readonly startMs?: number;
  /** Plugins installed after the capsule plugin on every engine built (idle, renderer adapter). */
  readonly plugins?: () => Plugin[];
  /** Called after every build with the new engine and the script's first avatar (attach renderers here). */
  readonly onBuild?: (engine: Engine, avatar: number) => void;
  /** Runtime events (missing capsules, …) of every build. */
  readonly onEvent?: (event: RuntimeEvent) => void;
}

/** A spoken line of the script: where its speech starts, for the timeline's markers. */
export interface Phrase {
  readonly atMs: number;
  readonly speechOnsetMs: number;
  readonly label: string;
  /** True when a line spoken from the page holds the script over this phrase (it is not given). */
  readonly held: boolean;
}

/** Fade of the demo's capsules under way when a line is spoken, ms (a barge-in's). */
export const DEMO_FADE_MS = BARGE_IN_FADE.defaultMs;

/** A line to speak, its voice already synthesised (so a rebuild can hand it over at once). */
export interface SpokenLine {
  readonly text: string;
  /** Profile to perform it in; null: the voice and lips alone. */
  readonly profile: string | null;
  readonly utterance: Utterance;
  /** `provider`: a voice provider's audio and timeline; `silence`: an estimated timeline, no audio. */
  readonly voice: 'provider' | 'silence';
}

/** A line spoken on the current engine, as the page shows it. */
export interface Spoken {
  /** Engine ms it was given (and planned) at. */
  readonly at: number;
  readonly line: SpokenLine;
  /** What the lead-lag scheduler planned: lanes, speech onset, phase marks; a barge-in cuts it short. */
  readonly lanes: UtteranceLanes;
  /** The lead-lag machine's phase now (`idle` once finished). */
  phase(): string;
  /** Engine ms the line ends: its last bar, or the end of a barge-in's fade. */
  end(): number;
}

/** A command given from the page, logged with the engine time it was given at. */
type Logged =
  | {
      readonly at: number;
      readonly kind: 'play';
      readonly id: string;
      readonly atMs: number;
      readonly weight: number;
    }
  | { readonly at: number; readonly kind: 'choose'; readonly profile: string | null }
  | { readonly at: number; readonly kind: 'speak'; readonly line: SpokenLine };

/** The running performance. */
export interface Performance {
  readonly script: PerformanceScript;
  readonly seed: number;
  readonly registry: CapsuleRegistry;
  /** Loop length, ms (the script's duration). */
  readonly loopMs: number;
  /** The current engine (replaced by every seek). */
  readonly engine: Engine;
  readonly runtime: CapsuleRuntime;
  /** Engine entity of the script's first avatar (the one on stage). */
  readonly avatar: number;
  /** Engine time, ms. */
  time(): number;
  /**
   * Counts changes other than time passing (commands, seeks), so a paused page can draw only when
   * something changed.
   */
  readonly revision: number;
  readonly playing: boolean;
  setPlaying(playing: boolean): void;
  /**
   * Advances by a real frame delta (ms; clamped to {@link MAX_STEP_MS}, so coming back to a hidden tab
   * does not jump) if playing, then runs a frame.
   */
  tick(deltaMs: number): void;
  /**
   * Calls `listener` after every later build, where `onBuild` is called (the new engine has run up
   * to the build time; one more frame follows before it is drawn). Returns a function that removes it.
   */
  addBuildListener(listener: (engine: Engine, avatar: number) => void): () => void;
  /**
   * Rebuilds the engine at `ms` (clamped to ≥ 0); page commands given after `ms` are forgotten.
   * Playing, the audio of a spoken line still to be heard at `ms` restarts there; paused, it waits
   * for the next rebuild made while playing.
   */
  seek(ms: number): void;
  /** Plays a capsule now (or with its onset at `atMs`); false for an unknown id or a bad time or weight. */
  play(id: string, options?: { atMs?: number; weight?: number }): boolean;
  /** Plays `profile` (null: the script's own) from the next phrase on; false for an unknown profile. */
  chooseProfile(profile: string | null): boolean;
  /** The profile chosen for the coming phrases, or null for the script's own. */
  readonly chosenProfile: string | null;
  /** The next phrase's command time (engine ms) from now. */
  nextPhraseAt(): number;
  /** The script's phrases in loop `k`, engine ms. */
  phrases(k: number): Phrase[];
  /**
   * Speaks a line now (the engine needs `leadLagPlugin`): it is planned at once — the hands start
   * now — and interrupts a line still running (barge-in, 120 ms fade). Logged like any command, so
   * seeking replays it; seeking back past it forgets it. Returns the line as spoken, or null for
   * an engine without the lead-lag scheduler.
   */
  speak(line: SpokenLine): Spoken | null;
  /** Lines spoken on the current engine, oldest first. */
  spoken(): readonly Spoken[];
  /** Fades out the audio of spoken lines (pausing); the engine keeps its state. */
  silence(fadeMs?: number): void;
}

/** Creates a performance and builds its first engine at `startMs`. */
export function createPerformance(options: PerformanceOptions): Performance {
  const buildListeners = new Set<(engine: Engine, avatar: number) => void>();
  const { registry, script, seed } = options;
  const loopMs = script.duration_ms;
  const events = script.events
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => a.ev.at_ms - b.ev.at_ms || a.i - b.i);
  const clock = createSimulatedClock(0);
  const log: Logged[] = [];

  let engine!: Engine;
  let runtime!: CapsuleRuntime;
  let avatars = new Map<string, number>();
  let avatar = -1;
  let chosen: string | null = null;
  let playing = true;
  let revision = 0;
  // Next script event to give: loop `loop`, index `next` into `events`.
  let loop = 0;
  let next = 0;
  // Lines spoken on the current engine, the seqs of the script's commands, and the audio port.
  let spoken: (Spoken & { readonly run: UtteranceRun })[] = [];
  let scriptSeqs = new Set<number>();
  let port: ReplayPort | null = null;

  const issueTime = (): number => loop * loopMs + events[next]!.ev.at_ms;

  /** Gives one script event of the loop starting at `start`; the chosen profile stands in for the script's own. */
  const give = (ev: ScriptEvent, start: number, seedKey: number): void => {
    const from = runtime.queue.length;
    submitScriptEvent(runtime, ev, avatars.get(ev.avatar)!, start, {
      seedKey,
      ...(chosen === null ? {} : { profile: chosen }),
    });
    for (let i = from; i < runtime.queue.length; i++) scriptSeqs.add(runtime.queue[i]!.seq);
  };

  /** True when a spoken line holds the script at engine time `t` (from when it was given to its end). */
  const held = (t: number): boolean => spoken.some((s) => s.at < t && t < s.end());

  /** Gives every script event due by `t` (skipping those a spoken line holds). */
  const flush = (t: number): void => {
    if (events.length === 0) return;
    while (issueTime() <= t) {
      if (!held(issueTime())) give(events[next]!.ev, loop * loopMs, 1 + loop * events.length + next);
      if (++next === events.length) {
        next = 0;
        loop++;
      }
    }
  };

  const frame = (): void => {
    const t = clock.now();
    flush(t);
    engine.update();
  };

  /** Fades out the script's capsules still under way at `at` (not ids something else is playing too). */
  const fadeDemo = (at: number): void => {
    const name = runtime.avatars.name[avatar];
    const demo = new Set<string>();
    const other = new Set<string>();
    for (const r of runtime.timeline)
      if (r.avatar === name && r.end > at && r.outcome !== 'skipped')
        (scriptSeqs.has(r.seq) ? demo : other).add(r.id);
    for (const id of demo) if (!other.has(id)) runtime.cancel(avatar, id, { atMs: at, fadeMs: DEMO_FADE_MS });
  };

  /** Gives a spoken line now and plans it in a frame at this very time (live and when replayed). */
  const speakNow = (line: SpokenLine, index: number): Spoken | null => {
    const res = engine.world.resources.get(LEAD_LAG) as LeadLagResource | undefined;
    if (!res) return null;
    // Everything due by now is scheduled first, so the demo's capsules under way are known.
    frame();
    const at = clock.now();
    fadeDemo(at);
    const current = spoken.at(-1);
    if (current && !current.run.finished) current.run.cancel(undefined, 'barge-in');
    const run = createUtteranceRun(engine, {
      avatar,
      text: line.text,
      profile: line.profile ?? undefined,
      seed: substream(seed, SPEAK_STREAM, index),
      sceneStartMs: 0,
      output: port!,
      synthesisTimeoutMs: 0,
    });
    res.active.add(run);
    run.supply(line.utterance, line.voice);
    frame();
    const lanes = res.utterances.find((u) => u.id === run.id);
    if (!lanes) {
      // The utterance was refused (malformed timeline): nothing was planned.
      run.cancel();
      return null;
    }
    const entry = {
      at,
      line,
      lanes,
      run,
      phase: () => run.phase(),
      end: () =>
        lanes.cancelledAt !== null
          ? lanes.cancelledAt + BARGE_IN_FADE.defaultMs
          : lanes.items.reduce((end, item) => Math.max(end, item.end), lanes.voiceAt),
    };
    spoken.push(entry);
    return entry;
  };

  const apply = (cmd: Logged, index: number): Spoken | null => {
    if (cmd.kind === 'play')
      runtime.play(avatar, cmd.id, { atMs: cmd.atMs, weight: cmd.weight, seedKey: -1 - index });
    else if (cmd.kind === 'choose') chosen = cmd.profile;
    else return speakNow(cmd.line, index);
    return null;
  };

  const build = (t: number): void => {
    port?.retire(clock.now());
    clock.set(0);
    engine = createEngine({
      clock,
      seed,
      plugins: [capsulePlugin(registry), ...(options.plugins?.() ?? [])],
    });
    runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
    if (options.onEvent) runtime.onEvent(options.onEvent);
    avatars = new Map(script.avatars.map((name) => [name, runtime.addAvatar(name)]));
    for (const eid of avatars.values()) writeRestPose(registry.layout, runtime.avatars.baseline[eid]!);
    avatar = avatars.get(script.avatars[0]!)!;
    loop = 0;
    next = 0;
    chosen = null;
    spoken = [];
    scriptSeqs = new Set();
    port = createReplayPort(engine);
    // Every engine starts at 0 (systems such as the idle start their streams on their first frame),
    // then receives the page's commands in the order, and at the engine times, they were given.
    frame();
    for (const [index, cmd] of log.entries()) {
      if (cmd.at > t) break;
      flush(cmd.at);
      clock.set(cmd.at);
      apply(cmd, index);
    }
    clock.set(t);
    frame();
    // Renderers join now, so their first frame has no time step to integrate (spring bones, UV scroll).
    options.onBuild?.(engine, avatar);
    for (const listener of buildListeners) listener(engine, avatar);
    frame();
    // Paused, a rebuild stays silent: playing again rebuilds (the page does), which hands it over.
    port.live(t, playing);
  };

  const record = (cmd: Logged): Spoken | null => {
    const result = apply(cmd, log.push(cmd) - 1);
    revision++;
    return result;
  };

  const performance: Performance = {
    script,
    seed,
    registry,
    loopMs,
    get engine() {
      return engine;
    },
    get runtime() {
      return runtime;
    },
    get avatar() {
      return avatar;
    },
    time: () => clock.now(),
    get revision() {
      return revision;
    },
    get playing() {
      return playing;
    },
    setPlaying(value) {
      playing = value;
    },
    addBuildListener(listener) {
      buildListeners.add(listener);
      return () => buildListeners.delete(listener);
    },
    tick(deltaMs) {
      if (playing) clock.advance(Math.min(MAX_STEP_MS, Math.max(0, deltaMs)));
      frame();
    },
    seek(ms) {
      const t = Math.max(0, Number.isFinite(ms) ? ms : 0);
      const keep = log.findIndex((cmd) => cmd.at > t);
      if (keep >= 0) log.length = keep;
      build(t);
      revision++;
    },
    play(id, opts = {}) {
      const now = clock.now();
      const atMs = opts.atMs ?? now;
      const weight = opts.weight ?? 1;
      // Refuse what the runtime would throw on: a logged command is given again on every seek.
      if (!registry.get(id) || !Number.isFinite(atMs) || !(weight >= 0 && weight <= 1)) return false;
      record({ at: now, kind: 'play', id, atMs, weight });
      return true;
    },
    chooseProfile(profile) {
      if (profile !== null && !registry.profile(profile)) return false;
      record({ at: clock.now(), kind: 'choose', profile });
      return true;
    },
    get chosenProfile() {
      return chosen;
    },
    nextPhraseAt() {
      const t = clock.now();
      const k = Math.floor(t / loopMs);
      for (const j of [k, k + 1])
        for (const { ev } of events)
          if (ev.profile !== undefined && j * loopMs + ev.at_ms > t) return j * loopMs + ev.at_ms;
      return Infinity;
    },
    phrases(k) {
      return events
        .filter(({ ev }) => ev.speech_onset_ms !== undefined)
        .map(({ ev }) => ({
          atMs: k * loopMs + ev.at_ms,
          speechOnsetMs: k * loopMs + ev.speech_onset_ms!,
          label: ev.label ?? '',
          held: held(k * loopMs + ev.at_ms),
        }));
    },
    speak(line) {
      if (!engine.world.resources.has(LEAD_LAG)) return null;
      const at = clock.now();
      const index = log.length;
      const result = record({ at, kind: 'speak', line });
      // A line the scheduler refused is not kept: a rebuild would refuse it again.
      if (result === null) log.splice(index, 1);
      return result;
    },
    spoken: () => spoken,
    silence(fadeMs = 30) {
      port?.silence(clock.now(), fadeMs);
    },
  };
  build(options.startMs ?? 0);
  return performance;
}

/** Seed stream of spoken lines (each line's seed: world seed, this, its place in the command log). */
const SPEAK_STREAM = 0x5bea;

/**
 * The audio side of spoken lines for one engine: the engine's voice output (if it has one), passed
 * through while live. While a rebuild replays lines, plays and stops are held; when it is done, what
 * is still to be heard at its time is handed over (the output starts it that far into the audio).
 * A replaced engine's output fades out and is disposed.
 */
interface ReplayPort extends VoiceOutputPort {
  /** The rebuild reached `t`: hand over held audio (if `audible`), then pass through. */
  live(t: number, audible: boolean): void;
  /** Fades everything out from `at`. */
  silence(at: number, fadeMs: number): void;
  /** The engine is being replaced: fade out from `at`, then dispose the output. */
  retire(at: number): void;
}

function createReplayPort(engine: Engine): ReplayPort {
  let mode: 'replay' | 'live' | 'retired' = 'replay';
  const held = new Map<number, { utterance: Utterance; atMs: number; stopAt: number; fadeMs: number }>();
  const avatars = new Set<number>();
  const output = (): VoiceOutput | undefined =>
    engine.world.resources.get(VOICE_OUTPUT_KEY) as VoiceOutput | undefined;
  const port: ReplayPort = {
    play(avatar, utterance, atMs) {
      if (mode === 'replay') held.set(avatar, { utterance, atMs, stopAt: Infinity, fadeMs: 0 });
      else if (mode === 'live') {
        avatars.add(avatar);
        output()?.play(avatar, utterance, atMs);
      }
    },
    stop(avatar, atMs, fadeMs) {
      const h = held.get(avatar);
      if (mode === 'replay') {
        if (h && atMs < h.stopAt) Object.assign(h, { stopAt: atMs, fadeMs });
      } else if (mode === 'live') output()?.stop(avatar, atMs, fadeMs);
    },
    live(t, audible) {
      mode = 'live';
      if (!audible) held.clear();
      for (const [avatar, h] of held) {
        const audioEnd = h.atMs + h.utterance.durationMs;
        if (Math.min(audioEnd, h.stopAt + h.fadeMs) <= t) continue;
        port.play(avatar, h.utterance, h.atMs);
        if (h.stopAt !== Infinity) port.stop(avatar, h.stopAt, h.fadeMs);
      }
      held.clear();
    },
    silence(at, fadeMs) {
      if (mode !== 'live') return;
      for (const avatar of avatars) output()?.stop(avatar, at, fadeMs);
    },
    retire(at) {
      if (mode === 'retired') return;
      port.silence(at, 15);
      mode = 'retired';
      const out = output();
      // After its queued calls (it queues them until Tone.js is loaded) and the fade.
      if (out) void out.ready.then(() => setTimeout(() => out.dispose(), 80));
    },
  };
  return port;
}
