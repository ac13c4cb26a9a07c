/**
 * LD — lighting dynamics: transforms on the avatar's SH environment through the `LIGHT_PARAMS` of
 * engine/rig/channels.ts. Exposure in EV stops, colour temperature in kelvin around the environment's
 * own 6500 K (lower = warmer, higher = cooler), contrast of the directional bands against the ambient
 * term (−1..1), extra softness (0..1, stronger SH windowing = softer shadows) and a rotation of the
 * environment (key-light yaw and pitch in degrees). Long ambient shapes start at `scene_start`;
 * pulses and the profile touches that belong to one line start at `speech_onset`. Values stay small:
 * a light change the viewer notices consciously is already too much.
 */
import { env, gate, light, lightKeys, lightNoise, trig } from './define.ts';
import type { CapsuleDef, Keys } from './define.ts';

const scene = (offset = 0, probability = 1) => trig('scene_start', offset, probability);
const speech = (offset: number, probability = 1) => trig('speech_onset', offset, probability);

/** `cycles` slow rise-and-fall cycles of `peak` (keys start and end at 0, so a gate envelope keeps them whole). */
function breaths(peak: number, cycles: number): Keys<number> {
  const keys: [number, number][] = [[0, 0]];
  for (let i = 0; i < cycles; i++) keys.push([(i + 0.5) / cycles, peak], [(i + 1) / cycles, 0]);
  return keys;
}

/** 0 → peak → 0 with the peak at `peakT`. */
const pulse = (peak: number, peakT: number): Keys<number> => [
  [0, 0],
  [peakT, peak],
  [1, 0],
];

/** A slow drift that reaches `to` at 60 % of the capsule and holds it (the release returns it). */
const drift = (to: number): Keys<number> => [
  [0, 0],
  [0.6, to],
  [1, to],
];

