/**
 * The dominant expression of a resolved pose: the strongest expression channel that says something
 * about the face's state. Mouth shapes that lip sync drives, blinks, eye look and the neutral preset
 * are left out — they change every few frames and would drown the expression in noise.
 */
import { EXPRESSION_BASE } from '../rig/channels.ts';
import type { ChannelLayout } from '../rig/channels.ts';
import { STANDARD_EXPRESSIONS } from '../rig/expressions.ts';
import { ARKIT_SHAPES, VRM_SHAPES } from '../voice/lipsync/viseme-shapes.ts';

/** Below this weight the face counts as neutral. */
export const EXPRESSION_FLOOR = 0.1;

/** 1 for every expression slot (index into `pose.expressions`) that never names the expression. */
export function expressionExclusions(slots: number): Uint8Array {
  const skip = new Uint8Array(slots);
  const names = new Set<string>(['neutral']);
  for (const table of [VRM_SHAPES, ARKIT_SHAPES])
    for (const shape of Object.values(table)) for (const n of Object.keys(shape)) names.add(n);
  STANDARD_EXPRESSIONS.forEach((n, i) => {
    if (names.has(n) || /^(blink|look|eyeBlink|eyeLook)/.test(n)) skip[i] = 1;
  });
  return skip;
}

/** Result of {@link dominantExpression}, reused across calls. */
export interface DominantExpression {
  /** Slot in `pose.expressions`, or −1 when neutral. */
  slot: number;
  weight: number;
}

/** Writes the strongest non-excluded expression (ties: the lower slot) into `out`; no allocation. */
export function dominantExpression(
  expressions: Float32Array,
  skip: Uint8Array,
  out: DominantExpression,
): DominantExpression {
  let slot = -1;
  let weight = EXPRESSION_FLOOR;
  for (let i = 0; i < expressions.length; i++) {
    if (skip[i] === 1) continue;
    const w = expressions[i]!;
    if (w >= weight && (slot < 0 || w > weight)) {
      slot = i;
      weight = w;
    }
  }
  out.slot = slot;
  out.weight = slot < 0 ? maxOrZero(expressions, skip) : weight;
  return out;
}

function maxOrZero(expressions: Float32Array, skip: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < expressions.length; i++) if (skip[i] !== 1 && expressions[i]! > m) m = expressions[i]!;
  return m;
}

/** The label of a slot: its channel name, or `neutral` for −1 (or a free custom slot). */
export function expressionLabel(layout: ChannelLayout, slot: number): string {
  return slot < 0 ? 'neutral' : layout.name(EXPRESSION_BASE + slot) || 'neutral';
}
