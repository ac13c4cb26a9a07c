/**
 * The scenes' lighting (scenes/shared/lighting.ts) in plain Node: with an LD capsule moving the light,
 * the light of a frame reached by playing with uneven frame steps is bit-identical to the same moment
 * rebuilt by a seek — the viewer's scrub promise — because the scenes run the lighting plugin in
 * `everyFrame` mode (its 30 Hz ticks, which interpolate LD parameters between frames, differed by up
 * to 1.1e-3 in an irradiance coefficient here when measured).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import type { Plugin } from '../../engine/ecs/engine.ts';
import { LIGHTING } from '../../engine/lighting/index.ts';
import type { Lighting } from '../../engine/lighting/index.ts';
import { LIGHT_PARAMS } from '../../engine/rig/channels.ts';
import { parseScript } from '../../engine/script/script.ts';
import { sceneLightingPlugin } from '../../scenes/shared/lighting.ts';
import { createPerformance } from '../../scenes/shared/performance.ts';
import type { Performance } from '../../scenes/shared/performance.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { registry } = loadFolder(join(ROOT, 'capsules'));
// A script with no events: the light moves only through the capsule played below.
const script = parseScript(
  JSON.stringify({
    format_version: 1,
    description: 'No events: the light moves only through the capsule a test plays.',
    duration_ms: 20_000,
    avatars: ['a'],
    events: [],
  }),
  'relight-test.script.json',
);

const make = (plugin: () => Plugin): Performance =>
  createPerformance({ registry, script, seed: 7, plugins: () => [plugin()] });

function playTo(p: Performance, until: number): void {
  for (let k = 0; p.time() < until; k++) p.tick(Math.min(until - p.time(), 9 + ((k * 7919) % 23)));
}

const light = (p: Performance) => {
  const l = p.engine.resource<Lighting>(LIGHTING);
  return {
    irradiance: [...l.irradiance(p.avatar)],
    ambient: [...l.ambient(p.avatar)],
    key: [...l.keyLight(p.avatar).colour],
  };
};

/** An LD capsule that moves exposure and colour temperature over 4 s. */
const LD = registry
  .ids()
  .filter((id) => id.startsWith('LD_'))
  .find((id) =>
    registry.get(id)!.json.tracks.some((t) => (t as { target?: string }).target === 'exposure_ev'),
  )!;

describe('scenes/shared/lighting: played ≡ seeked light', () => {
  it('the exact pass gives bit-identical light whether a moment is reached by playing or by seeking', () => {
    expect(LD, 'the library has an LD exposure capsule').toBeDefined();
    const at = 1800.5;
    const live = make(sceneLightingPlugin);
    live.play(LD, { atMs: 200 });
    playTo(live, at);
    const exposure = live.runtime.pose(live.avatar).light[
      LIGHT_PARAMS.findIndex((p) => p.name === 'exposure_ev')
    ];
    expect(exposure, `${LD} moves exposure at ${at} ms`).not.toBe(0);
    const rebuilt = make(sceneLightingPlugin);
    rebuilt.play(LD, { atMs: 200 });
    rebuilt.seek(at);
    expect(light(rebuilt)).toEqual(light(live));
  });
});
