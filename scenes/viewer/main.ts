/**
 * The standalone viewer: the default avatar performing the looping demo script on a Babylon.js
 * stage, with a profile picker, play/pause/scrub, a live capsule timeline and drag-and-drop VRMs —
 * and a line to speak: the avatar gestures, then changes its face, then speaks with its lips on the
 * words, out loud (eSpeak NG through the voice DSP) or silently on estimated timing.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { DOMAINS } from '../../engine/capsules/compiled.ts';
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import { LEAD_LAG } from '../../engine/timing/resource.ts';
import type { LeadLagLogEvent, LeadLagResource } from '../../engine/timing/resource.ts';
import type { SceneHook, SpokenInfo } from '../shared/hook.ts';
import { loadErrorMessage, performanceHook } from '../shared/hook.ts';
import { demoScript, loadLibrary } from '../shared/library.ts';
import { createPerformance, MAX_STEP_MS } from '../shared/performance.ts';
import type { Spoken } from '../shared/performance.ts';
import { DEFAULT_AVATAR_NAME, fetchDefaultAvatar, sceneOptions } from '../shared/scene-options.ts';
import { AudioLock, createViewerAudio } from './audio.ts';
import type { ViewerAudio } from './audio.ts';
import { loadViewerAvatar, viewerPlugins } from './avatar.ts';
import type { ViewerAvatar } from './avatar.ts';
import { createStage } from './stage.ts';
import { createTimelinePanel, formatLeads, leadsOf, preferredTimelineHeight } from './timeline-panel.ts';
import { createViewerVoices, DEFAULT_VOICE, SILENT_VOICE } from './voices.ts';

/** Profile a line is spoken in when the picker says “As scripted”. */
const SPEAK_PROFILE = 'friendly';
/** The mouth shapes lip sync drives (VRM presets). */
const MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;

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
  speakForm: $<HTMLFormElement>('#speak-form'),
  speakText: $<HTMLTextAreaElement>('#speak-text'),
  speakButton: $<HTMLButtonElement>('#speak'),
  voice: $<HTMLSelectElement>('#voice'),
  voiceNote: $('#voice-note'),
  speakStatus: $('#speak-status'),
  speakLine: $('#speak-line'),
};

const options = sceneOptions(location.search);
const stage = createStage(ui.canvas);
const { registry } = loadLibrary();
const script = demoScript();
let avatar: ViewerAvatar | null = null;
/** Audio (made by the first Speak, a user gesture) and the engine ⇔ audio clock lock. */
let audio: ViewerAudio | null = null;
const lock = new AudioLock();
/** The lead-lag scheduler's log (barge-ins, cancels, voice fallbacks), live events only. */
const speechLog: LeadLagLogEvent[] = [];

