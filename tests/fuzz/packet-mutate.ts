/**
 * Seeded packet mutants and the fuzz loop shared by tests/fuzz/packet-fuzz.test.ts (CI count) and
 * bench/wire.bench.ts (the full ≥ 100,000 run). Every mutant is a pure function of (corpus, seed),
 * so a failure seen in a bench run replays in the test by its seed.
 */
import { crc32 } from '../../engine/capsules/byte-io.ts';
import { createRng } from '../../engine/ecs/random.ts';
import { WireError, decodePacket, encodePacket } from '../../engine/wire/index.ts';
import type { Packet } from '../../engine/wire/index.ts';

/** Every record kind and optional field at least once. */
export function samplePacket(): Packet {
  return {
    seq: 7,
    base_ms: 120_000,
    grant: 3,
    records: [
      { type: 'play', avatar: 0, at_ms: 120_000, capsule: 'HK_031', weight: 1 },
      { type: 'play', avatar: 1, at_ms: 120_050, capsule: 'weird-id', weight: 0.5 },
      {
        type: 'trigger',
        avatar: 0,
        at_ms: 120_100,
        capsule: 'FMM_004',
        weight: 0.8,
        anchors: { speech_onset: 120_600, phrase_end: 119_900 },
      },
      {
        type: 'profile',
        avatar: 0,
        at_ms: 120_200,
        profile: 'friendly',
        weight: 0.9,
        anchors: { scene_start: 0 },
      },
      { type: 'cancel', avatar: 0, at_ms: 121_000, capsule: 'HF_092', fade_ms: 200 },
      { type: 'cancel', avatar: 1, at_ms: 121_000, capsule: null, fade_ms: 120 },
      {
        type: 'say',
        avatar: 0,
        at_ms: 121_500,
        text: 'Hello — héllo!',
        profile: 'friendly',
        voice: 'en-us',
        audio_first: false,
        lead_lag: { hands_ms: -150, voice_ms: 20 },
      },
      {
        type: 'say',
        avatar: 1,
        at_ms: 122_000,
        phonemes: [
          { phoneme: 'h', start_ms: 0, duration_ms: 60 },
          { phoneme: 'ə', start_ms: 60, duration_ms: 80 },
          { phoneme: 'h', start_ms: 140, duration_ms: 50 },
        ],
        audio_first: true,
      },
      {
        type: 'emotion',
        avatar: 0,
        at_ms: 122_500,
        vad: { valence: -0.5, arousal: 0.25, dominance: 1 },
        emotions: [{ name: 'joy', value: 0.75 }],
      },
    ],
  };
}

/** Valid packets the mutators start from. */
export function packetCorpus(extra: readonly Uint8Array[] = []): Uint8Array[] {
  const s = samplePacket();
  return [
    encodePacket(s),
    encodePacket({ ...s, weight_bits: 16 }),
    encodePacket({ seq: 0, base_ms: 0, records: [] }),
    encodePacket({
      seq: 1,
      base_ms: 2 ** 40,
      records: s.records.slice(0, 2).map((r) => ({ ...r, at_ms: 2 ** 40 })),
    }),
    ...extra,
  ];
}

/** Mutation kinds, in draw order. */
export const MUTATIONS = [
  'bit-flip',
  'truncate',
  'insert',
  'delete',
  'length-field',
  'random-bytes',
  'splice',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** The mutant for `seed`: which mutation, whether its CRC was recomputed, and the bytes. */
export function mutant(
  corpus: readonly Uint8Array[],
  seed: number,
): { kind: Mutation; fixedCrc: boolean; bytes: Uint8Array } {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng.next() * n);
  const src = corpus[int(corpus.length)]!;
  const kind = MUTATIONS[int(MUTATIONS.length)]!;
  let b: Uint8Array;
  switch (kind) {
    case 'bit-flip': {
      b = src.slice();
      for (let i = 1 + int(8); i > 0; i--) b[int(b.length)]! ^= 1 << int(8);
      break;
    }
    case 'truncate':
      b = src.slice(0, int(src.length));
      break;
    case 'insert': {
      const at = int(src.length + 1);
      const n = 1 + int(16);
      b = new Uint8Array(src.length + n);
      b.set(src.subarray(0, at));
      for (let i = 0; i < n; i++) b[at + i] = int(256);
      b.set(src.subarray(at), at + n);
      break;
    }
    case 'delete': {
      const at = int(src.length);
      const n = 1 + int(Math.min(16, src.length - at));
      b = new Uint8Array(src.length - n);
      b.set(src.subarray(0, at));
      b.set(src.subarray(at + n), at);
      break;
    }
    case 'length-field': {
      // Counts and lengths are varints in the body: overwrite one with a huge or overlong value.
      b = src.slice();
      const at = 4 + int(Math.max(1, b.length - 8));
      const evil = [0xff, 0x80, 0x7f, 0xfe, 0x00][int(5)]!;
      b[at] = evil;
      if (rng.next() < 0.5 && at + 1 < b.length - 4) b[at + 1] = 0xff;
      break;
    }
    case 'random-bytes': {
      b = new Uint8Array(int(96));
      for (let i = 0; i < b.length; i++) b[i] = int(256);
      if (b.length >= 4 && rng.next() < 0.7) b.set([0x43, 0x57, 1, int(4)]);
      break;
    }
    case 'splice': {
      const other = corpus[int(corpus.length)]!;
      const cut = int(src.length);
      const from = int(other.length);
      b = new Uint8Array(cut + other.length - from);
      b.set(src.subarray(0, cut));
      b.set(other.subarray(from), cut);
      break;
    }
  }
  // Half the mutants get a correct checksum, so the body parser (not just the CRC) is exercised.
  const fixedCrc = b.length >= 8 && rng.next() < 0.5;
  if (fixedCrc)
    new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(
      b.length - 4,
      crc32(b, 0, b.length - 4),
      true,
    );
  return { kind, fixedCrc, bytes: b };
}

