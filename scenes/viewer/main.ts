/**
 * The standalone viewer: the default avatar performing the looping demo script on a Babylon.js
 * stage, with a profile picker, play/pause/scrub, a live capsule timeline and drag-and-drop VRMs.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { DOMAINS } from '../../engine/capsules/compiled.ts';
import type { SceneHook } from '../shared/hook.ts';
import { loadErrorMessage, performanceHook } from '../shared/hook.ts';
import { demoScript, loadLibrary } from '../shared/library.ts';
import { createPerformance } from '../shared/performance.ts';
import { DEFAULT_AVATAR_NAME, fetchDefaultAvatar, sceneOptions } from '../shared/scene-options.ts';
import { loadViewerAvatar, viewerPlugins } from './avatar.ts';
import type { ViewerAvatar } from './avatar.ts';
import { createStage } from './stage.ts';
import { createTimelinePanel, preferredTimelineHeight } from './timeline-panel.ts';

const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;
const ui = {
  canvas: $<HTMLCanvasElement>('#scene'),
  avatarName: $('#avatar-name'),
  fileInput: $<HTMLInputElement>('#file-input'),
  status: $('#status'),
  error: $('#error'),
  errorTitle: $('#error-title'),
  errorText: $('#error-text'),
  errorClose: $('#error-close'),
  frameTime: $('#frame-time'),
  fps: $('#fps'),
  drop: $('#drop'),
  profile: $<HTMLSelectElement>('#profile'),
  profileNote: $('#profile-note'),
  capsuleForm: $<HTMLFormElement>('#capsule-form'),
  capsuleId: $<HTMLInputElement>('#capsule-id'),
  capsuleIds: $('#capsule-ids'),
  capsuleNote: $('#capsule-note'),
  phrases: $('#phrases'),
  avatarInfo: $('#avatar-info'),
  play: $<HTMLButtonElement>('#play'),
  time: $('#time'),
  duration: $('#duration'),
  loop: $('#loop'),
  timeline: $<HTMLCanvasElement>('#timeline'),
};

const options = sceneOptions(location.search);
const stage = createStage(ui.canvas);
const { registry } = loadLibrary();
const script = demoScript();
let avatar: ViewerAvatar | null = null;

const performance = createPerformance({
  registry,
  script,
  seed: options.seed,
  startMs: options.startMs,
  plugins: viewerPlugins,
  onBuild: (engine, eid) => avatar?.attach(engine, eid),
  onEvent: (event) => console.warn(`engine: ${event.message}`),
});
performance.setPlaying(!options.paused);

// --- Side panel -------------------------------------------------------------------------------
const option = (value: string, label: string): HTMLOptionElement => {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
};
ui.profile.append(option('', 'As scripted'), ...registry.profileIds().map((id) => option(id, id)));
ui.capsuleIds.append(...registry.ids().map((id) => option(id, registry.get(id)!.json.subtype)));
ui.duration.textContent = (performance.loopMs / 1000).toFixed(2);

const phraseItems = performance.phrases(0).map((p) => {
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = `${(p.speechOnsetMs / 1000).toFixed(1)} s`;
  const text = document.createElement('span');
  text.textContent = p.label || '(no words)';
  li.append(time, text);
  ui.phrases.append(li);
  return li;
});

function showFacts(a: ViewerAvatar): void {
  const { rig } = a.vrm;
  const facts: [string, string][] = [
    ['File', a.fileName],
    ['Name', rig.meta.name ?? '—'],
    ['Authors', rig.meta.authors.join(', ') || '—'],
    ['VRM', rig.specVersion === '1.0' ? '1.0' : `0.x (${rig.sourceSpecVersion || '0.0'})`],
    ['Bones', String(Object.keys(rig.humanBones).length)],
    ['Expressions', String(rig.expressions.length)],
    ['Licence', rig.meta.licenseName ?? rig.meta.licenseUrl ?? '—'],
  ];
  ui.avatarInfo.replaceChildren(
    ...facts.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

ui.profile.addEventListener('change', () => {
  performance.chooseProfile(ui.profile.value || null);
});

ui.capsuleForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const id = ui.capsuleId.value.trim().toUpperCase();
  const ok = performance.play(id);
  ui.capsuleNote.textContent = ok
    ? `${id} played at ${(performance.time() / 1000).toFixed(2)} s.`
    : `No capsule “${id}” in the library.`;
  ui.capsuleNote.classList.toggle('warn', !ok);
});

// --- Loading avatars --------------------------------------------------------------------------
function showError(name: string, message: string): void {
  ui.errorTitle.textContent = `Couldn’t open ${name}`;
  // The title names the file; the text starts at the place in it (byte offset or JSON path).
  ui.errorText.textContent = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  ui.error.hidden = false;
}
ui.errorClose.addEventListener('click', () => (ui.error.hidden = true));

function showStatus(text: string | null): void {
  ui.status.hidden = text === null;
  ui.status.textContent = text ?? '';
}

const head = new Vector3();
const low = new Vector3();
const scratch = new Vector3();

/** Puts a VRM on stage; on failure shows why and keeps the current avatar performing. */
async function loadBytes(bytes: Uint8Array, name: string): Promise<boolean> {
  if (!avatar) showStatus(`Loading ${name}…`);
  let next: ViewerAvatar;
  try {
    next = await loadViewerAvatar(stage.scene, bytes, name);
  } catch (error) {
    showStatus(avatar ? null : 'Open or drop a .vrm file to begin.');
    showError(name, loadErrorMessage(name, error));
    console.warn(error);
    return false;
  }
  if (avatar) {
    avatar.detach(performance.engine, performance.avatar);
    avatar.dispose();
  }
  avatar = next;
  avatar.attach(performance.engine, performance.avatar);
  stage.castShadows(avatar.vrm.meshes);
  performance.tick(0);
  if (avatar.bonePosition('head', head) && avatar.bonePosition('hips', low)) {
    // The lowest of hips and fingertips (the hands rest in front of the body).
    for (const bone of ['leftMiddleDistal', 'rightMiddleDistal', 'leftHand', 'rightHand'])
      if (avatar.bonePosition(bone, scratch) && scratch.y < low.y) low.copyFrom(scratch);
    let top = -Infinity;
    for (const mesh of avatar.vrm.meshes) {
      mesh.computeWorldMatrix(true);
      top = Math.max(top, mesh.getBoundingInfo().boundingBox.maximumWorld.y);
    }
    stage.frame(head, low, top);
  }
  ui.avatarName.textContent = name;
  ui.avatarName.title = name;
  ui.error.hidden = true;
  showStatus(null);
  showFacts(avatar);
  invalidate();
  return true;
}

ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files?.[0];
  ui.fileInput.value = '';
  if (file) void file.arrayBuffer().then((b) => loadBytes(new Uint8Array(b), file.name));
});

