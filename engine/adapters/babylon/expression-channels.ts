/**
 * Which pose-buffer expression slot drives which of the avatar's expressions, built once at load:
 * VRM preset channels → the preset; ARKit channels → the custom expression of the same name
 * (`custom:jawOpen` for `jawOpen`); `custom:<name>` channels → that custom expression. Custom
 * channels are interned by the layout as capsules first name them, so they are bound as they
 * appear — one string read per frame when nothing is new, and no allocation.
 */
import type { ChannelLayout } from '../../rig/channels.ts';
import {
  CUSTOM_EXPRESSION_CAPACITY,
  EXPRESSION_BASE,
  STANDARD_EXPRESSION_COUNT,
} from '../../rig/channels.ts';
import { ARKIT_EXPRESSIONS, STANDARD_EXPRESSIONS } from '../../rig/expressions.ts';
import type { ExpressionDescription } from '../../rig/vrm-reader.ts';

const CUSTOM_PREFIX = 'custom:';
const ARKIT = new Set<string>(ARKIT_EXPRESSIONS);

/** Per rig expression, the `pose.expressions` offset that drives it (−1: none). */
export interface ExpressionChannels {
  /** Offsets into `pose.expressions`, one per rig expression; −1 when no channel drives it. */
  readonly offsets: Int32Array;
  /** Binds custom channels interned since the last call (or rebinds for another layout). */
  sync(layout: ChannelLayout): void;
}

/**
 * Builds the table. `skip(name)` leaves an expression unbound (the look* expressions when an
 * expression-type look-at writes them from gaze).
 */
export function createExpressionChannels(
  expressions: readonly ExpressionDescription[],
  skip: (name: string) => boolean,
): ExpressionChannels {
  const offsets = new Int32Array(expressions.length).fill(-1);
  const byName = new Map<string, number>();
  const customs: number[] = [];
  expressions.forEach((e, i) => {
    if (skip(e.name)) return;
    byName.set(e.name, i);
    const standard =
      e.preset ?? (e.name.startsWith(CUSTOM_PREFIX) ? e.name.slice(CUSTOM_PREFIX.length) : e.name);
    const std = e.preset !== null || ARKIT.has(standard) ? STANDARD_EXPRESSIONS.indexOf(standard) : -1;
    if (std >= 0) offsets[i] = std;
    else customs.push(i);
  });
  const standardOffsets = offsets.slice();
  let layoutSeen: ChannelLayout | null = null;
  let customsSeen = 0;

  return {
    offsets,
    sync(layout) {
      if (layout !== layoutSeen) {
        layoutSeen = layout;
        customsSeen = 0;
        offsets.set(standardOffsets);
      }
      if (customs.length === 0) return;
      while (customsSeen < CUSTOM_EXPRESSION_CAPACITY) {
        const offset = STANDARD_EXPRESSION_COUNT + customsSeen;
        const name = layout.name(EXPRESSION_BASE + offset);
        if (name === '') return;
        customsSeen++;
        const e = byName.get(name);
        if (e !== undefined && offsets[e] === -1) offsets[e] = offset;
      }
    },
  };
}