export const LD: readonly CapsuleDef[] = [
  // ── exposure breathing and level ──────────────────────────────────────────────────────────────────
  {
    n: 1,
    subtype: 'exposure_breathing',
    description: 'Exposure rises 0.2 EV and falls back once over 8 s.',
    trigger: scene(),
    envelope: gate(8000),
    tracks: [lightKeys('exposure_ev', breaths(0.2, 1))],
    priority: 3,
  },
  {
    n: 2,
    subtype: 'exposure_breathing',
    description: 'Exposure breathes ±0.3 EV in two 6 s cycles (rise, fall, rise, fall).',
    trigger: scene(),
    envelope: gate(12000),
    tracks: [
      lightKeys('exposure_ev', [
        [0, 0],
        [0.25, 0.3],
        [0.5, -0.15],
        [0.75, 0.3],
        [1, 0],
      ]),
    ],
    priority: 3,
  },
  {
    n: 3,
    subtype: 'exposure_breathing',
    description: 'Barely visible ambient exposure breathing: three 10 s cycles of 0.12 EV.',
    trigger: scene(),
    envelope: gate(30000),
    tracks: [lightKeys('exposure_ev', breaths(0.12, 3))],
    priority: 2,
  },
  {
    n: 4,
    subtype: 'exposure_breathing',
    description: 'Exposure breathes 0.15 EV over one line: up through the first half, back by its end.',
    trigger: speech(-400),
    envelope: gate(4500),
    tracks: [lightKeys('exposure_ev', breaths(0.15, 1))],
    priority: 3,
  },
  {
    n: 5,
    subtype: 'exposure_lift',
    description: 'Quick exposure lift of 0.4 EV 100 ms before speech, fading over 1.2 s.',
    trigger: speech(-100),
    envelope: env(120, 500, 1200, 'cubic_out'),
    tracks: [light('exposure_ev', 0.4)],
    priority: 4,
  },
  {
    n: 6,
    subtype: 'exposure_dim',
    description: 'Exposure sinks 0.5 EV over 3 s, holds 8 s, recovers over 3 s.',
    trigger: scene(),
    envelope: env(3000, 8000, 3000, 'quad_in_out'),
    tracks: [light('exposure_ev', -0.5)],
    priority: 3,
  },
  {
    n: 7,
    subtype: 'exposure_dip',
    description: 'Exposure dips 0.25 EV at the phrase end and comes back within 1.5 s.',
    trigger: trig('phrase_end', -200),
    envelope: gate(1500),
    tracks: [lightKeys('exposure_ev', pulse(-0.25, 0.3))],
    priority: 4,
  },

  // ── colour temperature ────────────────────────────────────────────────────────────────────────────
  {
    n: 8,
    subtype: 'temperature_drift',
    description: 'Light drifts 800 K warmer over 6 s, holds, returns over 4 s.',
    trigger: scene(),
    envelope: env(6000, 10000, 4000, 'quad_in_out'),
    tracks: [light('temperature_k', -800)],
    priority: 3,
  },
  {
    n: 9,
    subtype: 'temperature_drift',
    description: 'Light drifts 1800 K warmer (towards tungsten) over 8 s, holds 12 s, returns over 6 s.',
    trigger: scene(),
    envelope: env(8000, 12000, 6000, 'quad_in_out'),
    tracks: [light('temperature_k', -1800)],
    priority: 3,
  },
  {
    n: 10,
    subtype: 'temperature_drift',
    description: 'Light drifts 1000 K cooler over 6 s, holds, returns over 4 s.',
    trigger: scene(),
    envelope: env(6000, 10000, 4000, 'quad_in_out'),
    tracks: [light('temperature_k', 1000)],
    priority: 3,
  },
  {
    n: 11,
    subtype: 'temperature_drift',
    description: 'Light drifts 2500 K cooler (towards overcast sky) over 8 s, holds 12 s, returns over 6 s.',
    trigger: scene(),
    envelope: env(8000, 12000, 6000, 'quad_in_out'),
    tracks: [light('temperature_k', 2500)],
    priority: 3,
  },
  {
    n: 12,
    subtype: 'temperature_drift',
    description:
      'Colour temperature wanders ±150 K around the environment’s own, slowly (0.05 Hz), for 40 s.',
    trigger: scene(),
    envelope: env(4000, 32000, 4000, 'quad_in_out'),
    tracks: [lightNoise('temperature_k', 150, 0.05)],
    priority: 2,
  },
  {
    n: 13,
    subtype: 'temperature_drift',
    description: 'Over one line the light turns 600 K warmer, easing in from 300 ms before speech.',
    trigger: speech(-300),
    envelope: env(1200, 2600, 1500, 'quad_in_out'),
    tracks: [lightKeys('temperature_k', drift(-600))],
    priority: 3,
  },

  // ── contrast micro-pulses ─────────────────────────────────────────────────────────────────────────
  {
    n: 14,
    subtype: 'contrast_pulse',
    description: 'Contrast micro-pulse: +0.15 for 250 ms at speech onset.',
    trigger: speech(-50),
    envelope: gate(250),
    tracks: [lightKeys('contrast', pulse(0.15, 0.35))],
    priority: 4,
  },
  {
    n: 15,
    subtype: 'contrast_pulse',
    description: 'Contrast micro-pulse of +0.25 peaking on the stressed syllable (180 ms).',
    trigger: trig('stressed_syllable', -70),
    envelope: gate(180),
    tracks: [lightKeys('contrast', pulse(0.25, 0.4))],
    priority: 4,
  },
  {
    n: 16,
    subtype: 'contrast_pulse',
    description: 'Flattening micro-pulse: contrast −0.15 for 300 ms after the phrase end.',
    trigger: trig('phrase_end', 0),
    envelope: gate(300),
    tracks: [lightKeys('contrast', pulse(-0.15, 0.4))],
    priority: 4,
  },
  {
    n: 17,
    subtype: 'contrast_pulse',
    description: 'Double contrast pulse (+0.2, +0.15) 200 ms apart around speech onset.',
    trigger: speech(-100),
    envelope: gate(450),
    tracks: [
      lightKeys('contrast', [
        [0, 0],
        [0.18, 0.2],
        [0.4, 0],
        [0.62, 0.15],
        [1, 0],
      ]),
    ],
    priority: 4,
  },
  {
    n: 18,
    subtype: 'contrast_pulse',
    description: 'Cool contrast pulse: contrast +0.2 and 600 K cooler for 400 ms at speech onset.',
    trigger: speech(-80),
    envelope: gate(400),
    tracks: [lightKeys('contrast', pulse(0.2, 0.3)), lightKeys('temperature_k', pulse(600, 0.3))],
    priority: 4,
  },
  {
    n: 19,
    subtype: 'contrast_damp',
    description: 'Halves whatever contrast other capsules add, for one line.',
    trigger: speech(0),
    envelope: env(400, 2500, 600, 'quad_in_out'),
    tracks: [light('contrast', 0.5)],
    priority: 3,
    blend: 'multiply',
  },

  // ── shadow softness ───────────────────────────────────────────────────────────────────────────────
  {
    n: 20,
    subtype: 'shadow_softness',
    description: 'Shadows soften (window +0.3) over 4 s, hold 10 s, harden back over 4 s.',
    trigger: scene(),
    envelope: env(4000, 10000, 4000, 'quad_in_out'),
    tracks: [light('softness', 0.3)],
    priority: 3,
  },
  {
    n: 21,
    subtype: 'shadow_softness',
    description: 'Shadows soften strongly (window +0.6), almost flat, over 6 s; hold 12 s.',
    trigger: scene(),
    envelope: env(6000, 12000, 5000, 'quad_in_out'),
    tracks: [light('softness', 0.6)],
    priority: 3,
  },
  {
    n: 22,
    subtype: 'shadow_softness',
    description: 'Shadows soften by 0.25 for 1.5 s after the phrase end.',
    trigger: trig('phrase_end', 0),
    envelope: env(400, 700, 400, 'quad_in_out'),
    tracks: [light('softness', 0.25)],
    priority: 3,
  },

  // ── key-direction drift ───────────────────────────────────────────────────────────────────────────
  {
    n: 23,
    subtype: 'key_direction_drift',
    description: 'Key light swings 12° to the avatar’s left over 12 s, holds, swings back.',
    trigger: scene(),
    envelope: env(2000, 16000, 2000, 'quad_in_out'),
    tracks: [lightKeys('key_yaw_deg', drift(12))],
    priority: 3,
  },
  {
    n: 24,
    subtype: 'key_direction_drift',
    description: 'Key light swings 12° to the avatar’s right over 12 s, holds, swings back.',
    trigger: scene(),
    envelope: env(2000, 16000, 2000, 'quad_in_out'),
    tracks: [lightKeys('key_yaw_deg', drift(-12))],
    priority: 3,
  },
  {
    n: 25,
    subtype: 'key_direction_drift',
    description: 'Key light rises 8° over 10 s (a higher sun), then settles back.',
    trigger: scene(),
    envelope: env(2000, 14000, 2000, 'quad_in_out'),
    tracks: [lightKeys('key_pitch_deg', drift(8))],
    priority: 3,
  },
  {
    n: 26,
    subtype: 'key_direction_drift',
    description: 'Key light sinks 6° over 10 s (a lower, more frontal key), then settles back.',
    trigger: scene(),
    envelope: env(2000, 14000, 2000, 'quad_in_out'),
    tracks: [lightKeys('key_pitch_deg', drift(-6))],
    priority: 3,
  },
  {
    n: 27,
    subtype: 'key_direction_drift',
    description: 'Key direction wanders ±4° in yaw and ±2° in pitch, slowly (0.05 Hz), for 40 s.',
    trigger: scene(),
    envelope: env(4000, 32000, 4000, 'quad_in_out'),
    tracks: [lightNoise('key_yaw_deg', 4, 0.05), lightNoise('key_pitch_deg', 2, 0.05)],
    priority: 2,
  },

  // ── combined line-long shapes (profile touches) ───────────────────────────────────────────────────
  {
    n: 28,
    subtype: 'soft_warm_light',
    description:
      'Over one line: 900 K warmer, shadows softer (+0.35), exposure +0.1 EV, easing in before speech.',
    trigger: speech(-300),
    envelope: env(1200, 2800, 1500, 'quad_in_out'),
    tracks: [light('temperature_k', -900), light('softness', 0.35), light('exposure_ev', 0.1)],
    priority: 3,
  },
  {
    n: 29,
    subtype: 'cool_dim',
    description: 'Slow cool dim over one line: exposure −0.35 EV and 700 K cooler, in over 2 s.',
    trigger: speech(-500),
    envelope: env(2000, 2500, 2000, 'quad_in_out'),
    tracks: [light('exposure_ev', -0.35), light('temperature_k', 700)],
    priority: 3,
  },
  {
    n: 30,
    subtype: 'light_settle',
    description: 'Eases every light parameter back to the environment as captured (low-priority override).',
    trigger: trig('previous_capsule', 0),
    envelope: env(1500, 500, 1000, 'quad_in_out'),
    tracks: [
      light('exposure_ev', 0),
      light('temperature_k', 6500),
      light('contrast', 0),
      light('softness', 0),
      light('key_yaw_deg', 0),
      light('key_pitch_deg', 0),
    ],
    priority: 1,
    blend: 'override',
  },
];