/** A short, stable label for an error message (what went wrong, without numbers). */
export function errorKind(e: WireError): string {
  const d = e.detail;
  const table: [RegExp, string][] = [
    [/checksum/, 'checksum'],
    [/truncated/, 'truncated'],
    [/magic/, 'magic'],
    [/version/, 'version'],
    [/flags|bits/, 'unknown flags'],
    [/overlong|longer than 8/, 'bad varint'],
    [/UTF-8/, 'bad UTF-8'],
    [/record type/, 'unknown record type'],
    [/above the limit|beyond ±|exceeds|cannot fit/, 'limit or count'],
    [/refers to string|empty string/, 'bad string ref'],
    [/capsule id|every capsule/, 'bad capsule id'],
    [/unexpected byte/, 'trailing bytes'],
    [/needs text|needs vad/, 'empty record'],
    [/below −1/, 'value out of range'],
  ];
  for (const [re, k] of table) if (re.test(d)) return k;
  return 'other';
}

/** What a fuzz run found. */
export interface FuzzResult {
  count: number;
  decoded: number;
  errorsByKind: Record<string, number>;
  byMutation: Record<string, number>;
  /** Failures that break the contract (not a WireError, no offset, re-encode mismatch), with seeds. */
  violations: { seed: number; problem: string }[];
  /** Slowest single decode, ms (only when a timer is given). */
  maxMs: number;
}

/**
 * Decodes `count` mutants (seeds `seed0 … seed0+count−1`). A mutant must either decode — and then
 * re-encode to a packet that decodes to the same value — or throw a WireError whose offset lies
 * within the input. `timer` (bench only) measures each decode.
 */
export function fuzzPackets(
  count: number,
  seed0 = 1,
  corpus = packetCorpus(),
  timer?: () => number,
): FuzzResult {
  const r: FuzzResult = { count, decoded: 0, errorsByKind: {}, byMutation: {}, violations: [], maxMs: 0 };
  for (let i = 0; i < count; i++) {
    const seed = seed0 + i;
    const m = mutant(corpus, seed);
    r.byMutation[m.kind] = (r.byMutation[m.kind] ?? 0) + 1;
    const t0 = timer?.() ?? 0;
    let packet: Packet | undefined;
    let error: unknown;
    try {
      packet = decodePacket(m.bytes, `fuzz#${seed}`);
    } catch (e) {
      error = e;
    }
    if (timer) r.maxMs = Math.max(r.maxMs, timer() - t0);
    if (packet) {
      r.decoded++;
      try {
        const again = decodePacket(encodePacket(packet), 're-encode');
        if (JSON.stringify(again) !== JSON.stringify(packet))
          r.violations.push({ seed, problem: 're-encoded packet differs' });
      } catch (e) {
        r.violations.push({ seed, problem: `decoded packet does not re-encode: ${(e as Error).message}` });
      }
      continue;
    }
    if (!(error instanceof WireError)) {
      r.violations.push({ seed, problem: `threw ${String(error)}` });
      continue;
    }
    if (!(error.offset >= 0 && error.offset <= Math.max(m.bytes.length, 16384)))
      r.violations.push({ seed, problem: `WireError without a byte offset: ${error.message}` });
    const k = errorKind(error);
    r.errorsByKind[k] = (r.errorsByKind[k] ?? 0) + 1;
  }
  return r;
}

/**
 * A random but valid packet for `seed` (soak tests: the engine must survive whatever a valid sender
 * may say). `ids` are the capsule ids to draw from — mix in unknown ones to exercise the fallbacks.
 */
export function randomPacket(
  seed: number,
  ids: readonly string[] = ['HK_001', 'FMM_004', 'BK_003', 'ZZ_404'],
  profiles: readonly string[] = ['friendly', 'no_such_profile'],
  avatars = 2,
): Packet {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng.next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const base = int(1_000_000);
  const records: Packet['records'] = [];
  for (let i = 1 + int(12); i > 0; i--) {
    const avatar = int(avatars + 1); // one slot past the last: unknown avatars too
    const at_ms = base + int(5000);
    const weight = rng.next();
    switch (int(6)) {
      case 0:
        records.push({ type: 'play', avatar, at_ms, capsule: pick(ids), weight });
        break;
      case 1:
        records.push({
          type: 'trigger',
          avatar,
          at_ms,
          capsule: pick(ids),
          weight,
          anchors: { speech_onset: at_ms + int(800) - 200 },
        });
        break;
      case 2:
        records.push({ type: 'profile', avatar, at_ms, profile: pick(profiles), weight });
        break;
      case 3:
        records.push({
          type: 'cancel',
          avatar,
          at_ms,
          capsule: rng.next() < 0.3 ? null : pick(ids),
          fade_ms: int(400),
        });
        break;
      case 4:
        records.push({
          type: 'say',
          avatar,
          at_ms,
          text: pick(['Hi.', 'Well, that is odd!', '']),
          ...(rng.next() < 0.5 ? { profile: pick(profiles) } : {}),
        });
        break;
      default:
        records.push({
          type: 'emotion',
          avatar,
          at_ms,
          vad: { valence: rng.next() * 2 - 1, arousal: rng.next() * 2 - 1, dominance: rng.next() * 2 - 1 },
        });
    }
  }
  return {
    seq: seed >>> 0,
    base_ms: base,
    ...(rng.next() < 0.5 ? { weight_bits: 16 as const } : {}),
    records,
  };
}
