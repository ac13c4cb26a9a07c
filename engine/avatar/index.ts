/** The avatar API: create an avatar, perform lines, cancel, dispose. */
export { createAvatar, DEFAULT_SYNTHESIS_TIMEOUT_MS } from './create-avatar.ts';
export type {
  AvatarHandle,
  AvatarOptions,
  PerformHandle,
  PerformRequest,
  PerformResult,
} from './perform-types.ts';
export { leadLagPlugin } from '../timing/plugin.ts';
export type { LeadLagOverrides } from '../timing/plan-types.ts';
export { LEAD_LAG } from '../timing/resource.ts';
export type { LeadLagResource, LeadLagLogEvent } from '../timing/resource.ts';
export type { LaneItem, UtteranceLanes } from '../timing/lanes.ts';