let dragDepth = 0;
addEventListener('dragenter', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  dragDepth++;
  ui.drop.hidden = false;
});
addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) ui.drop.hidden = true;
});
addEventListener('dragover', (e) => e.preventDefault());
addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  ui.drop.hidden = true;
  const file = e.dataTransfer?.files[0];
  if (file) void file.arrayBuffer().then((b) => loadBytes(new Uint8Array(b), file.name));
});

// --- Transport and timeline -------------------------------------------------------------------
function setPlaying(playing: boolean): void {
  performance.setPlaying(playing);
  ui.play.classList.toggle('paused', !playing);
  ui.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
}
setPlaying(performance.playing);
ui.play.addEventListener('click', () => setPlaying(!performance.playing));
addEventListener('keydown', (e) => {
  const t = e.target;
  // Space on a focused control is that control's own.
  if (
    e.code !== 'Space' ||
    t instanceof HTMLInputElement ||
    t instanceof HTMLSelectElement ||
    t instanceof HTMLButtonElement
  )
    return;
  e.preventDefault();
  setPlaying(!performance.playing);
});

let resumeAfterScrub = false;
let pendingSeek: number | null = null;
const timeline = createTimelinePanel(ui.timeline, (ms, phase) => {
  if (phase === 'start') {
    resumeAfterScrub = performance.playing;
    setPlaying(false);
  }
  pendingSeek = ms;
  if (phase === 'end') {
    performance.seek(ms);
    pendingSeek = null;
    setPlaying(resumeAfterScrub);
  }
});

// Lanes: the body's domains always, then every other domain the library has (re-read when it grows).
let laneCache: { size: number; lanes: string[] } | null = null;
function lanes(): string[] {
  if (laneCache?.size !== registry.size) {
    const present = new Set(registry.ids().map((id) => registry.get(id)!.domain));
    const body = ['HK', 'FMM', 'BK'];
    laneCache = { size: registry.size, lanes: DOMAINS.filter((d, i) => body.includes(d) || present.has(i)) };
  }
  return laneCache.lanes;
}
ui.timeline.style.height = `${preferredTimelineHeight(lanes().length)}px`;

// --- Frame loop -------------------------------------------------------------------------------
let frameMs = 0;
let frames = 0;
let lastFrame = -1;
let lastReadout = 0;
// Paused, the stage is drawn only when something changed: the view, the size, or the performance.
let viewChanged = true;
let drawnRevision = -1;
const invalidate = (): void => {
  viewChanged = true;
};
stage.camera.onViewMatrixChangedObservable.add(invalidate);
for (const type of ['pointerdown', 'pointermove', 'wheel', 'keydown'] as const)
  ui.canvas.addEventListener(type, invalidate, { passive: true });

