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
 */
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import type { Engine, Plugin } from '../../engine/ecs/engine.ts';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import type { CapsuleRegistry } from '../../engine/capsules/registry.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import type { RuntimeEvent } from '../../engine/capsules/timeline.ts';
import { submitScriptEvent } from '../../engine/script/script.ts';
import type { PerformanceScript, ScriptEvent } from '../../engine/script/script.ts';
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
  | { readonly at: number; readonly kind: 'choose'; readonly profile: string | null };

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
  /** Rebuilds the engine at `ms` (clamped to ≥ 0); page commands given after `ms` are forgotten. */
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
}

/** Creates a performance and builds its first engine at `startMs`. */
export function createPerformance(options: PerformanceOptions): Performance {
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

  const issueTime = (): number => loop * loopMs + events[next]!.ev.at_ms;

  /** Gives one script event of the loop starting at `start`; the chosen profile stands in for the script's own. */
  const give = (ev: ScriptEvent, start: number, seedKey: number): void =>
    submitScriptEvent(runtime, ev, avatars.get(ev.avatar)!, start, {
      seedKey,
      ...(chosen === null ? {} : { profile: chosen }),
    });

  /** Gives every script event due by `t`. */
  const flush = (t: number): void => {
    if (events.length === 0) return;
    while (issueTime() <= t) {
      give(events[next]!.ev, loop * loopMs, 1 + loop * events.length + next);
      if (++next === events.length) {
        next = 0;
        loop++;
      }
    }
  };

  const apply = (cmd: Logged, index: number): void => {
    if (cmd.kind === 'play')
      runtime.play(avatar, cmd.id, { atMs: cmd.atMs, weight: cmd.weight, seedKey: -1 - index });
    else chosen = cmd.profile;
  };

  const frame = (): void => {
    const t = clock.now();
    flush(t);
    engine.update();
  };

  const build = (t: number): void => {
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
    // Every engine starts at 0 (systems such as the idle start their streams on their first frame),
    // then receives the page's commands in the order they were given.
    frame();
    for (const [index, cmd] of log.entries()) {
      if (cmd.at > t) break;
      flush(cmd.at);
      apply(cmd, index);
    }
    clock.set(t);
    frame();
    // Renderers join now, so their first frame has no time step to integrate (spring bones, UV scroll).
    options.onBuild?.(engine, avatar);
    frame();
  };

  const record = (cmd: Logged): void => {
    apply(cmd, log.push(cmd) - 1);
    revision++;
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
        }));
    },
  };
  build(options.startMs ?? 0);
  return performance;
}
