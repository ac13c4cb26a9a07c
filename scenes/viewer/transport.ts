/**
 * The viewer's transport: play, pause, seek and scrub, and engine time itself — following the audio
 * clock (through the engine ⇔ audio lock, see audio.ts) while a voice can be heard, else real time.
 * Pausing silences the voice; playing again rebuilds where the lips are, so the audio restarts there.
 */
import { MAX_STEP_MS } from '../shared/performance.ts';
import type { Performance } from '../shared/performance.ts';
import { createViewerAudio } from './audio.ts';
import type { AudioLock, ViewerAudio } from './audio.ts';
import type { ScrubHandler } from './timeline-panel.ts';
import { ui } from './viewer-ui.ts';

/** Audio (made by the first Speak, a user gesture) and the engine ⇔ audio clock lock. */
export interface ViewerSound {
  audio: ViewerAudio | null;
  readonly lock: AudioLock;
}

export interface Transport {
  /** Plays or pauses; `resync: false` skips restarting a line's audio (a new line is about to cut it). */
  setPlaying(playing: boolean, resync?: boolean): void;
  /** Rebuilds the engine at `ms` (the same commands up to it, spoken lines included) and re-locks. */
  seekTo(ms: number): void;
  /** Anchors the lock at the engine's time now; engine time follows the audio clock from here if it runs. */
  relock(perfNow?: number): void;
  /** Moves engine time to `now` (a `performance.now()`); see the function. */
  advance(now: number): void;
  /** Real ms since the last step, 0 after a pause. */
  sinceLastStep(now: number): number;
  /** Forgets the last step (paused: the next step starts from nothing). */
  forgetLastStep(): void;
  /** Makes the audio context on the first Speak (a user gesture) and rebuilds with the voice output. */
  startAudio(): void;
  /** The timeline's scrub gesture: pauses while it lasts, seeks (once a frame), resumes if it played. */
  readonly scrub: ScrubHandler;
  /** Carries out a scrub's latest seek, if one waits. */
  applyPendingSeek(): void;
}

export function createTransport(performance: Performance, sound: ViewerSound): Transport {
  const { lock } = sound;
  /** True once engine time follows the audio clock through the lock (see audio.ts). */
  let locked = false;
  let lastFrame = -1;

  function relock(perfNow = window.performance.now()): void {
    if (!sound.audio) return;
    lock.anchor(performance.time(), sound.audio.heardTime(perfNow));
    locked = sound.audio.running && performance.playing;
  }

  function seekTo(ms: number): void {
    performance.seek(ms);
    relock();
  }

  /** True while a spoken line's audio is still to be heard (after its end, or its barge-in: not). */
  function speechSounding(): boolean {
    const t = performance.time();
    return performance
      .spoken()
      .some(
        (s) =>
          s.line.voice === 'provider' &&
          (s.lanes.cancelledAt === null || s.lanes.cancelledAt > t) &&
          s.lanes.items.some((i) => i.kind === 'audio' && i.end > t),
      );
  }

  function setPlaying(playing: boolean, resync = true): void {
    const was = performance.playing;
    performance.setPlaying(playing);
    ui.play.classList.toggle('paused', !playing);
    ui.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    if (was === playing) return;
    if (!playing) {
      // The picture stops, so does the voice; playing again rebuilds here, which restarts the audio
      // exactly where the lips are.
      performance.silence();
      locked = false;
    } else if (resync && speechSounding()) seekTo(performance.time());
    else relock();
  }
  setPlaying(performance.playing);
  ui.play.addEventListener('click', () => setPlaying(!performance.playing));
  addEventListener('keydown', (e) => {
    const t = e.target;
    // Space on a focused control is that control's own.
    if (
      e.code !== 'Space' ||
      t instanceof HTMLInputElement ||
      t instanceof HTMLTextAreaElement ||
      t instanceof HTMLSelectElement ||
      t instanceof HTMLButtonElement
    )
      return;
    e.preventDefault();
    setPlaying(!performance.playing);
  });

  /**
   * Moves engine time to `now` (a `performance.now()`): while the audio runs and the page plays, to
   * the audio clock's time as heard; otherwise by the real time since the last step. A jump (a hidden
   * tab) takes at most {@link MAX_STEP_MS}, then re-locks, rebuilding if a line is being heard.
   */
  function advance(now: number): void {
    let delta = lastFrame < 0 ? 0 : now - lastFrame;
    lastFrame = now;
    const audioClock = performance.playing && sound.audio?.running === true;
    let jumped = false;
    if (audioClock && locked) {
      const step = lock.engineAt(sound.audio!.heardTime(now)) - performance.time();
      if (step >= 0 && step <= MAX_STEP_MS) delta = step;
      else if (step < 0 && step > -MAX_STEP_MS) delta = 0;
      else jumped = true;
    }
    performance.tick(delta);
    if (!audioClock || !locked || jumped) relock(now);
    if (jumped && speechSounding()) seekTo(performance.time());
  }

  function startAudio(): void {
    if (!sound.audio) {
      sound.audio = createViewerAudio();
      sound.audio.context.addEventListener('statechange', () => relock());
      seekTo(performance.time());
    }
    if (sound.audio.context.state !== 'running') void sound.audio.context.resume();
  }

  let resumeAfterScrub = false;
  let pendingSeek: number | null = null;
  const scrub: ScrubHandler = (ms, phase) => {
    if (phase === 'start') {
      resumeAfterScrub = performance.playing;
      setPlaying(false);
    }
    pendingSeek = ms;
    if (phase === 'end') {
      // Paused, this rebuild is silent; resuming rebuilds again if a line is being heard there.
      seekTo(ms);
      pendingSeek = null;
      setPlaying(resumeAfterScrub);
    }
  };

  return {
    setPlaying,
    seekTo,
    relock,
    advance,
    sinceLastStep: (now) => (lastFrame < 0 ? 0 : now - lastFrame),
    forgetLastStep: () => {
      lastFrame = -1;
    },
    startAudio,
    scrub,
    applyPendingSeek: () => {
      if (pendingSeek !== null) {
        seekTo(pendingSeek);
        pendingSeek = null;
      }
    },
  };
}
