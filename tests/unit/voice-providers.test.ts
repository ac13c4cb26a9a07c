/**
 * Voice sources without audio engines: the silence provider's estimated timeline, the fallback
 * wrapper, external timelines in the shapes cloud TTS services return (and their errors), eSpeak's
 * event mapping, and the naive grapheme → phoneme converter.
 */
import { describe, expect, it, vi } from 'vitest';
import { cleanPhoneme, espeakTimeline } from '../../engine/voice/providers/espeak-events.ts';
import type { EspeakEvent } from '../../engine/voice/providers/espeak-events.ts';
import { estimateTimeline } from '../../engine/voice/providers/estimate-timeline.ts';
import { createExternalSource, externalUtterance } from '../../engine/voice/providers/external.ts';
import { withFallback } from '../../engine/voice/providers/fallback.ts';
import { graphemesToPhonemes, syllableCount } from '../../engine/voice/providers/grapheme-phoneme.ts';
import { createSilenceSource } from '../../engine/voice/providers/silence.ts';
import { parseTimeline } from '../../engine/voice/providers/timeline-formats.ts';
import type { VoiceSource } from '../../engine/voice/voice-source.ts';

describe('grapheme → phoneme (naive English)', () => {
  it('maps common spellings and counts syllables', () => {
    const ipa = (w: string) =>
      graphemesToPhonemes(w)
        .map((u) => u.phoneme)
        .join(' ');
    expect(ipa('speech')).toBe('s p iː tʃ');
    expect(ipa('make')).toBe('m eɪ k');
    expect(ipa('the')).toBe('ð ɛ');
    expect(ipa('knight')).toBe('n aɪ t');
    expect(ipa('city')).toBe('s ɪ t i');
    expect(syllableCount('beautiful')).toBeGreaterThanOrEqual(3);
    expect(syllableCount('a')).toBe(1);
    expect(syllableCount('rhythm')).toBeGreaterThanOrEqual(1);
  });

  it('keeps each phoneme’s letter span', () => {
    const u = graphemesToPhonemes('ship');
    expect(u[0]).toMatchObject({ phoneme: 'ʃ', from: 0, to: 2 });
    expect(u[1]).toMatchObject({ phoneme: 'ɪ', from: 2, to: 3, vowel: true });
  });
});

describe('silence provider', () => {
  it('gives no audio and a timeline from syllables, with pauses at punctuation', async () => {
    const u = await createSilenceSource().synthesize('Hello world, this is a test. Yes!');
    expect(u.audio).toBeNull();
    expect(u.words.map((w) => w.text)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test', 'Yes']);
    expect(u.words[2]!.startMs - u.words[1]!.endMs).toBeCloseTo(180, 6);
    expect(u.words[6]!.startMs - u.words[5]!.endMs).toBeCloseTo(380, 6);
    // Two syllables take longer than one.
    const dur = (i: number) => u.words[i]!.endMs - u.words[i]!.startMs;
    expect(dur(0)).toBeGreaterThan(dur(1));
    for (const w of u.words) expect(w.stressMs).toBeGreaterThanOrEqual(w.startMs);
    expect(u.phonemes.length).toBeGreaterThan(15);
    expect(u.durationMs).toBe(u.words[6]!.endMs);
  });

  it('scales with rate and handles empty text', async () => {
    const s = createSilenceSource();
    const slow = await s.synthesize('one two three');
    const fast = await s.synthesize('one two three', { rate: 2 });
    expect(fast.durationMs).toBeCloseTo(slow.durationMs / 2, 6);
    expect((await s.synthesize('')).durationMs).toBe(0);
    await expect(s.synthesize('x', { rate: 0 })).rejects.toThrow(/rate/);
    expect(estimateTimeline('Grüße, 42 — 日本').words).toHaveLength(3);
  });
});

describe('withFallback', () => {
  it('continues as silence when the provider rejects, logging once', async () => {
    const broken: VoiceSource = {
      id: 'cloud',
      voices: () => [{ id: 'x', label: 'X' }],
      synthesize: () => Promise.reject(new Error('network down')),
    };
    const log = vi.fn();
    const v = withFallback(broken, { log });
    const u = await v.synthesize('Still talking.');
    expect(u.audio).toBeNull();
    expect(u.words.map((w) => w.text)).toEqual(['Still', 'talking']);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/cloud failed on "Still talking\."; continuing as silence/);
    expect(v.voices()).toEqual([{ id: 'x', label: 'X' }]);
  });

  it('passes successful results through', async () => {
    const ok = withFallback(createSilenceSource(), { log: () => expect.fail('no failure expected') });
    expect((await ok.synthesize('hi')).words).toHaveLength(1);
  });
});

