/**
 * `window.capsuleEnvironment`: a scene's environment picker as the browser tests (and the console)
 * drive it — the viewer's Environment section, or the three.js embed's picker (which has no file
 * loading, relighting switch or preview sphere, so leaves those out).
 */

/** What a scene exposes on `window.capsuleEnvironment`. */
export interface EnvironmentHook {
  /** Resolves once the opening environment's background is ready to draw. */
  readonly ready: Promise<void>;
  /** Picker values: bundled ids, then loaded `file:<name>` ids. */
  ids(): string[];
  /** Picker value in use. */
  current(): string;
  /** Picks an environment; resolves false for an unknown id, true once it is in use and its background ready. */
  select(id: string): Promise<boolean>;
  /** Loads an equirect image as the file button does; false (and a note naming the file) when refused. */
  loadBytes?(bytes: Uint8Array | ArrayBuffer, name: string): Promise<boolean>;
  /** The note of the last refused file, or null. */
  lastError?(): string | null;
  /** The Relighting switch. */
  setRelighting?(on: boolean): void;
  /** Redraws the preview sphere from the current light and returns its mean linear colour. */
  previewMean?(): [number, number, number];
}

declare global {
  interface Window {
    capsuleEnvironment?: EnvironmentHook;
  }
}

/** Picker values of a `<select>`. */
export const optionValues = (select: HTMLSelectElement): string[] =>
  Array.from(select.options, (o) => o.value);
