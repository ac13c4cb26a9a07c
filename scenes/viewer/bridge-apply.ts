/**
 * What a packet from the bridge does in the viewer. Records go through the viewer's own paths where
 * it has them — a capsule play through the performance (logged, so a seek replays it), a spoken line
 * through the Speak panel (voice picker, audio, lips) — and straight to the live engine otherwise
 * (profile, trigger, cancel, emotion; a seek forgets those). The profile a packet plays is noted
 * for the avatar state's mood.
 *
 * Times: a record's `at_ms` is on the sender's clock; the viewer maps the packet's `base_ms` to the
 * engine time it arrives at, so times within a packet keep their spacing and a paused or scrubbed
 * viewer never sees a packet land in its past or far future.
 *
 * One bad record does not spoil the rest: every valid record is applied, and the problems come back
 * as one error (the bridge client turns it into a refused receipt naming packet, record and reason).
 */
import type { Anchors } from '../../engine/capsules/runtime.ts';
import { EMOTION_INPUT } from '../../engine/state/emotion-input.ts';
import type { EmotionInput, EmotionInputHub } from '../../engine/state/emotion-input.ts';
import { AVATAR_STATE } from '../../engine/state/state-types.ts';
import type { AvatarStateResource } from '../../engine/state/state-types.ts';
import type { Packet, PacketRecord, WireAnchors } from '../../engine/wire/packet-types.ts';
import type { CapabilityGate, TokenRejection } from '../../engine/wire/tokens.ts';
import type { Performance } from '../shared/performance.ts';
import type { SpeakPanel } from './speak-panel.ts';

/**
 * Applies a packet to the viewer; throws an Error listing the records it had to skip. `first`: the
 * first packet of a connection (a reconnected driver numbers its packets afresh).
 */
export type PacketApplier = (packet: Packet, source: string, first: boolean) => void;

/** The viewer's one avatar is slot 0. */
const SLOT = 0;

