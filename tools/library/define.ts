/**
 * Compact authoring helpers for the non-hand capsule library (FMM, BK, TC, TR, VC, LD, CS, ER). Definitions are
 * plain data built with these helpers; `build.ts` turns them into `*.capsule.json` files. Writing the
 * library as code keeps the conventions (bilateral mirroring, gate envelopes for keyframed shapes,
 * rounding) in one place, and the build checks every value against the rig's limits.
 */
import type {
  CameraParam,
  CameraTrack,
  Capsule,
  CapsuleTrack,
  Domain,
  EnvironmentParam,
  EnvironmentTrack,
  ExpressionTrack,
  GazeTrack,
  HipsTrack,
  JointTrack,
  LightParam,
  LightTrack,
  VoiceParam,
  VoiceTrack,
} from '../../engine/capsules/schema-types.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';

/** A track as written in a capsule. */
export type Track = Capsule['tracks'][number];
/** Anchor a trigger is measured from. */
export type Anchor = Capsule['trigger']['relative_to'];
/** An envelope easing name. */
export type Easing = Capsule['envelope']['easing'];
/** A rotation vector in degrees (x, y, z). */
export type Vec3 = readonly [number, number, number];

/** One capsule definition; `build.ts` fills format_version, domain and the id from `n`. */
export interface CapsuleDef {
  /** Number within the domain: FMM_001 is `n: 1`. */
  readonly n: number;
  readonly subtype: string;
  readonly description: string;
  readonly trigger: Capsule['trigger'];
  /** attack, hold, release (ms) and easing; the duration is their sum. */
  readonly envelope: readonly [attack: number, hold: number, release: number, easing: Easing];
  readonly tracks: readonly Track[];
  readonly priority: number;
  readonly blend?: Capsule['blend_mode'];
  readonly variation?: Capsule['variation'];
  readonly abort?: Capsule['abort'];
}

/** Rounds to 4 decimals so generated files never carry float noise (0.30000000000000004). */
export function r4(x: number): number {
  const v = Math.round(x * 10000) / 10000;
  return Object.is(v, -0) ? 0 : v;
}

const r3 = (v: Vec3): number[] => [r4(v[0]), r4(v[1]), r4(v[2])];

/** A trigger. */
export function trig(relative_to: Anchor, offset_ms: number, probability = 1): Capsule['trigger'] {
  return probability === 1 ? { relative_to, offset_ms } : { relative_to, offset_ms, probability };
}

/** An envelope tuple. */
export function env(attack: number, hold: number, release: number, easing: Easing): CapsuleDef['envelope'] {
  return [attack, hold, release, easing];
}

/**
 * A gate: flat envelope over `ms`, for capsules whose keyframes already start and end at rest (blinks,
 * nods, beats) so the envelope does not blunt their shape a second time.
 */
export function gate(ms: number): CapsuleDef['envelope'] {
  return [0, ms, 0, 'none'];
}

/** Keyframes as `[t, value]` pairs. */
export type Keys<V> = readonly (readonly [t: number, value: V])[];

/** Interpolation between keys. */
export type Interp = 'linear' | 'step' | 'smooth';

// ── joints ──────────────────────────────────────────────────────────────────────────────────────────

/** A constant joint delta. */
export function joint(target: HumanBoneName, value: Vec3): JointTrack {
  return { kind: 'joint', target, value: r3(value) };
}

/** A keyframed joint delta. */
export function jointKeys(
  target: HumanBoneName,
  keys: Keys<Vec3>,
  interpolation: Interp = 'smooth',
): JointTrack {
  return { kind: 'joint', target, keys: keys.map(([t, v]) => ({ t: r4(t), value: r3(v) })), interpolation };
}

/** Seeded joint tremor: peak amplitude per axis (degrees) at a centre frequency. */
export function jointNoise(target: HumanBoneName, amplitude: Vec3, frequency_hz: number): JointTrack {
  return { kind: 'joint', target, noise: { amplitude: r3(amplitude), frequency_hz } };
}

/** Mirrors a left-side rotation vector to the right side: (x, y, z) → (x, −y, −z). */
export function mirror(v: Vec3): Vec3 {
  return [v[0], -v[1], -v[2]];
}

type Side = 'Shoulder' | 'UpperArm' | 'LowerArm' | 'Hand';