describe('external timelines', () => {
  const polly = [
    { time: 6, type: 'sentence', start: 0, end: 11, value: 'Hello world' },
    { time: 6, type: 'word', start: 0, end: 5, value: 'Hello' },
    { time: 6, type: 'viseme', value: 'k' },
    { time: 80, type: 'viseme', value: 'E' },
    { time: 150, type: 'viseme', value: 't' },
    { time: 220, type: 'viseme', value: 'o' },
    { time: 380, type: 'word', start: 6, end: 11, value: 'world' },
    { time: 380, type: 'viseme', value: 'u' },
    { time: 470, type: 'viseme', value: 'r' },
    { time: 560, type: 'viseme', value: 't' },
    { time: 640, type: 'viseme', value: 'sil' },
  ];

  it('reads Polly speech marks (array or JSON lines)', () => {
    for (const input of [polly, polly.map((m) => JSON.stringify(m)).join('\n')]) {
      const t = parseTimeline(input, 700);
      expect(t.format).toBe('speech-marks');
      expect(t.words).toEqual([
        { text: 'Hello', startMs: 6, endMs: 380 },
        { text: 'world', startMs: 380, endMs: 640 },
      ]);
      expect(t.phonemes[1]).toEqual({ phoneme: 'ɛ', startMs: 80, endMs: 150 });
      expect(t.phonemes.at(-1)).toEqual({ phoneme: '', startMs: 640, endMs: 700 });
    }
  });

  it('reads ElevenLabs character alignment, timing phonemes by their letters', () => {
    const text = 'Hi, you';
    const chars = [...text];
    const starts = chars.map((_, i) => i * 0.1);
    const t = parseTimeline({
      audio_base64: '…',
      alignment: {
        characters: chars,
        character_start_times_seconds: starts,
        character_end_times_seconds: starts.map((s) => s + 0.1),
      },
    });
    expect(t.format).toBe('character-alignment');
    expect(t.words.map((w) => [w.text, Math.round(w.startMs), Math.round(w.endMs)])).toEqual([
      ['Hi', 0, 200],
      ['you', 400, 700],
    ]);
    expect(t.phonemes[0]).toMatchObject({ phoneme: 'h' });
    expect(t.phonemes[0]!.startMs).toBeCloseTo(0, 6);
    expect(t.phonemes[1]!.startMs).toBeCloseTo(100, 6);
  });

  it('reads Azure viseme and word-boundary events (100 ns ticks)', () => {
    const t = parseTimeline({
      visemes: [
        { audioOffset: 500_000, visemeId: 12 },
        { audioOffset: 1_000_000, visemeId: 2 },
        { audioOffset: 2_000_000, visemeId: 21 },
        { audioOffset: 2_500_000, visemeId: 0 },
      ],
      words: [{ audioOffset: 500_000, duration: 2_000_000, text: 'hop' }],
    });
    expect(t.format).toBe('viseme-events');
    expect(t.phonemes.map((p) => p.phoneme)).toEqual(['h', 'ɑ', 'p', '']);
    expect(t.phonemes[1]).toEqual({ phoneme: 'ɑ', startMs: 100, endMs: 200 });
    expect(t.words).toEqual([{ text: 'hop', startMs: 50, endMs: 250 }]);
  });

  it('reads the native shape', () => {
    const t = parseTimeline({
      words: [{ text: 'a', startMs: 0, endMs: 90, stressMs: 0 }],
      phonemes: [{ phoneme: 'ə', startMs: 0, endMs: 90 }],
    });
    expect(t.format).toBe('native');
    expect(t.words[0]!.stressMs).toBe(0);
  });

  it('rejects malformed timelines naming the field', () => {
    expect(() => parseTimeline([{ time: 'x', type: 'word', value: 'a' }])).toThrow(
      /marks\[0\]\.time must be a finite number/,
    );
    expect(() => parseTimeline([{ time: 1, type: 'viseme', value: 'Q' }])).toThrow(
      /marks\[0\]\.value is not a Polly viseme/,
    );
    expect(() => parseTimeline([{ time: 1, type: 'blink', value: 'a' }])).toThrow(/marks\[0\]\.type/);
    expect(() => parseTimeline('{"time":1}\nnot json')).toThrow(/line 2 is not JSON/);
    expect(() =>
      parseTimeline({
        characters: ['a', 'b'],
        character_start_times_seconds: [0],
        character_end_times_seconds: [0.1, 0.2],
      }),
    ).toThrow(/as many character_start_times_seconds \(1\)/);
    expect(() =>
      parseTimeline({
        characters: ['a'],
        character_start_times_seconds: [0.2],
        character_end_times_seconds: [0.1],
      }),
    ).toThrow(/character_end_times_seconds\[0\]/);
    expect(() => parseTimeline({ visemes: [{ audioOffset: 0, visemeId: 22 }] })).toThrow(
      /visemes\[0\]\.visemeId must be an integer 0..21/,
    );
    expect(() => parseTimeline({ phonemes: [{ phoneme: 'a', startMs: 5, endMs: 1 }], words: [] })).toThrow(
      /phonemes\[0\]\.endMs/,
    );
    expect(() => parseTimeline({ foo: 1 })).toThrow(/none of the accepted shapes .*; keys: foo/);
    expect(() => parseTimeline(42)).toThrow(/must be speech marks/);
  });

  it('builds utterances and checks the audio', async () => {
    const audio = new Float32Array(22050);
    const u = externalUtterance(audio, 22050, polly);
    expect(u.durationMs).toBe(1000);
    expect(u.words.at(-1)!.endMs).toBe(640);
    const bad = new Float32Array(4);
    bad[2] = NaN;
    expect(() => externalUtterance(bad, 22050, polly)).toThrow(/audio\[2\] is not finite/);
    expect(() => externalUtterance(audio, 0, polly)).toThrow(/sampleRate/);
    const source = createExternalSource({
      id: 'polly',
      synthesize: () => Promise.resolve({ audio, sampleRate: 22050, timeline: polly }),
    });
    expect((await source.synthesize('Hello world')).phonemes).toHaveLength(8);
    expect(source.id).toBe('polly');
  });
});

