/**
 * The scalar channel layout every capsule writes into and the resolver blends. One flat index space:
 *
 *   [0, BONE_COUNT·3)          bone rotation vectors (x, y, z radians, normalized local frame)
 *   [HIPS_OFFSET, +3)          hips translation offset (metres, avatar space)
 *   [GAZE, +2)                 lookAt yaw and pitch (degrees; + yaw to the avatar's left, + pitch up)
 *   [VOICE, +8)                voice parameters the Tone.js chain reads (see VOICE_PARAMS)
 *   [LIGHT, +6)                light parameters the SH relighting reads (see LIGHT_PARAMS)
 *   [CAMERA, +8)               camera-rig offsets a host may opt into (see CAMERA_PARAMS)
 *   [ENVIRONMENT, +4)          environment parameters: wind, ambient motion delay (see ENVIRONMENT_PARAMS)
 *   [EXPRESSION_BASE, …)       expression weights: VRM presets, ARKit-52, then interned custom names
 *
 * Flat indices let a capsule compile once to (channel, value) pairs and the resolver run over plain
 * typed arrays with no lookups per frame.
 */
import { BONE_COUNT, HUMAN_BONE_NAMES, boneIndex } from './bones.ts';
import { CUSTOM_EXPRESSION_PATTERN, STANDARD_EXPRESSIONS } from './expressions.ts';

/** First hips-offset channel. */
export const HIPS_OFFSET_CHANNEL = BONE_COUNT * 3;
/** Gaze yaw channel; pitch follows. Applied through the avatar's VRM lookAt, not as raw eye bones. */
export const GAZE_CHANNEL = HIPS_OFFSET_CHANNEL + 3;
/**
 * Voice parameters, with their neutral value and clamp. VC capsules move them like any channel; the
 * voice DSP reads the resolved values. Semitones for pitch and formant, a factor for rate, dB for
 * intensity, 0..1 for the rest.
 */
export const VOICE_PARAMS = [
  { name: 'pitch_semitones', neutral: 0, min: -6, max: 6 },
  { name: 'formant_semitones', neutral: 0, min: -4, max: 4 },
  { name: 'rate', neutral: 1, min: 0.8, max: 1.3 },
  { name: 'vibrato_depth_semitones', neutral: 0, min: 0, max: 1 },
  { name: 'vibrato_rate_hz', neutral: 5.5, min: 3, max: 9 },
  { name: 'breathiness', neutral: 0, min: 0, max: 1 },
  { name: 'tension', neutral: 0, min: 0, max: 1 },
  { name: 'intensity_db', neutral: 0, min: -12, max: 6 },
] as const;
/** A voice parameter name. */
export type VoiceParam = (typeof VOICE_PARAMS)[number]['name'];
/** First voice channel, in {@link VOICE_PARAMS} order. */
export const VOICE_CHANNEL = GAZE_CHANNEL + 2;
/**
 * Light parameters (LD capsules), transforms on the avatar's SH environment: exposure in EV stops,
 * colour temperature in kelvin (6500 K = the environment as captured), contrast of the directional
 * bands against DC (−1 flat … +1 doubled), extra window strength (0 sharp … 1 soft shadows), and a
 * rotation of the whole environment (key-direction drift) in degrees.
 */
export const LIGHT_PARAMS = [
  { name: 'exposure_ev', neutral: 0, min: -3, max: 3 },
  { name: 'temperature_k', neutral: 6500, min: 1800, max: 12000 },
  { name: 'contrast', neutral: 0, min: -1, max: 1 },
  { name: 'softness', neutral: 0, min: 0, max: 1 },
  { name: 'key_yaw_deg', neutral: 0, min: -180, max: 180 },
  { name: 'key_pitch_deg', neutral: 0, min: -60, max: 60 },
] as const;
/** A light parameter name. */
export type LightParam = (typeof LIGHT_PARAMS)[number]['name'];
/** First light channel, in {@link LIGHT_PARAMS} order. */
export const LIGHT_CHANNEL = VOICE_CHANNEL + VOICE_PARAMS.length;
/**
 * Camera-rig offsets (CS capsules) from the host's framing of the avatar: dolly in metres (+ pushes
 * in), orbit yaw/pitch and roll in degrees, lateral/vertical shift in metres (handheld jitter), and
 * focal length change in millimetres (focal creep). A host that does not opt in ignores them.
 */
