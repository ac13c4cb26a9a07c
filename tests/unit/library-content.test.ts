/**
 * The capsule library beyond the hands, as committed: counts per domain, every file loads through
 * loadFolder with no errors, descriptions everywhere, no emotion words, values inside the rig's
 * ranges, and the specific motions the brief asks for.
 */
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import { checkValues } from '../../tools/library/build.ts';

const { registry, errors, counts } = loadFolder('capsules');
const all: Capsule[] = registry.ids().map((id) => registry.at(registry.slot(id)).json);
const authored = all.filter((c) => ['FMM', 'BK', 'TC', 'TR', 'VC', 'LD', 'CS', 'ER'].includes(c.domain));
const byDomain = (d: string) => all.filter((c) => c.domain === d);

/** Emotion labels a capsule must never carry (ids, subtypes, descriptions). */
const EMOTION_WORDS = [
  'sad',
  'sadness',
  'happy',
  'happiness',
  'angry',
  'anger',
  'fear',
  'fearful',
  'afraid',
  'scared',
  'joy',
  'joyful',
  'anxious',
  'anxiety',
  'surprise',
  'surprised',
  'disgust',
  'disgusted',
  'contempt',
  'grief',
  'worried',
  'worry',
  'nervous',
  'shy',
  'shame',
  'ashamed',
  'guilt',
  'guilty',
  'proud',
  'pride',
  'love',
  'hate',
  'excited',
  'bored',
  'frustrated',
  'upset',
  'lonely',
  'confident',
  'embarrassed',
  'amused',
  'calm',
  'relaxed',
  'emotion',
  'emotional',
  'mood',
  'skeptical',
  'empathetic',
  'friendly',
  'assertive',
  'humorous',
  'denial',
];
const EMOTION_RE = new RegExp(`\\b(${EMOTION_WORDS.join('|')})\\b`, 'i');

describe('library: counts and loading', () => {
  it('loads every capsule and profile through loadFolder with zero errors', () => {
    expect(errors.map((e) => e.format())).toEqual([]);
    expect(counts.capsules).toBe(counts.files - counts.profiles);
  });

  it('has at least the brief’s number of capsules per domain', () => {
    expect(byDomain('FMM').length).toBeGreaterThanOrEqual(40);
    expect(byDomain('BK').length).toBeGreaterThanOrEqual(20);
    expect(byDomain('TC').length).toBeGreaterThanOrEqual(15);
    expect(byDomain('TR').length).toBeGreaterThanOrEqual(10);
    expect(byDomain('VC').length).toBeGreaterThanOrEqual(20);
    expect(byDomain('LD').length).toBeGreaterThanOrEqual(20);
    expect(byDomain('CS').length).toBeGreaterThanOrEqual(10);
    expect(byDomain('ER').length).toBeGreaterThanOrEqual(8);
  });

  it('ids carry their domain prefix and sit in their domain folder', () => {
    for (const c of authored) expect(c.id.startsWith(`${c.domain}_`), c.id).toBe(true);
  });
});

describe('library: descriptions and wording', () => {
  it('every capsule has a one-line description', () => {
    for (const c of authored) {
      expect(c.description, c.id).toBeTruthy();
      expect(c.description!.length, c.id).toBeLessThanOrEqual(200);
      expect(c.description, c.id).not.toMatch(/\n/);
    }
  });

  it('no capsule names an emotion in its id, subtype or description', () => {
    for (const c of all) {
      for (const text of [c.id, c.subtype.replace(/_/g, ' '), c.description ?? ''])
        expect(text, `${c.id}: ${text}`).not.toMatch(EMOTION_RE);
    }
    // the check itself works
    expect('a happy blink').toMatch(EMOTION_RE);
    expect('lip corner pull').not.toMatch(EMOTION_RE);
  });

  it('does not use the VRM emotion presets as channels (ARKit muscles instead)', () => {
    const presets = new Set(['happy', 'angry', 'sad', 'relaxed', 'surprised', 'neutral']);
    for (const c of authored)
      for (const t of c.tracks)
        if (t.kind === 'expression') expect(presets.has(t.target), `${c.id} ${t.target}`).toBe(false);
  });
});

