/**
 * Checks what a voice provider returned before its numbers reach the plan: a malformed timeline is
 * treated like a provider failure (the performance continues on an estimated silent timeline).
 */
import type { Utterance } from '../voice/voice-source.ts';

/** Longest utterance accepted, ms (ten minutes). */
export const MAX_UTTERANCE_MS = 600_000;

const ok = (x: unknown): x is number =>
  typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_UTTERANCE_MS;

/** Returns a plain-language problem, or null when the utterance is usable. */
export function utteranceProblem(u: Utterance | null | undefined): string | null {
  if (!u || typeof u !== 'object') return 'the provider returned no utterance';
  if (!ok(u.durationMs))
    return `durationMs must be within 0..${MAX_UTTERANCE_MS}, got ${String(u.durationMs)}`;
  if (!Array.isArray(u.words) || !Array.isArray(u.phonemes)) return 'words and phonemes must be arrays';
  for (const [i, w] of u.words.entries()) {
    if (!ok(w.startMs) || !ok(w.endMs) || w.endMs < w.startMs)
      return `words[${i}] ("${String(w.text)}") has bad times ${String(w.startMs)}..${String(w.endMs)}`;
    if (w.stressMs !== undefined && !ok(w.stressMs)) return `words[${i}].stressMs is ${String(w.stressMs)}`;
  }
  for (const [i, p] of u.phonemes.entries())
    if (!ok(p.startMs) || !ok(p.endMs) || p.endMs < p.startMs)
      return `phonemes[${i}] ("${String(p.phoneme)}") has bad times ${String(p.startMs)}..${String(p.endMs)}`;
  return null;
}
