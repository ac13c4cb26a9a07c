/**
 * The viewer's test hook, `window.capsuleViewer`: what the headless render tests drive and read
 * (see scenes/shared/hook.ts) — transport, speaking, loading, the lead-lag lanes and log, the
 * voice's level, viseme weights, snapshots, and where a bone is on screen.
 */
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { LeadLagLogEvent } from '../../engine/timing/resource.ts';
import { performanceHook } from '../shared/hook.ts';
import type { SceneHook, SpokenInfo } from '../shared/hook.ts';
import type { Library } from '../shared/library.ts';
import type { Performance, Spoken } from '../shared/performance.ts';
import type { AvatarLoader, CurrentAvatar } from './avatar-loader.ts';
import type { FrameLoop } from './frame-loop.ts';
import { prepareStageCamera } from './frame-loop.ts';
import { cameraInfo, sceneLighting, setEnvironmentNow } from '../shared/lighting.ts';
import type { SpeakPanel } from './speak-panel.ts';
import type { Stage } from './stage.ts';
import type { Transport, ViewerSound } from './transport.ts';
import { ui } from './viewer-ui.ts';

/** The mouth shapes lip sync drives (VRM presets). */
const MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;

const spokenInfo = (s: Spoken | null): SpokenInfo | null =>
  s && { id: s.lanes.id, text: s.line.text, profile: s.line.profile, voice: s.line.voice, at: s.at };

const head = new Vector3();

/** Installs the hook on `window.capsuleViewer`. */
export function installTestHook(deps: {
  readonly ready: Promise<void>;
  readonly performance: Performance;
  readonly registry: Library['registry'];
  readonly stage: Stage;
  readonly transport: Transport;
  readonly speakPanel: SpeakPanel;
  readonly sound: ViewerSound;
  readonly speechLog: readonly LeadLagLogEvent[];
  readonly loader: AvatarLoader;
  readonly current: CurrentAvatar;
  readonly loop: FrameLoop;
}): void {
  const { performance, registry, stage, transport, speakPanel, sound, current } = deps;
  const hook: SceneHook = {
    ...performanceHook(() => performance),
    ready: deps.ready,
    pause: () => transport.setPlaying(false),
    resume: () => transport.setPlaying(true),
    seek: (ms) => transport.seekTo(ms),
    speak: (text, opts) => speakPanel.speak(text, opts).then(spokenInfo),
    lanes: () => performance.spoken().map((s) => structuredClone(s.lanes)),
    speechEvents: () => deps.speechLog.map((e) => ({ ...e })),
    voices: () => ({
      provider: speakPanel.voices.provider,
      count: speakPanel.voices.list.length,
      selected: ui.voice.value,
    }),
    audioTime: () => sound.audio?.context.currentTime ?? null,
    audioLevel: () => sound.audio?.level() ?? 0,
    visemes: () => {
      const pose = performance.runtime.pose(performance.avatar);
      return Object.fromEntries(
        MOUTH.map((name) => [name, pose.channels[registry.layout.expression(name)] ?? 0]),
      );
    },
    loadBytes: (bytes, name) => deps.loader.loadBytes(new Uint8Array(bytes), name),
    lastError: () => (ui.error.hidden ? null : `${ui.errorTitle.textContent}: ${ui.errorText.textContent}`),
    avatarName: () => current.avatar?.fileName ?? null,
    frameMs: () => deps.loop.frameMs(),
    frames: () => deps.loop.frames(),
    playProfile: (id) => {
      const ok = performance.chooseProfile(id);
      if (ok) ui.profile.value = id ?? '';
      return ok;
    },
    setEnvironmentSH: (radiance) => {
      setEnvironmentNow(performance, radiance);
      deps.loop.invalidate();
    },
    relighting(on) {
      const lighting = sceneLighting(performance.engine);
      if (on !== undefined) {
        // The Environment section owns the switch (kept across seeks); without it, the engine's.
        if (window.capsuleEnvironment?.setRelighting) window.capsuleEnvironment.setRelighting(on);
        else if (lighting) lighting.enabled = on;
        deps.loop.invalidate();
      }
      return sceneLighting(performance.engine)?.enabled ?? false;
    },
    camera: () => {
      prepareStageCamera(stage, performance);
      return cameraInfo(stage.cameraPose());
    },
    cameraCapsules(on) {
      if (on !== undefined) {
        stage.setCameraCapsules(on);
        ui.cameraCapsules.checked = on;
        deps.loop.invalidate();
      }
      return stage.cameraCapsules;
    },
    snapshot() {
      performance.tick(0);
      prepareStageCamera(stage, performance);
      stage.scene.render();
      return ui.canvas.toDataURL('image/png');
    },
    screenBox(bone, halfSize, offset = [0, 0, 0]) {
      if (!current.avatar?.bonePosition(bone, head)) return null;
      head.addInPlaceFromFloats(...offset);
      const { engine, scene } = stage;
      const camera = scene.activeCamera ?? stage.camera;
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
}
