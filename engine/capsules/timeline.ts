/**
 * What fired when: one record per scheduled capsule (skipped ones included), for the timeline SVG,
 * the viewer's lanes and tests of onset accuracy.
 */

/** One capsule scheduled on one avatar. Times are engine ms. */
export interface TimelineRecord {
  readonly id: string;
  readonly domain: string;
  readonly avatar: string;
  /** Planned onset. */
  readonly start: number;
  /** Planned end (before any abort or cancel). */
  readonly plannedEnd: number;
  /** When it actually stops contributing (after abort/cancel). */
  end: number;
  readonly weight: number;
  /** Why it did not play its full course, if it did not. */
  outcome: 'played' | 'skipped' | 'aborted' | 'cancelled' | 'revoked';
  /** Command that scheduled it. */
  readonly seq: number;
  /** Engine time the schedule system made this record (a planned-ahead capsule starts later). */
  readonly scheduledAt: number;
}

/**
 * An engine event worth logging: a missing or revoked capsule, a rejected command, a capability
 * grant revoked (its instances fade to neutral) or a packet command outside its token's scope.
 */
export interface RuntimeEvent {
  readonly time: number;
  readonly kind:
    | 'missing-capsule'
    | 'missing-profile'
    | 'revoked'
    | 'unknown-avatar'
    | 'non-finite'
    | 'grant-revoked'
    | 'out-of-scope';
  readonly message: string;
}
