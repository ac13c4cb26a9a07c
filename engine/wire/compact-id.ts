/**
 * Capsule ids on the wire: `HK_031` is one head byte (prefix code in the high nibble, digit count in
 * the low) and a varint number — 2 or 3 bytes instead of 6. Ids of any other shape go through the
 * packet's string table (head byte 0xF0), and 0xFF means "every capsule" (cancel all).
 */

/** Prefix codes (append only): the nine domains, then the HF alias of HK. */
export const ID_PREFIXES = ['HK', 'FMM', 'BK', 'TC', 'TR', 'VC', 'LD', 'CS', 'ER', 'HF'] as const;
/** Head byte: the id is the string-table entry that follows as a varint. */
export const ID_STRING = 0xf0;
/** Head byte: every capsule (cancel records only). */
export const ID_ALL = 0xff;

const PATTERN = /^([A-Z]{2,3})_([0-9]{1,15})$/;

/** The compact form of an id, or null when it must go through the string table. */
export function compactId(id: string): { head: number; number: number } | null {
  const m = PATTERN.exec(id);
  if (!m) return null;
  const code = (ID_PREFIXES as readonly string[]).indexOf(m[1]!);
  const n = Number(m[2]);
  if (code < 0 || n > 0xffffffff) return null;
  return { head: (code << 4) | m[2]!.length, number: n };
}

/** The id a compact head and number stand for, or null when the head is not a compact one. */
export function expandId(head: number, n: number): string | null {
  const code = head >>> 4;
  const width = head & 15;
  if (code >= ID_PREFIXES.length || width === 0) return null;
  const digits = String(n);
  if (digits.length > width) return null;
  return `${ID_PREFIXES[code]}_${digits.padStart(width, '0')}`;
}
