/**
 * What a packet from the bridge does in the viewer. Records go through the viewer's own paths where
 * it has them — a capsule play through the performance (logged, so a seek replays it), a spoken line
 * through the Speak panel (voice picker, audio, lips) — and straight to the engine otherwise
 * (profile, trigger, cancel, emotion). Those direct commands are logged here with the engine time
 * they were given and their own seed keys, and given again to every engine the performance rebuilds
 * (a seek, or the first spoken line starting the audio), so a rebuild neither cuts nor changes them;
 * seeking back before a command forgets it, as the performance does with its own log.
 *
 * Times: a record's `at_ms` is on the sender's clock; the viewer maps the packet's `base_ms` to the
 * engine time it arrives at, so times within a packet keep their spacing and a paused or scrubbed
 * viewer never sees a packet land in its past or far future.
 *
 * One bad record does not spoil the rest: every valid record is applied, and the problems come back
 * as one error (the bridge client turns it into a refused receipt naming packet, record and reason).
 * With a capability gate, a packet without a grant, or with anything outside the grant's scope, is
 * refused whole (as engine/wire/receiver.ts does).
 */
import type { Anchors, CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { emotionInputFromRecord } from '../../engine/state/emotion-from-wire.ts';
import { EMOTION_INPUT } from '../../engine/state/emotion-input.ts';
import type { EmotionInput, EmotionInputHub } from '../../engine/state/emotion-input.ts';
import { AVATAR_STATE } from '../../engine/state/state-types.ts';
import type { AvatarStateResource } from '../../engine/state/state-types.ts';
import type { Packet, PacketRecord, WireAnchors } from '../../engine/wire/packet-types.ts';
import { recordRefusal } from '../../engine/wire/tokens.ts';
import type { CapabilityGate } from '../../engine/wire/tokens.ts';
import type { Performance } from '../shared/performance.ts';
import type { SpeakPanel } from './speak-panel.ts';

/** Applies packets to the viewer and carries their effects over rebuilds. */
export interface PacketApplier {
  /**
   * Applies a packet; throws an Error listing the records it had to skip. `first`: the first packet
   * of a connection (a reconnected driver numbers its packets afresh).
   */
  apply(packet: Packet, source: string, first: boolean): void;
  /** The performance built a new engine: give it the logged commands, profile and emotion again. */
  rebuilt(): void;
}

/** The viewer's one avatar is slot 0. */
const SLOT = 0;
/** Seed keys of the bridge's direct commands: their own range, so draws do not depend on others'. */
const SEED_KEY_BASE = -0x40000000;
/** Direct commands older than this (engine ms) are no longer given again on a rebuild. */
const KEEP_MS = 120_000;

/** A command given straight to the runtime, kept for rebuilds. */
interface Direct {
  /** Engine ms it was given at. */
  readonly given: number;
  readonly run: (runtime: CapsuleRuntime, avatar: number) => void;
}

/** Creates the applier. */
export function createPacketApplier(deps: {
  readonly performance: Performance;
  readonly speakPanel: SpeakPanel;
  /** Spoken lines that failed after the packet was taken (synthesis refused), for the status. */
  readonly onLateProblem: (message: string) => void;
  readonly gate?: CapabilityGate | null;
}): PacketApplier {
  const { performance, speakPanel } = deps;
  let lastSeq = -1;
  let directs: Direct[] = [];
  let commands = 0;
  /** The profile last played (the state's mood fallback) and the last emotion input, with their times. */
  let profile: { given: number; id: string } | null = null;
  let emotion: { given: number; input: EmotionInput } | null = null;

  const resource = <T>(key: string): T | undefined =>
    performance.engine.world.resources.get(key) as T | undefined;
  const state = (): AvatarStateResource | undefined => resource<AvatarStateResource>(AVATAR_STATE);

  /** Gives a command to the runtime now and logs it for rebuilds. */
  const direct = (run: Direct['run']): void => {
    const entry: Direct = { given: performance.time(), run };
    run(performance.runtime, performance.avatar);
    directs.push(entry);
  };
  const seedKey = (): number => SEED_KEY_BASE - commands++;

  const noteProfile = (id: string): void => {
    profile = { given: performance.time(), id };
    state()?.setProfile(performance.avatar, id);
    state()?.request(performance.avatar);
  };
  const pushEmotion = (input: EmotionInput): void => {
    const hub = resource<EmotionInputHub>(EMOTION_INPUT);
    if (!hub) throw new Error('this viewer has no emotion input (state plugin not installed)');
    hub.push(performance.avatar, input, 'bridge');
    state()?.request(performance.avatar);
  };

  const anchorsOf = (a: WireAnchors | undefined, at: number, map: (ms: number) => number): Anchors => {
    const out: Anchors = { speech_onset: at };
    for (const [name, ms] of Object.entries(a ?? {}) as [keyof Anchors, number][]) out[name] = map(ms);
    return out;
  };

  const applyRecord = (r: PacketRecord, map: (ms: number) => number): void => {
    const { registry } = performance;
    const at = map(r.at_ms);
    switch (r.type) {
      case 'play':
        if (!performance.play(r.capsule, { atMs: at, weight: r.weight }))
          throw new Error(`unknown capsule ${r.capsule} (skipped: the avatar stays neutral there)`);
        return;
      case 'trigger': {
        if (!registry.get(r.capsule)) throw new Error(`unknown capsule ${r.capsule} (skipped)`);
        const anchors = anchorsOf(r.anchors, at, map);
        const options = { atMs: at, weight: r.weight, seedKey: seedKey() };
        direct((runtime, avatar) => runtime.trigger(avatar, r.capsule, anchors, options));
        return;
      }
      case 'profile': {
        if (!registry.profile(r.profile)) throw new Error(`unknown profile ${r.profile} (skipped)`);
        const anchors = anchorsOf(r.anchors, at, map);
        const options = { atMs: at, weight: r.weight, seedKey: seedKey() };
        direct((runtime, avatar) => runtime.playProfile(avatar, r.profile, anchors, options));
        noteProfile(r.profile);
        return;
      }
      case 'cancel': {
        const options = { atMs: at, fadeMs: r.fade_ms };
        direct((runtime, avatar) => runtime.cancel(avatar, r.capsule, options));
        return;
      }
      case 'emotion': {
        // The engine receiver's conversion: a repeated emotion name is refused, not silently merged.
        const input = emotionInputFromRecord(r);
        pushEmotion(input);
        emotion = { given: performance.time(), input };
        return;
      }
      case 'say': {
        if (r.text === undefined || r.text.trim() === '')
          throw new Error('a say record without text (phoneme-only lines are not spoken by the viewer)');
        if (r.profile !== undefined && !registry.profile(r.profile))
          throw new Error(`unknown profile ${r.profile} (line skipped)`);
        if (r.profile !== undefined) noteProfile(r.profile);
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

  const named = (r: PacketRecord): string =>
    'capsule' in r && r.capsule ? ` ${r.capsule}` : 'profile' in r && r.profile ? ` ${r.profile}` : '';

  return {
    apply(packet, source, first) {
      if (first) lastSeq = -1;
      if (packet.seq <= lastSeq)
        throw new Error(`${source}: seq ${packet.seq} is not after ${lastSeq} (repeat or late): ignored`);
      const gate = deps.gate;
      if (gate) {
        const grant = packet.grant;
        if (grant === undefined)
          throw new Error(
            `${source}: no grant: this viewer needs a capability token redeemed first; ignored`,
          );
        const refused = packet.records
          .map((r, i) => [i, r, recordRefusal(gate, r, grant)] as const)
          .filter(([, , why]) => why !== null)
          .map(([i, r, why]) => `records[${i}] (${r.type}${named(r)}): ${why}`);
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
          applyRecord(r, map);
        } catch (error) {
          problems.push(
            `records[${i}] (${r.type}): ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      });
      if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
    },
    rebuilt() {
      const now = performance.time();
      // Seeking back before a command forgets it; very old ones have long finished.
      directs = directs.filter((d) => d.given <= now && d.given >= now - KEEP_MS);
      for (const d of directs) d.run(performance.runtime, performance.avatar);
      if (profile && profile.given > now) profile = null;
      if (emotion && emotion.given > now) emotion = null;
      if (profile) state()?.setProfile(performance.avatar, profile.id);
      if (emotion) pushEmotion(emotion.input);
      state()?.request(performance.avatar);
    },
  };
}
