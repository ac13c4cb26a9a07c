/**
 * `window.capsuleViewer`: the small, stable handle the browser tests (and curious developers in the
 * console) drive a scene through. Both the viewer and the three.js embed install one.
 */
import type { TimelineRecord } from '../../engine/capsules/timeline.ts';
import type { UtteranceLanes } from '../../engine/timing/lanes.ts';
import type { LeadLagLogEvent } from '../../engine/timing/resource.ts';
import type { Performance } from './performance.ts';

/** A box in canvas pixels (origin top left). */
export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a scene exposes on `window.capsuleViewer`. */
export interface SceneHook {
  /** Resolves once the first avatar (or none, if the default is missing) is on stage and drawn. */
  readonly ready: Promise<void>;
  /** Plays a capsule now, or with its onset at `atMs` (engine ms); false for an unknown id. */
  play(id: string, options?: { atMs?: number; weight?: number }): boolean;
  /** The profile picker: plays `id` from the next phrase on (null: the script's own). */
  playProfile(id: string | null): boolean;
  /** Adds capsule JSON to the library; returns the problems (empty when it went in). */
  addCapsule(json: unknown, file?: string): string[];
  /** Loads a VRM as the file picker does; resolves false (and shows the error) when it is refused. */
  loadBytes(bytes: Uint8Array | ArrayBuffer, name: string): Promise<boolean>;
  /** The error message on screen, or null. */
  lastError(): string | null;
  /** File name of the avatar on stage, or null. */
  avatarName(): string | null;
  /** Engine time, ms. */
  time(): number;
  /** Real time between frames, ms (smoothed). */
  frameMs(): number;
  /** Frames drawn since the page opened. */
  frames(): number;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Seeks the engine to `ms` (rebuild, same seed, same commands). */
  seek(ms: number): void;
  /** Draws a frame now and returns the canvas as a PNG data URL. */
  snapshot(): string;
  /**
   * Canvas-pixel box around a humanoid bone's position plus `offset` (world metres, +Y up),
   * `halfSize` metres each way; null when the avatar lacks the bone.
   */
  screenBox(bone: string, halfSize: number, offset?: [number, number, number]): ScreenBox | null;
  /** Every capsule scheduled so far (current engine). */
  timeline(): TimelineRecord[];

  // --- Light and camera (scenes with the lighting plugin and a camera rig) ---
  /**
   * Sets the avatar's radiance SH (27 floats, contract layout, glTF world) on the current engine and
   * runs engine time 100 ms so the lighting takes it (paused too) — until the next seek rebuilds the
   * engine (then the scene's environment choice applies again).
   */
  setEnvironmentSH?(radiance: number[]): void;
  /** Turns relighting on or off (kept across seeks); returns the state now. Without an argument, reads it. */
  relighting?(on?: boolean): boolean;
  /** The camera taking the picture, in glTF / three.js world (renderer-independent). */
  camera?(): CameraInfo;
  /** Camera capsules on or off (CS channels move the camera); without an argument, reads it. */
  cameraCapsules?(on?: boolean): boolean;

  // --- Speech (the viewer; scenes without a voice leave these out) ---
  /**
   * Speaks a line as the Speak button does (voice: a voice id of the picker, or `silence`; profile:
   * default the picker's). Resolves once the line is planned, or null when it was not spoken.
   */
  speak?(text: string, options?: { voice?: string; profile?: string }): Promise<SpokenInfo | null>;
  /** Lanes of the lines spoken on the current engine (lead-lag scheduler), oldest first. */
  lanes?(): UtteranceLanes[];
  /** The lead-lag scheduler's log since the page opened (barge-ins, cancels, voice fallbacks). */
  speechEvents?(): LeadLagLogEvent[];
  /** The voice picker: where its voices come from, how many, the one picked. */
  voices?(): VoiceInfo;
  /** The audio context's time, s (null until the first line is spoken). */
  audioTime?(): number | null;
  /** RMS of the voice output over the last ≈ 46 ms (0 without audio). */
  audioLevel?(): number;
  /** The avatar's mouth (lip-sync) expression weights now: aa, ih, ou, ee, oh. */
  visemes?(): Record<string, number>;
}

/** Where the picture is taken from (glTF / three.js world: right-handed, +Y up, avatar faces +Z). */
export interface CameraInfo {
  readonly position: [number, number, number];
  readonly target: [number, number, number];
  readonly up: [number, number, number];
  /** Vertical field of view, degrees. */
  readonly fovDeg: number;
}

/** A line as spoken, for tests. */
export interface SpokenInfo {
  /** Lead-lag utterance id (matches `lanes()[i].id`). */
  readonly id: number;
  readonly text: string;
  readonly profile: string | null;
  readonly voice: 'provider' | 'silence';
  /** Engine ms it was given and planned at. */
  readonly at: number;
}

/** The voice picker's state. */
export interface VoiceInfo {
  /** `espeak` once eSpeak NG loaded, `silence` when it is not available, `idle`/`loading` before. */
  readonly provider: 'idle' | 'loading' | 'espeak' | 'silence';
  readonly count: number;
  /** The picked voice id (`silence` for the estimated timing). */
  readonly selected: string;
}

declare global {
  interface Window {
    capsuleViewer?: SceneHook;
  }
}

/** Message for a refused file: the error's own text, prefixed with the file name unless it names it. */
export function loadErrorMessage(name: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.includes(name) ? text : `${name}: ${text}`;
}

/** The parts of a hook every scene shares, over its performance. */
export function performanceHook(
  performance: () => Performance,
): Pick<
  SceneHook,
  'play' | 'playProfile' | 'addCapsule' | 'time' | 'pause' | 'resume' | 'isPaused' | 'seek' | 'timeline'
> {
  return {
    play: (id, options) => performance().play(id, options),
    playProfile: (id) => performance().chooseProfile(id),
    addCapsule: (json, file = 'hook.capsule.json') =>
      performance()
        .registry.addCapsule(json, file)
        .map((e) => e.format()),
    time: () => performance().time(),
    pause: () => performance().setPlaying(false),
    resume: () => performance().setPlaying(true),
    isPaused: () => !performance().playing,
    seek: (ms) => performance().seek(ms),
    timeline: () => performance().runtime.timeline.map((r) => ({ ...r })),
  };
}
