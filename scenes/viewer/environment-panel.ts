/**
 * The side panel's Environment section: pick a bundled environment or load an equirect image
 * (PNG, JPEG or Radiance .hdr — the file button, or dropped on the picker), see the current light
 * on the preview sphere, and turn relighting (and the camera capsules) on or off. The choice is
 * the page's, not the engine's: every engine the performance builds (each seek) gets it from its
 * first frame through {@link EnvironmentPanel.plugin}. A file that cannot be used is refused with a note naming it; the
 * avatar keeps the light it had.
 */
import { commitEnvironment } from '../shared/environments.ts';
import { sceneLighting } from '../shared/lighting.ts';
import type { EnvironmentChoice, PageEnvironment } from '../shared/environments.ts';
import { BUNDLED_ENVIRONMENTS } from '../shared/environments.ts';
import type { Performance } from '../shared/performance.ts';
import { createEnvironmentDome } from './environment-dome.ts';
import { decodeEnvironmentFile } from './environment-file.ts';
import type { Stage } from './stage.ts';
import { createShPreview } from './sh-preview.ts';
import { option, ui } from './viewer-ui.ts';

export interface EnvironmentPanel {
  /** Resolves once the opening environment's background is ready to draw. */
  readonly ready: Promise<void>;
  current(): EnvironmentChoice;
  /** Picks a bundled environment (or an already loaded file's `file:` id); false for an unknown id. */
  select(id: string): Promise<boolean>;
  /** Loads an image as the file button does; false (and a note naming the file) when refused. */
  loadBytes(bytes: Uint8Array, name: string): Promise<boolean>;
  /** The error note for the last refused file, or null. */
  lastError(): string | null;
  setRelighting(on: boolean): void;
  /** Redraws the preview sphere now and returns its mean linear colour. */
  previewMean(): [number, number, number];
}

/** Preview sphere refresh, ms (10 Hz: LD capsules breathe slower than that). */
const PREVIEW_MS = 100;

export function createEnvironmentPanel(deps: {
  readonly performance: Performance;
  readonly stage: Stage;
  readonly page: PageEnvironment;
  /** Asks for the stage to be drawn again. */
  readonly invalidate: () => void;
}): EnvironmentPanel {
  const { performance, stage } = deps;
  const dome = createEnvironmentDome(stage.scene);
  const preview = createShPreview(ui.shPreview);
  const choices = new Map<string, EnvironmentChoice>();
  for (const e of BUNDLED_ENVIRONMENTS) {
    choices.set(e.id, { id: e.id, label: e.label, radiance: e.radiance, previewUrl: e.previewUrl });
    const o = option(e.id, e.label);
    o.title = e.description;
    ui.environment.append(o);
  }
  const { page } = deps;
  let error: string | null = null;
  ui.environment.value = page.choice.id;

  /** Background follows the choice while relighting is on; off, the stage's own backdrop. */
  async function showBackground(): Promise<void> {
    if (page.relighting) await dome.show(page.choice.previewUrl);
    else dome.hide();
    deps.invalidate();
  }

  function note(text: string, warn: boolean): void {
    ui.environmentNote.textContent = text;
    ui.environmentNote.classList.toggle('warn', warn);
  }
  const describe = (): void =>
    note(
      page.relighting
        ? `${page.choice.label}: the avatar is lit by this environment's light (L2 SH).`
        : 'Relighting off: the stage’s own lights.',
      false,
    );

  async function use(choice: EnvironmentChoice): Promise<void> {
    page.choice = choice;
    page.radiance = choice.radiance;
    ui.environment.value = choice.id;
    error = null;
    commitEnvironment(page, performance);
    describe();
    await showBackground();
  }

  async function select(id: string): Promise<boolean> {
    const choice = choices.get(id);
    if (!choice) return false;
    await use(choice);
    return true;
  }

  async function loadBytes(bytes: Uint8Array, name: string): Promise<boolean> {
    let loaded;
    try {
      loaded = await decodeEnvironmentFile(bytes, name);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      error = text.includes(name) ? text : `${name}: ${text}`;
      note(`Couldn’t use ${error}`, true);
      ui.environment.value = page.choice.id;
      console.warn(e);
      return false;
    }
    const id = `file:${name}`;
    const choice: EnvironmentChoice = {
      id,
      label: name,
      radiance: loaded.radiance,
      previewUrl: loaded.previewUrl,
    };
    if (!choices.has(id)) ui.environment.append(option(id, name));
    choices.set(id, choice);
    await use(choice);
    return true;
  }

  function setRelighting(on: boolean): void {
    page.relighting = on;
    ui.relight.checked = on;
    commitEnvironment(page, performance);
    describe();
    void showBackground();
  }

  ui.environment.addEventListener('change', () => void select(ui.environment.value));
  ui.relight.addEventListener('change', () => setRelighting(ui.relight.checked));
  const openFile = (file: File | undefined): void => {
    if (file) void file.arrayBuffer().then((b) => loadBytes(new Uint8Array(b), file.name));
  };
  ui.environmentFile.addEventListener('change', () => {
    const file = ui.environmentFile.files?.[0];
    ui.environmentFile.value = '';
    openFile(file);
  });
  // Dropped on the Environment section: an environment image, not a VRM (the window's drop handler
  // must not see it).
  const target = ui.environmentSection;
  target.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.stopPropagation();
    target.classList.add('dropping');
    ui.drop.hidden = true; // the stage's “drop a .vrm” overlay is not for this drop
  });
  target.addEventListener('dragleave', () => target.classList.remove('dropping'));
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    target.classList.remove('dropping');
    ui.drop.hidden = true;
    openFile(e.dataTransfer?.files[0]);
  });

  const drawPreview = (): void => {
    const lighting = sceneLighting(performance.engine);
    preview.draw(lighting ? lighting.irradiance(performance.avatar) : null);
  };
  setInterval(drawPreview, PREVIEW_MS);

  describe();

  return {
    ready: showBackground(),
    current: () => page.choice,
    select,
    loadBytes,
    lastError: () => error,
    setRelighting,
    previewMean: () => {
      drawPreview();
      return [preview.mean[0]!, preview.mean[1]!, preview.mean[2]!];
    },
  };
}
