/**
 * Performance scripts: validated JSON that says which avatar does what when. `capsule perform`
 * renders one headlessly; the viewer loops one as its demo. Validation happens here, once, so a bad
 * script is refused with its file and JSON path before any avatar moves.
 */
import { Ajv } from 'ajv';
import schema from '../../capsules/script.schema.json' with { type: 'json' };
import type { Anchors, CapsuleRuntime } from '../capsules/runtime.ts';
import type { PerformanceScript } from '../capsules/schema-types.ts';

/** A validated script (type generated from capsules/script.schema.json). */
export type { PerformanceScript };

/** One scripted command: exactly one of profile, trigger, capsule, cancel. */
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
const ACTIONS = ['profile', 'trigger', 'capsule', 'cancel'] as const;

/** Parses and validates script text; throws {@link ScriptError} naming the file and path. */
export function parseScript(text: string, file: string): PerformanceScript {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScriptError(file, '', `not valid JSON (${(err as Error).message})`);
  }
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
    const actions = ACTIONS.filter((a) => ev[a] !== undefined);
    if (actions.length !== 1)
      throw new ScriptError(
        file,
        `/events/${i}`,
        `an event needs exactly one of ${ACTIONS.join(', ')} (found ${actions.length ? actions.join(', ') : 'none'})`,
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
 * Gives one script event to a runtime, for a performance (or loop) starting at `startMs`.
 * `seedKey` fixes the event's seeded draws independently of command numbering (loops, scrubbing);
 * `profile` stands in for the event's own profile (a viewer's profile picker).
 */
export function submitScriptEvent(
  runtime: CapsuleRuntime,
  ev: ScriptEvent,
  avatar: number,
  startMs: number,
  options: { seedKey?: number; profile?: string } = {},
): void {
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

/**
 * Queues every event on a runtime, in time order (ties keep file order), for a performance starting
 * at `startMs`.
 */
export function submitScript(
  runtime: CapsuleRuntime,
  script: PerformanceScript,
  avatars: Map<string, number>,
  startMs = 0,
): void {
  const events = script.events
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => a.ev.at_ms - b.ev.at_ms || a.i - b.i);
  for (const { ev } of events) submitScriptEvent(runtime, ev, avatars.get(ev.avatar)!, startMs);
}
