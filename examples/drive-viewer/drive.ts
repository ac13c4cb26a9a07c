/**
 * Drives the viewer's avatar from a Node process with wire packets only, over the bridge:
 *
 *   npm start                                              # the viewer, in one terminal
 *   node bin/run-ts.js examples/drive-viewer/drive.ts      # this, in another; open the URL it prints
 *
 * It starts a bridge server (the driving process is the server; the page connects to it), waits for
 * a viewer, sends a short performance — profile, gesture, emotion, a spoken line, a nod, a wipe — and
 * prints the avatar state the viewer sends back, one line per change. Options:
 *   --port N         port to listen on (default 8787)
 *   --viewer URL     where the viewer is served (default http://localhost:5173/scenes/viewer/)
 *   --voice ID       voice of the spoken line (a viewer voice id, or `silence`)
 *   --text "…"       the line to say
 *   --hold           keep serving (and printing state) after the performance, until Ctrl-C
 *   --open           no capability token: for a viewer opened without `#bridgeKey=`
 *
 * By default the driver makes a fresh HMAC key, puts it in the viewer link's fragment
 * (`#bridgeKey=demo:…`; a fragment never leaves the browser), issues a single-use token scoped to
 * the performance (DRIVE_SCOPE, 10 minutes), has the viewer redeem it and sends every packet under
 * the grant it answers with. In production the key stays with whoever configures the viewer, tokens
 * are issued to drivers, and the bridge runs over wss:// (docs/bridge.md).
 */
import { parseArgs } from 'node:util';
import { startBridgeServer } from '../../engine/bridge/server.ts';
import { encodePacket } from '../../engine/wire/encode.ts';
import { toBase64Url } from '../../engine/wire/token-body.ts';
import { issueToken } from '../../engine/wire/tokens.ts';
import { DRIVE_SCOPE, drivePerformance, stepPacket } from './performance.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    viewer: { type: 'string', default: 'http://localhost:5173/scenes/viewer/' },
    voice: { type: 'string' },
    text: { type: 'string' },
    hold: { type: 'boolean', default: false },
    open: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`drive: --port must be an integer 0..65535, got ${values.port}`);
  process.exit(2);
}

const server = await startBridgeServer({ port });
const key = values.open ? null : crypto.getRandomValues(new Uint8Array(32));
const link =
  `${values.viewer}?bridge=${encodeURIComponent(server.url)}` +
  (key ? `#bridgeKey=demo:${toBase64Url(key)}` : '');
console.log(`bridge listening on ${server.url}\nopen the viewer at:\n  ${link}\nwaiting for a viewer…`);

const started = Date.now();
const clock = (): string => `${((Date.now() - started) / 1000).toFixed(2).padStart(6)} s`;
server.onEvent((e) => {
  if (e.kind === 'hello')
    console.log(`${clock()}  ${e.client.role} ${e.client.id} (${e.client.name}) joined`);
  else if (e.kind === 'close') console.log(`${clock()}  client ${e.client.id} left (${e.code} ${e.reason})`);
  else if (e.kind === 'client-error') console.log(`${clock()}  client ${e.client.id}: ${e.message}`);
});
server.onReceipt((r) => {
  if (!r.ok) console.log(`${clock()}  viewer ${r.from} refused packet ${r.packet}: ${r.error}`);
});
let last = '';
server.onState((state, from) => {
  const s = state as Record<string, unknown>;
  const line =
    `mood=${s.mood} motion=${s.motion} expression=${s.expression} ` +
    `intensity=${Number(s.intensity).toFixed(2)} speaking=${s.is_speaking}` +
    (s.current_phrase ? ` phrase="${s.current_phrase}"` : '');
  if (line === last) return;
  last = line;
  console.log(`${clock()}  state from ${from}: ${line}`);
});

const viewer = await server.waitForClient('viewer', 10 * 60_000).catch((error: Error) => {
  console.error(`drive: ${error.message}`);
  process.exit(1);
});
console.log(`${clock()}  driving viewer ${viewer.id}`);

let grant: number | undefined;
if (key) {
  const token = await issueToken(key, {
    keyId: 'demo',
    expiresAt: Date.now() + 10 * 60_000,
    scope: DRIVE_SCOPE,
  });
  const reply = await server.redeemToken(token, viewer.id);
  if (reply.grant === undefined) {
    console.error(
      `drive: the viewer refused the token: ${reply.error} (opened without #bridgeKey? try --open)`,
    );
    await server.close();
    process.exit(1);
  }
  grant = reply.grant;
  console.log(`${clock()}  token (${token.length} chars) redeemed: grant ${grant}`);
}

const steps = drivePerformance({
  ...(values.voice ? { voice: values.voice } : {}),
  ...(values.text ? { text: values.text } : {}),
});
const t0 = Date.now();
let bytes = 0;
for (const [i, step] of steps.entries()) {
  const wait = t0 + step.atMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const packet = encodePacket(stepPacket(step, i + 1, Date.now(), grant));
  bytes += packet.length;
  const sent = server.sendPacket(packet, viewer.id);
  console.log(`${clock()}  packet ${i + 1} (${packet.length} bytes) → ${sent} viewer(s): ${step.label}`);
}
console.log(`${clock()}  performance sent: ${steps.length} packets, ${bytes} bytes in all`);

if (values.hold) console.log('holding; Ctrl-C to stop');
else {
  // Let the last state (the wipe settling) come back, then stop.
  await new Promise((r) => setTimeout(r, 2500));
  await server.close();
}
