/**
 * The optional eSpeak NG provider (skipped, saying why, when the GPL-3.0 package is not installed):
 * voices read from its data file, synthesis in several languages with word, stress and phoneme
 * timing that matches the audio it produced, rate, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import { audioOnsets } from '../../engine/voice/analysis/onsets.ts';
import { createEspeakSource } from '../../engine/voice/providers/espeak.ts';
import { visemeOf } from '../../engine/voice/lipsync/visemes.ts';
import { HAS_ESPEAK, NO_ESPEAK } from './espeak-available.ts';

const T = 60_000;

describe.skipIf(!HAS_ESPEAK)(`eSpeak NG provider${HAS_ESPEAK ? '' : ` (${NO_ESPEAK})`}`, () => {
  it(
    'lists the data file’s voices, including en-us, en (GB), de, fr, es',
    async () => {
      const espeak = await createEspeakSource();
      const ids = espeak.voices().map((v) => v.id);
      for (const id of ['en-us', 'en', 'de', 'fr', 'es']) expect(ids).toContain(id);
      expect(espeak.voices().find((v) => v.id === 'en')!.label).toBe('English (Great Britain)');
      expect(ids.length).toBeGreaterThan(50);
    },
    T,
  );

  it(
    'synthesizes English with words, stresses and phonemes timed to its own audio',
    async () => {
      const espeak = await createEspeakSource();
      const u = await espeak.synthesize('Hello there. Beautiful morning!', { voice: 'en-us' });
      expect(u.sampleRate).toBe(22050);
      expect(u.audio!.length / u.sampleRate).toBeCloseTo(u.durationMs / 1000, 6);
      expect(u.words.map((w) => w.text)).toEqual(['Hello', 'there', 'Beautiful', 'morning']);
      for (const w of u.words) {
        expect(w.endMs).toBeGreaterThan(w.startMs);
        expect(w.stressMs).toBeGreaterThanOrEqual(w.startMs);
        expect(w.stressMs).toBeLessThan(w.endMs);
      }
      // Every phoneme maps to a viseme (or is deliberately transparent, like h).
      for (const p of u.phonemes) expect(visemeOf(p.phoneme) !== -1 || /h|ʔ/.test(p.phoneme)).toBe(true);
      // The sound after the pause starts within the first syllable of the word eSpeak says starts
      // there (a word-initial "b" is a silent closure before its burst and vowel).
      const onsets = audioOnsets(u.audio!, u.sampleRate);
      const beautiful = u.words[2]!;
      expect(onsets.some((o) => o >= beautiful.startMs && o <= beautiful.stressMs! + 60)).toBe(true);
    },
    T,
  );

  it(
    'speaks German, French and Spanish, with language codes and variants as voice ids',
    async () => {
      const espeak = await createEspeakSource();
      const de = await espeak.synthesize('Schöne Grüße aus München.', { voice: 'de' });
      expect(de.words.map((w) => w.text)).toEqual(['Schöne', 'Grüße', 'aus', 'München']);
      expect(de.phonemes.some((p) => p.phoneme.includes('yː'))).toBe(true);
      const fr = await espeak.synthesize('Bonjour à tous.', { voice: 'fr-fr' });
      expect(fr.words).toHaveLength(3);
      const es = await espeak.synthesize('Hola, amigo.', { voice: 'es+f3' });
      expect(es.audio!.length).toBeGreaterThan(1000);
    },
    T,
  );

  it(
    'speaks faster at a higher rate and names unknown voices',
    async () => {
      const espeak = await createEspeakSource();
      const normal = await espeak.synthesize('This is a test of the speaking rate.');
      const fast = await espeak.synthesize('This is a test of the speaking rate.', { rate: 1.5 });
      expect(fast.durationMs / normal.durationMs).toBeLessThan(0.8);
      await expect(espeak.synthesize('x', { voice: 'klingon-xx' })).rejects.toThrow(/no voice "klingon-xx"/);
      await expect(espeak.synthesize('x', { voice: 'en-us+nobody' })).rejects.toThrow(/no variant "nobody"/);
    },
    T,
  );
});