describe('eSpeak events', () => {
  const ev = (
    type: string,
    audio_position: number,
    id?: string | number,
    text_position = 0,
    word_length = 0,
  ): EspeakEvent => ({
    type,
    audio_position,
    text_position,
    word_length,
    ...(id === undefined ? {} : { id }),
  });

  it('maps words (with stressed syllables) and phonemes; pauses end phonemes', () => {
    const text = 'Hello, Grüße';
    const events = [
      ev('sentence', 0, 1, 1),
      ev('word', 0, 1, 1, 5),
      ev('phoneme', 11, 'h'),
      ev('phoneme', 62, 'ə'),
      ev('phoneme', 112, 'l'),
      ev('phoneme', 184, 'ˈoʊ'),
      ev('phoneme', 296, ''),
      ev('word', 450, 2, 8, 5),
      ev('phoneme', 450, 'ɡ (de)'),
      ev('phoneme', 500, 'ɾ'),
      ev('phoneme', 540, 'ˈyː'),
      ev('phoneme', 640, 's'),
      ev('phoneme', 700, 'ə'),
      ev('end', 760),
    ];
    const t = espeakTimeline(text, events, 800);
    expect(t.words).toEqual([
      { text: 'Hello', startMs: 11, endMs: 296, stressMs: 184 },
      { text: 'Grüße', startMs: 450, endMs: 760, stressMs: 540 },
    ]);
    expect(t.phonemes.map((p) => p.phoneme)).toEqual(['h', 'ə', 'l', 'ˈoʊ', 'ɡ', 'ɾ', 'ˈyː', 's', 'ə']);
    expect(t.phonemes[3]).toEqual({ phoneme: 'ˈoʊ', startMs: 184, endMs: 296 });
    expect(cleanPhoneme('ˈeə (fr)')).toBe('ˈeə');
  });
});
