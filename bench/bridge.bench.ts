/**
 * The bridge over loopback: a server and one client in this process (the `ws` package on both ends),
 * the client decoding every packet with the wire codec and answering with a receipt, as a viewer does.
 * Measures the round trip packet → receipt one at a time, the rate of packets sent back to back
 * (until every receipt is back), and the drive example's performance in bytes. Wall-clock; measured,
 * never asserted. Alone: `node bin/run-ts.js bench/bridge.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { createBridgeClient } from '../engine/bridge/client.ts';
import type { SocketLike } from '../engine/bridge/client.ts';
import { startBridgeServer } from '../engine/bridge/server.ts';
import { decodePacket } from '../engine/wire/decode.ts';
import { encodePacket } from '../engine/wire/encode.ts';
import type { Packet } from '../engine/wire/packet-types.ts';
import { drivePerformance, stepPacket } from '../examples/drive-viewer/performance.ts';
import { median } from './stats.ts';

const ROUND_TRIPS = 500;
const BURST = 5000;

/** A typical packet: a profile and a gesture, under a grant. */
const packet = (seq: number): Uint8Array => {
  const p: Packet = {
    seq,
    base_ms: 1_000_000 + seq,
    grant: 1,
    records: [
      { type: 'profile', avatar: 0, at_ms: 1_000_000 + seq, profile: 'friendly', weight: 1 },
      { type: 'play', avatar: 0, at_ms: 1_000_150 + seq, capsule: 'HK_037', weight: 0.8 },
    ],
  };
  return encodePacket(p);
};

/** Report lines (markdown). */
export async function bridgeReport(): Promise<string[]> {
  const server = await startBridgeServer();
  let decoded = 0;
  const client = createBridgeClient({
    url: server.url,
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
    onPacket: (bytes, n) => {
      decodePacket(bytes, `packet ${n}`);
      decoded++;
    },
  });
  await server.waitForClient('viewer', 10_000);
  while (client.status().phase !== 'open') await new Promise((r) => setTimeout(r, 5));

  let waiting: (() => void) | null = null;
  let receipts = 0;
  server.onReceipt(() => {
    receipts++;
    waiting?.();
  });
  const next = (count: number): Promise<void> =>
    new Promise((resolve) => {
      waiting = () => {
        if (receipts >= count) {
          waiting = null;
          resolve();
        }
      };
      waiting();
    });

  // Round trips, one packet at a time (after 50 to warm up).
  const rtts: number[] = [];
  let seq = 0;
  for (let i = 0; i < ROUND_TRIPS + 50; i++) {
    const t0 = process.hrtime.bigint();
    server.sendPacket(packet(++seq));
    await next(receipts + 1);
    if (i >= 50) rtts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rtts.sort((a, b) => a - b);
  const p95 = rtts[Math.floor(rtts.length * 0.95)]!;

  // A burst, back to back.
  const from = receipts;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < BURST; i++) server.sendPacket(packet(++seq));
  await next(from + BURST);
  const burstMs = Number(process.hrtime.bigint() - t0) / 1e6;

  client.close();
  await server.close();

  const steps = drivePerformance();
  const sizes = steps.map((s, i) => encodePacket(stepPacket(s, i + 1, 1_700_000_000_000 + s.atMs, 1)).length);
  const size = packet(1).length;
  return [
    '## Bridge (WebSocket, loopback)',
    '',
    `Server and client in one process on \`ws\` over 127.0.0.1; the client decodes each packet (wire codec) and answers with a receipt, as the viewer does. A ${size}-byte packet (a profile and a gesture under a grant). \`node bin/run-ts.js bench/bridge.bench.ts\`.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| packet → receipt round trip, median of ${ROUND_TRIPS} | ${median(rtts).toFixed(3)} ms |`,
    `| packet → receipt round trip, 95th percentile | ${p95.toFixed(3)} ms |`,
    `| ${BURST} packets back to back, until every receipt is back | ${burstMs.toFixed(0)} ms (${Math.round((BURST / burstMs) * 1000)} packets/s) |`,
    `| the drive example's performance (${steps.length} packets, with a grant) | ${sizes.reduce((a, b) => a + b, 0)} bytes |`,
    `| packets decoded by the client | ${decoded} |`,
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  for (const line of await bridgeReport()) console.log(line);
