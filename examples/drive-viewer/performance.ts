/**
 * The short performance the drive example sends (and the bridge's browser test replays): a profile,
 * a hand gesture, an emotion, a spoken line and a nod, then a wipe — only ids, weights, timing and
 * text, as wire packets. Each step is one packet, sent at `atMs` after the start; record times are
 * relative to the packet's own base, so a late send shifts the step, not its inner timing.
 */
import type { Packet, PacketRecord } from '../../engine/wire/packet-types.ts';

/** One packet of the performance. */
export interface Step {
  /** When to send it, ms after the performance starts. */
  readonly atMs: number;
  /** What it does, for the log. */
  readonly label: string;
  /** Records, `at_ms` relative to the send time (the builder adds the base). */
  readonly records: readonly PacketRecord[];
}

/** Options of {@link drivePerformance}. */
export interface PerformanceOptions {
  /** Voice of the spoken line (a viewer voice id; `silence` for estimated timing without audio). */
  readonly voice?: string;
  /** The spoken line. */
  readonly text?: string;
}

/**
 * What the performance's capability token allows: the profile (with its capsules) and the capsules
 * it plays by id. Anything else the driver sent would be refused by a gated viewer.
 */
export const DRIVE_SCOPE = { profiles: ['friendly'], capsules: ['HK_037', 'BK_014'] };

/** The line the avatar says by default. */
export const DEFAULT_LINE = 'Hello! It is really good to see you again.';

/** The steps, in sending order. Slot 0 is the viewer's avatar. */
export function drivePerformance(options: PerformanceOptions = {}): Step[] {
  const text = options.text ?? DEFAULT_LINE;
  return [
    {
      atMs: 0,
      label: 'profile friendly, HK_037 gesture',
      records: [
        {
          type: 'profile',
          avatar: 0,
          at_ms: 0,
          profile: 'friendly',
          weight: 1,
          anchors: { speech_onset: 600 },
        },
        { type: 'play', avatar: 0, at_ms: 150, capsule: 'HK_037', weight: 1 },
      ],
    },
    {
      atMs: 2000,
      label: 'emotion: joy 0.8, valence 0.6',
      records: [
        {
          type: 'emotion',
          avatar: 0,
          at_ms: 0,
          vad: { valence: 0.6, arousal: 0.4, dominance: 0.1 },
          emotions: [{ name: 'joy', value: 0.8 }],
        },
      ],
    },
    {
      atMs: 2500,
      label: `say "${text}"`,
      records: [
        {
          type: 'say',
          avatar: 0,
          at_ms: 0,
          text,
          profile: 'friendly',
          ...(options.voice ? { voice: options.voice } : {}),
        },
      ],
    },
    {
      atMs: 7000,
      label: 'nod (BK_014)',
      records: [{ type: 'play', avatar: 0, at_ms: 0, capsule: 'BK_014', weight: 1 }],
    },
    {
      atMs: 9000,
      label: 'cancel everything (fade 300 ms)',
      records: [{ type: 'cancel', avatar: 0, at_ms: 0, capsule: null, fade_ms: 300 }],
    },
  ];
}

/** A step as a packet sent at sender time `nowMs` (integer ms ≥ 0) with sequence number `seq`. */
export function stepPacket(step: Step, seq: number, nowMs: number, grant?: number): Packet {
  const base = Math.max(0, Math.round(nowMs));
  return {
    seq,
    base_ms: base,
    ...(grant === undefined ? {} : { grant }),
    records: step.records.map((r) => ({ ...r, at_ms: base + r.at_ms, ...anchorsAt(r, base) })),
  };
}

const anchorsAt = (r: PacketRecord, base: number): object =>
  (r.type === 'profile' || r.type === 'trigger') && r.anchors
    ? {
        anchors: Object.fromEntries(Object.entries(r.anchors).map(([k, v]) => [k, base + (v as number)])),
      }
    : {};
