/**
 * TC — temporal congruence: the timing relations between channels that make a performance read as one
 * act. Gesture–speech lag variants (one right-hand beat placed from 300 ms before speech to 150 ms
 * after it), aborted gestures, left-after-right onsets, the breath and lip part before speech, the
 * hold after a phrase, a late brow, and cascades that play other capsules at set offsets. The right
 * forearm flexes with +y and the right wrist flexes with +z (extends with −z), as in the hand library.
 */
import {
  env,
  expr,
  exprKeys,
  gate,
  gazeKeys,
  joint,
  jointKeys,
  pair,
  pulse,
  pulse3,
  ref,
  trig,
} from './define.ts';
import type { CapsuleDef, Keys, Vec3 } from './define.ts';

const speech = (offset: number, probability = 1) => trig('speech_onset', offset, probability);

/**
 * One right-hand beat, 480 ms: the forearm lifts 8° with the wrist cocked back (preparation, to 35%),
 * then the stroke drops it while the wrist snaps 5° into flexion (at 55%), then it settles.
 */
const BEAT_MS = 480;
const beat = (): CapsuleDef['tracks'] => [
  jointKeys('rightLowerArm', [
    [0, [0, 0, 0]],
    [0.35, [0, 8, 0]],
    [0.55, [0, 0.5, 0]],
    [1, [0, 0, 0]],
  ]),
  jointKeys('rightHand', [
    [0, [0, 0, 0]],
    [0.35, [0, 0, -4]],
    [0.55, [0, 0, 5]],
    [1, [0, 0, 0]],
  ]),
];
const strokeMs = Math.round(0.55 * BEAT_MS);

const lagVariant = (n: number, offset: number, how: string): CapsuleDef => ({
  n,
  subtype: 'gesture_speech_lag',
  description: `Right-hand beat ${how}; its stroke lands ${offset + strokeMs >= 0 ? '+' : ''}${offset + strokeMs} ms from speech onset.`,
  trigger: speech(offset),
  envelope: gate(BEAT_MS),
  tracks: beat(),
  priority: 6,
  variation: { timing: 0.1, intensity: 0.15 },
});

/** The forearm rising 28° with the wrist extending 10°, linear in phase: a gesture that may stop. */
const reach = (): CapsuleDef['tracks'] => [
  jointKeys(
    'rightLowerArm',
    [
      [0, [0, 0, 0]],
      [1, [0, 28, 0]],
    ],
    'linear',
  ),
  jointKeys(
    'rightHand',
    [
      [0, [0, 0, 0]],
      [1, [0, 0, -10]],
    ],
    'linear',
  ),
];

/** Left-side keys starting `lag` (phase) after the right side's. */
const lagged = (peak: number, lag: number, rise: number, holdEnd: number): Keys<number> => [
  [0, 0],
  [lag, 0],
  [lag + rise, peak],
  [holdEnd, peak],
  [1, 0],
];

/** Inhale shape for the anticipatory breath (degrees at the peak). */
const INHALE: readonly (readonly ['upperChest' | 'chest' | 'neck', Vec3])[] = [
  ['upperChest', [-2.2, 0, 0]],
  ['chest', [-1, 0, 0]],
  ['neck', [1.5, 0, 0]],
];

