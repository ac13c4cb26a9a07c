/**
 * The embedder's avatar: `perform({ profile, text })` speaks a line with the hands leading the
 * face, the face leading the voice and the lips on the audio. Needs `capsulePlugin` and
 * `leadLagPlugin` on the engine. The voice provider may fail or hang: the performance then goes on
 * as silence on an estimated timeline, and `done` still resolves.
 */
import { CAPSULE_RUNTIME } from '../capsules/runtime.ts';
import type { CapsuleRuntime } from '../capsules/runtime.ts';
import type { Engine } from '../ecs/engine.ts';
import { substream } from '../ecs/random.ts';
import { LEAD_LAG } from '../timing/resource.ts';
import type { LeadLagResource } from '../timing/resource.ts';
import { createUtteranceRun } from '../timing/utterance-run.ts';
import type { UtteranceRun } from '../timing/utterance-run.ts';
import { silentUtterance } from '../timing/silent-utterance.ts';
import { checkPerformRequest } from './check-request.ts';
import type { AvatarHandle, AvatarOptions, PerformHandle, PerformRequest } from './perform-types.ts';

/** Default wait for a voice provider, engine ms. */
export const DEFAULT_SYNTHESIS_TIMEOUT_MS = 5000;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Creates an avatar on `engine` (an entity of the capsule runtime) with its performance API. */
export function createAvatar(engine: Engine, options: AvatarOptions): AvatarHandle {
  if (typeof options?.name !== 'string') throw new TypeError('createAvatar: options.name must be a string');
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const res = engine.resource<LeadLagResource>(LEAD_LAG);
  const timeout = options.synthesisTimeoutMs ?? DEFAULT_SYNTHESIS_TIMEOUT_MS;
  if (!(timeout >= 0)) throw new RangeError(`createAvatar: synthesisTimeoutMs must be ≥ 0, got ${timeout}`);
  const lipLatencyMs = options.lipLatencyMs ?? 0;
  if (!(lipLatencyMs >= 0 && lipLatencyMs <= 1000))
    throw new RangeError(`createAvatar: lipLatencyMs must be within 0..1000, got ${lipLatencyMs}`);
  const entity = runtime.addAvatar(options.name);
  const sceneStartMs = options.sceneStartMs ?? res.clock.now();
  let count = 0;
  let current: UtteranceRun | null = null;
  /** Runs not yet finished (a barged-in one may still be fading when the next starts). */
  const runs = new Set<UtteranceRun>();
  let disposed = false;

  const live = (what: string): void => {
    if (disposed) throw new Error(`avatar ${options.name}: ${what} after dispose()`);
  };

  /** Asks the provider; any failure (thrown, rejected, malformed) becomes the silent fallback. */
  const synthesize = (run: UtteranceRun, text: string, voiceId: string | undefined): void => {
    const source = options.voice!;
    try {
      source.synthesize(text, voiceId === undefined ? {} : { voice: voiceId }).then(
        (u) => run.supply(u, 'provider'),
        (e: unknown) => run.fail(`voice provider ${source.id} failed: ${messageOf(e)}`),
      );
    } catch (e) {
      run.fail(`voice provider ${source.id} failed: ${messageOf(e)}`);
    }
  };

  const avatar: AvatarHandle = {
    entity,
    name: options.name,
    perform(request: PerformRequest): PerformHandle {
      live('perform');
      checkPerformRequest(request);
      if (current && !current.finished) current.cancel(undefined, 'barge-in');
      count++;
      const text = request.text ?? '';
      const run = createUtteranceRun(engine, {
        avatar: entity,
        text,
        profile: request.profile ?? options.profile,
        seed: request.seed ?? substream(engine.world.seed, 0x1ead, entity, count),
        leadLag: request.leadLag,
        audioFirst: request.audioFirst,
        sceneStartMs,
        output: options.output,
        lipLatencyMs,
        synthesisTimeoutMs: timeout,
      });
      res.active.add(run);
      runs.add(run);
      void run.done.then(() => runs.delete(run));
      current = run;
      if (text.trim() === '') run.supply(silentUtterance(''), 'none');
      else if (options.voice) synthesize(run, text, request.voice);
      else run.supply(silentUtterance(text), 'silence');
      return { done: run.done, cancel: () => run.cancel(), phase: () => run.phase() };
    },
    cancel(fadeMs) {
      live('cancel');
      current?.cancel(fadeMs);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const run of runs) run.abandon();
      runs.clear();
      current = null;
      // Its capsules, queued commands and pose go with it; no fade is needed for a pose that is gone.
      runtime.removeAvatar(entity);
    },
  };
  return avatar;
}