/** The same anatomical motion on both sides, given with the left side's signs. */
export function bilateral(stem: Side, left: Vec3): JointTrack[] {
  return [joint(`left${stem}`, left), joint(`right${stem}`, mirror(left))];
}

/** Keyframed bilateral motion, given with the left side's signs. */
export function bilateralKeys(stem: Side, left: Keys<Vec3>, interpolation: Interp = 'smooth'): JointTrack[] {
  return [
    jointKeys(`left${stem}`, left, interpolation),
    jointKeys(
      `right${stem}`,
      left.map(([t, v]) => [t, mirror(v)] as const),
      interpolation,
    ),
  ];
}

/**
 * Shoulder girdle, both sides: elevation (+ lifts the shoulder toward the ear) and protraction
 * (+ draws it forward). Left shoulder: elevation is +z, protraction −y; the right mirrors.
 */
export function shoulders(elevation: number, protraction = 0): JointTrack[] {
  return bilateral('Shoulder', [0, -protraction, elevation]);
}

/** One shoulder (`left`/`right`): elevation and protraction as in {@link shoulders}. */
export function shoulder(side: 'left' | 'right', elevation: number, protraction = 0): JointTrack {
  const left: Vec3 = [0, -protraction, elevation];
  return joint(`${side}Shoulder`, side === 'left' ? left : mirror(left));
}

// ── expressions ─────────────────────────────────────────────────────────────────────────────────────

/** A constant expression delta. */
export function expr(target: string, value: number): ExpressionTrack {
  return { kind: 'expression', target, value: r4(value) };
}

/** A keyframed expression delta. */
export function exprKeys(
  target: string,
  keys: Keys<number>,
  interpolation: Interp = 'smooth',
): ExpressionTrack {
  return {
    kind: 'expression',
    target,
    keys: keys.map(([t, v]) => ({ t: r4(t), value: r4(v) })),
    interpolation,
  };
}

/** An ARKit Left/Right pair (`mouthSmile` → mouthSmileLeft, mouthSmileRight) at one value. */
export function pair(stem: string, value: number, right = value): ExpressionTrack[] {
  return [expr(`${stem}Left`, value), expr(`${stem}Right`, right)];
}

/** An ARKit Left/Right pair, keyframed alike. */
export function pairKeys(
  stem: string,
  keys: Keys<number>,
  interpolation: Interp = 'smooth',
): ExpressionTrack[] {
  return [exprKeys(`${stem}Left`, keys, interpolation), exprKeys(`${stem}Right`, keys, interpolation)];
}

/** A keyframed pulse 0 → peak → 0 with the peak reached at `peakT` and held until `holdT`. */
export function pulse(peak: number, peakT: number, holdT = peakT): Keys<number> {
  return holdT > peakT
    ? [
        [0, 0],
        [peakT, peak],
        [holdT, peak],
        [1, 0],
      ]
    : [
        [0, 0],
        [peakT, peak],
        [1, 0],
      ];
}

/** The same pulse shape scaled into a rotation vector. */
export function pulse3(v: Vec3, peakT: number, holdT = peakT): Keys<Vec3> {
  return pulse(1, peakT, holdT).map(([t, k]) => [t, [v[0] * k, v[1] * k, v[2] * k]] as const);
}

// ── hips, gaze, voice, references ───────────────────────────────────────────────────────────────────

/** A constant hips offset in metres (x to the avatar's left, y up, z forward). */
export function hips(value: Vec3): HipsTrack {
  return { kind: 'hips', value: r3(value) };
}

/** A keyframed hips offset. */
export function hipsKeys(keys: Keys<Vec3>, interpolation: Interp = 'smooth'): HipsTrack {
  return { kind: 'hips', keys: keys.map(([t, v]) => ({ t: r4(t), value: r3(v) })), interpolation };
}

/** A constant gaze delta: yaw (+ to the avatar's left) and pitch (+ up), degrees. */
export function gaze(yaw: number, pitch: number): GazeTrack {
  return { kind: 'gaze', value: [r4(yaw), r4(pitch)] };
}

/** A keyframed gaze delta. */
export function gazeKeys(keys: Keys<readonly [number, number]>, interpolation: Interp = 'smooth'): GazeTrack {
  return {
    kind: 'gaze',
    keys: keys.map(([t, v]) => ({ t: r4(t), value: [r4(v[0]), r4(v[1])] })),
    interpolation,
  };
}