export const TC: readonly CapsuleDef[] = [
  lagVariant(1, -300, 'whose preparation starts 300 ms before speech'),
  lagVariant(2, -220, 'whose preparation starts 220 ms before speech'),
  lagVariant(3, -150, 'whose preparation starts 150 ms before speech'),
  lagVariant(4, -100, 'whose preparation starts 100 ms before speech'),
  lagVariant(5, 0, 'starting with the voice (no lead)'),
  lagVariant(6, 150, 'starting 150 ms after the voice (speech leads the hand)'),
  {
    n: 7,
    subtype: 'aborted_gesture',
    description:
      'Right forearm starts to rise (toward 28°) 200 ms before speech, stops at 40% and retracts along its path.',
    trigger: speech(-200),
    envelope: env(90, 250, 110, 'quad_out'),
    tracks: reach(),
    priority: 6,
    abort: { probability: 1, at: 0.4, retract: true },
  },
  {
    n: 8,
    subtype: 'aborted_gesture',
    description: 'Right forearm starts to rise 160 ms before speech, stops at 55%, holds and fades out.',
    trigger: speech(-160),
    envelope: env(90, 250, 110, 'quad_out'),
    tracks: reach(),
    priority: 6,
    abort: { probability: 1, at: 0.55, retract: false },
  },
  {
    n: 9,
    subtype: 'asymmetric_onset',
    description: 'Lip corners pull to 0.45, the right side first and the left 120 ms later.',
    trigger: speech(-40),
    envelope: gate(1200),
    tracks: [
      exprKeys('mouthSmileRight', pulse(0.45, 0.2, 0.7)),
      exprKeys('mouthSmileLeft', lagged(0.45, 0.1, 0.2, 0.75)),
    ],
    priority: 5,
  },
  {
    n: 10,
    subtype: 'asymmetric_onset',
    description: 'Outer brows lift to 0.45, the right side first and the left 100 ms later.',
    trigger: speech(-50),
    envelope: gate(700),
    tracks: [
      exprKeys('browOuterUpRight', pulse(0.45, 0.2, 0.65)),
      exprKeys('browOuterUpLeft', lagged(0.45, 0.14, 0.2, 0.7)),
      exprKeys('browInnerUp', pulse(0.2, 0.25, 0.65)),
    ],
    priority: 5,
  },
  {
    n: 11,
    subtype: 'asymmetric_onset',
    description: 'Shoulders lift 6°, the right first and the left 150 ms later, then both settle.',
    trigger: speech(-250),
    envelope: gate(1000),
    tracks: [
      jointKeys('rightShoulder', pulse3([0, 0, -6], 0.3, 0.7)),
      jointKeys(
        'leftShoulder',
        lagged(6, 0.15, 0.3, 0.75).map(([t, v]) => [t, [0, 0, v]] as const),
      ),
    ],
    priority: 5,
  },
  {
    n: 12,
    subtype: 'anticipatory_breath',
    description:
      'An in-breath 450 ms before speech: upper chest lifts, shoulders rise 1.5°, lips part; it peaks just before the voice.',
    trigger: speech(-450),
    envelope: gate(900),
    tracks: [
      ...INHALE.map(([bone, v]) => jointKeys(bone, pulse3(v, 0.45))),
      jointKeys('leftShoulder', pulse3([0, 0, 1.5], 0.45)),
      jointKeys('rightShoulder', pulse3([0, 0, -1.5], 0.45)),
      exprKeys('jawOpen', [
        [0, 0],
        [0.3, 0.08],
        [0.5, 0.06],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  {
    n: 13,
    subtype: 'pre_speech_lip_part',
    description: 'Lips part (jaw 0.08, lower lip 0.1) 200 ms before the voice, handing over to lip sync.',
    trigger: speech(-200),
    envelope: env(100, 100, 100, 'quad_in_out'),
    tracks: [expr('jawOpen', 0.08), ...pair('mouthLowerDown', 0.1), ...pair('mouthUpperUp', 0.04)],
    priority: 5,
  },
  {
    n: 14,
    subtype: 'post_phrase_hold',
    description:
      'After the phrase ends, the lips stay slightly parted and the head holds a 2° tilt for 0.6 s.',
    trigger: trig('phrase_end', 0),
    envelope: env(80, 600, 300, 'quad_in_out'),
    tracks: [
      expr('jawOpen', 0.06),
      ...pair('mouthLowerDown', 0.08),
      expr('browInnerUp', 0.1),
      joint('head', [0, 0, -2]),
    ],
    priority: 5,
  },
  {
    n: 15,
    subtype: 'late_brow',
    description: 'Brow lift (inner 0.3, outer 0.35) arriving 250 ms after the voice rather than before it.',
    trigger: speech(250),
    envelope: env(100, 200, 150, 'cubic_out'),
    tracks: [expr('browInnerUp', 0.3), ...pair('browOuterUp', 0.35)],
    priority: 5,
  },
  {
    n: 16,
    subtype: 'late_brow',
    description: 'Slow brow lift (inner 0.25, outer 0.3) arriving 450 ms after the voice, held 0.6 s.',
    trigger: speech(450),
    envelope: env(150, 600, 300, 'quad_in_out'),
    tracks: [expr('browInnerUp', 0.25), ...pair('browOuterUp', 0.3)],
    priority: 5,
  },
  {
    n: 17,
    subtype: 'face_lead',
    description: 'Brows and lip corners move 50 ms before the voice (brows 0.2, corners 0.15).',
    trigger: speech(-50),
    envelope: env(80, 300, 200, 'quad_in_out'),
    tracks: [expr('browInnerUp', 0.2), ...pair('browOuterUp', 0.2), ...pair('mouthSmile', 0.15)],
    priority: 5,
  },
  {
    n: 18,
    subtype: 'head_lag',
    description: 'Plays the small nod BK_016 200 ms after the voice: the head trails the speech.',
    trigger: speech(200),
    envelope: env(0, 380, 0, 'none'),
    tracks: [ref('BK_016', 0.9)],
    priority: 5,
  },
  {
    n: 19,
    subtype: 'cascade',
    description:
      'Hand → face → head: a beat (TC_005) at 0, a brow flash (FMM_010) at 120 ms and a small nod (BK_016) at 220 ms.',
    trigger: speech(-220),
    envelope: env(0, 600, 0, 'none'),
    tracks: [ref('TC_005', 0.9, 0), ref('FMM_010', 0.8, 120), ref('BK_016', 0.8, 220)],
    priority: 5,
  },
  {
    n: 20,
    subtype: 'gaze_avert_return',
    description:
      'Gaze leaves the listener as speech starts (9° right, 3° down) and returns before the phrase ends.',
    trigger: speech(0),
    envelope: gate(2400),
    tracks: [
      gazeKeys([
        [0, [0, 0]],
        [0.12, [-9, -3]],
        [0.75, [-9, -3]],
        [0.9, [0, 0]],
        [1, [0, 0]],
      ]),
    ],
    priority: 4,
  },
];
