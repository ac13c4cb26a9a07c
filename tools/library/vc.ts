/**
 * VC — voice capsules on the DSP parameters of `VOICE_PARAMS` (engine/rig/channels.ts). Offsets in
 * semitones (pitch, formant, vibrato depth), dB (intensity) and 0..1 (breathiness, tension) are
 * additive; rate and vibrato rate are factors (multiply), so they scale whatever else is playing. Each
 * stays inside its parameter's range on its own; the resolver clamps sums.
 */
import { env, gate, trig, voice, voiceKeys, voiceNoise } from './define.ts';
import type { CapsuleDef } from './define.ts';

const speech = (offset: number, probability = 1) => trig('speech_onset', offset, probability);
/** An utterance-long shape: 150 ms in, held 2.4 s, 300 ms out. */
const PHRASE = env(150, 2400, 300, 'quad_in_out');

const steady = (
  n: number,
  subtype: string,
  description: string,
  tracks: CapsuleDef['tracks'],
): CapsuleDef => ({
  n,
  subtype,
  description,
  trigger: speech(0),
  envelope: PHRASE,
  tracks,
  priority: 5,
});

const factor = (
  n: number,
  subtype: string,
  description: string,
  tracks: CapsuleDef['tracks'],
): CapsuleDef => ({
  ...steady(n, subtype, description, tracks),
  blend: 'multiply',
});

