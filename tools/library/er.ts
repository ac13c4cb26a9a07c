/**
 * ER — environmental response: the `ENVIRONMENT_PARAMS` of engine/rig/channels.ts — wind strength
 * 0..1 and its heading in degrees (0 = from the front, + from the avatar's left), gustiness 0..1 (how
 * much the wind's strength flickers), and ambient motion delay in milliseconds (how far secondary
 * motion — hair, cloth, spring bones — lags the body). The environment is not tied to speech, so
 * almost everything starts at `scene_start` and lasts tens of seconds; gusts come with a probability
 * so a scene does not repeat itself.
 */
import { env, environment, environmentKeys, environmentNoise, gate, trig } from './define.ts';
import type { CapsuleDef } from './define.ts';

const scene = (offset = 0, probability = 1) => trig('scene_start', offset, probability);

export const ER: readonly CapsuleDef[] = [
  {
    n: 1,
    subtype: 'wind_breeze',
    description: 'Light breeze for 30 s: wind 0.25 with a little gustiness (0.1), in and out over 4 s.',
    trigger: scene(),
    envelope: env(4000, 22000, 4000, 'quad_in_out'),
    tracks: [environment('wind_strength', 0.25), environment('gustiness', 0.1)],
    priority: 3,
  },
  {
    n: 2,
    subtype: 'wind_breeze',
    description: 'Steady moderate breeze for 40 s: wind 0.45, gustiness 0.2.',
    trigger: scene(),
    envelope: env(5000, 30000, 5000, 'quad_in_out'),
    tracks: [environment('wind_strength', 0.45), environment('gustiness', 0.2)],
    priority: 3,
  },
  {
    n: 3,
    subtype: 'wind_gust',
    description: 'One gust 3 s into the scene (p 0.7): wind up to 0.6 in 0.6 s, dying away over 2 s.',
    trigger: scene(3000, 0.7),
    envelope: gate(2600),
    tracks: [
      environmentKeys('wind_strength', [
        [0, 0],
        [0.23, 0.6],
        [1, 0],
      ]),
    ],
    priority: 4,
  },
  {
    n: 4,
    subtype: 'wind_gust',
    description: 'Two gusts 1.5 s apart (0.5 then 0.35), 8 s into the scene (p 0.6).',
    trigger: scene(8000, 0.6),
    envelope: gate(4000),
    tracks: [
      environmentKeys('wind_strength', [
        [0, 0],
        [0.15, 0.5],
        [0.38, 0.1],
        [0.52, 0.35],
        [1, 0],
      ]),
    ],
    priority: 4,
  },
  {
    n: 5,
    subtype: 'wind_lull',
    description: 'The wind drops to a fifth (multiply on strength and gustiness) for 10 s.',
    trigger: scene(9000),
    envelope: env(2000, 6000, 2000, 'quad_in_out'),
    tracks: [environment('wind_strength', 0.2), environment('gustiness', 0.2)],
    priority: 3,
    blend: 'multiply',
  },
  {
    n: 6,
    subtype: 'wind_heading_shift',
    description: 'The wind turns 40° to blow from the avatar’s left over 12 s and stays there.',
    trigger: scene(),
    envelope: env(1000, 24000, 3000, 'quad_in_out'),
    tracks: [
      environmentKeys('wind_yaw_deg', [
        [0, 0],
        [0.45, 40],
        [1, 40],
      ]),
    ],
    priority: 3,
  },
  {
    n: 7,
    subtype: 'wind_heading_shift',
    description: 'The wind turns 40° to blow from the avatar’s right over 12 s and stays there.',
    trigger: scene(),
    envelope: env(1000, 24000, 3000, 'quad_in_out'),
    tracks: [
      environmentKeys('wind_yaw_deg', [
        [0, 0],
        [0.45, -40],
        [1, -40],
      ]),
    ],
    priority: 3,
  },
  {
    n: 8,
    subtype: 'wind_heading_shift',
    description: 'Wind heading wanders ±15° slowly (0.05 Hz) for 40 s.',
    trigger: scene(),
    envelope: env(3000, 34000, 3000, 'quad_in_out'),
    tracks: [environmentNoise('wind_yaw_deg', 15, 0.05)],
    priority: 2,
  },
  {
    n: 9,
    subtype: 'wind_gustiness',
    description: 'Turbulent air for 20 s: gustiness +0.45 over a light wind (0.15).',
    trigger: scene(),
    envelope: env(3000, 14000, 3000, 'quad_in_out'),
    tracks: [environment('gustiness', 0.45), environment('wind_strength', 0.15)],
    priority: 3,
  },
  {
    n: 10,
    subtype: 'wind_gustiness',
    description: 'Wind strength flickers ±0.1 at 0.3 Hz for 30 s, riding on whatever breeze blows.',
    trigger: scene(),
    envelope: env(3000, 24000, 3000, 'quad_in_out'),
    tracks: [environmentNoise('wind_strength', 0.1, 0.3)],
    priority: 2,
  },
  {
    n: 11,
    subtype: 'motion_delay',
    description: 'Secondary motion lags the body by 120 ms more (heavier hair and cloth) for 30 s.',
    trigger: scene(),
    envelope: env(2000, 26000, 2000, 'quad_in_out'),
    tracks: [environment('motion_delay_ms', 120)],
    priority: 3,
  },
  {
    n: 12,
    subtype: 'motion_delay',
    description: 'Secondary motion lags the body by 60 ms more for 20 s.',
    trigger: scene(),
    envelope: env(2000, 16000, 2000, 'quad_in_out'),
    tracks: [environment('motion_delay_ms', 60)],
    priority: 3,
  },
  {
    n: 13,
    subtype: 'motion_delay',
    description: 'Ambient motion delay rises to 200 ms over 10 s (thick air), then eases back.',
    trigger: scene(),
    envelope: gate(20000),
    tracks: [
      environmentKeys('motion_delay_ms', [
        [0, 0],
        [0.5, 200],
        [1, 0],
      ]),
    ],
    priority: 3,
  },
];
