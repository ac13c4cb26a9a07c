/**
 * Emotion input: a valence/arousal/dominance vector (−1..1) plus named emotions (0..1), as a chatbot
 * or the wire's emotion record sends it. One hub per engine takes every input, checks it, stamps it
 * with engine time and hands it to whoever listens (the state's mood, feedback rules), so a packet
 * receiver needs to know only `emotionInputHub(engine).push(avatar, input)`.
 */
import type { Engine } from '../ecs/engine.ts';

/** One emotion reading. Missing dimensions are unknown, not zero. */
export interface EmotionInput {
  readonly valence?: number;
  readonly arousal?: number;
  readonly dominance?: number;
  /** Named emotions, 0..1 (`joy`, `anger`, …). */
  readonly emotions?: Readonly<Record<string, number>>;
  /** An explicit advisory mood label; default: derived (see {@link moodOfEmotion}). */
  readonly label?: string;
}

/** An input as the hub keeps it: checked and stamped with engine time. */
export interface TimedEmotion {
  readonly avatar: number;
  readonly input: EmotionInput;
  readonly time: number;
  readonly source: string;
}

/** Bad emotion input: names the source and the field. */
export class EmotionInputError extends Error {
  override readonly name = 'EmotionInputError';
}

const DIMENSIONS = ['valence', 'arousal', 'dominance'] as const;
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const LABEL = /^[A-Za-z][A-Za-z0-9_:-]{0,63}$/;

/** Throws {@link EmotionInputError} naming `source` and the JSON path of the first bad field. */
export function checkEmotionInput(input: unknown, source = 'emotion input'): asserts input is EmotionInput {
  const fail = (path: string, msg: string): never => {
    throw new EmotionInputError(`${source}: ${path} ${msg}`);
  };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('$', 'must be an object');
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!(DIMENSIONS as readonly string[]).includes(key) && key !== 'emotions' && key !== 'label')
      fail(key, 'is not a field of an emotion input (valence, arousal, dominance, emotions, label)');
  for (const d of DIMENSIONS) {
    const v = o[d];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < -1 || v > 1)
      fail(d, `must be a finite number within −1..1, got ${String(v)}`);
  }
  if (o['label'] !== undefined && (typeof o['label'] !== 'string' || !LABEL.test(o['label'])))
    fail('label', `must match ${LABEL.source}, got ${JSON.stringify(o['label'])}`);
  const e = o['emotions'];
  if (e === undefined) return;
  if (e === null || typeof e !== 'object' || Array.isArray(e))
    fail('emotions', 'must be an object of name → 0..1');
  for (const [name, v] of Object.entries(e as Record<string, unknown>)) {
    if (!NAME.test(name)) fail(`emotions.${name}`, `is not a valid emotion name (${NAME.source})`);
    if ((DIMENSIONS as readonly string[]).includes(name))
      fail(`emotions.${name}`, `is a dimension; give it as the top-level ${name}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      fail(`emotions.${name}`, `must be a finite number within 0..1, got ${String(v)}`);
  }
}

/** The value of a dimension or named emotion in an input, or undefined when the input lacks it. */
export function emotionValue(input: EmotionInput, emotion: string): number | undefined {
  if (emotion === 'valence' || emotion === 'arousal' || emotion === 'dominance') return input[emotion];
  return input.emotions?.[emotion];
}

/** Below this a named emotion does not name the mood. */
const NAMED_MOOD_FLOOR = 0.2;
/** Inside this radius of the origin the circumplex says neutral. */
const NEUTRAL_RADIUS = 0.15;

/**
 * An advisory mood label: the explicit label, else the strongest named emotion (≥ 0.2), else the
 * valence/arousal quadrant (excited, content, tense, sad; neutral near the origin), else null.
 */
export function moodOfEmotion(input: EmotionInput): string | null {
  if (input.label !== undefined) return input.label;
  let best: string | null = null;
  let bestValue = NAMED_MOOD_FLOOR;
  // Names in order, strictly greater wins: ties go to the alphabetically first name, deterministically.
  for (const name of Object.keys(input.emotions ?? {}).sort()) {
    const v = input.emotions![name]!;
    if (v > bestValue || (best === null && v === bestValue)) {
      best = name;
      bestValue = v;
    }
  }
  if (best !== null) return best;
  const v = input.valence;
  const a = input.arousal;
  if (v === undefined && a === undefined) return null;
  const vv = v ?? 0;
  const aa = a ?? 0;
  if (Math.abs(vv) < NEUTRAL_RADIUS && Math.abs(aa) < NEUTRAL_RADIUS) return 'neutral';
  if (vv >= 0) return aa >= 0 ? 'excited' : 'content';
  return aa >= 0 ? 'tense' : 'sad';
}

/** How strong an input is, 0..1: the strongest named emotion or the largest |valence|, |arousal|. */
export function emotionStrength(input: EmotionInput): number {
  let s = Math.max(Math.abs(input.valence ?? 0), Math.abs(input.arousal ?? 0));
  for (const v of Object.values(input.emotions ?? {})) if (v > s) s = v;
  return Math.min(1, s);
}

/** Resource key of the {@link EmotionInputHub}. */
export const EMOTION_INPUT = 'emotion-input';

/** Where emotion inputs enter an engine. */
export interface EmotionInputHub {
  /**
   * Checks the input (throws {@link EmotionInputError} naming `source`; nothing is recorded then),
   * stamps it with engine time (`timeMs`, default the clock's now) and tells every listener.
   */
  push(avatar: number, input: EmotionInput, source?: string, timeMs?: number): TimedEmotion;
  /** The avatar's last accepted input. */
  latest(avatar: number): TimedEmotion | undefined;
  /** Subscribes; returns an unsubscribe function. */
  onInput(listener: (emotion: TimedEmotion) => void): () => void;
}

/** The engine's hub, created on first use (statePlugin, feedback and a packet receiver share it). */
export function emotionInputHub(engine: Engine): EmotionInputHub {
  const existing = engine.world.resources.get(EMOTION_INPUT) as EmotionInputHub | undefined;
  if (existing) return existing;
  const latest = new Map<number, TimedEmotion>();
  const listeners = new Set<(e: TimedEmotion) => void>();
  return engine.provide<EmotionInputHub>(EMOTION_INPUT, {
    push(avatar, input, source = 'emotion input', timeMs) {
      checkEmotionInput(input, source);
      const time = timeMs ?? engine.clock.now();
      if (!Number.isFinite(time)) throw new EmotionInputError(`${source}: time must be finite, got ${time}`);
      const timed: TimedEmotion = { avatar, input, time, source };
      latest.set(avatar, timed);
      for (const l of listeners) l(timed);
      return timed;
    },
    latest: (avatar) => latest.get(avatar),
    onInput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}