export const VC: readonly CapsuleDef[] = [
  steady(1, 'pitch_shift', 'Voice pitch raised 2 semitones for the phrase.', [voice('pitch_semitones', 2)]),
  steady(2, 'pitch_shift', 'Voice pitch raised 4 semitones for the phrase.', [voice('pitch_semitones', 4)]),
  steady(3, 'pitch_shift', 'Voice pitch lowered 2 semitones for the phrase.', [voice('pitch_semitones', -2)]),
  steady(4, 'pitch_shift', 'Voice pitch lowered 4 semitones for the phrase.', [voice('pitch_semitones', -4)]),
  {
    n: 5,
    subtype: 'pitch_contour',
    description: 'Pitch rises 3 semitones over the last 400 ms of the phrase.',
    trigger: trig('phrase_end', -400),
    envelope: gate(600),
    tracks: [
      voiceKeys('pitch_semitones', [
        [0, 0],
        [0.67, 3],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  {
    n: 6,
    subtype: 'pitch_contour',
    description: 'Pitch falls 2.5 semitones over the last 450 ms of the phrase.',
    trigger: trig('phrase_end', -450),
    envelope: gate(650),
    tracks: [
      voiceKeys('pitch_semitones', [
        [0, 0],
        [0.69, -2.5],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  {
    n: 7,
    subtype: 'pitch_contour',
    description: 'Declination: pitch starts 0.8 semitone high and drifts down to 1.5 below over 3 s.',
    trigger: speech(0),
    envelope: env(150, 2500, 350, 'linear'),
    tracks: [
      voiceKeys(
        'pitch_semitones',
        [
          [0, 0.8],
          [1, -1.5],
        ],
        'linear',
      ),
    ],
    priority: 5,
  },
  steady(8, 'formant_shift', 'Formants shifted up 1.5 semitones (a shorter-sounding vocal tract).', [
    voice('formant_semitones', 1.5),
  ]),
  steady(9, 'formant_shift', 'Formants shifted down 1.5 semitones (a longer-sounding vocal tract).', [
    voice('formant_semitones', -1.5),
  ]),
  factor(10, 'rate_change', 'Speaking rate × 1.15 for the phrase.', [voice('rate', 1.15)]),
  factor(11, 'rate_change', 'Speaking rate × 0.88 for the phrase.', [voice('rate', 0.88)]),
  steady(12, 'vibrato', 'Light vibrato: depth 0.15 semitone at the default rate.', [
    voice('vibrato_depth_semitones', 0.15),
  ]),
  steady(13, 'vibrato', 'Strong vibrato: depth 0.5 semitone, rate up 1 Hz.', [
    voice('vibrato_depth_semitones', 0.5),
    voice('vibrato_rate_hz', 1),
  ]),
  steady(14, 'breathiness', 'Breathiness up by 0.35: more air noise in the voice.', [
    voice('breathiness', 0.35),
  ]),
  steady(15, 'tension', 'Vocal tension up by 0.4: a pressed, brighter voice.', [voice('tension', 0.4)]),
  steady(16, 'intensity', 'Voice 3 dB louder for the phrase.', [voice('intensity_db', 3)]),
  steady(17, 'intensity', 'Voice 4 dB quieter for the phrase.', [voice('intensity_db', -4)]),
  {
    n: 18,
    subtype: 'soft_onset',
    description: 'Soft onset: the voice starts 6 dB down and breathy and reaches full level in 300 ms.',
    trigger: speech(0),
    envelope: gate(450),
    tracks: [
      voiceKeys('intensity_db', [
        [0, -6],
        [0.67, 0],
        [1, 0],
      ]),
      voiceKeys('breathiness', [
        [0, 0.3],
        [0.6, 0],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  {
    n: 19,
    subtype: 'creak_like',
    description:
      'Creak-like phrase end: tension 0.45, 4 dB quieter and 1.5 semitones lower over the last 700 ms.',
    trigger: trig('phrase_end', -700),
    envelope: env(150, 450, 100, 'quad_in_out'),
    tracks: [voice('tension', 0.45), voice('intensity_db', -4), voice('pitch_semitones', -1.5)],
    priority: 5,
  },
  steady(20, 'whisper_like', 'Whisper-like voice: breathiness 0.75 and 8 dB quieter.', [
    voice('breathiness', 0.75),
    voice('intensity_db', -8),
  ]),
  {
    n: 21,
    subtype: 'hard_onset',
    description: 'Hard onset: the first 150 ms are 4 dB louder and tense (0.35), easing off by 300 ms.',
    trigger: speech(0),
    envelope: gate(300),
    tracks: [
      voiceKeys('intensity_db', [
        [0, 4],
        [0.5, 1],
        [1, 0],
      ]),
      voiceKeys('tension', [
        [0, 0.35],
        [0.6, 0],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  factor(22, 'vibrato', 'Vibrato rate × 0.8 (slower, wider-sounding undulation).', [
    voice('vibrato_rate_hz', 0.8),
  ]),
  steady(23, 'pitch_wander', 'Pitch wanders ±0.4 semitone around its course at about 1.5 Hz.', [
    voiceNoise('pitch_semitones', 0.4, 1.5),
  ]),
  {
    n: 24,
    subtype: 'pitch_accent',
    description: 'Pitch accent: 2.5 semitones up and back, peaking on the stressed syllable, 400 ms.',
    trigger: trig('stressed_syllable', -140),
    envelope: gate(400),
    tracks: [
      voiceKeys('pitch_semitones', [
        [0, 0],
        [0.35, 2.5],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  {
    n: 25,
    subtype: 'intensity_accent',
    description: 'Loudness accent: 3 dB up and back, peaking on the stressed syllable, 300 ms.',
    trigger: trig('stressed_syllable', -90),
    envelope: gate(300),
    tracks: [
      voiceKeys('intensity_db', [
        [0, 0],
        [0.3, 3],
        [1, 0],
      ]),
    ],
    priority: 5,
  },
  factor(26, 'rate_change', 'Speaking rate × 1.25 for the phrase.', [voice('rate', 1.25)]),
  {
    n: 27,
    subtype: 'final_lengthening',
    description: 'Phrase-final lengthening: rate × 0.85 over the last 500 ms of the phrase.',
    trigger: trig('phrase_end', -500),
    envelope: env(100, 350, 50, 'quad_in_out'),
    tracks: [voice('rate', 0.85)],
    priority: 5,
    blend: 'multiply',
  },
];
