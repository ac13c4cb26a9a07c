/**
 * Applies packets to an engine: capsule records become capsule-runtime commands on the right avatar
 * at the packet's times (mapped from the sender's clock to engine time), say records become
 * `perform()` calls when their time comes, emotion records go to the host's callback. Repeated and
 * late sequence numbers are ignored with an event; with a {@link CapabilityGate} a packet must name
 * an open grant and every capsule and profile it plays must be in scope, or none of it is applied.
 */
import type { AvatarHandle, PerformHandle, PerformRequest } from '../avatar/perform-types.ts';
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { Anchors, CapsuleRuntime } from '../capsules/runtime.ts';
import type { Engine } from '../ecs/engine.ts';
import { checkPacket } from './check-packet.ts';
import { decodePacket } from './decode.ts';
import type { PacketVoice } from './packet-voice.ts';
import type { EmotionRecord, Packet, PacketRecord, WireAnchors } from './packet-types.ts';
import { recordRefusal } from './tokens.ts';
import type { CapabilityGate, TokenRejection } from './tokens.ts';
import { WireError } from './wire-error.ts';

/** Where a packet's avatar slot goes. */
export interface ReceiverAvatar {
  /** The capsule runtime's avatar entity. */
  entity: number;
  /** Needed for say records (`createAvatar(...)`). */
  handle?: AvatarHandle;
  /** The handle's voice, when it is a packet voice: say records' phoneme timelines go through it. */
  voice?: PacketVoice;
}

/** Something the receiver did not apply, and why. */
export interface WireEvent {
  /** Engine ms. */
  readonly time: number;
  readonly kind:
    | 'bad-packet'
    | 'duplicate'
    | 'out-of-order'
    | 'unknown-avatar'
    | 'no-grant'
    | 'refused'
    | 'no-speaker'
    | 'phonemes-ignored'
    | 'command-failed';
  readonly seq?: number;
  /** Token rejection reason, for `refused`. */
  readonly reason?: TokenRejection;
  readonly message: string;
}

/** Options of {@link createPacketReceiver}. */
export interface ReceiverOptions {
  /** Avatar slots (0..255) → avatars. */
  avatars: Record<number, ReceiverAvatar> | ((slot: number) => ReceiverAvatar | undefined);
  /** When given, packets need a grant and every play is checked against its scope. */
  gate?: CapabilityGate;
  /** Engine ms = sender ms + this. Default: set on the first packet applied (engine now − its base). */
  timeOffsetMs?: number;
  /** Emotion input, delivered at its time (feedback rules live in engine/state). */
  onEmotion?: (record: EmotionRecord, avatar: ReceiverAvatar, engineMs: number) => void;
  /** Names the connection in errors and events. */
  source?: string;
}

/** A packet receiver on one engine. */
export interface PacketReceiver {
  /** Decodes and applies a packet; false when it was refused or ignored (see events). */
  receive(bytes: Uint8Array): boolean;
  /** Applies a packet value (validated like an encoded one first; a bad one is a `bad-packet` event). */
  apply(packet: Packet): boolean;
  /** Sequence number of the last packet applied (−1 before the first). */
  readonly lastSeq: number;
  /** Engine ms − sender ms, once known. */
  readonly timeOffsetMs: number | undefined;
  onEvent(listener: (event: WireEvent) => void): () => void;
  /** Stops applying packets and delivering pending say/emotion records. */
  dispose(): void;
}

let receivers = 0;

