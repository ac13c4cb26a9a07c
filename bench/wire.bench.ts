/**
 * Wire figures: a 60 s two-avatar performance (14 spoken lines with profiles, gestures, face
 * triggers, cancels, emotion input, one line with a supplied phoneme timeline) encoded as packets,
 * against ARKit-52 float32 frames at 60 fps and 1080p H.264 at 4.5 Mbps for the same minute; codec
 * speed; and the full packet-decoder fuzz run. Packet bytes are deterministic, so the size is a
 * test assertion too (tests/unit/wire-size.test.ts); times are measured, never asserted.
 */
import { decodePacket, encodePacket } from '../engine/wire/index.ts';
import type { Packet, PacketRecord } from '../engine/wire/index.ts';
import { fuzzPackets, packetCorpus } from '../tests/fuzz/packet-mutate.ts';
import { median } from './stats.ts';

/** Length of the demo performance, ms. */
export const DEMO_MS = 60_000;
/** The same minute as ARKit-52 blendshape weights, float32, 60 fps. */
export const ARKIT_BYTES = 52 * 4 * 60 * 60;
/** The same minute as 1080p H.264 at 4.5 Mbps. */
export const H264_BYTES = (4.5e6 / 8) * 60;

/** [avatar slot, profile, text] per line; slot 0 is "ada" (voice en-us+annie), 1 is "ben". */
const LINES: readonly [number, string, string][] = [
  [0, 'friendly', 'Oh, hello there! I am so glad you came.'],
  [1, 'thinking', 'Okay. So, where do the hands go first?'],
  [0, 'friendly', 'Before the words. Watch my fingers when I start to talk.'],
  [1, 'surprised', 'Really?'],
  [0, 'empathetic', 'Really. Then the face follows, and the voice comes last.'],
  [1, 'skeptical', 'And all of that travels as a few bytes?'],
  [0, 'assertive', 'Only ids, weights and timing. The motion lives on your side.'],
  [1, 'humorous', 'So my cat could send you a packet and you would wave.'],
  [0, 'humorous', 'If your cat has a token, yes.'],
  [1, 'quiet_reflective', 'Hm. That is actually rather elegant.'],
  [0, 'ANX_DENIAL', 'Actually, I am fine. Really, it is nothing.'],
  [1, 'empathetic', 'You do not look fine.'],
  [0, 'thinking', 'Let me think about that for a moment.'],
  [1, 'friendly', 'Take your time. I will be right here.'],
];
const GESTURES = ['HK_031', 'HK_046', 'HF_092', 'BK_003', 'HK_097', 'BK_018', 'HK_023'];
const FACE = ['FMM_004', 'FMM_007', 'FMM_014', 'FMM_018'];

/**
 * The demo minute as packets: one scene packet, then one packet per line sent 300 ms before it
 * (its say record, two gestures, a face trigger on the expected speech onset, every few lines an
 * emotion reading and a cancel). Line 4 ("Really?") carries its phoneme timeline instead of
 * relying on the receiver's voice.
 */
export function demoPackets(): { packets: Uint8Array[]; json: Packet[]; bytes: number; records: number } {
  const json: Packet[] = [];
  let seq = 0;
  json.push({
    seq: ++seq,
    base_ms: 0,
    records: [
      {
        type: 'profile',
        avatar: 1,
        at_ms: 0,
        profile: 'listening',
        weight: 0.8,
        anchors: { scene_start: 0 },
      },
      { type: 'emotion', avatar: 0, at_ms: 0, vad: { valence: 0.4, arousal: 0.3, dominance: 0.1 } },
    ],
  });
  const step = Math.floor((DEMO_MS - 1000) / LINES.length);
  LINES.forEach(([avatar, profile, text], i) => {
    const at = 500 + i * step;
    const onset = at + 350;
    const records: PacketRecord[] = [];
    if (i === 3)
      records.push({
        type: 'say',
        avatar,
        at_ms: at,
        text,
        profile,
        phonemes: [
          { phoneme: 'ɹ', start_ms: 0, duration_ms: 70 },
          { phoneme: 'ɪ', start_ms: 70, duration_ms: 90 },
          { phoneme: 'ə', start_ms: 160, duration_ms: 60 },
          { phoneme: 'l', start_ms: 220, duration_ms: 70 },
          { phoneme: 'i', start_ms: 290, duration_ms: 160 },
        ],
      });
    else
      records.push({
        type: 'say',
        avatar,
        at_ms: at,
        text,
        profile,
        voice: avatar === 0 ? 'en-us+annie' : 'en-us+andy',
      });
    records.push(
      { type: 'play', avatar, at_ms: at + 100, capsule: GESTURES[i % GESTURES.length]!, weight: 0.8 },
      {
        type: 'play',
        avatar: 1 - avatar,
        at_ms: at + 900,
        capsule: GESTURES[(i + 3) % GESTURES.length]!,
        weight: 0.5,
      },
      {
        type: 'trigger',
        avatar,
        at_ms: at,
        capsule: FACE[i % FACE.length]!,
        weight: 0.7,
        anchors: { speech_onset: onset },
      },
    );
    if (i % 3 === 2) {
      records.push({
        type: 'cancel',
        avatar,
        at_ms: at + step - 400,
        capsule: GESTURES[i % GESTURES.length]!,
        fade_ms: 200,
      });
      records.push({
        type: 'emotion',
        avatar: 1 - avatar,
        at_ms: at + 1000,
        vad: { valence: 0.2 - i * 0.05, arousal: 0.5, dominance: 0 },
        emotions: [{ name: i > 8 ? 'concern' : 'joy', value: 0.6 }],
      });
    }
    json.push({ seq: ++seq, base_ms: at - 300, records });
  });
  const packets = json.map(encodePacket);
  return {
    packets,
    json,
    bytes: packets.reduce((n, p) => n + p.length, 0),
    records: json.reduce((n, p) => n + p.records.length, 0),
  };
}

