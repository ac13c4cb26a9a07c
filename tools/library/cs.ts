/**
 * CS — camera semantics: offsets of a camera rig from the host's own framing, through the
 * `CAMERA_PARAMS` of engine/rig/channels.ts — dolly in metres (+ pushes in), orbit yaw/pitch and roll
 * in degrees, lateral/vertical shift in metres, focal-length change in millimetres, and a 0..1 shake
 * level. Only a camera that opts in reads them (the viewer's rig; an embedder's if it asks). Moves are
 * slow and small — a push-in of 10–40 cm, drifts of a few degrees — and handheld jitter is seeded
 * band-limited noise, so a replay with the same seed frames identically.
 */
import { camera, cameraKeys, cameraNoise, env, trig } from './define.ts';
import type { CapsuleDef, Keys } from './define.ts';

const scene = (offset = 0) => trig('scene_start', offset);
const speech = (offset: number, probability = 1) => trig('speech_onset', offset, probability);

/** Reaches `to` at 60 % of the capsule and holds it; the envelope's release brings it home. */
const drift = (to: number): Keys<number> => [
  [0, 0],
  [0.6, to],
  [1, to],
];

/** Handheld jitter: seeded noise on shift, roll and orbit at `scale` × a steady hand, centred near `hz`. */
function handheld(scale: number, hz: number): CapsuleDef['tracks'] {
  return [
    cameraNoise('shift_x_m', 0.004 * scale, hz),
    cameraNoise('shift_y_m', 0.003 * scale, hz * 1.3),
    cameraNoise('roll_deg', 0.3 * scale, hz * 0.8),
    cameraNoise('orbit_yaw_deg', 0.25 * scale, hz * 0.6),
  ];
}

