/**
 * What the engine needs from a capsule registry: O(1) lookup by slot, revocation flags read every
 * frame, and profiles. The registry module implements it; tests may pass any object of this shape.
 */
import type { ChannelLayout } from '../rig/channels.ts';
import type { CompiledCapsule } from './compiled.ts';
import type { Profile } from './schema-types.ts';

export interface RegistryView {
  readonly layout: ChannelLayout;
  /** Slot of a capsule id, or −1. */
  slot(id: string): number;
  /** The capsule in a slot. */
  at(slot: number): CompiledCapsule;
  /** True once `revoke(id)` was called for the slot's capsule (and not restored). */
  isRevoked(slot: number): boolean;
  /** A profile by id. */
  profile(id: string): Profile | undefined;
}
