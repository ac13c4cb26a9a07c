/**
 * Which pose-buffer expression slots drive which of an avatar's VRM expressions. Standard channels
 * are bound once at load; custom channels are interned by the layout as capsules first name them,
 * so they are bound as they appear — one string compare per frame when nothing is new, and no
 * allocation.
 */
import type { VRMExpressionManager } from './three-vrm.ts';
import type { ChannelLayout } from '../../rig/channels.ts';
import {
  CUSTOM_EXPRESSION_CAPACITY,
  EXPRESSION_BASE,
  STANDARD_EXPRESSION_COUNT,
} from '../../rig/channels.ts';
import { ARKIT_EXPRESSIONS, VRM_PRESET_EXPRESSIONS } from '../../rig/expressions.ts';

/** Expression names a lookAt of expression type writes itself; gaze owns them on such avatars. */
const LOOK_EXPRESSIONS = new Set(['lookUp', 'lookDown', 'lookLeft', 'lookRight']);

const CUSTOM_PREFIX = 'custom:';

/** A binding table: `offsets[i]` (index into `pose.expressions`) drives expression `names[i]`. */
export interface ExpressionTable {
  readonly offsets: Int32Array;
  readonly names: string[];
  /** Bound entries; the first `standardCount` never change. */
  count: number;
  readonly standardCount: number;
  /** Binds custom channels the layout has interned since the last call (or rebinds for a new layout). */
  sync(layout: ChannelLayout): void;
}

/**
 * Builds the table for one avatar. VRM preset channels bind to presets, ARKit channels to the
 * avatar's expression of the same name (ARKit shapes are custom expressions in VRM), `custom:<name>`
 * to custom expression `<name>`. Channels the avatar lacks stay unbound and cost nothing.
 */
export function createExpressionTable(
  manager: VRMExpressionManager | null | undefined,
  options: { lookAtOwnsLookExpressions: boolean },
): ExpressionTable {
  const offsets = new Int32Array(STANDARD_EXPRESSION_COUNT + CUSTOM_EXPRESSION_CAPACITY);
  const names: string[] = [];
  const has = (name: string): boolean => manager?.getExpression(name) != null;
  let count = 0;
  const bind = (offset: number, name: string): void => {
    offsets[count] = offset;
    names[count] = name;
    count++;
  };
  VRM_PRESET_EXPRESSIONS.forEach((name, i) => {
    if (options.lookAtOwnsLookExpressions && LOOK_EXPRESSIONS.has(name)) return;
    if (has(name)) bind(i, name);
  });
  ARKIT_EXPRESSIONS.forEach((name, i) => {
    if (has(name)) bind(VRM_PRESET_EXPRESSIONS.length + i, name);
  });
  const standardCount = count;
  let layoutSeen: ChannelLayout | null = null;
  let customsSeen = 0;

  const table: ExpressionTable = {
    offsets,
    names,
    count,
    standardCount,
    sync(layout) {
      if (layout !== layoutSeen) {
        layoutSeen = layout;
        customsSeen = 0;
        table.count = standardCount;
      }
      while (customsSeen < CUSTOM_EXPRESSION_CAPACITY) {
        const offset = STANDARD_EXPRESSION_COUNT + customsSeen;
        const channelName = layout.name(EXPRESSION_BASE + offset);
        if (channelName === '') return;
        customsSeen++;
        const name = channelName.slice(CUSTOM_PREFIX.length);
        if (channelName.startsWith(CUSTOM_PREFIX) && has(name)) {
          offsets[table.count] = offset;
          names[table.count] = name;
          table.count++;
        }
      }
    },
  };
  return table;
}
