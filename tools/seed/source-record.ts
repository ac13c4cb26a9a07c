/**
 * One record of the seed files, checked at the envelope level (id, subtype, trigger, priority,
 * blend mode, params object). Subtype parameters are checked by each family through {@link Params}.
 */
import type { Capsule } from '../../engine/capsules/schema-types.ts';

/** A seed record whose common fields are valid. */
export interface SeedRecord {
  /** Source file name, for messages and provenance. */
  readonly file: string;
  readonly id: string;
  /** `HK` or `HF`: the id's prefix, which picks the output folder. */
  readonly set: 'HK' | 'HF';
  readonly subtype: string;
  readonly trigger: Capsule['trigger'];
  readonly priority: number;
  readonly blendMode: Capsule['blend_mode'];
  readonly params: Readonly<Record<string, unknown>>;
}

/** Result of reading a record: the record, or the reasons it is unusable. */
export type ReadResult = { record: SeedRecord; errors: [] } | { record: null; errors: string[] };

const RELATIVE_TO: readonly Capsule['trigger']['relative_to'][] = [
  'speech_onset',
  'scene_start',
  'previous_capsule',
  'word_boundary',
  'stressed_syllable',
  'phrase_end',
];
const BLEND_MODES: readonly Capsule['blend_mode'][] = ['additive', 'multiply', 'override'];
const KNOWN_KEYS = ['capsule_id', 'domain', 'subtype', 'trigger', 'params', 'priority', 'blend_mode'];

/** Checks one raw record from `file`; the messages name the field at fault. */
export function readRecord(raw: unknown, file: string): ReadResult {
  const errors: string[] = [];
  if (!isObject(raw)) return { record: null, errors: ['is not a JSON object'] };
  const id = raw.capsule_id;
  if (typeof id !== 'string' || !/^H[KF]_\d{3,5}$/.test(id))
    errors.push(`capsule_id must look like HK_001 or HF_001, got ${JSON.stringify(id)}`);
  if (raw.domain !== 'hand') errors.push(`domain must be "hand", got ${JSON.stringify(raw.domain)}`);
  const subtype = raw.subtype;
  if (typeof subtype !== 'string' || !/^[a-z][a-z0-9_]{0,47}$/.test(subtype))
    errors.push(`subtype must be a snake_case name, got ${JSON.stringify(subtype)}`);
  const trigger = readTrigger(raw.trigger, errors);
  const priority = raw.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 10)
    errors.push(`priority must be a whole number 0..10, got ${JSON.stringify(priority)}`);
  const blend = raw.blend_mode;
  if (!BLEND_MODES.includes(blend as Capsule['blend_mode']))
    errors.push(`blend_mode must be one of ${BLEND_MODES.join(', ')}, got ${JSON.stringify(blend)}`);
  if (!isObject(raw.params)) errors.push('params must be an object');
  for (const key of Object.keys(raw))
    if (!KNOWN_KEYS.includes(key)) errors.push(`has an unknown field ${JSON.stringify(key)}`);
  if (errors.length > 0 || !trigger) return { record: null, errors };
  const cid = id as string;
  return {
    record: {
      file,
      id: cid,
      set: cid.startsWith('HK_') ? 'HK' : 'HF',
      subtype: subtype as string,
      trigger,
      priority: priority as number,
      blendMode: blend as Capsule['blend_mode'],
      params: raw.params as Record<string, unknown>,
    },
    errors: [],
  };
}

function readTrigger(raw: unknown, errors: string[]): Capsule['trigger'] | null {
  if (!isObject(raw)) {
    errors.push('trigger must be an object');
    return null;
  }
  const { relative_to: rel, offset_ms: offset, probability } = raw;
  const before = errors.length;
  if (!RELATIVE_TO.includes(rel as Capsule['trigger']['relative_to']))
    errors.push(`trigger.relative_to must be one of ${RELATIVE_TO.join(', ')}, got ${JSON.stringify(rel)}`);
  if (typeof offset !== 'number' || !Number.isFinite(offset) || Math.abs(offset) > 10000)
    errors.push(`trigger.offset_ms must be a number within ±10000, got ${JSON.stringify(offset)}`);
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
    errors.push(`trigger.probability must be a number 0..1, got ${JSON.stringify(probability)}`);
  if (errors.length > before) return null;
  return {
    relative_to: rel as Capsule['trigger']['relative_to'],
    offset_ms: offset as number,
    probability: probability as number,
  };
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
