/**
 * The scalar channel layout every capsule writes into and the resolver blends. One flat index space:
 *
 *   [0, BONE_COUNT·3)          bone rotation vectors (x, y, z radians, normalized local frame)
 *   [HIPS_OFFSET, +3)          hips translation offset (metres, avatar space)
 *   [GAZE, +2)                 lookAt yaw and pitch (degrees; + yaw to the avatar's left, + pitch up)
 *   [VOICE, +8)                voice parameters the Tone.js chain reads (see VOICE_PARAMS)
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
/** First expression channel. */
export const EXPRESSION_BASE = VOICE_CHANNEL + VOICE_PARAMS.length;
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

  /** Kind of a channel index. */
  kind(channel: number): ChannelKind {
    if (channel < HIPS_OFFSET_CHANNEL) return ChannelKind.Rotation;
    if (channel < GAZE_CHANNEL) return ChannelKind.Offset;
    if (channel < VOICE_CHANNEL) return ChannelKind.Gaze;
    if (channel < EXPRESSION_BASE) return ChannelKind.Voice;
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
