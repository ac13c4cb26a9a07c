/**
 * The runtime form of a capsule: tracks bound to flat channel indices, units converted (joint degrees
 * → radians; voice, light, camera and environment parameters keep their own units), easing names →
 * codes, and `capsule` reference tracks flattened into the referenced capsule's own tracks (each
 * keeping its own time window and envelope). Built once at load so the per-frame path touches only
 * numbers and typed arrays.
 */
import type { ChannelLayout } from '../rig/channels.ts';
import { GAZE_CHANNEL, HIPS_OFFSET_CHANNEL } from '../rig/channels.ts';
import { easingCode } from './easing.ts';
import { MAX_REFERENCE_DEPTH } from './references.ts';
import type { EnvelopeSpec } from './envelope.ts';
import type { Capsule, Domain } from './schema-types.ts';

/** Domains in code order. */
export const DOMAINS: readonly Domain[] = ['HK', 'FMM', 'BK', 'TC', 'TR', 'VC', 'LD', 'CS', 'ER'];

/** Blend modes in code order. */
export const enum Blend {
  Additive = 0,
  Multiply = 1,
  Override = 2,
}

/** How a compiled track produces its value. */
export const enum TrackSource {
  Constant = 0,
  Keys = 1,
  Noise = 2,
}

/** Keyframe interpolation codes. */
export const enum Interpolation {
  Linear = 0,
  Step = 1,
  Smooth = 2,
}

/** One track bound to `width` consecutive channels starting at `channel`. */
export interface CompiledTrack {
  readonly channel: number;
  readonly width: 1 | 2 | 3;
  readonly source: TrackSource;
  /** Constant: `width` values. Keys: `keyCount × width` values. Noise: `width` amplitudes. Runtime units. */
  readonly values: Float32Array;
  /** Key phases 0..1 within this track's window (Keys only). */
  readonly times: Float32Array;
  readonly interpolation: Interpolation;
  /** Noise centre frequency in Hz (Noise only). */
  readonly frequencyHz: number;
  /** Product of reference weights on the path to this track (1 for a capsule's own tracks). */
  readonly scale: number;
  /** Start of this track's window in the root capsule's time, ms. */
  readonly offsetMs: number;
  /** Length of this track's window, ms (the owning capsule's duration). */
  readonly spanMs: number;
  /** Envelope of the capsule that owns this track, or null when that is the root capsule itself. */
  readonly envelope: EnvelopeSpec | null;
  /** Stable index for seeding noise (position in the flattened list). */
  readonly key: number;
}

/** A capsule ready for the evaluator. */
export interface CompiledCapsule {
  readonly id: string;
  readonly domain: number;
  readonly subtype: string;
  readonly priority: number;
  readonly blend: Blend;
  readonly durationMs: number;
  readonly envelope: EnvelopeSpec;
  readonly relativeTo: Capsule['trigger']['relative_to'];
  readonly offsetMs: number;
  readonly probability: number;
  readonly timingVariation: number;
  readonly intensityVariation: number;
  /** Abort chance, phase and retract flag; probability 0 when the capsule never aborts. */
  readonly abortProbability: number;
  readonly abortAt: number;
  readonly abortRetract: boolean;
  readonly tracks: readonly CompiledTrack[];
  /** The validated JSON this was compiled from. */
  readonly json: Capsule;
}

const DEG = Math.PI / 180;

function envelopeOf(c: Capsule): EnvelopeSpec {
  return {
    attackMs: c.envelope.attack_ms,
    holdMs: c.envelope.hold_ms,
    releaseMs: c.envelope.release_ms,
    easing: easingCode(c.envelope.easing),
  };
}

/**
 * Compiles a validated capsule. `lookup` returns referenced capsules (already validated, acyclic —
 * the registry checks both before compiling).
 */
