/**
 * The three.js embed's environment picker: a `<select>` of the bundled environments. The choice
 * lights the avatar through the page's environment plugin (`LIGHTING.setEnvironment` on every
 * engine the page builds, from its first frame) and shows the environment's preview as the scene
 * background (three.js's own equirect mapping — the one the SH were projected in). `?env=<id>`
 * picks the one the page opens on. In your own page, the two lines that matter are
 * `lighting.setEnvironment(avatar, radiance)` and `scene.background = texture`.
 */
import { EquirectangularReflectionMapping, SRGBColorSpace, TextureLoader } from 'three';
import type { Scene, Texture } from 'three';
import { optionValues } from '../shared/environment-hook.ts';
import { commitEnvironment } from '../shared/environments.ts';
import type { PageEnvironment } from '../shared/environments.ts';
import { BUNDLED_ENVIRONMENTS, bundledEnvironment } from '../shared/environments.ts';
import type { BundledEnvironment } from '../shared/environments.ts';
import type { Performance } from '../shared/performance.ts';

/** What the page's wiring gets back. */
export interface EnvironmentPicker {
  /** Picks a bundled environment; resolves false for an unknown id, true once its background loaded. */
  select(id: string): Promise<boolean>;
  current(): string;
  /** Resolves once the opening environment's background is loaded. */
  readonly ready: Promise<void>;
}

/** How much of the preview's brightness the background keeps (as the viewer's dome). */
const BACKGROUND_INTENSITY = 0.7;

/**
 * Fills `select`, wires it and installs `window.capsuleEnvironment`. `page` is the choice whose
 * plugin the performance installs (`createPageEnvironment(location.search)`).
 */
export function createEnvironmentPicker(deps: {
  readonly select: HTMLSelectElement;
  readonly scene: Scene;
  readonly page: PageEnvironment;
  readonly performance: Performance;
  /** Asks for a redraw (the page draws only on change while paused). */
  readonly invalidate: () => void;
}): EnvironmentPicker {
  const { select, scene, page } = deps;
  for (const e of BUNDLED_ENVIRONMENTS) {
    const o = document.createElement('option');
    o.value = e.id;
    o.textContent = e.label;
    o.title = e.description;
    select.append(o);
  }
  select.value = page.choice.id;
  const loader = new TextureLoader();
  const textures = new Map<string, Promise<Texture>>();
  const texture = (e: BundledEnvironment): Promise<Texture> => {
    let t = textures.get(e.id);
    if (!t) {
      t = loader.loadAsync(e.previewUrl).then((tex) => {
        tex.mapping = EquirectangularReflectionMapping;
        tex.colorSpace = SRGBColorSpace;
        return tex;
      });
      textures.set(e.id, t);
    }
    return t;
  };
  scene.backgroundIntensity = BACKGROUND_INTENSITY;

  async function use(e: BundledEnvironment): Promise<void> {
    select.value = e.id;
    if (page.choice.id !== e.id) {
      page.choice = { id: e.id, label: e.label, radiance: e.radiance, previewUrl: e.previewUrl };
      page.radiance = e.radiance;
      commitEnvironment(page, deps.performance);
    }
    deps.invalidate();
    const tex = await texture(e);
    if (page.choice.id === e.id) scene.background = tex;
    deps.invalidate();
  }

  select.addEventListener('change', () => {
    const e = bundledEnvironment(select.value);
    if (e) void use(e);
  });

  const picker: EnvironmentPicker = {
    async select(id) {
      const e = bundledEnvironment(id);
      if (!e) return false;
      await use(e);
      return true;
    },
    current: () => page.choice.id,
    ready: use(bundledEnvironment(page.choice.id)!),
  };
  window.capsuleEnvironment = {
    ready: picker.ready,
    ids: () => optionValues(select),
    current: picker.current,
    select: picker.select,
  };
  return picker;
}