/** Creates the applier. `noteProfile` remembers the profile for the state's mood across rebuilds. */
export function createPacketApplier(deps: {
  readonly performance: Performance;
  readonly speakPanel: SpeakPanel;
  readonly noteProfile: (profile: string | null) => void;
  /** Spoken lines that failed after the packet was taken (synthesis refused), for the status. */
  readonly onLateProblem: (message: string) => void;
  /**
   * With a gate, a packet must name an open grant and everything it plays must be in the grant's
   * scope, or none of it is applied (as engine/wire/receiver.ts does).
   */
  readonly gate?: CapabilityGate | null;
}): PacketApplier {
  const { performance, speakPanel } = deps;
  let lastSeq = -1;

  const hub = (): EmotionInputHub | undefined =>
    performance.engine.world.resources.get(EMOTION_INPUT) as EmotionInputHub | undefined;
  const state = (): AvatarStateResource | undefined =>
    performance.engine.world.resources.get(AVATAR_STATE) as AvatarStateResource | undefined;

  const anchorsOf = (a: WireAnchors | undefined, at: number, map: (ms: number) => number): Anchors => {
    const out: Anchors = { speech_onset: at };
    for (const [name, ms] of Object.entries(a ?? {}) as [keyof Anchors, number][]) out[name] = map(ms);
    return out;
  };

  const apply = (r: PacketRecord, map: (ms: number) => number): void => {
    const { runtime, avatar, registry } = performance;
    const at = map(r.at_ms);
    switch (r.type) {
      case 'play':
        if (!performance.play(r.capsule, { atMs: at, weight: r.weight }))
          throw new Error(`unknown capsule ${r.capsule} (skipped: the avatar stays neutral there)`);
        return;
      case 'trigger':
        if (!registry.get(r.capsule)) throw new Error(`unknown capsule ${r.capsule} (skipped)`);
        runtime.trigger(avatar, r.capsule, anchorsOf(r.anchors, at, map), { atMs: at, weight: r.weight });
        return;
      case 'profile':
        if (!registry.profile(r.profile)) throw new Error(`unknown profile ${r.profile} (skipped)`);
        runtime.playProfile(avatar, r.profile, anchorsOf(r.anchors, at, map), { atMs: at, weight: r.weight });
        deps.noteProfile(r.profile);
        state()?.setProfile(avatar, r.profile);
        state()?.request(avatar);
        return;
      case 'cancel':
        runtime.cancel(avatar, r.capsule, { atMs: at, fadeMs: r.fade_ms });
        return;
      case 'emotion': {
        const h = hub();
        if (!h) throw new Error('this viewer has no emotion input (state plugin not installed)');
        const input: EmotionInput = {
          ...(r.vad ?? {}),
          ...(r.emotions ? { emotions: Object.fromEntries(r.emotions.map((e) => [e.name, e.value])) } : {}),
        };
        h.push(avatar, input, 'bridge');
        state()?.request(avatar);
        return;
      }
      case 'say': {
        if (r.text === undefined || r.text.trim() === '')
          throw new Error('a say record without text (phoneme-only lines are not spoken by the viewer)');
        if (r.profile !== undefined && !registry.profile(r.profile))
          throw new Error(`unknown profile ${r.profile} (line skipped)`);
        if (r.profile !== undefined) {
          deps.noteProfile(r.profile);
          state()?.setProfile(avatar, r.profile);
        }
        const text = r.text;
        const opts = { ...(r.voice ? { voice: r.voice } : {}), ...(r.profile ? { profile: r.profile } : {}) };
        const speak = (): void =>
          void speakPanel.speak(text, opts).then(
            (spoken) => {
              if (!spoken) deps.onLateProblem(`say "${text.slice(0, 40)}": the line was not spoken`);
            },
            (error: unknown) =>
              deps.onLateProblem(`say: ${error instanceof Error ? error.message : String(error)}`),
          );
        // Lines wait in real time for their moment (the Speak panel speaks "now").
        const wait = at - performance.time();
        if (wait > 5) setTimeout(speak, wait);
        else speak();
        return;
      }
    }
  };

  /** Why a record may not run under `grant`, or null (the receiver's rules). */
  const refusal = (gate: CapabilityGate, r: PacketRecord, grant: number): TokenRejection | null => {
    if (r.type === 'play' || r.type === 'trigger') return gate.check(grant, { capsule: r.capsule });
    if (r.type === 'profile') return gate.check(grant, { profile: r.profile });
    if (r.type === 'say' && r.profile !== undefined) return gate.check(grant, { profile: r.profile });
    return gate.status(grant);
  };

  return (packet, source, first) => {
    if (first) lastSeq = -1;
    if (packet.seq <= lastSeq)
      throw new Error(`${source}: seq ${packet.seq} is not after ${lastSeq} (repeat or late): ignored`);
    const gate = deps.gate;
    if (gate) {
      const grant = packet.grant;
      if (grant === undefined)
        throw new Error(`${source}: no grant: this viewer needs a capability token redeemed first; ignored`);
      const refused = packet.records
        .map((r, i) => [i, r, refusal(gate, r, grant)] as const)
        .filter(([, , why]) => why !== null)
        .map(
          ([i, r, why]) =>
            `records[${i}] (${r.type}${'capsule' in r && r.capsule ? ` ${r.capsule}` : 'profile' in r && r.profile ? ` ${r.profile}` : ''}): ${why}`,
        );
      if (refused.length > 0)
        throw new Error(`${source}: grant ${grant} refused ${refused.join('; ')}; nothing applied`);
    }
    lastSeq = packet.seq;
    const offset = performance.time() - packet.base_ms;
    const map = (ms: number): number => ms + offset;
    const problems: string[] = [];
    packet.records.forEach((r, i) => {
      if (r.avatar !== SLOT) {
        problems.push(
          `records[${i}] (${r.type}): avatar slot ${r.avatar}: the viewer has one avatar, slot 0`,
        );
        return;
      }
      try {
        apply(r, map);
      } catch (error) {
        problems.push(`records[${i}] (${r.type}): ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  };
}
