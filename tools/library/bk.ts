/**
 * BK — body kinetics: breathing, posture, shoulders, head tilt/turn, nods and shakes, weight shift,
 * lean, neck retraction, plus the idle's re-centre and micro-tremor. Joint deltas are rotation vectors
 * in degrees in the VRM normalized frame (engine/rig/bones.ts): spine, neck and head bend forward with
 * +x, turn to the avatar's left with +y and tilt toward its left shoulder with −z; a left shoulder
 * lifts with +z and draws forward with −y (the right side mirrors). Trunk flexion is shared down the
 * spine and the neck/head counter-rotate part of it, so the face stays roughly level.
 */
import {
  bilateralKeys,
  env,
  gate,
  gaze,
  hips,
  hipsKeys,
  joint,
  jointKeys,
  jointNoise,
  pulse3,
  shoulders,
  trig,
} from './define.ts';
import type { CapsuleDef, Keys, Vec3 } from './define.ts';
import type { JointTrack } from '../../engine/capsules/schema-types.ts';
import type { HumanBoneName } from '../../engine/rig/bones.ts';

const body = (offset: number, probability = 1) => trig('speech_onset', offset, probability);

/** Peak-inhale posture of one resting breath (degrees): upper chest and chest extend, shoulders rise. */
const BREATH: readonly (readonly [HumanBoneName, Vec3])[] = [
  ['upperChest', [-1.2, 0, 0]],
  ['chest', [-0.6, 0, 0]],
  ['neck', [0.9, 0, 0]],
  ['leftShoulder', [0, 0, 0.8]],
  ['rightShoulder', [0, 0, -0.8]],
];

/**
 * Breathing keys over cycles of the given lengths (ms) and relative depths: inhale to the peak at 40%
 * of a cycle, exhale back to rest by 90%, a short pause, next cycle. Returns one keyed track per bone.
 */
function breathing(cycles: readonly number[], depth: readonly number[], scale: number): JointTrack[] {
  const total = cycles.reduce((a, b) => a + b, 0);
  return BREATH.map(([bone, peak]) => {
    const keys: [number, Vec3][] = [];
    let start = 0;
    cycles.forEach((len, i) => {
      const k = (depth[i] ?? 1) * scale;
      keys.push([start / total, [0, 0, 0]]);
      keys.push([(start + 0.4 * len) / total, [peak[0] * k, peak[1] * k, peak[2] * k]]);
      keys.push([(start + 0.9 * len) / total, [0, 0, 0]]);
      start += len;
    });
    keys.push([1, [0, 0, 0]]);
    return jointKeys(bone, keys);
  });
}

/** Resting breathing: eight cycles of 3.7–4.4 s (about 14.9 breaths per minute). First and last match. */
export const BREATH_CYCLES_MS = [4000, 4400, 3800, 4200, 3900, 4300, 3700, 4000] as const;
const BREATH_DEPTH = [1, 1.1, 0.9, 1.05, 0.95, 1.1, 0.9, 1] as const;
const BREATH_TOTAL_MS = BREATH_CYCLES_MS.reduce((a, b) => a + b, 0);
/** Overlap between consecutive breathing capsules: one whole cycle, so the crossfade is in phase. */
const BREATH_OVERLAP_MS = BREATH_CYCLES_MS[0];

const FAST_CYCLES = [2000, 2000, 2000, 2000, 2000, 2000] as const;

/** Head motion shared between neck (a third) and head (two thirds). */
function headNeck(v: Vec3, neckShare = 1 / 3): JointTrack[] {
  return [
    joint('neck', [v[0] * neckShare, v[1] * neckShare, v[2] * neckShare]),
    joint('head', [v[0] * (1 - neckShare), v[1] * (1 - neckShare), v[2] * (1 - neckShare)]),
  ];
}

/** Keyframed head motion shared between neck and head. */
function headNeckKeys(keys: Keys<Vec3>, neckShare = 0.3): JointTrack[] {
  const part = (s: number) => keys.map(([t, v]) => [t, [v[0] * s, v[1] * s, v[2] * s]] as const);
  return [jointKeys('neck', part(neckShare)), jointKeys('head', part(1 - neckShare))];
}

/** Idle-only capsules: quiet and additive, timed exactly as planned. */
const IDLE = { priority: 1, variation: { timing: 0, intensity: 0.1 } } as const;