export const CS: readonly CapsuleDef[] = [
  // ── dolly ─────────────────────────────────────────────────────────────────────────────────────────
  {
    n: 1,
    subtype: 'push_in',
    description: 'Slow push-in of 30 cm over 2.5 s from just before speech, held, eased back.',
    trigger: speech(-200),
    envelope: env(2500, 2000, 2500, 'quad_in_out'),
    tracks: [camera('dolly_m', 0.3)],
    priority: 4,
  },
  {
    n: 2,
    subtype: 'push_in',
    description: 'Quick small push-in: 12 cm in 300 ms at speech onset, released over 1.2 s.',
    trigger: speech(-50),
    envelope: env(300, 800, 1200, 'cubic_out'),
    tracks: [camera('dolly_m', 0.12)],
    priority: 5,
  },
  {
    n: 3,
    subtype: 'push_in',
    description: 'Ambient creeping push-in of 50 cm over 20 s.',
    trigger: scene(),
    envelope: env(16000, 4000, 4000, 'quad_in_out'),
    tracks: [camera('dolly_m', 0.5)],
    priority: 3,
  },
  {
    n: 4,
    subtype: 'pull_out',
    description: 'Slow pull-out of 40 cm over 3 s, held, eased back.',
    trigger: speech(0),
    envelope: env(3000, 2000, 3000, 'quad_in_out'),
    tracks: [camera('dolly_m', -0.4)],
    priority: 4,
  },
  {
    n: 5,
    subtype: 'pull_out',
    description: 'Pull-out of 20 cm at the phrase end, over 1.5 s.',
    trigger: trig('phrase_end', 0),
    envelope: env(1500, 1000, 1500, 'quad_in_out'),
    tracks: [camera('dolly_m', -0.2)],
    priority: 4,
  },

  // ── axis drift ────────────────────────────────────────────────────────────────────────────────────
  {
    n: 6,
    subtype: 'axis_drift',
    description: 'Camera orbits 6° to the avatar’s left over 12 s, holds, returns.',
    trigger: scene(),
    envelope: env(2000, 16000, 2000, 'quad_in_out'),
    tracks: [cameraKeys('orbit_yaw_deg', drift(6))],
    priority: 3,
  },
  {
    n: 7,
    subtype: 'axis_drift',
    description: 'Camera orbits 6° to the avatar’s right over 12 s, holds, returns.',
    trigger: scene(),
    envelope: env(2000, 16000, 2000, 'quad_in_out'),
    tracks: [cameraKeys('orbit_yaw_deg', drift(-6))],
    priority: 3,
  },
  {
    n: 8,
    subtype: 'axis_drift',
    description: 'Camera rises 4° above the eye line over 10 s, holds, returns.',
    trigger: scene(),
    envelope: env(2000, 14000, 2000, 'quad_in_out'),
    tracks: [cameraKeys('orbit_pitch_deg', drift(4))],
    priority: 3,
  },
  {
    n: 9,
    subtype: 'axis_drift',
    description: 'Over one line the camera orbits 3° to the left and 1.5° down.',
    trigger: speech(-300),
    envelope: env(1500, 2500, 1500, 'quad_in_out'),
    tracks: [camera('orbit_yaw_deg', 3), camera('orbit_pitch_deg', -1.5)],
    priority: 3,
  },

  // ── handheld jitter ───────────────────────────────────────────────────────────────────────────────
  {
    n: 10,
    subtype: 'handheld_jitter',
    description: 'Steady-hand jitter for 30 s: ±4 mm shift, ±0.3° roll, ±0.25° orbit around 0.8 Hz.',
    trigger: scene(),
    envelope: env(2000, 26000, 2000, 'quad_in_out'),
    tracks: handheld(1, 0.8),
    priority: 2,
  },
  {
    n: 11,
    subtype: 'handheld_jitter',
    description: 'Unsteady-hand jitter over one line: twice the amplitude, around 1.6 Hz.',
    trigger: speech(-200),
    envelope: env(400, 3600, 800, 'quad_in_out'),
    tracks: handheld(2, 1.6),
    priority: 3,
  },
  {
    n: 12,
    subtype: 'shake',
    description: 'Shake level +0.3 for 400 ms on the stressed syllable.',
    trigger: trig('stressed_syllable', -100),
    envelope: env(60, 140, 200, 'quad_out'),
    tracks: [camera('shake', 0.3)],
    priority: 4,
  },

  // ── focal creep, dutch roll ───────────────────────────────────────────────────────────────────────
  {
    n: 13,
    subtype: 'focal_creep',
    description: 'Focal length creeps 8 mm longer over 15 s (the frame tightens), then back.',
    trigger: scene(),
    envelope: env(15000, 5000, 5000, 'quad_in_out'),
    tracks: [camera('focal_mm', 8)],
    priority: 3,
  },
  {
    n: 14,
    subtype: 'focal_creep',
    description: 'Focal length creeps 6 mm shorter over 12 s (the frame widens), then back.',
    trigger: scene(),
    envelope: env(12000, 5000, 5000, 'quad_in_out'),
    tracks: [camera('focal_mm', -6)],
    priority: 3,
  },
  {
    n: 15,
    subtype: 'focal_creep',
    description: 'Over one line the focal length creeps 4 mm longer.',
    trigger: speech(0),
    envelope: env(2500, 1500, 1500, 'quad_in_out'),
    tracks: [camera('focal_mm', 4)],
    priority: 3,
  },
  {
    n: 16,
    subtype: 'dutch_roll',
    description: 'Camera rolls 4° clockwise over 3 s, holds 6 s, levels.',
    trigger: scene(),
    envelope: env(3000, 6000, 3000, 'quad_in_out'),
    tracks: [camera('roll_deg', -4)],
    priority: 3,
  },
  {
    n: 17,
    subtype: 'dutch_roll',
    description: 'Camera rolls 3° counter-clockwise over one line.',
    trigger: speech(-200),
    envelope: env(1500, 2000, 1500, 'quad_in_out'),
    tracks: [camera('roll_deg', 3)],
    priority: 3,
  },
  {
    n: 18,
    subtype: 'reframe',
    description: 'Frame lifts 5 cm and shifts 4 cm to the avatar’s left over 1 s, held for the line.',
    trigger: speech(-300),
    envelope: env(1000, 2500, 1000, 'quad_in_out'),
    tracks: [camera('shift_y_m', 0.05), camera('shift_x_m', 0.04)],
    priority: 3,
  },

  // ── settle ────────────────────────────────────────────────────────────────────────────────────────
  {
    n: 19,
    subtype: 'settle',
    description: 'Eases every camera offset back to the host’s framing over 1.5 s (low-priority override).',
    trigger: trig('previous_capsule', 0),
    envelope: env(1500, 500, 1000, 'quad_in_out'),
    tracks: [
      camera('dolly_m', 0),
      camera('orbit_yaw_deg', 0),
      camera('orbit_pitch_deg', 0),
      camera('roll_deg', 0),
      camera('shift_x_m', 0),
      camera('shift_y_m', 0),
      camera('focal_mm', 0),
      camera('shake', 0),
    ],
    priority: 1,
    blend: 'override',
  },
  {
    n: 20,
    subtype: 'settle',
    description: 'Damps camera motion to a third (multiply) for 3 s after the phrase end.',
    trigger: trig('phrase_end', 0),
    envelope: env(600, 1800, 600, 'quad_in_out'),
    tracks: [
      camera('shift_x_m', 0.33),
      camera('shift_y_m', 0.33),
      camera('roll_deg', 0.33),
      camera('orbit_yaw_deg', 0.33),
      camera('shake', 0.33),
    ],
    priority: 3,
    blend: 'multiply',
  },
];
