/* Generated from engine/feedback/feedback-rules.schema.json (UPDATE_STATE_TYPES=1 npx vitest run tests/unit/state-schema.test.ts). Do not edit. */

/**
 * Rules fired on emotion input: when `emotion` crosses `threshold` (rising edge, re-armed by hysteresis and cooldown), run the registered `action`.
 *
 * @maxItems 256
 */
export type FeedbackRules = FeedbackRule[];

export interface FeedbackRule {
  /**
   * valence, arousal, dominance (−1..1) or a named emotion (0..1), e.g. joy.
   */
  emotion: string;
  threshold: number;
  /**
   * Fire when the value rises to ≥ threshold (above) or falls to ≤ threshold (below).
   */
  direction?: 'above' | 'below';
  /**
   * The rule re-arms only once the value is this far back on the other side of the threshold.
   */
  hysteresis?: number;
  /**
   * Least engine time between two firings of this rule (per avatar).
   */
  cooldown_ms?: number;
  /**
   * A registered action: log, callback, play_profile, or one the host registers.
   */
  action: string;
  /**
   * The action's parameters, e.g. { "profile": "friendly", "weight": 0.8 } for play_profile.
   */
  params?: {
    [k: string]: unknown | undefined;
  };
}
