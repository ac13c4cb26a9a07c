/**
 * What a packet says, as plain data: the codec's input and output and the JSON form's shape. Times
 * are integer ms on the sender's clock (the receiver maps them to engine time); weights are 0..1 and
 * travel quantised (u8, or u16 with `weight_bits: 16`), so a decoded weight is q/255 (or q/65535).
 */

/** Anchors of a trigger or profile record, sender ms (absolute, like `at_ms`). */
export interface WireAnchors {
  speech_onset?: number;
  scene_start?: number;
  phrase_end?: number;
  word_boundary?: number;
  stressed_syllable?: number;
}

/** One phoneme of a supplied timeline, ms from the line's audio start. */
export interface WirePhoneme {
  phoneme: string;
  start_ms: number;
  duration_ms: number;
}

/** Per-line lead-lag overrides (see docs/lead-lag.md), ms. */
export interface WireLeadLag {
  hands_ms?: number;
  face_ms?: number;
  voice_ms?: number;
}

/** Fields every record has: which avatar slot, and when (sender ms, ≥ the packet's base). */
export interface RecordCommon {
  avatar: number;
  at_ms: number;
}

/** Plays a capsule with its onset exactly at `at_ms`. */
export interface PlayRecord extends RecordCommon {
  type: 'play';
  capsule: string;
  weight: number;
}

/** Schedules a capsule by its own trigger against the anchors. */
export interface TriggerRecord extends RecordCommon {
  type: 'trigger';
  capsule: string;
  weight: number;
  anchors?: WireAnchors;
}

/** Plays every capsule of a profile by its trigger. */
export interface ProfileRecord extends RecordCommon {
  type: 'profile';
  profile: string;
  weight: number;
  anchors?: WireAnchors;
}

/** Fades out one capsule id (or every capsule: `capsule: null`) on an avatar. */
export interface CancelRecord extends RecordCommon {
  type: 'cancel';
  capsule: string | null;
  fade_ms: number;
}

/** A line to speak: text, or a phoneme timeline, or both. */
export interface SayRecord extends RecordCommon {
  type: 'say';
  text?: string;
  phonemes?: WirePhoneme[];
  profile?: string;
  voice?: string;
  audio_first?: boolean;
  lead_lag?: WireLeadLag;
}

/** Emotion input for feedback rules: valence/arousal/dominance in −1..1 and named emotions 0..1. */
export interface EmotionRecord extends RecordCommon {
  type: 'emotion';
  vad?: { valence: number; arousal: number; dominance: number };
  emotions?: { name: string; value: number }[];
}

/** One record of a packet. */
export type PacketRecord =
  PlayRecord | TriggerRecord | ProfileRecord | CancelRecord | SayRecord | EmotionRecord;

/** A packet: a header and records in the order they are applied. */
export interface Packet {
  /** Sender's sequence number (u32); receivers ignore repeats and older packets. */
  seq: number;
  /** Sender ms every record time is relative to on the wire. */
  base_ms: number;
  /** Capability grant the packet acts under (see tokens.ts); absent on open receivers. */
  grant?: number;
  /** Weight precision; default 8. */
  weight_bits?: 8 | 16;
  records: PacketRecord[];
}

/** Record type codes on the wire (append only). */
export const RECORD_CODES = {
  play: 1,
  trigger: 2,
  profile: 3,
  cancel: 4,
  say: 5,
  emotion: 6,
} as const satisfies Record<PacketRecord['type'], number>;

/** Anchor names in bit order of a record's anchor mask (append only). */
export const ANCHOR_NAMES = [
  'speech_onset',
  'scene_start',
  'phrase_end',
  'word_boundary',
  'stressed_syllable',
] as const satisfies readonly (keyof WireAnchors)[];

/** Lead-lag override names in bit order. */
export const LEAD_LAG_NAMES = [
  'hands_ms',
  'face_ms',
  'voice_ms',
] as const satisfies readonly (keyof WireLeadLag)[];