/** A constant voice-parameter delta (or factor, in a multiply capsule). */
export function voice(target: VoiceParam, value: number): VoiceTrack {
  return { kind: 'voice', target, value: r4(value) };
}

/** A keyframed voice-parameter delta. */
export function voiceKeys(
  target: VoiceParam,
  keys: Keys<number>,
  interpolation: Interp = 'smooth',
): VoiceTrack {
  return { kind: 'voice', target, keys: keys.map(([t, v]) => ({ t: r4(t), value: r4(v) })), interpolation };
}

/** Slow seeded wander of a voice parameter. */
export function voiceNoise(target: VoiceParam, amplitude: number, frequency_hz: number): VoiceTrack {
  return { kind: 'voice', target, noise: { amplitude: r4(amplitude), frequency_hz } };
}

// ── light, camera, environment ──────────────────────────────────────────────────────────────────────

type ParamTrack<K, P> = { kind: K; target: P } & Pick<
  LightTrack,
  'value' | 'keys' | 'interpolation' | 'noise'
>;

/** Builds constant, keyframed and noise tracks of one scalar-parameter kind. */
function paramTracks<K extends string, P extends string>(kind: K) {
  return {
    value: (target: P, value: number): ParamTrack<K, P> => ({ kind, target, value: r4(value) }),
    keys: (target: P, keys: Keys<number>, interpolation: Interp = 'smooth'): ParamTrack<K, P> => ({
      kind,
      target,
      keys: keys.map(([t, v]) => ({ t: r4(t), value: r4(v) })),
      interpolation,
    }),
    noise: (target: P, amplitude: number, frequency_hz: number): ParamTrack<K, P> => ({
      kind,
      target,
      noise: { amplitude: r4(amplitude), frequency_hz: r4(frequency_hz) },
    }),
  };
}

const lightTracks = paramTracks<'light', LightParam>('light');
const cameraTracks = paramTracks<'camera', CameraParam>('camera');
const environmentTracks = paramTracks<'environment', EnvironmentParam>('environment');

/** A constant light-parameter delta (kelvin, EV, degrees…), factor (multiply) or target (override). */
export const light: (target: LightParam, value: number) => LightTrack = lightTracks.value;
/** A keyframed light-parameter delta. */
export const lightKeys: (target: LightParam, keys: Keys<number>, interpolation?: Interp) => LightTrack =
  lightTracks.keys;
/** Slow seeded wander of a light parameter. */
export const lightNoise: (target: LightParam, amplitude: number, frequency_hz: number) => LightTrack =
  lightTracks.noise;
/** A constant camera-rig offset (metres, degrees, millimetres). */
export const camera: (target: CameraParam, value: number) => CameraTrack = cameraTracks.value;
/** A keyframed camera-rig offset. */
export const cameraKeys: (target: CameraParam, keys: Keys<number>, interpolation?: Interp) => CameraTrack =
  cameraTracks.keys;
/** Seeded band-limited camera wander (handheld jitter). */
export const cameraNoise: (target: CameraParam, amplitude: number, frequency_hz: number) => CameraTrack =
  cameraTracks.noise;
/** A constant environment-parameter delta. */
export const environment: (target: EnvironmentParam, value: number) => EnvironmentTrack =
  environmentTracks.value;
/** A keyframed environment-parameter delta. */
export const environmentKeys: (
  target: EnvironmentParam,
  keys: Keys<number>,
  interpolation?: Interp,
) => EnvironmentTrack = environmentTracks.keys;
/** Seeded wander of an environment parameter. */
export const environmentNoise: (
  target: EnvironmentParam,
  amplitude: number,
  frequency_hz: number,
) => EnvironmentTrack = environmentTracks.noise;

/** Plays another capsule inside this one. */
export function ref(target: string, weight: number, offset_ms = 0): CapsuleTrack {
  return { kind: 'capsule', target, weight: r4(weight), offset_ms };
}

/** The domains this library authors, in file order. */
export const LIBRARY_DOMAINS = [
  'FMM',
  'BK',
  'TC',
  'TR',
  'VC',
  'LD',
  'CS',
  'ER',
] as const satisfies readonly Domain[];
/** A domain this library authors. */
export type LibraryDomain = (typeof LIBRARY_DOMAINS)[number];

/** Formats a capsule id: `id('FMM', 1)` → `FMM_001`. */
export function capsuleId(domain: LibraryDomain, n: number): string {
  return `${domain}_${String(n).padStart(3, '0')}`;
}