/** The full fuzz count of `npm run bench`. */
export const FULL_FUZZ_COUNT = 100_000;

/** Markdown lines of the Wire section of bench/REPORT.md. */
export function wireReport(): string[] {
  const out: string[] = [];
  const demo = demoPackets();
  out.push('## Wire (zero-payload packets)');
  out.push('');
  out.push(
    `A ${DEMO_MS / 1000} s two-avatar performance (bench/wire.bench.ts: ${LINES.length} spoken lines with profiles and voices, gestures, face triggers on speech onset, cancels, emotion input, one line with its phoneme timeline) as ${demo.packets.length} packets, ${demo.records} records. Bytes are deterministic (asserted ≤ 4 KB in tests/unit/wire-size.test.ts). Baselines, side by side: the same minute as ARKit-52 float32 weights at 60 fps, and as 1080p H.264 at 4.5 Mbps.`,
  );
  out.push('');
  out.push('| the same 60 s | bytes | vs packets | goal |');
  out.push('|---|---:|---:|---|');
  out.push(
    `| packets (header, string table, records, CRC-32 each) | ${demo.bytes} | 1× | ≤ 4,096 B: ${demo.bytes <= 4096 ? 'met' : 'NOT met'} |`,
  );
  out.push(
    `| ARKit-52 float32 frames at 60 fps | ${ARKIT_BYTES.toLocaleString('en-US')} | ${(ARKIT_BYTES / demo.bytes).toFixed(0)}× | |`,
  );
  out.push(
    `| 1080p H.264 at 4.5 Mbps | ${H264_BYTES.toLocaleString('en-US')} | ${(H264_BYTES / demo.bytes).toFixed(0)}× | |`,
  );
  out.push('');

  const encodeUs: number[] = [];
  const decodeUs: number[] = [];
  const reps = 200;
  for (let run = 0; run < 7; run++) {
    let t0 = process.hrtime.bigint();
    for (let k = 0; k < reps; k++) for (const p of demo.json) encodePacket(p);
    encodeUs.push(Number(process.hrtime.bigint() - t0) / 1e3 / (reps * demo.json.length));
    t0 = process.hrtime.bigint();
    for (let k = 0; k < reps; k++) for (const b of demo.packets) decodePacket(b);
    decodeUs.push(Number(process.hrtime.bigint() - t0) / 1e3 / (reps * demo.packets.length));
  }
  out.push(`| codec, per demo packet (median of 7 × ${reps} passes) | µs |`);
  out.push('|---|---:|');
  out.push(`| encode (validate + write + CRC) | ${median(encodeUs).toFixed(2)} |`);
  out.push(`| decode (CRC + bounds-checked parse) | ${median(decodeUs).toFixed(2)} |`);
  out.push('');

  const timer = () => Number(process.hrtime.bigint()) / 1e6;
  const t0 = timer();
  const f = fuzzPackets(FULL_FUZZ_COUNT, 1, packetCorpus(demo.packets), timer);
  const totalMs = timer() - t0;
  out.push(
    `Decoder fuzz (tests/fuzz/packet-mutate.ts, seeds 1…${FULL_FUZZ_COUNT}): bit flips, truncation, insertion, deletion, length-field tampering, random bytes and splices of valid packets, half of them with a recomputed CRC so the body parser is reached. ${f.count.toLocaleString('en-US')} mutants in ${(totalMs / 1000).toFixed(1)} s; ${f.decoded.toLocaleString('en-US')} still decoded (and re-encoded identically); contract violations (anything but a WireError with a byte offset): **${f.violations.length}**; slowest single decode ${f.maxMs.toFixed(3)} ms.`,
  );
  out.push('');
  out.push('| error kind | count |');
  out.push('|---|---:|');
  for (const [k, n] of Object.entries(f.errorsByKind).sort((a, b) => b[1] - a[1]))
    out.push(`| ${k} | ${n.toLocaleString('en-US')} |`);
  out.push('');
  if (f.violations.length) out.push(`First violations: ${JSON.stringify(f.violations.slice(0, 5))}`, '');
  return out;
}