const performance = createPerformance({
  registry,
  script,
  seed: options.seed,
  startMs: options.startMs,
  plugins: () =>
    viewerPlugins(
      audio && { context: audio.context, destination: audio.input, toContextTime: lock.toContextTime },
    ),
  onBuild: (engine, eid) => {
    avatar?.attach(engine, eid);
    // Subscribed after the rebuild replayed its lines, so the log holds each live event once.
    engine.resource<LeadLagResource>(LEAD_LAG).onEvent((event) => speechLog.push(event));
  },
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
/** True once engine time follows the audio clock through {@link lock} (see audio.ts). */
let locked = false;

/** Anchors the lock at the engine's time now; engine time follows the audio clock from here if it runs. */
function relock(perfNow = window.performance.now()): void {
  if (!audio) return;
  lock.anchor(performance.time(), audio.heardTime(perfNow));
  locked = audio.running && performance.playing;
}

/** Rebuilds the engine at `ms` (the same commands up to it, spoken lines included) and re-locks. */
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

/** Plays or pauses; `resync: false` skips restarting a line's audio (a new line is about to cut it). */
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

let resumeAfterScrub = false;
let pendingSeek: number | null = null;
const timeline = createTimelinePanel(ui.timeline, (ms, phase) => {
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

/**
 * Moves engine time to `now` (a `performance.now()`): while the audio runs and the page plays, to
 * the audio clock's time as heard; otherwise by the real time since the last step. A jump (a hidden
 * tab) takes at most {@link MAX_STEP_MS}, then re-locks, rebuilding if a line is being heard.
 */
function advance(now: number): void {
  let delta = lastFrame < 0 ? 0 : now - lastFrame;
  lastFrame = now;
  const audioClock = performance.playing && audio?.running === true;
  let jumped = false;
  if (audioClock && locked) {
    const step = lock.engineAt(audio!.heardTime(now)) - performance.time();
    if (step >= 0 && step <= MAX_STEP_MS) delta = step;
    else if (step < 0 && step > -MAX_STEP_MS) delta = 0;
    else jumped = true;
  }
  performance.tick(delta);
  if (!audioClock || !locked || jumped) relock(now);
  if (jumped && speechSounding()) seekTo(performance.time());
}

function frame(now: number): void {
  if (pendingSeek !== null) {
    seekTo(pendingSeek);
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
  if (delta > 0) frameMs = frameMs === 0 ? delta : frameMs + (delta - frameMs) * 0.08;
  advance(now);
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
    spoken: performance.spoken().map((s) => s.lanes),
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
        ? `The demo script’s own profiles; lines you speak use ${speakProfile() ?? 'none'}.`
        : `${chosen} replaces the script’s profiles from the next phrase (in ${((next - t) / 1000).toFixed(1)} s), and is the one lines you speak use.`;
  }
  showSpeech();
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

// --- Speaking ---------------------------------------------------------------------------------
const voices = createViewerVoices(showVoices);

/** The picker's profile, else the default one (null if the library lacks it: the voice alone). */
function speakProfile(): string | null {
  const p = performance.chosenProfile ?? SPEAK_PROFILE;
  return registry.profile(p) ? p : null;
}

function showVoices(): void {
  const picked = ui.voice.value;
  const option = (value: string, label: string): HTMLOptionElement => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  };
  const silent = option(SILENT_VOICE, 'Silent (estimated timing)');
  if (voices.provider === 'espeak') {
    const group = document.createElement('optgroup');
    group.label = 'eSpeak NG';
    group.append(...voices.list.map((v) => option(v.id, v.label)));
    ui.voice.replaceChildren(group, silent);
    ui.voice.value = picked || DEFAULT_VOICE;
    if (ui.voice.value === '') ui.voice.value = voices.list[0]?.id ?? SILENT_VOICE;
    ui.voiceNote.textContent = `eSpeak NG · ${voices.list.length} voices (GPL-3.0, loaded on its own).`;
  } else if (voices.provider === 'silence') {
    ui.voice.replaceChildren(silent);
    ui.voice.value = SILENT_VOICE;
    ui.voiceNote.textContent =
      'eSpeak NG isn’t available (optional dependency @echogarden/espeak-ng-emscripten): lines are timed by estimate and performed without sound — hands, face and lips still move.';
  } else {
    if (ui.voice.options.length === 0)
      ui.voice.replaceChildren(option(DEFAULT_VOICE, 'English (America)'), silent);
    ui.voiceNote.textContent =
      voices.provider === 'loading'
        ? 'Loading eSpeak NG…'
        : 'eSpeak NG (optional, GPL-3.0) loads on first use.';
  }
  ui.voiceNote.classList.toggle('warn', voices.provider === 'silence');
}
showVoices();
// eSpeak loads when a line is about to be typed or a voice picked, not for a glance at the demo.
for (const el of [ui.speakText, ui.voice])
  for (const type of ['focus', 'pointerdown'] as const) el.addEventListener(type, () => void voices.load());

/** Makes the audio context on the first Speak (a user gesture) and rebuilds with the voice output. */
function startAudio(): void {
  if (!audio) {
    audio = createViewerAudio();
    audio.context.addEventListener('statechange', () => relock());
    seekTo(performance.time());
  }
  if (audio.context.state !== 'running') void audio.context.resume();
}

let speaking = Promise.resolve();
let preparing = 0;

/**
 * Speaks a line: synthesises it (lines given while one is being prepared wait their turn), then
 * brings the engine to now and gives it — the hands start at once, the face follows, then the voice.
 * Speaking while a line runs interrupts it (barge-in, 120 ms fade). Speaking also plays if paused.
 */
function speak(text: string, opts: { voice?: string; profile?: string } = {}): Promise<Spoken | null> {
  const line = text.trim().replace(/\s+/g, ' ');
  if (line === '') return Promise.resolve(null);
  startAudio();
  const voice = opts.voice ?? (ui.voice.value || DEFAULT_VOICE);
  const profile = opts.profile ?? speakProfile();
  preparing++;
  ui.speakButton.setAttribute('aria-busy', 'true');
  showSpeech();
  const result = speaking.then(async () => {
    try {
      const synth = await voices.synthesize(line, voice);
      if (!performance.playing) setPlaying(true, false);
      advance(window.performance.now());
      return performance.speak({ text: line, profile, utterance: synth.utterance, voice: synth.voice });
    } finally {
      if (--preparing === 0) ui.speakButton.removeAttribute('aria-busy');
    }
  });
  speaking = result.then(
    () => undefined,
    (error: unknown) => console.error(error),
  );
  return result;
}

ui.speakForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void speak(ui.speakText.value);
});
ui.speakText.addEventListener('keydown', (e) => {
  // Enter speaks; Shift+Enter is a new line.
  if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
  e.preventDefault();
  ui.speakForm.requestSubmit();
});

const PHASE_ORDER = ['handLead', 'face', 'voice', 'sustain'];

/** How long a line's voice lasted: from the first word heard to the end of its audio and lips. */
const speechLength = (l: UtteranceLanes): number =>
  l.items
    .filter((i) => i.lane === 'lip' || i.kind === 'audio')
    .reduce((end, i) => Math.max(end, i.end), l.voiceAt) - l.voiceAt;
let shownSpeech = '';

/** The Speak section's status: the latest line's phase and its leads. */
function showSpeech(): void {
  const latest = performance.spoken().at(-1);
  const t = performance.time();
  let key = `${preparing}`;
  let text = '';
  let phase = '';
  if (latest && latest.at <= t) {
    const l = latest.lanes;
    phase = latest.phase();
    const leads = formatLeads(leadsOf(l));
    const voice = latest.line.voice === 'provider' ? '' : ' · silent';
    text =
      l.cancelledAt !== null
        ? `Interrupted · ${leads}`
        : phase === 'idle'
          ? `Spoke ${(speechLength(l) / 1000).toFixed(1)} s · ${leads}${voice}`
          : `${leads} before the voice${voice}`;
    key += `${l.id}${phase}${text}`;
  }
  if (preparing > 0 && (!latest || latest.phase() === 'idle')) text = 'Preparing the voice…';
  key += text;
  if (key === shownSpeech) return;
  shownSpeech = key;
  ui.speakStatus.hidden = text === '';
  ui.speakLine.textContent = text;
  // Past the speech (release, idle, or cut short) every step is done.
  const index =
    phase === 'release' || phase === 'idle' || latest?.lanes.cancelledAt != null
      ? PHASE_ORDER.length
      : PHASE_ORDER.indexOf(phase);
  for (const li of ui.speakStatus.querySelectorAll<HTMLElement>('[data-phase]')) {
    const i = PHASE_ORDER.indexOf(li.dataset.phase!);
    li.classList.toggle('now', i === index);
    li.classList.toggle('done', index >= 0 && i < index);
  }
}

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
const spokenInfo = (s: Spoken | null): SpokenInfo | null =>
  s && { id: s.lanes.id, text: s.line.text, profile: s.line.profile, voice: s.line.voice, at: s.at };

const hook: SceneHook = {
  ...performanceHook(() => performance),
  ready,
  pause: () => setPlaying(false),
  resume: () => setPlaying(true),
  seek: (ms) => seekTo(ms),
  speak: (text, opts) => speak(text, opts).then(spokenInfo),
  lanes: () => performance.spoken().map((s) => structuredClone(s.lanes)),
  speechEvents: () => speechLog.map((e) => ({ ...e })),
  voices: () => ({ provider: voices.provider, count: voices.list.length, selected: ui.voice.value }),
  audioTime: () => audio?.context.currentTime ?? null,
  audioLevel: () => audio?.level() ?? 0,
  visemes: () => {
    const pose = performance.runtime.pose(performance.avatar);
    return Object.fromEntries(
      MOUTH.map((name) => [name, pose.channels[registry.layout.expression(name)] ?? 0]),
    );
  },
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
