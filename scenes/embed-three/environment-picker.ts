/**
 * The three.js embed's environment picker: a `<select>` of the bundled environments that sets the
 * avatar's radiance SH (`LIGHTING.setEnvironment`) on every engine the page builds and shows the
 * environment's preview as the scene background (three.js's own equirect mapping — the one the SH
 * were projected in). `?env=<id>` picks the one the page opens on. In your own page, the two lines
 * that matter are `lighting.setEnvironment(avatar, radiance)` and `scene.background = texture`.
 */
import { EquirectangularReflectionMapping, SRGBColorSpace, TextureLoader } from 'three';
import type { Scene, Texture } from 'three';
import type { Engine } from '../../engine/ecs/engine.ts';
import { LIGHTING } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import { optionValues } from '../shared/environment-hook.ts';
import { BUNDLED_ENVIRONMENTS, bundledEnvironment, initialEnvironment } from '../shared/environments.ts';
import type { BundledEnvironment } from '../shared/environments.ts';

/** What the page's wiring calls. */
export interface EnvironmentPicker {
  /** Gives an engine the picked environment (call on every build). */
  apply(engine: Engine, avatar: number): void;
  /** Picks a bundled environment; resolves false for an unknown id, true once its background loaded. */
  select(id: string): Promise<boolean>;
  current(): string;
  /** Resolves once the opening environment's background is loaded. */
  readonly ready: Promise<void>;
}

/** How much of the preview's brightness the background keeps (as the viewer's dome). */
const BACKGROUND_INTENSITY = 0.7;

/** Fills `select`, wires it and installs `window.capsuleEnvironment`; `engine()` / `avatar()` are the page's current engine and avatar. */
export function createEnvironmentPicker(deps: {
  readonly select: HTMLSelectElement;
  readonly scene: Scene;
  readonly engine: () => Engine;
  readonly avatar: () => number;
  readonly search: string;
  /** Asks for a redraw (the page draws only on change while paused). */
  readonly invalidate: () => void;
}): EnvironmentPicker {
  const { select, scene } = deps;
  for (const e of BUNDLED_ENVIRONMENTS) {
    const o = document.createElement('option');
    o.value = e.id;
    o.textContent = e.label;
    o.title = e.description;
    select.append(o);
  }
  let current: BundledEnvironment = initialEnvironment(deps.search);
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

  function apply(engine: Engine, avatar: number): void {
    let lighting: Lighting;
    try {
      lighting = engine.resource<Lighting>(LIGHTING);
    } catch {
      return; // no relighting on this engine
    }
    lighting.setEnvironment(avatar, current.radiance);
  }

  async function use(e: BundledEnvironment): Promise<void> {
    current = e;
    select.value = e.id;
    apply(deps.engine(), deps.avatar());
    deps.invalidate();
    const tex = await texture(e);
    if (current === e) scene.background = tex;
    deps.invalidate();
  }

  select.addEventListener('change', () => {
    const e = bundledEnvironment(select.value);
    if (e) void use(e);
  });
  select.value = current.id;
  apply(deps.engine(), deps.avatar());

  const picker: EnvironmentPicker = {
    apply,
    async select(id) {
      const e = bundledEnvironment(id);
      if (!e) return false;
      await use(e);
      return true;
    },
    current: () => current.id,
    ready: use(current),
  };
  window.capsuleEnvironment = {
    ready: picker.ready,
    ids: () => optionValues(select),
    current: picker.current,
    select: picker.select,
  };
  return picker;
}