export const CAMERA_PARAMS = [
  { name: 'dolly_m', neutral: 0, min: -2, max: 1.5 },
  { name: 'orbit_yaw_deg', neutral: 0, min: -45, max: 45 },
  { name: 'orbit_pitch_deg', neutral: 0, min: -30, max: 30 },
  { name: 'roll_deg', neutral: 0, min: -15, max: 15 },
  { name: 'shift_x_m', neutral: 0, min: -0.3, max: 0.3 },
  { name: 'shift_y_m', neutral: 0, min: -0.3, max: 0.3 },
  { name: 'focal_mm', neutral: 0, min: -20, max: 60 },
  { name: 'shake', neutral: 0, min: 0, max: 1 },
] as const;
/** A camera parameter name. */
export type CameraParam = (typeof CAMERA_PARAMS)[number]['name'];
/** First camera channel, in {@link CAMERA_PARAMS} order. */
export const CAMERA_CHANNEL = LIGHT_CHANNEL + LIGHT_PARAMS.length;
/**
 * Environment parameters (ER capsules): wind strength 0..1 and its heading in degrees (spring bones
 * feel it), gustiness 0..1, and ambient motion delay in milliseconds (how far secondary motion lags
 * the body).
 */
export const ENVIRONMENT_PARAMS = [
  { name: 'wind_strength', neutral: 0, min: 0, max: 1 },
  { name: 'wind_yaw_deg', neutral: 0, min: -180, max: 180 },
  { name: 'gustiness', neutral: 0, min: 0, max: 1 },
  { name: 'motion_delay_ms', neutral: 0, min: 0, max: 500 },
] as const;
/** An environment parameter name. */
export type EnvironmentParam = (typeof ENVIRONMENT_PARAMS)[number]['name'];
/** First environment channel, in {@link ENVIRONMENT_PARAMS} order. */
export const ENVIRONMENT_CHANNEL = CAMERA_CHANNEL + CAMERA_PARAMS.length;
/** First expression channel. */
export const EXPRESSION_BASE = ENVIRONMENT_CHANNEL + ENVIRONMENT_PARAMS.length;
/** Expression channels that exist in every layout. */
export const STANDARD_EXPRESSION_COUNT = STANDARD_EXPRESSIONS.length;
/** Custom expression slots reserved in every layout, so pose buffers never need to grow. */
export const CUSTOM_EXPRESSION_CAPACITY = 64;
/** Total channels in a layout. */
export const CHANNEL_COUNT = EXPRESSION_BASE + STANDARD_EXPRESSION_COUNT + CUSTOM_EXPRESSION_CAPACITY;

/** Channel index of one axis (0 = x, 1 = y, 2 = z) of a bone's rotation vector. */
export function boneChannel(bone: number, axis: 0 | 1 | 2): number {
  return bone * 3 + axis;
}

/** What kind of value a channel holds: decides its clamp and its neutral value. */
export const enum ChannelKind {
  Rotation = 0,
  Offset = 1,
  Gaze = 2,
  Voice = 3,
  Expression = 4,
  Light = 5,
  Camera = 6,
  Environment = 7,
}

const STANDARD_INDEX = new Map(STANDARD_EXPRESSIONS.map((name, i) => [name, i]));

/**
 * A layout: the standard channels plus custom expression names interned on first use into reserved
 * slots. One layout is shared by a registry and the worlds that use it, so compiled capsules and pose
 * buffers agree.
 */
export class ChannelLayout {
  readonly #customs = new Map<string, number>();
  readonly #names: string[] = [];

