/**
 * Performance scripts: validated JSON that says which avatar does what when. `capsule perform`
 * renders one headlessly; the viewer loops one as its demo. Validation happens here, once, so a bad
 * script is refused with its file and JSON path before any avatar moves.
 */
import { Ajv } from 'ajv';
import schema from '../../capsules/script.schema.json' with { type: 'json' };
import type { PerformRequest } from '../avatar/perform-types.ts';
import type { Anchors, CapsuleRuntime } from '../capsules/runtime.ts';
import type { PerformanceScript } from '../capsules/schema-types.ts';

/** A validated script (type generated from capsules/script.schema.json). */
export type { PerformanceScript };

/** One scripted command: exactly one of profile, trigger, capsule, cancel, say (a say may name a profile). */
export type ScriptEvent = PerformanceScript['events'][number];

/** A script problem, located by file and JSON path. */
export class ScriptError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${file}: ${path || '/'}: ${detail}`);
    this.name = 'ScriptError';
  }
}

const validate = new Ajv({ allErrors: true, useDefaults: true }).compile(schema);
const ACTIONS = ['profile', 'trigger', 'capsule', 'cancel', 'say'] as const;
/** Fields only a say event takes (they go to `perform()`). */
const SAY_ONLY = ['voice', 'audio_first', 'lead_lag'] as const;
/** Fields a say event refuses: they shape capsule-runtime commands, not a spoken line. */
const NOT_FOR_SAY = {
  weight: 'a say event plays its profile at full weight',
  fade_ms: 'fade_ms belongs to cancel events',
  speech_onset_ms: "a say event's speech onset comes from its voice",
  phrase_end_ms: "a say event's phrase ends come from its voice",
} as const;

/** True for a say event (a line the avatar speaks). */
export function isSayEvent(ev: ScriptEvent): ev is ScriptEvent & { say: string } {
  return ev.say !== undefined;
}

/** Keys each event had as written, before the validator filled in defaults (weight, fade_ms). */
function writtenKeys(json: unknown): (Set<string> | null)[] {
  const events = (json as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return [];
  return events.map((ev: unknown) =>
    ev !== null && typeof ev === 'object' && !Array.isArray(ev) ? new Set(Object.keys(ev)) : null,
  );
}

/** Parses and validates script text; throws {@link ScriptError} naming the file and path. */
export function parseScript(text: string, file: string): PerformanceScript {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScriptError(file, '', `not valid JSON (${(err as Error).message})`);
  }
  const written = writtenKeys(json);
  if (!validate(json)) {
    const e = validate.errors![0]!;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
        : '';
    throw new ScriptError(file, e.instancePath, `${e.message}${extra}`);
  }
  const script = json as unknown as PerformanceScript;
  const avatars = new Set(script.avatars);
  script.events.forEach((ev, i) => {
    const say = isSayEvent(ev);
    // On a say event, profile is the line's modifier, not an action of its own.
    const actions = ACTIONS.filter((a) => ev[a] !== undefined && !(say && a === 'profile'));
    if (actions.length !== 1)
      throw new ScriptError(
        file,
        `/events/${i}`,
        `an event needs exactly one of ${ACTIONS.join(', ')} (found ${actions.length ? actions.join(', ') : 'none'}; a say may also name a profile)`,
      );
    const keys = written[i] ?? new Set<string>();
    if (say) {
      if (ev.say.trim() === '') throw new ScriptError(file, `/events/${i}/say`, 'the line to say is blank');
      for (const [key, why] of Object.entries(NOT_FOR_SAY))
        if (keys.has(key))
          throw new ScriptError(file, `/events/${i}/${key}`, `not allowed on a say event (${why})`);
      // The validator's defaults mean nothing for a line; keep the event as written.
      delete ev.weight;
      delete ev.fade_ms;
    } else
      for (const key of SAY_ONLY)
        if (keys.has(key))
          throw new ScriptError(
            file,
            `/events/${i}/${key}`,
            `only a say event takes ${key} (this is a ${actions[0]} event)`,
          );
    if (!avatars.has(ev.avatar))
      throw new ScriptError(
        file,
        `/events/${i}/avatar`,
        `unknown avatar "${ev.avatar}" (declared: ${script.avatars.join(', ')})`,
      );
  });
  return script;
}

/**
 * The `perform()` request of a say event (`profile` stands in for the event's own, as in
 * {@link submitScriptEvent}). Perform it when the clock reaches the event's `at_ms`.
 */
export function sayRequest(ev: ScriptEvent & { say: string }, profile?: string): PerformRequest {
  const request: PerformRequest = { text: ev.say };
  const p = profile ?? ev.profile;
  if (p !== undefined) request.profile = p;
  if (ev.voice !== undefined) request.voice = ev.voice;
  if (ev.audio_first !== undefined) request.audioFirst = ev.audio_first;
  const ll = ev.lead_lag;
  if (ll !== undefined)
    request.leadLag = {
      ...(ll.hands_ms === undefined ? {} : { handsMs: ll.hands_ms }),
      ...(ll.face_ms === undefined ? {} : { faceMs: ll.face_ms }),
      ...(ll.voice_ms === undefined ? {} : { voiceMs: ll.voice_ms }),
    };
  return request;
}

/** Options of {@link submitScriptEvent}. */
export interface SubmitOptions {
  /** Fixes the event's seeded draws independently of command numbering (loops, scrubbing). */
  seedKey?: number;
  /** Stands in for the event's own profile (a viewer's profile picker). */
  profile?: string;
  /**
   * Speaks a say event's line — `(request) => avatarHandle.perform(request)` for the event's
   * avatar (engine/avatar). The capsule runtime alone has no voice, so a say event without it is
   * an error.
   */
  say?: (request: PerformRequest) => void;
}

/**
 * Gives one script event to a runtime, for a performance (or loop) starting at `startMs`. Give it
 * when the clock reaches the event: a say event is performed at once (the line is planned at the
 * next frame), and a cancel only reaches what was commanded before it.
 */
export function submitScriptEvent(
  runtime: CapsuleRuntime,
  ev: ScriptEvent,
  avatar: number,
  startMs: number,
  options: SubmitOptions = {},
): void {
  if (isSayEvent(ev)) {
    if (!options.say)
      throw new Error(
        `script: a say event ("${ev.say}") needs a speaking avatar: pass options.say (createAvatar(…).perform)`,
      );
    options.say(sayRequest(ev, options.profile));
    return;
  }
  const at = startMs + ev.at_ms;
  const anchors: Anchors = { scene_start: startMs };
  if (ev.speech_onset_ms !== undefined) anchors.speech_onset = startMs + ev.speech_onset_ms;
  if (ev.phrase_end_ms !== undefined) anchors.phrase_end = startMs + ev.phrase_end_ms;
  const play = {
    atMs: at,
    weight: ev.weight ?? 1,
    ...(options.seedKey === undefined ? {} : { seedKey: options.seedKey }),
  };
  if (ev.profile !== undefined) runtime.playProfile(avatar, options.profile ?? ev.profile, anchors, play);
  else if (ev.trigger !== undefined) runtime.trigger(avatar, ev.trigger, anchors, play);
  else if (ev.capsule !== undefined) runtime.play(avatar, ev.capsule, play);
  else runtime.cancel(avatar, ev.cancel === '*' ? null : ev.cancel, { atMs: at, fadeMs: ev.fade_ms ?? 120 });
}

/** The events in the order they are given: by time, ties in file order (`index` into the file's list). */
export function eventsInOrder(script: PerformanceScript): { ev: ScriptEvent; index: number }[] {
  return script.events
    .map((ev, index) => ({ ev, index }))
    .sort((a, b) => a.ev.at_ms - b.ev.at_ms || a.index - b.index);
}

/**
 * Queues every event on a runtime ahead, in time order (ties keep file order), for a performance
 * starting at `startMs`. Capsule commands only: a say event must be performed when the clock
 * reaches it (tools/perform does), so a script with one is refused here.
 */
export function submitScript(
  runtime: CapsuleRuntime,
  script: PerformanceScript,
  avatars: Map<string, number>,
  startMs = 0,
): void {
  const events = eventsInOrder(script);
  const spoken = events.find(({ ev }) => isSayEvent(ev));
  if (spoken)
    throw new Error(
      `script: events[${spoken.index}] is a say event; submitScript queues capsule commands ahead only — perform the script with tools/perform (performScript) or give events at their time with submitScriptEvent`,
    );
  for (const { ev } of events) submitScriptEvent(runtime, ev, avatars.get(ev.avatar)!, startMs);
}