describe('library: values', () => {
  it('every joint, expression, gaze and voice value is inside its range', () => {
    const problems = authored.flatMap(checkValues);
    expect(problems).toEqual([]);
  });

  it('expression deltas are mostly moderate (0.1–0.8), blinks aside', () => {
    const values: number[] = [];
    for (const c of byDomain('FMM'))
      for (const t of c.tracks)
        if (t.kind === 'expression' && !t.target.startsWith('blink')) {
          const peak = Math.max(...[t.value ?? 0, ...(t.keys ?? []).map((k) => k.value)].map(Math.abs));
          values.push(peak);
        }
    const moderate = values.filter((v) => v >= 0.1 && v <= 0.8).length;
    expect(moderate / values.length).toBeGreaterThan(0.8);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.8);
  });

  it('voice capsules only touch voice parameters, with rate and vibrato rate as factors', () => {
    for (const c of byDomain('VC')) {
      for (const t of c.tracks) expect(t.kind, c.id).toBe('voice');
      if (c.blend_mode === 'multiply')
        for (const t of c.tracks)
          if (t.kind === 'voice') expect(['rate', 'vibrato_rate_hz']).toContain(t.target);
    }
  });

  it('light, camera and environment capsules move only their own domain’s channels', () => {
    const own = { LD: 'light', CS: 'camera', ER: 'environment' } as const;
    for (const [domain, kind] of Object.entries(own)) {
      for (const c of byDomain(domain)) for (const t of c.tracks) expect(t.kind, c.id).toBe(kind);
      // and no other domain reaches into them
      for (const c of all.filter((x) => x.domain !== domain))
        for (const t of c.tracks) expect(t.kind, c.id).not.toBe(kind);
    }
  });

  it('no capsule moves the tongue', () => {
    for (const c of authored)
      for (const t of c.tracks) if (t.kind === 'expression') expect(t.target, c.id).not.toBe('tongueOut');
  });
});

