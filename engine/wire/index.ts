/**
 * The zero-payload wire: a versioned binary packet of capsule/profile ids, weights, timing and text
 * (or phoneme timing), its JSON form, and the limits both enforce; the receiver that applies packets
 * to an engine; capability tokens that gate them. Layout and semantics: docs/wire.md.
 */
export { encodePacket, quantise, quantiseSigned } from './encode.ts';
export { decodePacket, MIN_PACKET_BYTES } from './decode.ts';
export { packetToJson, packetFromJson, canonicalPacket } from './json-form.ts';
export { checkPacket } from './check-packet.ts';
export { WireError } from './wire-error.ts';
export type { WireErrorInit } from './wire-error.ts';
export { WIRE, FLAG_GRANT, FLAG_WEIGHT16 } from './limits.ts';
export { ID_PREFIXES, compactId, expandId } from './compact-id.ts';
export { RECORD_CODES, ANCHOR_NAMES, LEAD_LAG_NAMES } from './packet-types.ts';
export type {
  Packet,
  PacketRecord,
  PlayRecord,
  TriggerRecord,
  ProfileRecord,
  CancelRecord,
  SayRecord,
  EmotionRecord,
  WireAnchors,
  WirePhoneme,
  WireLeadLag,
  RecordCommon,
} from './packet-types.ts';
export { createPacketReceiver } from './receiver.ts';
export type { PacketReceiver, ReceiverAvatar, ReceiverOptions, WireEvent } from './receiver.ts';
export { createPacketVoice, phonemeUtterance } from './packet-voice.ts';
export type { PacketVoice } from './packet-voice.ts';
export {
  createCapabilityGate,
  importTokenKey,
  inspectToken,
  issueToken,
  TokenError,
  TOKEN,
} from './tokens.ts';
export type {
  CapabilityGate,
  GateOptions,
  Grant,
  GrantUse,
  IssueRequest,
  TokenClaims,
  TokenKey,
  TokenRejection,
  TokenScope,
} from './tokens.ts';