  constructor() {
    for (const bone of HUMAN_BONE_NAMES) for (const a of ['x', 'y', 'z']) this.#names.push(`${bone}.${a}`);
    this.#names.push('hips.x', 'hips.y', 'hips.z', 'gaze.yaw', 'gaze.pitch');
    for (const v of VOICE_PARAMS) this.#names.push(`voice.${v.name}`);
    for (const v of LIGHT_PARAMS) this.#names.push(`light.${v.name}`);
    for (const v of CAMERA_PARAMS) this.#names.push(`camera.${v.name}`);
    for (const v of ENVIRONMENT_PARAMS) this.#names.push(`environment.${v.name}`);
    for (const e of STANDARD_EXPRESSIONS) this.#names.push(e);
  }

  /** Total channel count, reserved custom slots included; fixed for the layout's lifetime. */
  get size(): number {
    return CHANNEL_COUNT;
  }

  /** Custom expression names interned so far, in slot order. */
  get customExpressions(): readonly string[] {
    return [...this.#customs.keys()];
  }

  /**
   * Channel index of an expression name (`happy`, `jawOpen`, `custom:smirk`), interning new customs;
   * −1 for a malformed name or when every custom slot is taken.
   */
  expression(name: string): number {
    const std = STANDARD_INDEX.get(name);
    if (std !== undefined) return EXPRESSION_BASE + std;
    if (!CUSTOM_EXPRESSION_PATTERN.test(name)) return -1;
    let idx = this.#customs.get(name);
    if (idx === undefined) {
      if (this.#names.length >= CHANNEL_COUNT) return -1;
      idx = this.#names.length;
      this.#customs.set(name, idx);
      this.#names.push(name);
    }
    return idx;
  }

  /** Channel index of a bone axis by bone name, or −1. */
  bone(name: string, axis: 0 | 1 | 2): number {
    const b = boneIndex(name);
    return b < 0 ? -1 : boneChannel(b, axis);
  }

  /** Name of a channel: `leftIndexProximal.z`, `hips.y`, `gaze.yaw`, `blink`, `custom:smirk`; '' for a free slot. */
  name(channel: number): string {
    return this.#names[channel] ?? '';
  }

  /** Channel index of a voice parameter, or −1. */
  voice(name: string): number {
    const i = VOICE_PARAMS.findIndex((v) => v.name === name);
    return i < 0 ? -1 : VOICE_CHANNEL + i;
  }

  /** Channel index of a light parameter, or −1. */
  light(name: string): number {
    const i = LIGHT_PARAMS.findIndex((v) => v.name === name);
    return i < 0 ? -1 : LIGHT_CHANNEL + i;
  }

  /** Channel index of a camera parameter, or −1. */
  camera(name: string): number {
    const i = CAMERA_PARAMS.findIndex((v) => v.name === name);
    return i < 0 ? -1 : CAMERA_CHANNEL + i;
  }

  /** Channel index of an environment parameter, or −1. */
  environment(name: string): number {
    const i = ENVIRONMENT_PARAMS.findIndex((v) => v.name === name);
    return i < 0 ? -1 : ENVIRONMENT_CHANNEL + i;
  }

  /** Kind of a channel index. */
  kind(channel: number): ChannelKind {
    if (channel < HIPS_OFFSET_CHANNEL) return ChannelKind.Rotation;
    if (channel < GAZE_CHANNEL) return ChannelKind.Offset;
    if (channel < VOICE_CHANNEL) return ChannelKind.Gaze;
    if (channel < LIGHT_CHANNEL) return ChannelKind.Voice;
    if (channel < CAMERA_CHANNEL) return ChannelKind.Light;
    if (channel < ENVIRONMENT_CHANNEL) return ChannelKind.Camera;
    if (channel < EXPRESSION_BASE) return ChannelKind.Environment;
    return ChannelKind.Expression;
  }

  /** Expression name of an expression channel. */
  expressionName(channel: number): string {
    const n = this.#names[channel];
    if (n === undefined || channel < EXPRESSION_BASE)
      throw new RangeError(`channel ${channel} is not an expression`);
    return n;
  }
}