export function compileCapsule(
  capsule: Capsule,
  layout: ChannelLayout,
  lookup: (id: string) => Capsule | undefined,
): CompiledCapsule {
  const tracks: CompiledTrack[] = [];
  // Joint deltas are degrees; a multiply capsule's values are factors and keep their unit.
  const jointUnit = capsule.blend_mode === 'multiply' ? 1 : DEG;
  flatten(capsule, 1, 0, null, layout, lookup, tracks, 0, jointUnit);
  return {
    id: capsule.id,
    domain: DOMAINS.indexOf(capsule.domain),
    subtype: capsule.subtype,
    priority: capsule.priority,
    blend:
      capsule.blend_mode === 'additive'
        ? Blend.Additive
        : capsule.blend_mode === 'multiply'
          ? Blend.Multiply
          : Blend.Override,
    durationMs: capsule.duration_ms,
    envelope: envelopeOf(capsule),
    relativeTo: capsule.trigger.relative_to,
    offsetMs: capsule.trigger.offset_ms,
    probability: capsule.trigger.probability ?? 1,
    timingVariation: capsule.variation?.timing ?? 0.15,
    intensityVariation: capsule.variation?.intensity ?? 0.15,
    abortProbability: capsule.abort?.probability ?? 0,
    abortAt: capsule.abort?.at ?? 1,
    abortRetract: capsule.abort?.retract ?? true,
    tracks,
    json: capsule,
  };
}

const NO_TIMES = new Float32Array(0);

/** Writes a scalar (broadcast to every axis) or a vector, converted by `unit`, into `out` at `at`. */
function write(out: Float32Array, at: number, v: number | number[], width: number, unit: number): void {
  for (let j = 0; j < width; j++) out[at + j] = (typeof v === 'number' ? v : (v[j] ?? 0)) * unit;
}

function flatten(
  capsule: Capsule,
  scale: number,
  offsetMs: number,
  envelope: EnvelopeSpec | null,
  layout: ChannelLayout,
  lookup: (id: string) => Capsule | undefined,
  out: CompiledTrack[],
  depth: number,
  jointUnit: number,
): void {
  if (depth > MAX_REFERENCE_DEPTH)
    throw new Error(`capsule ${capsule.id}: references nest deeper than ${MAX_REFERENCE_DEPTH}`);
  for (const track of capsule.tracks) {
    if (track.kind === 'capsule') {
      const child = lookup(track.target);
      if (!child) throw new Error(`capsule ${capsule.id}: references unknown capsule ${track.target}`);
      flatten(
        child,
        scale * track.weight,
        offsetMs + (track.offset_ms ?? 0),
        envelopeOf(child),
        layout,
        lookup,
        out,
        depth + 1,
        jointUnit,
      );
      continue;
    }
    let channel: number;
    let width: 1 | 2 | 3;
    let unit: number;
    if (track.kind === 'joint') {
      channel = layout.bone(track.target, 0);
      width = 3;
      unit = jointUnit;
    } else if (track.kind === 'expression') {
      channel = layout.expression(track.target);
      width = 1;
      unit = 1;
    } else if (
      track.kind === 'voice' ||
      track.kind === 'light' ||
      track.kind === 'camera' ||
      track.kind === 'environment'
    ) {
      // One named parameter each, in its own unit.
      channel = layout[track.kind](track.target);
      width = 1;
      unit = 1;
    } else if (track.kind === 'gaze') {
      channel = GAZE_CHANNEL;
      width = 2;
      unit = 1;
    } else {
      channel = HIPS_OFFSET_CHANNEL;
      width = 3;
      unit = 1;
    }
    if (channel < 0) throw new Error(`capsule ${capsule.id}: no channel for track ${JSON.stringify(track)}`);
    let source: TrackSource;
    let values: Float32Array;
    let times = NO_TIMES;
    let frequencyHz = 0;
    if (track.value !== undefined) {
      source = TrackSource.Constant;
      values = new Float32Array(width);
      write(values, 0, track.value, width, unit);
    } else if (track.keys !== undefined) {
      source = TrackSource.Keys;
      const keys = track.keys;
      times = new Float32Array(keys.length);
      values = new Float32Array(keys.length * width);
      for (let k = 0; k < keys.length; k++) {
        times[k] = keys[k]!.t;
        write(values, k * width, keys[k]!.value, width, unit);
      }
    } else {
      source = TrackSource.Noise;
      values = new Float32Array(width);
      write(values, 0, track.noise!.amplitude, width, unit);
      frequencyHz = track.noise!.frequency_hz;
    }
    out.push({
      channel,
      width,
      source,
      values,
      times,
      interpolation:
        track.interpolation === 'step'
          ? Interpolation.Step
          : track.interpolation === 'smooth'
            ? Interpolation.Smooth
            : Interpolation.Linear,
      frequencyHz,
      scale,
      offsetMs,
      spanMs: capsule.duration_ms,
      envelope,
      key: out.length,
    });
  }
}
