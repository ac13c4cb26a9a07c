/**
 * The viewer's audio: one AudioContext (made on the first Speak, a user gesture), a master bus
 * (gain → analyser → speakers) every voice goes through, and the lock between engine time and the
 * context's clock.
 *
 * The lock: while the context runs and the page plays, engine time advances with the context time
 * being *heard* — `getOutputTimestamp()`, extrapolated to the frame's `performance.now()` — so
 * engine ms E ⇔ the context sample heard at E. The voice output schedules each utterance at its
 * engine time through {@link AudioLock.toContextTime}, and so it is heard exactly when the engine
 * reaches it: the device's output latency (`outputLatency + baseLatency`) is compensated for the
 * lips, face, hands and voice at once, and lip sync needs no latency of its own (which keeps spoken
 * lines bit-identical when a rebuild replays them, whatever the device).
 */

/** Audio for the viewer's voices. */
export interface ViewerAudio {
  readonly context: AudioContext;
  /** Where voices connect: the master gain. */
  readonly input: AudioNode;
  /** Context time being heard at `performance.now()` = `perfNow`, s (never decreasing). */
  heardTime(perfNow: number): number;
  /** True while the context runs (its clock advances). */
  readonly running: boolean;
  /** RMS of the master output over the analyser's window (≈ 46 ms). */
  level(): number;
  /** Device output latency the lock compensates, ms. */
  latencyMs(): number;
}

/** Creates the context and the master bus. Call from a user gesture so the context may start. */
export function createViewerAudio(): ViewerAudio {
  const context = new AudioContext({ latencyHint: 'interactive' });
  const master = context.createGain();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  master.connect(analyser);
  analyser.connect(context.destination);
  const samples = new Float32Array(analyser.fftSize);
  let lastHeard = 0;
  const latency = (): number => (context.baseLatency || 0) + (context.outputLatency || 0);

  return {
    context,
    input: master,
    get running() {
      return context.state === 'running';
    },
    heardTime(perfNow) {
      let heard = Math.max(0, context.currentTime - latency());
      const ts = context.getOutputTimestamp?.();
      const contextTime = ts?.contextTime ?? 0;
      const performanceTime = ts?.performanceTime ?? 0;
      // The output timestamp, moved on to this frame; a stale or missing one falls back to the
      // render clock minus the reported latency.
      if (contextTime > 0 && performanceTime > 0 && perfNow - performanceTime < 250)
        heard = contextTime + Math.max(0, perfNow - performanceTime) / 1000;
      heard = Math.min(heard, context.currentTime);
      lastHeard = Math.max(lastHeard, heard);
      return lastHeard;
    },
    level() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      return Math.sqrt(sum / samples.length);
    },
    latencyMs: () => latency() * 1000,
  };
}

/** Engine ms ⇔ context seconds, re-anchored whenever engine time stops following the audio clock. */
export class AudioLock {
  #engineMs = 0;
  #contextSec = 0;

  /** From now on engine ms `engineMs` is heard at context second `contextSec`. */
  anchor(engineMs: number, contextSec: number): void {
    this.#engineMs = engineMs;
    this.#contextSec = contextSec;
  }

  /** Context seconds at which engine time `engineMs` is heard (the voice output's mapping). */
  readonly toContextTime = (engineMs: number): number =>
    this.#contextSec + (engineMs - this.#engineMs) / 1000;

  /** Engine ms heard at context second `contextSec`. */
  engineAt(contextSec: number): number {
    return this.#engineMs + (contextSec - this.#contextSec) * 1000;
  }
}
