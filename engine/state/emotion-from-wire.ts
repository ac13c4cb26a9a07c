/**
 * The seam between the wire's emotion record and the emotion-input hub. The record's shape is
 * restated structurally here (`{ vad?, emotions?: [{ name, value }] }`), so the state module does
 * not import the wire codec; pass {@link emotionRecordSink}'s result as the packet receiver's
 * `onEmotion` and wire emotion records reach the state's mood and every feedback rule.
 */
import type { Engine } from '../ecs/engine.ts';
import { emotionInputHub, EmotionInputError } from './emotion-input.ts';
import type { EmotionInput } from './emotion-input.ts';

/** The wire's emotion record, as far as emotion input needs it. */
export interface EmotionRecordLike {
  readonly vad?: { readonly valence: number; readonly arousal: number; readonly dominance: number };
  readonly emotions?: readonly { readonly name: string; readonly value: number }[];
}

/** The record as an {@link EmotionInput} (a repeated name throws, naming `source`). */
export function emotionInputFromRecord(record: EmotionRecordLike, source = 'emotion record'): EmotionInput {
  const out: { valence?: number; arousal?: number; dominance?: number; emotions?: Record<string, number> } =
    {};
  if (record.vad) {
    out.valence = record.vad.valence;
    out.arousal = record.vad.arousal;
    out.dominance = record.vad.dominance;
  }
  if (record.emotions) {
    const emotions: Record<string, number> = {};
    record.emotions.forEach((e, i) => {
      if (Object.hasOwn(emotions, e.name))
        throw new EmotionInputError(`${source}: emotions[${i}].name "${e.name}" is repeated`);
      emotions[e.name] = e.value;
    });
    out.emotions = emotions;
  }
  return out;
}

/**
 * An `onEmotion(record, avatar, engineMs)` callback for the wire's packet receiver: converts the
 * record and pushes it to the engine's hub at the record's engine time. Bad input is reported to
 * `onError` (default: ignored) instead of thrown, so one bad record never stops a connection.
 */
export function emotionRecordSink(
  engine: Engine,
  onError: ((message: string) => void) | null = null,
  source = 'wire emotion record',
): (record: EmotionRecordLike, avatar: { readonly entity: number }, engineMs: number) => void {
  const hub = emotionInputHub(engine);
  return (record, avatar, engineMs) => {
    try {
      hub.push(avatar.entity, emotionInputFromRecord(record, source), source, engineMs);
    } catch (e) {
      onError?.(e instanceof Error ? e.message : String(e));
    }
  };
}