function frame(now: number): void {
  if (pendingSeek !== null) {
    performance.seek(pendingSeek);
    pendingSeek = null;
  }
  if (!performance.playing && !viewChanged && performance.revision === drawnRevision) {
    lastFrame = -1;
    ui.frameTime.textContent = 'paused';
    ui.fps.textContent = 'idle';
    return;
  }
  viewChanged = false;
  drawnRevision = performance.revision;
  const delta = lastFrame < 0 ? 0 : now - lastFrame;
  lastFrame = now;
  if (delta > 0) frameMs = frameMs === 0 ? delta : frameMs + (delta - frameMs) * 0.08;
  performance.tick(delta);
  stage.scene.render();
  frames++;

  const t = performance.time();
  const loopIndex = Math.floor(t / performance.loopMs);
  const loopStart = loopIndex * performance.loopMs;
  timeline.draw({
    records: performance.runtime.timeline,
    avatar: script.avatars[0]!,
    domains: lanes(),
    startMs: loopStart,
    lengthMs: performance.loopMs,
    now: t,
    phrases: performance.phrases(loopIndex),
  });
  if (now - lastReadout > 250 || !performance.playing) {
    lastReadout = now;
    ui.time.textContent = ((t - loopStart) / 1000).toFixed(2);
    ui.loop.textContent = `loop ${loopIndex + 1}`;
    ui.frameTime.textContent = frameMs > 0 ? `${frameMs.toFixed(1)} ms` : '— ms';
    ui.fps.textContent = `${frameMs > 0 ? Math.round(1000 / frameMs) : '—'} fps`;
    const within = t - loopStart;
    let current = -1;
    performance.phrases(0).forEach((p, i) => {
      if (p.atMs <= within) current = i;
    });
    phraseItems.forEach((li, i) => li.classList.toggle('now', i === current));
    const chosen = performance.chosenProfile;
    const next = performance.nextPhraseAt();
    ui.profileNote.textContent =
      chosen === null
        ? 'The demo script’s own profiles.'
        : `${chosen} replaces the script’s profiles from the next phrase (in ${((next - t) / 1000).toFixed(1)} s).`;
  }
}
stage.engine.runRenderLoop(() => frame(window.performance.now()));
new ResizeObserver(() => {
  stage.engine.resize();
  invalidate();
}).observe(ui.canvas);

// --- Start: the default avatar ----------------------------------------------------------------
const ready = (async () => {
  if (options.defaultAvatar) {
    showStatus(`Loading ${DEFAULT_AVATAR_NAME}…`);
    const bytes = await fetchDefaultAvatar();
    if (bytes) await loadBytes(bytes, DEFAULT_AVATAR_NAME);
    else showStatus('No default avatar yet — open or drop a .vrm file.');
  } else showStatus('Open or drop a .vrm file to begin.');
  performance.tick(0);
  stage.scene.render();
})();

// --- Test hook --------------------------------------------------------------------------------
const hook: SceneHook = {
  ...performanceHook(() => performance),
  ready,
  pause: () => setPlaying(false),
  resume: () => setPlaying(true),
  loadBytes: (bytes, name) => loadBytes(new Uint8Array(bytes), name),
  lastError: () => (ui.error.hidden ? null : `${ui.errorTitle.textContent}: ${ui.errorText.textContent}`),
  avatarName: () => avatar?.fileName ?? null,
  frameMs: () => frameMs,
  frames: () => frames,
  playProfile: (id) => {
    const ok = performance.chooseProfile(id);
    if (ok) ui.profile.value = id ?? '';
    return ok;
  },
  snapshot() {
    performance.tick(0);
    stage.scene.render();
    return ui.canvas.toDataURL('image/png');
  },
  screenBox(bone, halfSize, offset = [0, 0, 0]) {
    if (!avatar?.bonePosition(bone, head)) return null;
    head.addInPlaceFromFloats(...offset);
    const { camera, engine, scene } = stage;
    const viewport = camera.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight());
    const project = (p: Vector3): Vector3 =>
      Vector3.Project(p, Matrix.IdentityReadOnly, scene.getTransformMatrix(), viewport);
    const c = project(head);
    const e = project(head.add(camera.getDirection(Vector3.Right()).scale(halfSize)));
    const r = Math.hypot(e.x - c.x, e.y - c.y);
    return {
      x: Math.round(c.x - r),
      y: Math.round(c.y - r),
      width: Math.round(2 * r),
      height: Math.round(2 * r),
    };
  },
};
window.capsuleViewer = hook;
