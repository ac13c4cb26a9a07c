/**
 * Hard limits of the packet format, enforced on encode and on decode, so a hostile or broken sender
 * can never make a receiver allocate or loop more than these bound.
 */

/** Format constants and limits; see docs/wire.md § Limits. */
export const WIRE = {
  /** First two bytes: ASCII "CW" (capsule wire). */
  MAGIC0: 0x43,
  MAGIC1: 0x57,
  /** The one format version this codec writes and reads. */
  VERSION: 1,
  /** Header bytes before the varints: magic (2), version (1), flags (1). */
  FIXED_HEADER: 4,
  /** Trailing CRC-32. */
  CRC_BYTES: 4,
  /** Whole packet, header and CRC included. */
  MAX_PACKET_BYTES: 16384,
  /** Records in one packet. */
  MAX_RECORDS: 256,
  /** Entries of the per-packet string table. */
  MAX_STRINGS: 256,
  /** UTF-8 bytes of one string-table entry (profile, voice, phoneme, emotion name, odd capsule id). */
  MAX_STRING_BYTES: 64,
  /** UTF-8 bytes of a say record's text. */
  MAX_TEXT_BYTES: 2048,
  /** Phonemes of one say record. */
  MAX_PHONEMES: 1024,
  /** Named emotions of one emotion record. */
  MAX_EMOTIONS: 32,
  /** Avatar slots are 0..MAX_AVATAR. */
  MAX_AVATAR: 255,
  /** Largest sequence number (u32). */
  MAX_SEQ: 0xffffffff,
  /** Largest base time, ms (2^48 ≈ 8,900 years of epoch ms). */
  MAX_BASE_MS: 2 ** 48,
  /** Largest record time after the base, and largest |anchor − at|, ms (≈ 24.8 days). */
  MAX_OFFSET_MS: 0x7fffffff,
  /** Longest cancel fade, ms. */
  MAX_FADE_MS: 60000,
  /** Largest phoneme start or duration, and largest |lead-lag override|, ms. */
  MAX_PHONEME_MS: 600000,
  MAX_LEAD_LAG_MS: 5000,
  /** Largest grant id (u32). */
  MAX_GRANT: 0xffffffff,
  /** Largest compact capsule number (u32) and digit width. */
  MAX_ID_NUMBER: 0xffffffff,
  MAX_ID_WIDTH: 15,
} as const;

/** Header flags. */
export const FLAG_WEIGHT16 = 1 << 0;
/** The header carries a grant id (capability session). */
export const FLAG_GRANT = 1 << 1;
/** Every flag this version knows; others must be zero. */
export const KNOWN_FLAGS = FLAG_WEIGHT16 | FLAG_GRANT;
