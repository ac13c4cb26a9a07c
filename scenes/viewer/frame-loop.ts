/**
 * The frame loop: each frame advances engine time (transport.ts), puts the camera (the user's orbit
 * plus the avatar's CS camera channels while camera capsules are on), renders the stage, draws the
 * timeline and refreshes the readouts and the Speak status. Paused, the stage is drawn only when
 * something changed: the view, the size, or the performance.
 */
import type { Performance } from '../shared/performance.ts';
import type { Readouts } from './readouts.ts';
import type { Stage } from './stage.ts';
import type { TimelineView } from './timeline-panel.ts';
import type { Transport } from './transport.ts';
import { ui } from './viewer-ui.ts';

export interface FrameLoop {
  /** Asks for the stage to be drawn again (paused, it is drawn only when something changed). */
  invalidate(): void;
  /** Smoothed frame time, ms (0 before two frames). */
  frameMs(): number;
  /** Frames drawn. */
  frames(): number;
}

/** Puts the stage's camera for the performance's current frame (the test hook's snapshots too). */
export function prepareStageCamera(stage: Stage, performance: Performance): void {
  stage.prepareCamera(performance.runtime.pose(performance.avatar).camera, performance.time());
}

export function startFrameLoop(deps: {
  readonly stage: Stage;
  readonly performance: Performance;
  readonly transport: Transport;
  readonly timeline: { draw(view: TimelineView): void };
  /** Avatar whose lanes the timeline shows. */
  readonly timelineAvatar: string;
  readonly lanes: () => string[];
  readonly readouts: Readouts;
  readonly showSpeech: () => void;
}): FrameLoop {
  const { stage, performance, transport, timeline, readouts } = deps;
  let frameMs = 0;
  let frames = 0;
  let viewChanged = true;
  let drawnRevision = -1;
  const invalidate = (): void => {
    viewChanged = true;
  };
  stage.camera.onViewMatrixChangedObservable.add(invalidate);
  // Camera capsules (on by default): the side panel's checkbox switches the rig.
  ui.cameraCapsules.checked = stage.cameraCapsules;
  ui.cameraCapsulesRow.hidden = false;
  ui.cameraCapsules.addEventListener('change', () => {
    stage.setCameraCapsules(ui.cameraCapsules.checked);
    invalidate();
  });
  for (const type of ['pointerdown', 'pointermove', 'wheel', 'keydown'] as const)
    ui.canvas.addEventListener(type, invalidate, { passive: true });

  function frame(now: number): void {
    transport.applyPendingSeek();
    if (!performance.playing && !viewChanged && performance.revision === drawnRevision) {
      transport.forgetLastStep();
      readouts.idle();
      return;
    }
    viewChanged = false;
    drawnRevision = performance.revision;
    const delta = transport.sinceLastStep(now);
    if (delta > 0) frameMs = frameMs === 0 ? delta : frameMs + (delta - frameMs) * 0.08;
    transport.advance(now);
    prepareStageCamera(stage, performance);
    stage.scene.render();
    frames++;

    const t = performance.time();
    const loopIndex = Math.floor(t / performance.loopMs);
    const loopStart = loopIndex * performance.loopMs;
    timeline.draw({
      records: performance.runtime.timeline,
      avatar: deps.timelineAvatar,
      domains: deps.lanes(),
      startMs: loopStart,
      lengthMs: performance.loopMs,
      now: t,
      phrases: performance.phrases(loopIndex),
      spoken: performance.spoken().map((s) => s.lanes),
    });
    readouts.update(now, t, loopIndex, loopStart, frameMs);
    deps.showSpeech();
  }
  stage.engine.runRenderLoop(() => frame(window.performance.now()));
  new ResizeObserver(() => {
    stage.engine.resize();
    invalidate();
  }).observe(ui.canvas);

  // A hidden tab draws no frames: the voice stops with the picture, and resumes with it (advance()).
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) performance.silence();
  });

  return { invalidate, frameMs: () => frameMs, frames: () => frames };
}
