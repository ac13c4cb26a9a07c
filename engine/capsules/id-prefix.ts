/**
 * Capsule id prefixes. An id starts with its domain (`FMM_012`) or with a known alias of it: the seed
 * hand library's later numbering used HF_ for hand kinematics, and packets that name HF_031 must keep
 * meaning that capsule, so HF stays a valid prefix for domain HK.
 */
import type { Domain } from './schema-types.ts';

/** Id prefixes accepted in place of a domain code. */
export const ID_PREFIX_ALIASES: Readonly<Record<string, Domain>> = { HF: 'HK' };

/** The part of an id before the underscore (`HK_031` → `HK`). */
export function idPrefix(id: string): string {
  const i = id.indexOf('_');
  return i < 0 ? id : id.slice(0, i);
}

/** True when `id`'s prefix is `domain` or an alias of it. */
export function prefixMatchesDomain(id: string, domain: Domain): boolean {
  const prefix = idPrefix(id);
  return prefix === domain || ID_PREFIX_ALIASES[prefix] === domain;
}

/** Prefixes allowed for a domain, for messages: `HK or HF`. */
export function allowedPrefixes(domain: Domain): string[] {
  return [domain, ...Object.keys(ID_PREFIX_ALIASES).filter((a) => ID_PREFIX_ALIASES[a] === domain)];
}
