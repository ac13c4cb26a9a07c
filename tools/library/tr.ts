/**
 * TR — temporal rhythm: small motions locked to the prosody. Beat nods, hand and finger beats, brow
 * beats and shoulder or torso pulses on stressed syllables; blinks at phrase ends; head bobs at word
 * boundaries. Each starts a little before its anchor so its peak lands on it (the apex of a beat
 * gesture tends to coincide with the stressed syllable; Leonard & Cummins 2011).
 */
import { exprKeys, gate, jointKeys, pulse, pulse3, ref, trig, env } from './define.ts';
import type { CapsuleDef } from './define.ts';

const stressed = (offset: number, probability = 1) => trig('stressed_syllable', offset, probability);
const word = (offset: number, probability = 1) => trig('word_boundary', offset, probability);

export const TR: readonly CapsuleDef[] = [
  {
    n: 1,
    subtype: 'beat_nod',
    description: 'Head dips 4° (neck 1°) peaking on the stressed syllable, 280 ms.',
    trigger: stressed(-110),
    envelope: gate(280),
    tracks: [jointKeys('head', pulse3([4, 0, 0], 0.4)), jointKeys('neck', pulse3([1, 0, 0], 0.4))],
    priority: 5,
  },
  {
    n: 2,
    subtype: 'beat_nod',
    description: 'Small head dip of 2.5° peaking on the stressed syllable, 220 ms.',
    trigger: stressed(-90),
    envelope: gate(220),
    tracks: [jointKeys('head', pulse3([2.5, 0, 0], 0.4))],
    priority: 5,
  },
  {
    n: 3,
    subtype: 'hand_beat',
    description:
      'Right forearm lifts 5° and strokes down with a 4° wrist flick landing on the stressed syllable.',
    trigger: stressed(-175),
    envelope: gate(320),
    tracks: [
      jointKeys('rightLowerArm', [
        [0, [0, 0, 0]],
        [0.3, [0, 5, 0]],
        [0.55, [0, 0, 0]],
        [1, [0, 0, 0]],
      ]),
      jointKeys('rightHand', [
        [0, [0, 0, 0]],
        [0.3, [0, 0, -3]],
        [0.55, [0, 0, 4]],
        [1, [0, 0, 0]],
      ]),
    ],
    priority: 6,
  },
  {
    n: 4,
    subtype: 'hand_beat',
    description: 'Smaller right-hand beat (forearm 3°, wrist 2.5°) landing on a word boundary.',
    trigger: word(-140, 0.8),
    envelope: gate(260),
    tracks: [
      jointKeys('rightLowerArm', [
        [0, [0, 0, 0]],
        [0.3, [0, 3, 0]],
        [0.55, [0, 0, 0]],
        [1, [0, 0, 0]],
      ]),
      jointKeys('rightHand', [
        [0, [0, 0, 0]],
        [0.3, [0, 0, -2]],
        [0.55, [0, 0, 2.5]],
        [1, [0, 0, 0]],
      ]),
    ],
    priority: 6,
  },
  {
    n: 5,
    subtype: 'finger_beat',
    description: 'Right index flexes 6° at the knuckle, peaking on the stressed syllable, 200 ms.',
    trigger: stressed(-80),
    envelope: gate(200),
    tracks: [jointKeys('rightIndexProximal', pulse3([0, 0, 6], 0.4))],
    priority: 6,
  },
  {
    n: 6,
    subtype: 'brow_beat',
    description: 'Brows flick up (inner 0.3, outer 0.3) peaking on the stressed syllable, 300 ms.',
    trigger: stressed(-100),
    envelope: gate(300),
    tracks: [
      exprKeys('browInnerUp', pulse(0.3, 0.35)),
      exprKeys('browOuterUpLeft', pulse(0.3, 0.35)),
      exprKeys('browOuterUpRight', pulse(0.3, 0.35)),
    ],
    priority: 5,
  },
  {
    n: 7,
    subtype: 'brow_beat',
    description: 'Faint brow flick (0.15) on a word boundary, 240 ms.',
    trigger: word(-80, 0.7),
    envelope: gate(240),
    tracks: [exprKeys('browInnerUp', pulse(0.15, 0.35)), exprKeys('browOuterUpLeft', pulse(0.1, 0.35))],
    priority: 5,
  },
  {
    n: 8,
    subtype: 'blink_phrase_end',
    description: 'Plays the full blink FMM_001 80 ms after the phrase ends.',
    trigger: trig('phrase_end', 80, 0.9),
    envelope: env(0, 230, 0, 'none'),
    tracks: [ref('FMM_001', 1)],
    priority: 5,
  },
  {
    n: 9,
    subtype: 'blink_phrase_end',
    description: 'Plays the slow blink FMM_003 120 ms after the phrase ends.',
    trigger: trig('phrase_end', 120, 0.9),
    envelope: env(0, 480, 0, 'none'),
    tracks: [ref('FMM_003', 1)],
    priority: 5,
  },
  {
    n: 10,
    subtype: 'head_bob',
    description: 'Head bobs 1.5° down and back (neck 0.5°) at a word boundary, 200 ms.',
    trigger: word(-60, 0.8),
    envelope: gate(200),
    tracks: [jointKeys('head', pulse3([1.5, 0, 0], 0.4)), jointKeys('neck', pulse3([0.5, 0, 0], 0.4))],
    priority: 5,
  },
  {
    n: 11,
    subtype: 'head_bob',
    description: 'Head bobs sideways, 2° toward the left shoulder and back, at a word boundary, 300 ms.',
    trigger: word(-90, 0.7),
    envelope: gate(300),
    tracks: [jointKeys('head', pulse3([0, 0, -2], 0.4))],
    priority: 5,
  },
  {
    n: 12,
    subtype: 'shoulder_beat',
    description: 'Both shoulders lift 2.5° and drop, peaking on the stressed syllable, 300 ms.',
    trigger: stressed(-110),
    envelope: gate(300),
    tracks: [
      jointKeys('leftShoulder', pulse3([0, 0, 2.5], 0.35)),
      jointKeys('rightShoulder', pulse3([0, 0, -2.5], 0.35)),
    ],
    priority: 5,
  },
  {
    n: 13,
    subtype: 'torso_pulse',
    description:
      'Trunk leans 1.8° forward and back (spine 1.2°, chest 0.6°) on the stressed syllable, 380 ms.',
    trigger: stressed(-150),
    envelope: gate(380),
    tracks: [jointKeys('spine', pulse3([1.2, 0, 0], 0.4)), jointKeys('chest', pulse3([0.6, 0, 0], 0.4))],
    priority: 5,
  },
  {
    n: 14,
    subtype: 'phrase_final_drop',
    description: 'Head lowers 3° slowly into the end of the phrase and comes back up, 500 ms.',
    trigger: trig('phrase_end', -250, 0.9),
    envelope: gate(500),
    tracks: [jointKeys('head', pulse3([3, 0, 0], 0.5))],
    priority: 5,
  },
];