/** Creates a receiver; needs `capsulePlugin` on the engine (and `leadLagPlugin` for say records). */
export function createPacketReceiver(engine: Engine, options: ReceiverOptions): PacketReceiver {
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const source = options.source ?? 'packet';
  const avatarOf =
    typeof options.avatars === 'function'
      ? options.avatars
      : (slot: number) => (options.avatars as Record<number, ReceiverAvatar>)[slot];
  const listeners = new Set<(event: WireEvent) => void>();
  let lastSeq = -1;
  let offset = options.timeOffsetMs;
  let disposed = false;
  /** Say and emotion records waiting for their time, in arrival order. */
  const pending: { at: number; run: () => void }[] = [];
  /** Spoken lines per grant, cancelled when the grant is revoked. */
  const lines = new Map<number, Set<PerformHandle>>();
  const now = (): number => engine.clock.now();

  const log = (event: Omit<WireEvent, 'time'>): void => {
    const e = { time: now(), ...event };
    for (const l of listeners) l(e);
  };
  const unsubscribe = options.gate?.onRevoke((grant) => {
    for (const h of lines.get(grant) ?? []) h.cancel();
    lines.delete(grant);
  });

  engine.addSystem({
    name: `wire-receiver-${++receivers}`,
    phase: 'input',
    run: (world) => {
      if (pending.length === 0) return;
      const t = world.time.now;
      let kept = 0;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        if (p.at <= t && !disposed) p.run();
        else if (!disposed) pending[kept++] = p;
      }
      pending.length = kept;
    },
  });

  const apply = (packet: Packet): boolean => {
    if (disposed) return false;
    const seq = packet.seq;
    if (seq <= lastSeq) {
      log({
        kind: seq === lastSeq ? 'duplicate' : 'out-of-order',
        seq,
        message: `${source}: packet ${seq} ${seq === lastSeq ? 'repeats' : 'is older than'} packet ${lastSeq}; ignored`,
      });
      return false;
    }
    let grant = 0;
    if (options.gate) {
      if (packet.grant === undefined) {
        log({ kind: 'no-grant', seq, message: `${source}: packet ${seq} names no grant; ignored` });
        return false;
      }
      grant = packet.grant;
      for (let i = 0; i < packet.records.length; i++) {
        const r = packet.records[i]!;
        const why = recordRefusal(options.gate, r, grant);
        if (why === null) continue;
        const what =
          'capsule' in r ? `capsule ${r.capsule}` : 'profile' in r ? `profile ${r.profile}` : r.type;
        const message = `${source}: packet ${seq} records[${i}] (${what}) refused under grant ${grant}: ${why}; packet ignored`;
        log({ kind: 'refused', seq, reason: why, message });
        if (why === 'out-of-scope') runtime.emit({ time: now(), kind: 'out-of-scope', message });
        return false;
      }
    }
    lastSeq = seq;
    offset ??= now() - packet.base_ms;
    packet.records.forEach((r, i) => applyRecord(r, i, seq, grant));
    return true;
  };

  const applyRecord = (r: PacketRecord, i: number, seq: number, grant: number): void => {
    const target = avatarOf(r.avatar);
    if (!target || runtime.avatars.pose[target.entity] === undefined) {
      log({
        kind: 'unknown-avatar',
        seq,
        message: `${source}: packet ${seq} records[${i}]: no avatar in slot ${r.avatar}`,
      });
      return;
    }
    const at = r.at_ms + offset!;
    const grantOption = grant === 0 ? {} : { grant };
    try {
      switch (r.type) {
        case 'play':
          runtime.play(target.entity, r.capsule, { atMs: at, weight: r.weight, ...grantOption });
          return;
        case 'trigger':
          runtime.trigger(target.entity, r.capsule, anchorsOf(r.anchors, offset!), {
            atMs: at,
            weight: r.weight,
            ...grantOption,
          });
          return;
        case 'profile':
          runtime.playProfile(target.entity, r.profile, anchorsOf(r.anchors, offset!), {
            atMs: at,
            weight: r.weight,
            ...grantOption,
          });
          return;
        case 'cancel':
          runtime.cancel(target.entity, r.capsule, { atMs: at, fadeMs: r.fade_ms });
          return;
        case 'say':
          pending.push({ at, run: () => say(r, target, seq, i, grant) });
          return;
        case 'emotion':
          if (options.onEmotion)
            pending.push({
              at,
              // Like a say record: a grant revoked or expired before its time delivers nothing.
              run: () => {
                if (grant !== 0 && options.gate && options.gate.status(grant) !== null) return;
                options.onEmotion!(r, target, at);
              },
            });
          return;
      }
    } catch (e) {
      log({
        kind: 'command-failed',
        seq,
        message: `${source}: packet ${seq} records[${i}]: ${(e as Error).message}`,
      });
    }
  };

  const say = (
    r: Extract<PacketRecord, { type: 'say' }>,
    target: ReceiverAvatar,
    seq: number,
    i: number,
    grant: number,
  ): void => {
    if (!target.handle) {
      log({
        kind: 'no-speaker',
        seq,
        message: `${source}: packet ${seq} records[${i}]: avatar slot ${r.avatar} has no handle to speak with`,
      });
      return;
    }
    if (grant !== 0 && options.gate && options.gate.status(grant) !== null) return;
    if (r.phonemes) {
      if (target.voice) target.voice.supply(r.phonemes);
      else
        log({
          kind: 'phonemes-ignored',
          seq,
          message: `${source}: packet ${seq} records[${i}]: no packet voice on slot ${r.avatar}; the line is timed by estimate`,
        });
    }
    const request: PerformRequest = { text: r.text ?? '' };
    if (r.profile !== undefined) request.profile = r.profile;
    if (r.voice !== undefined) request.voice = r.voice;
    if (r.audio_first !== undefined) request.audioFirst = r.audio_first;
    if (r.lead_lag)
      request.leadLag = {
        ...(r.lead_lag.hands_ms === undefined ? {} : { handsMs: r.lead_lag.hands_ms }),
        ...(r.lead_lag.face_ms === undefined ? {} : { faceMs: r.lead_lag.face_ms }),
        ...(r.lead_lag.voice_ms === undefined ? {} : { voiceMs: r.lead_lag.voice_ms }),
      };
    try {
      const handle = target.handle.perform(request);
      if (grant !== 0) {
        let set = lines.get(grant);
        if (!set) lines.set(grant, (set = new Set()));
        set.add(handle);
        void handle.done.then(() => set.delete(handle));
      }
    } catch (e) {
      // The line was refused before its voice was asked: its timeline must not go to the next line.
      if (r.phonemes) target.voice?.clear();
      log({
        kind: 'command-failed',
        seq,
        message: `${source}: packet ${seq} records[${i}]: ${(e as Error).message}`,
      });
    }
  };

  return {
    receive(bytes) {
      let packet: Packet;
      try {
        packet = decodePacket(bytes, source);
      } catch (e) {
        if (!(e instanceof WireError)) throw e;
        log({ kind: 'bad-packet', message: e.message });
        return false;
      }
      return apply(packet);
    },
    apply(packet) {
      try {
        checkPacket(packet, source);
      } catch (e) {
        if (!(e instanceof WireError)) throw e;
        log({ kind: 'bad-packet', message: e.message });
        return false;
      }
      return apply(packet);
    },
    get lastSeq() {
      return lastSeq;
    },
    get timeOffsetMs() {
      return offset;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      pending.length = 0;
      unsubscribe?.();
    },
  };
}

/** Sender-time anchors as engine-time anchors. */
function anchorsOf(a: WireAnchors | undefined, offset: number): Anchors {
  const out: Anchors = {};
  if (!a) return out;
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k as keyof Anchors] = v + offset;
  return out;
}