export const BK: readonly CapsuleDef[] = [
  {
    n: 1,
    subtype: 'breathing',
    description:
      'Resting breathing loop: eight 3.7–4.4 s cycles of upper-chest extension and shoulder rise, 32.3 s, crossfading over one cycle.',
    trigger: trig('scene_start', 0),
    envelope: env(
      BREATH_OVERLAP_MS,
      BREATH_TOTAL_MS - 2 * BREATH_OVERLAP_MS,
      BREATH_OVERLAP_MS,
      'quad_in_out',
    ),
    tracks: breathing(BREATH_CYCLES_MS, BREATH_DEPTH, 1),
    ...IDLE,
  },
  {
    n: 2,
    subtype: 'breath_deep',
    description: 'One deep breath: the chest lifts 2.5× a resting breath over 1.4 s and empties over 1.6 s.',
    trigger: body(-900, 0.9),
    envelope: gate(3600),
    tracks: breathing([3600], [1], 2.5),
    priority: 3,
  },
  {
    n: 3,
    subtype: 'breathing',
    description: 'Quick shallow breathing: six 2 s cycles at 60% depth, carried more by the shoulders.',
    trigger: body(-600),
    envelope: env(2000, 8000, 2000, 'quad_in_out'),
    tracks: [...breathing(FAST_CYCLES, [], 0.6), ...shoulders(0.6)],
    priority: 3,
  },
  {
    n: 4,
    subtype: 'posture_collapse',
    description:
      'Trunk folds forward 9° down the spine, shoulders round and drop; neck and head lift the face back.',
    trigger: body(-400),
    envelope: env(900, 2500, 900, 'quad_in_out'),
    tracks: [
      joint('spine', [4, 0, 0]),
      joint('chest', [3, 0, 0]),
      joint('upperChest', [2, 0, 0]),
      joint('neck', [-3, 0, 0]),
      joint('head', [-2, 0, 0]),
      ...shoulders(-3, 5),
    ],
    priority: 4,
  },
  {
    n: 5,
    subtype: 'posture_expansion',
    description: 'Trunk extends 8° and the shoulders draw back and lift slightly; the head stays level.',
    trigger: body(-400),
    envelope: env(800, 2500, 900, 'quad_in_out'),
    tracks: [
      joint('spine', [-3, 0, 0]),
      joint('chest', [-3, 0, 0]),
      joint('upperChest', [-2, 0, 0]),
      joint('neck', [2, 0, 0]),
      joint('head', [1, 0, 0]),
      ...shoulders(1, -4),
    ],
    priority: 4,
  },
  {
    n: 6,
    subtype: 'shoulder_drift',
    description: 'Both shoulders sink 3° and roll 2° forward over 1.5 s, staying there 3 s.',
    trigger: body(0),
    envelope: env(1500, 3000, 1500, 'quad_in_out'),
    tracks: shoulders(-3, 2),
    priority: 3,
  },
  {
    n: 7,
    subtype: 'shoulder_raise',
    description: 'Both shoulders lift 6° toward the ears and hold 1.2 s.',
    trigger: body(-200),
    envelope: env(250, 1200, 400, 'quad_in_out'),
    tracks: shoulders(6),
    priority: 4,
  },
  {
    n: 8,
    subtype: 'shrug',
    description: 'Both shoulders shrug up 12° and drop back within 900 ms.',
    trigger: body(-150),
    envelope: gate(900),
    tracks: bilateralKeys('Shoulder', pulse3([0, 0, 12], 0.3, 0.55)),
    priority: 5,
  },
  {
    n: 9,
    subtype: 'shrug',
    description: 'Right shoulder alone shrugs up 10° and drops back within 800 ms.',
    trigger: body(-150),
    envelope: gate(800),
    tracks: [jointKeys('rightShoulder', pulse3([0, 0, -10], 0.3, 0.55))],
    priority: 5,
  },
  {
    n: 10,
    subtype: 'head_tilt',
    description: 'Head tilts 8° toward the left shoulder (neck 3°, head 5°) and holds 1.5 s.',
    trigger: body(-100),
    envelope: env(300, 1500, 500, 'quad_in_out'),
    tracks: headNeck([0, 0, -8], 3 / 8),
    priority: 4,
  },
  {
    n: 11,
    subtype: 'head_tilt',
    description: 'Head tilts 8° toward the right shoulder (neck 3°, head 5°) and holds 1.5 s.',
    trigger: body(-100),
    envelope: env(300, 1500, 500, 'quad_in_out'),
    tracks: headNeck([0, 0, 8], 3 / 8),
    priority: 4,
  },
  {
    n: 12,
    subtype: 'head_turn',
    description: 'Head turns 12° to the avatar’s left (neck 4°, head 8°) and holds 1.5 s.',
    trigger: body(-50),
    envelope: env(350, 1500, 500, 'quad_in_out'),
    tracks: headNeck([0, 12, 0]),
    priority: 4,
  },
  {
    n: 13,
    subtype: 'head_turn',
    description: 'Head turns 12° to the avatar’s right (neck 4°, head 8°) and holds 1.5 s.',
    trigger: body(-50),
    envelope: env(350, 1500, 500, 'quad_in_out'),
    tracks: headNeck([0, -12, 0]),
    priority: 4,
  },
  {
    n: 14,
    subtype: 'nod',
    description: 'One nod: neck and head drop 9° together, rebound 1.3° above rest and settle, 520 ms.',
    trigger: body(80),
    envelope: gate(520),
    tracks: headNeckKeys([
      [0, [0, 0, 0]],
      [0.35, [9, 0, 0]],
      [0.7, [-1.3, 0, 0]],
      [1, [0, 0, 0]],
    ]),
    priority: 5,
  },
  {
    n: 15,
    subtype: 'nod',
    description: 'Double nod: two drops of 8° and 7° (neck and head together) in 950 ms.',
    trigger: body(80),
    envelope: gate(950),
    tracks: headNeckKeys([
      [0, [0, 0, 0]],
      [0.2, [8, 0, 0]],
      [0.42, [0.6, 0, 0]],
      [0.62, [7, 0, 0]],
      [0.85, [-0.6, 0, 0]],
      [1, [0, 0, 0]],
    ]),
    priority: 5,
  },
  {
    n: 16,
    subtype: 'nod',
    description: 'Small nod: head dips 3° and returns in 380 ms.',
    trigger: body(100),
    envelope: gate(380),
    tracks: [jointKeys('head', pulse3([3, 0, 0], 0.4))],
    priority: 5,
  },
  {
    n: 17,
    subtype: 'head_shake',
    description: 'Head shakes left-right-left, ±11° decaying (neck and head together), over 1 s.',
    trigger: body(0),
    envelope: gate(1000),
    tracks: headNeckKeys([
      [0, [0, 0, 0]],
      [0.17, [0, 11, 0]],
      [0.42, [0, -11, 0]],
      [0.67, [0, 8, 0]],
      [0.88, [0, -4, 0]],
      [1, [0, 0, 0]],
    ]),
    priority: 5,
  },
  {
    n: 18,
    subtype: 'head_shake',
    description: 'Small quick head shake, ±4°, in 650 ms.',
    trigger: body(0),
    envelope: gate(650),
    tracks: [
      jointKeys('head', [
        [0, [0, 0, 0]],
        [0.25, [0, 4, 0]],
        [0.6, [0, -4, 0]],
        [1, [0, 0, 0]],
      ]),
    ],
    priority: 5,
  },
  {
    n: 19,
    subtype: 'weight_shift',
    description: 'Weight moves onto the left leg: hips slide 25 mm left, the trunk leans back over them.',
    trigger: body(-600),
    envelope: env(1200, 3000, 1200, 'quad_in_out'),
    tracks: [hips([0.025, -0.004, 0]), joint('spine', [0, 0, 1.5]), joint('chest', [0, 0, 0.8])],
    priority: 3,
  },
  {
    n: 20,
    subtype: 'weight_shift',
    description: 'Weight moves onto the right leg: hips slide 25 mm right, the trunk leans back over them.',
    trigger: body(-600),
    envelope: env(1200, 3000, 1200, 'quad_in_out'),
    tracks: [hips([-0.025, -0.004, 0]), joint('spine', [0, 0, -1.5]), joint('chest', [0, 0, -0.8])],
    priority: 3,
  },
  {
    n: 21,
    subtype: 'lean',
    description: 'Leans in: trunk bends 6° forward, hips move 20 mm forward, the head keeps its line.',
    trigger: body(-300),
    envelope: env(600, 2000, 700, 'quad_in_out'),
    tracks: [
      hips([0, 0, 0.02]),
      joint('spine', [4, 0, 0]),
      joint('chest', [2, 0, 0]),
      joint('neck', [-2.5, 0, 0]),
      joint('head', [-1.5, 0, 0]),
    ],
    priority: 4,
  },
  {
    n: 22,
    subtype: 'lean',
    description: 'Leans out: trunk extends 4.5°, hips move 15 mm back, the head keeps its line.',
    trigger: body(-200),
    envelope: env(600, 2000, 700, 'quad_in_out'),
    tracks: [
      hips([0, 0, -0.015]),
      joint('spine', [-3, 0, 0]),
      joint('chest', [-1.5, 0, 0]),
      joint('neck', [2, 0, 0]),
      joint('head', [1.5, 0, 0]),
    ],
    priority: 4,
  },
  {
    n: 23,
    subtype: 'neck_retraction',
    description: 'Head draws straight back: neck extends 6° while the head flexes 6° (chin tuck).',
    trigger: body(-100),
    envelope: env(150, 600, 400, 'cubic_out'),
    tracks: [joint('neck', [-6, 0, 0]), joint('head', [6, 0, 0])],
    priority: 5,
  },
  {
    n: 24,
    subtype: 'head_lower',
    description: 'Head lowers 15° (neck 5°, head 10°) and stays down 2 s.',
    trigger: body(-200),
    envelope: env(500, 2000, 600, 'quad_in_out'),
    tracks: [joint('neck', [5, 0, 0]), joint('head', [10, 0, 0])],
    priority: 4,
  },
  {
    n: 25,
    subtype: 'head_raise',
    description: 'Chin lifts: head tips back 9° (neck 3°, head 6°), held 1.5 s.',
    trigger: body(-150),
    envelope: env(400, 1500, 500, 'quad_in_out'),
    tracks: [joint('neck', [-3, 0, 0]), joint('head', [-6, 0, 0])],
    priority: 4,
  },
  {
    n: 26,
    subtype: 'recentre',
    description:
      'Idle re-centre: a low-priority override easing neck, head and gaze back to centre over 0.5 s, held 1.2 s.',
    trigger: trig('scene_start', 0),
    envelope: env(500, 1200, 700, 'quad_in_out'),
    tracks: [joint('neck', [0, 0, 0]), joint('head', [0, 0, 0]), gaze(0, 0)],
    priority: 0,
    blend: 'override',
    variation: { timing: 0, intensity: 0 },
  },
  {
    n: 27,
    subtype: 'micro_noise',
    description:
      'Idle micro-tremor, 20 s: head ±0.15° at 11 Hz, both wrists ±0.3° at 12–13 Hz (partials span about 8–18 Hz).',
    trigger: trig('scene_start', 0),
    envelope: env(1000, 18000, 1000, 'quad_in_out'),
    tracks: [
      jointNoise('head', [0.12, 0.15, 0.1], 11),
      jointNoise('neck', [0.05, 0.06, 0.04], 11),
      jointNoise('leftHand', [0.25, 0.25, 0.3], 12),
      jointNoise('rightHand', [0.25, 0.3, 0.25], 13),
      jointNoise('leftLowerArm', [0, 0, 0.06], 12),
      jointNoise('rightLowerArm', [0, 0, 0.06], 13),
    ],
    ...IDLE,
  },
  {
    n: 28,
    subtype: 'sway',
    description: 'Slow body sway: hips drift ±8 mm side to side over 8 s, the spine counter-tilting.',
    trigger: body(-1000),
    envelope: gate(8000),
    tracks: [
      hipsKeys([
        [0, [0, 0, 0]],
        [0.25, [0.008, 0, 0]],
        [0.75, [-0.008, 0, 0]],
        [1, [0, 0, 0]],
      ]),
      jointKeys('spine', [
        [0, [0, 0, 0]],
        [0.25, [0, 0, 0.6]],
        [0.75, [0, 0, -0.6]],
        [1, [0, 0, 0]],
      ]),
    ],
    priority: 2,
  },
  {
    n: 29,
    subtype: 'torso_turn',
    description:
      'Upper body turns 7° to the avatar’s left while the head turns back 3° to stay on the listener.',
    trigger: body(-350),
    envelope: env(500, 1500, 600, 'quad_in_out'),
    tracks: [joint('spine', [0, 4, 0]), joint('chest', [0, 3, 0]), joint('head', [0, -3, 0])],
    priority: 4,
  },
  {
    n: 30,
    subtype: 'torso_turn',
    description:
      'Upper body turns 7° to the avatar’s right while the head turns back 3° to stay on the listener.',
    trigger: body(-350),
    envelope: env(500, 1500, 600, 'quad_in_out'),
    tracks: [joint('spine', [0, -4, 0]), joint('chest', [0, -3, 0]), joint('head', [0, 3, 0])],
    priority: 4,
  },
];
