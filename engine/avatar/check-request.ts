/**
 * Checks a perform request up front, so bad input fails at the call with a message naming the
 * field, instead of surfacing later as a strange plan.
 */
import { MAX_OVERRIDE_MS } from '../timing/windows.ts';
import type { PerformRequest } from './perform-types.ts';

/** Throws a RangeError or TypeError naming the first bad field. */
export function checkPerformRequest(req: PerformRequest): void {
  if (req === null || typeof req !== 'object') throw new TypeError('perform: the request must be an object');
  for (const key of ['text', 'profile', 'voice'] as const) {
    const v = req[key];
    if (v !== undefined && typeof v !== 'string') throw new TypeError(`perform: ${key} must be a string`);
  }
  if (req.seed !== undefined && !Number.isInteger(req.seed))
    throw new RangeError(`perform: seed must be an integer, got ${req.seed}`);
  const ll = req.leadLag;
  if (ll === undefined) return;
  const check = (key: 'handsMs' | 'faceMs' | 'voiceMs', min: number): void => {
    const v = ll[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > MAX_OVERRIDE_MS)
      throw new RangeError(`perform: leadLag.${key} must be within ${min}..${MAX_OVERRIDE_MS} ms, got ${v}`);
  };
  check('handsMs', 0);
  check('faceMs', 0);
  check('voiceMs', -MAX_OVERRIDE_MS);
}
