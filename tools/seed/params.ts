/**
 * Typed, checked reads of a seed record's `params`. Every read either returns a usable value or
 * records a message naming the parameter, so one malformed record yields a precise warning and is
 * skipped instead of being copied into the library.
 */
import type { EasingName } from '../../engine/capsules/easing.ts';
import type { Finger } from './anatomy.ts';
import { mapEasing, SEED_EASING_NAMES } from './easing-names.ts';

/** Seed finger names → VRM digit names. The source says both "little" and "pinky". */
const FINGER_NAMES: Readonly<Record<string, Finger>> = {
  thumb: 'Thumb',
  index: 'Index',
  middle: 'Middle',
  ring: 'Ring',
  little: 'Little',
  pinky: 'Little',
};

/** A checked reader over one record's params. */
export class Params {
  /** Problems found so far, each naming its parameter. */
  readonly errors: string[] = [];

  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  /** True when nothing read so far was malformed. */
  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** A finite number in [min, max]. */
  number(key: string, min: number, max: number): number {
    const v = this.raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v))
      return this.fail(key, `must be a number, got ${show(v)}`);
    if (v < min || v > max) return this.fail(key, `${v} is outside ${min}..${max}`);
    return v;
  }

  /** An integer in [min, max]. */
  integer(key: string, min: number, max: number): number {
    const v = this.number(key, min, max);
    if (Number.isFinite(v) && !Number.isInteger(v)) return this.fail(key, `${v} is not a whole number`);
    return v;
  }

  /** A boolean. */
  boolean(key: string): boolean {
    const v = this.raw[key];
    if (typeof v === 'boolean') return v;
    this.errors.push(`params.${key} must be true or false, got ${show(v)}`);
    return false;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.raw[key];
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.errors.push(`params.${key} must be one of ${allowed.join(', ')}, got ${show(v)}`);
    return allowed[0]!;
  }

  /** The seed's easing, mapped to the schema's names. */
  easing(key = 'easing'): EasingName {
    const v = this.raw[key];
    const mapped = typeof v === 'string' ? mapEasing(v) : undefined;
    if (mapped) return mapped;
    this.errors.push(`params.${key} must be one of ${SEED_EASING_NAMES.join(', ')}, got ${show(v)}`);
    return 'linear';
  }

  /** One finger name ("little" and "pinky" both mean the VRM Little finger). */
  finger(key: string): Finger {
    const f = toFinger(this.raw[key]);
    if (f) return f;
    this.errors.push(
      `params.${key} must name a finger (${Object.keys(FINGER_NAMES).join(', ')}), got ${show(this.raw[key])}`,
    );
    return 'Index';
  }

  /** A non-empty list of distinct finger names, in the order given. */
  fingers(key: string, minCount = 1, maxCount = 5): Finger[] {
    const v = this.raw[key];
    if (!Array.isArray(v)) {
      this.errors.push(`params.${key} must be a list of finger names, got ${show(v)}`);
      return [];
    }
    const out: Finger[] = [];
    v.forEach((item: unknown, i) => {
      const f = toFinger(item);
      if (!f) this.errors.push(`params.${key}[${i}] must name a finger, got ${show(item)}`);
      else if (out.includes(f)) this.errors.push(`params.${key}[${i}] repeats ${show(item)}`);
      else out.push(f);
    });
    if (v.length < minCount || v.length > maxCount)
      this.errors.push(`params.${key} must list ${minCount}..${maxCount} fingers, got ${v.length}`);
    return out;
  }

  /** True when the record has this parameter at all. */
  has(key: string): boolean {
    return Object.hasOwn(this.raw, key);
  }

  private fail(key: string, message: string): number {
    this.errors.push(`params.${key} ${message}`);
    return Number.NaN;
  }
}

function toFinger(v: unknown): Finger | undefined {
  return typeof v === 'string' && Object.hasOwn(FINGER_NAMES, v.toLowerCase())
    ? FINGER_NAMES[v.toLowerCase()]
    : undefined;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