describe('library: the motions the brief asks for', () => {
  const subtypes = (d: string) => new Set(byDomain(d).map((c) => c.subtype));

  it('has lip-compression bursts lasting 150–250 ms', () => {
    const bursts = byDomain('FMM').filter((c) => c.subtype === 'lip_compression');
    expect(bursts.length).toBeGreaterThanOrEqual(3);
    for (const c of bursts) {
      expect(c.duration_ms, c.id).toBeGreaterThanOrEqual(150);
      expect(c.duration_ms, c.id).toBeLessThanOrEqual(250);
      expect(c.tracks.some((t) => t.kind === 'expression' && t.target.startsWith('mouthPress'))).toBe(true);
    }
    expect(bursts.map((c) => c.duration_ms).sort((a, b) => a - b)).toEqual([150, 200, 250]);
  });

  it('covers the FMM families', () => {
    const s = subtypes('FMM');
    for (const x of [
      'blink_full',
      'blink_half',
      'blink_slow',
      'blink_double',
      'blink_asymmetric',
      'brow_asymmetry',
      'brow_inner_raise',
      'brow_flash',
      'brow_knit',
      'lip_compression',
      'lip_press',
      'lip_corner_pull',
      'lip_corner_depress',
      'jaw_pause',
      'jaw_drop',
      'jaw_clench',
      'eyelid_tension',
      'eye_widen',
      'squint',
      'nostril_flare',
      'cheek_raise',
      'mouth_stretch',
      'pucker',
      'dimple',
      'chin_raise',
    ])
      expect(s.has(x), x).toBe(true);
    // lip-corner pulls of several speeds and symmetries
    const pulls = byDomain('FMM').filter((c) => c.subtype.startsWith('lip_corner_pull'));
    expect(new Set(pulls.map((c) => c.envelope.attack_ms)).size).toBeGreaterThanOrEqual(3);
    expect(
      pulls.some((c) => c.tracks.every((t) => t.kind !== 'expression' || !t.target.endsWith('Left'))),
    ).toBe(true);
  });

  it('covers the BK, TC and TR families', () => {
    const bk = subtypes('BK');
    for (const x of [
      'posture_collapse',
      'posture_expansion',
      'shoulder_drift',
      'shoulder_raise',
      'shrug',
      'head_tilt',
      'head_turn',
      'nod',
      'head_shake',
      'breathing',
      'weight_shift',
      'lean',
      'neck_retraction',
    ])
      expect(bk.has(x), x).toBe(true);
    const tc = subtypes('TC');
    for (const x of [
      'gesture_speech_lag',
      'aborted_gesture',
      'asymmetric_onset',
      'anticipatory_breath',
      'pre_speech_lip_part',
      'post_phrase_hold',
      'late_brow',
    ])
      expect(tc.has(x), x).toBe(true);
    expect(byDomain('TC').some((c) => c.abort?.retract === true)).toBe(true);
    const tr = byDomain('TR');
    expect(tr.some((c) => c.subtype === 'beat_nod' && c.trigger.relative_to === 'stressed_syllable')).toBe(
      true,
    );
    expect(tr.some((c) => c.subtype === 'blink_phrase_end' && c.trigger.relative_to === 'phrase_end')).toBe(
      true,
    );
    expect(tr.some((c) => c.subtype === 'head_bob' && c.trigger.relative_to === 'word_boundary')).toBe(true);
    expect(tr.some((c) => c.subtype === 'brow_beat')).toBe(true);
    expect(
      tr.some(
        (c) =>
          c.subtype === 'hand_beat' &&
          c.tracks.some((t) => t.kind === 'joint' && t.target.startsWith('right')),
      ),
    ).toBe(true);
  });

  it('has the asymmetric onsets with the left side later than the right', () => {
    const smile = byDomain('TC').find(
      (c) =>
        c.subtype === 'asymmetric_onset' &&
        c.tracks.some((t) => t.kind === 'expression' && t.target === 'mouthSmileLeft'),
    )!;
    const firstRise = (target: string) => {
      const t = smile.tracks.find((x) => x.kind === 'expression' && x.target === target)!;
      const keys = t.kind === 'expression' ? t.keys! : [];
      return keys.find((k, i) => i > 0 && k.value > 0 && keys[i - 1]!.value === 0)!.t;
    };
    const leftStart = smile.tracks.find((x) => x.kind === 'expression' && x.target === 'mouthSmileLeft');
    expect(leftStart).toBeDefined();
    expect(firstRise('mouthSmileLeft')).toBeGreaterThan(firstRise('mouthSmileRight'));
  });

  it('has the light, camera and environment families', () => {
    for (const x of [
      'exposure_breathing',
      'exposure_lift',
      'temperature_drift',
      'contrast_pulse',
      'shadow_softness',
      'key_direction_drift',
    ])
      expect(subtypes('LD').has(x), x).toBe(true);
    for (const x of [
      'push_in',
      'pull_out',
      'axis_drift',
      'handheld_jitter',
      'focal_creep',
      'dutch_roll',
      'settle',
    ])
      expect(subtypes('CS').has(x), x).toBe(true);
    for (const x of [
      'wind_breeze',
      'wind_gust',
      'wind_lull',
      'wind_heading_shift',
      'wind_gustiness',
      'motion_delay',
    ])
      expect(subtypes('ER').has(x), x).toBe(true);
    const temps = byDomain('LD').flatMap((c) =>
      c.blend_mode === 'additive'
        ? c.tracks.flatMap((t) =>
            t.kind === 'light' && t.target === 'temperature_k' && t.value !== undefined ? [t.value] : [],
          )
        : [],
    );
    expect(
      temps.some((v) => v <= -800),
      'a warm drift (lower kelvin)',
    ).toBe(true);
    expect(
      temps.some((v) => v >= 1000),
      'a cool drift (higher kelvin)',
    ).toBe(true);
    // exposure breathing is a slow keyed rise and fall that ends where it started
    for (const c of byDomain('LD').filter((x) => x.subtype === 'exposure_breathing')) {
      expect(c.duration_ms, c.id).toBeGreaterThanOrEqual(4000);
      const t = c.tracks[0]!;
      const keys = t.kind === 'light' ? t.keys! : [];
      expect(keys[0]!.value, c.id).toBe(0);
      expect(keys[keys.length - 1]!.value, c.id).toBe(0);
      expect(Math.max(...keys.map((k) => k.value)), c.id).toBeGreaterThan(0);
    }
    // contrast micro-pulses are short and ride on speech
    for (const c of byDomain('LD').filter((x) => x.subtype === 'contrast_pulse')) {
      expect(c.duration_ms, c.id).toBeLessThanOrEqual(500);
      expect(c.trigger.relative_to, c.id).not.toBe('scene_start');
    }
    // handheld jitter is seeded noise on several camera channels
    for (const c of byDomain('CS').filter((x) => x.subtype === 'handheld_jitter')) {
      const noisy = c.tracks.filter((t) => t.kind === 'camera' && t.noise !== undefined);
      expect(noisy.length, c.id).toBeGreaterThanOrEqual(3);
    }
    // long ambient shapes start with the scene
    for (const c of [...byDomain('ER'), ...byDomain('LD'), ...byDomain('CS')])
      if (c.duration_ms >= 15000) expect(c.trigger.relative_to, c.id).toBe('scene_start');
  });

  it('has the voice families', () => {
    const vc = subtypes('VC');
    for (const x of [
      'pitch_shift',
      'pitch_contour',
      'formant_shift',
      'rate_change',
      'vibrato',
      'breathiness',
      'tension',
      'intensity',
      'soft_onset',
      'creak_like',
      'whisper_like',
    ])
      expect(vc.has(x), x).toBe(true);
  });
});
