/**
 * Turns ajv's error list into one plain sentence per mistake. ajv reports every failed branch of an
 * `anyOf`/`oneOf` and says "must be equal to one of the allowed values" without naming the value;
 * authors need "unknown bone \"leftHnd\" (did you mean \"leftHand\"?)" at the right JSON path.
 */
import type { ErrorObject } from 'ajv';
import { joinPath, pointerToPath } from './capsule-error.ts';

/** A located, author-readable problem before it is tied to a file. */
export interface PlainError {
  readonly path: string;
  readonly message: string;
}

type Json = unknown;
type SchemaNode = Record<string, unknown>;

const ID_PATTERN = '^[A-Z]{2,4}_\\d{3,5}$';
const SUBTYPE_PATTERN = '^[a-z][a-z0-9_]{0,47}$';
const PROFILE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';
const CUSTOM_PATTERN = '^custom:[A-Za-z0-9_.-]{1,64}$';

/**
 * Translates ajv errors for `data` validated against `schema` (the root schema, used to read limits
 * and allowed values). `what` names the document kind for whole-file messages.
 */
export function translateAjvErrors(
  errors: readonly ErrorObject[],
  data: Json,
  schema: SchemaNode,
  what: 'capsule' | 'profile',
): PlainError[] {
  // Branch errors of anyOf/oneOf are summarised by the combinator's own error.
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const discriminatorTags = new Set(
    errors
      .filter((e) => e.keyword === 'discriminator' && e.params['error'] === 'tag')
      .map((e) => `${e.instancePath}/${String(e.params['tag'])}`),
  );
  const out: PlainError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`))) continue;
    if (
      e.keyword === 'required' &&
      discriminatorTags.has(`${e.instancePath}/${String(e.params['missingProperty'])}`)
    )
      continue;
    const plain = translate(e, data, schema, what);
    const key = `${plain.path}\u0000${plain.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(plain);
  }
  return out;
}

function translate(e: ErrorObject, data: Json, schema: SchemaNode, what: string): PlainError {
  const path = pointerToPath(e.instancePath);
  const value = valueAt(data, e.instancePath);
  // parentSchema is present when ajv ran with `verbose`; schemaPath alone is relative to a
  // discriminator branch, so it only resolves from the root outside tracks.
  const parent = e.parentSchema ?? schemaAt(schema, e.schemaPath.split('/').slice(1, -1));
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(p['missingProperty']);
      return { path: joinPath(path, name), message: `missing required field "${name}"` };
    }
    case 'additionalProperties': {
      const name = String(p['additionalProperty']);
      const props = parent && isObject(parent['properties']) ? Object.keys(parent['properties']) : [];
      const guess = suggest(name, props);
      const hint = guess
        ? ` (did you mean "${guess}"?)`
        : props.length > 0
          ? ` (allowed: ${props.join(', ')})`
          : '';
      return { path: joinPath(path, name), message: `unknown property "${name}"${hint}` };
    }
    case 'type': {
      if (e.instancePath === '' && p['type'] === 'object')
        return { path, message: `a ${what} file must hold one JSON object, got ${describe(value)}` };
      if (p['type'] === 'integer') return { path, message: `must be a whole number, got ${describe(value)}` };
      const expected = String(p['type']);
      const noun = expected === 'number' ? 'a finite number' : article(expected);
      return { path, message: `must be ${noun}, got ${describe(value)}` };
    }
    case 'enum':
      return { path, message: enumMessage(e, value, p['allowedValues']) };
    case 'const':
      return {
        path,
        message:
          path === 'format_version'
            ? `must be ${JSON.stringify(p['allowedValue'])} (the only format version this runtime reads), got ${describe(value)}`
            : `must be ${JSON.stringify(p['allowedValue'])}, got ${describe(value)}`,
      };
    case 'pattern':
      return { path, message: patternMessage(String(p['pattern']), value) };
    case 'anyOf':
    case 'oneOf':
      return { path, message: combinatorMessage(e, value, schema) };
    case 'discriminator':
      return { path, message: discriminatorMessage(p, value, parent, schema) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: rangeMessage(parent, p, value, path) };
    case 'minItems':
    case 'maxItems': {
      const min = parent?.['minItems'] ?? (e.keyword === 'minItems' ? p['limit'] : undefined);
      const max = parent?.['maxItems'] ?? (e.keyword === 'maxItems' ? p['limit'] : undefined);
      const n = Array.isArray(value) ? value.length : 0;
      if (typeof min === 'number' && min === max)
        return { path, message: `must have exactly ${min} ${items(min, path)}, got ${n}` };
      return e.keyword === 'minItems'
        ? { path, message: `must have at least ${String(min)} ${items(Number(min), path)}, got ${n}` }
        : { path, message: `must have at most ${String(max)} ${items(Number(max), path)}, got ${n}` };
    }
    case 'maxLength':
      return {
        path,
        message: `must be at most ${String(p['limit'])} characters long, got ${typeof value === 'string' ? value.length : 0}`,
      };
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` };
  }
}

function items(n: number, path: string): string {
  const word = /(^|\.)value$/.test(path) || path.endsWith('amplitude') ? 'number' : 'item';
  return n === 1 ? word : `${word}s`;
}

function enumMessage(e: ErrorObject, value: Json, allowed: unknown): string {
  const list = Array.isArray(allowed) ? allowed.map(String) : [];
  const key = lastKey(e.instancePath);
  const guess = typeof value === 'string' ? suggest(value, list) : undefined;
  const dym = guess ? `; did you mean "${guess}"?` : '';
  if (e.schemaPath.includes('/$defs/bone/')) {
    if (typeof value !== 'string') return `must be a bone name (a string), got ${describe(value)}`;
    return `unknown bone ${JSON.stringify(value)} (expected a VRM 1.0 humanoid bone name${dym})`;
  }
  const param = /\/\$defs\/(voice|light|camera|environment)Param\//.exec(e.schemaPath);
  const noun = e.schemaPath.includes('/$defs/domain/')
    ? 'domain'
    : param
      ? `${param[1]} parameter`
      : key === 'blend_mode'
        ? 'blend mode'
        : key === 'relative_to'
          ? 'trigger anchor'
          : key;
  const expected = `expected one of ${list.join(', ')}${dym}`;
  if (typeof value !== 'string') return `must be one of ${list.join(', ')}, got ${describe(value)}`;
  return `unknown ${noun} ${JSON.stringify(value)} (${expected})`;
}

function patternMessage(pattern: string, value: Json): string {
  const v = JSON.stringify(value);
  switch (pattern) {
    case ID_PATTERN:
      return `bad capsule id ${v} (expected 2–4 capital letters, "_", then 3–5 digits, e.g. HK_031)`;
    case SUBTYPE_PATTERN:
      return `bad subtype ${v} (expected lower_snake_case: a lowercase letter, then lowercase letters, digits or "_", at most 48 characters)`;
    case PROFILE_ID_PATTERN:
      return `bad profile id ${v} (expected a letter, then letters, digits or "_", at most 64 characters)`;
    case CUSTOM_PATTERN:
      return customMessage(value);
    default:
      return `${v} does not match the pattern ${pattern}`;
  }
}

function customMessage(value: Json): string {
  return `bad custom expression name ${JSON.stringify(value)} (expected custom: followed by 1–64 letters, digits, "_", "." or "-")`;
}

function combinatorMessage(e: ErrorObject, value: Json, schema: SchemaNode): string {
  if (e.schemaPath.includes('/$defs/expression/')) {
    if (typeof value !== 'string') return `must be an expression name (a string), got ${describe(value)}`;
    if (value.startsWith('custom:')) return customMessage(value);
    const presets = expressionNames(schema);
    const guess = suggest(value, presets);
    const hint = guess ? `; did you mean "${guess}"?` : '';
    return `unknown expression ${JSON.stringify(value)} (expected a VRM preset, an ARKit-52 blendshape name or custom:<name>${hint})`;
  }
  if (e.schemaPath.includes('/amplitude/'))
    return `must be a number from 0 to 180, or an array of such numbers (one per axis), got ${describe(value)}`;
  return `must match exactly one allowed form, got ${describe(value)}`;
}

function expressionNames(schema: SchemaNode): string[] {
  const any = schemaAt(schema, ['$defs', 'expression', 'anyOf', '0']);
  const list = any?.['enum'];
  return Array.isArray(list) ? list.map(String) : [];
}

function discriminatorMessage(
  p: Record<string, unknown>,
  value: Json,
  parent: SchemaNode | undefined,
  schema: SchemaNode,
): string {
  const tag = String(p['tag']);
  const kinds = discriminatorKinds(parent, schema, tag);
  const list = kinds.join(', ');
  if (p['error'] === 'mapping') {
    const tagValue = isObject(value) ? value[tag] : undefined;
    const guess = typeof tagValue === 'string' ? suggest(tagValue, kinds) : undefined;
    return `unknown track ${tag} ${JSON.stringify(tagValue)} (expected one of ${list}${guess ? `; did you mean "${guess}"?` : ''})`;
  }
  if (!isObject(value)) return `a track must be an object with a "${tag}", got ${describe(value)}`;
  if (value[tag] === undefined) return `track has no "${tag}" (expected one of ${list})`;
  return `track "${tag}" must be a string (one of ${list}), got ${describe(value[tag])}`;
}

function discriminatorKinds(parent: SchemaNode | undefined, schema: SchemaNode, tag: string): string[] {
  const branches = parent?.['oneOf'];
  if (!Array.isArray(branches)) return [];
  const kinds: string[] = [];
  for (const b of branches) {
    if (!isObject(b)) continue;
    const ref = b['$ref'];
    const node = typeof ref === 'string' ? schemaAt(schema, ref.replace(/^#\//, '').split('/')) : b;
    const props = node?.['properties'];
    const k = isObject(props) && isObject(props[tag]) ? props[tag]['const'] : undefined;
    if (typeof k === 'string') kinds.push(k);
  }
  return kinds;
}

function rangeMessage(
  parent: SchemaNode | undefined,
  p: Record<string, unknown>,
  value: Json,
  path: string,
): string {
  const lower = p['comparison'] === '>=' || p['comparison'] === '>';
  const min = parent?.['minimum'] ?? parent?.['exclusiveMinimum'] ?? (lower ? p['limit'] : undefined);
  const max = parent?.['maximum'] ?? parent?.['exclusiveMaximum'] ?? (lower ? undefined : p['limit']);
  const unit = /_ms$/.test(lastSegment(path)) ? ' ms' : '';
  const got = `got ${describe(value)}`;
  if (typeof min === 'number' && typeof max === 'number')
    return `must be between ${min} and ${max}${unit}, ${got}`;
  if (typeof min === 'number') return `must be at least ${min}${unit}, ${got}`;
  return `must be at most ${String(max)}${unit}, ${got}`;
}

function lastSegment(path: string): string {
  const m = /([A-Za-z0-9_$]+)$/.exec(path);
  return m?.[1] ?? '';
}

function lastKey(pointer: string): string {
  const parts = pointer.split('/');
  return parts[parts.length - 1] ?? '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(data: Json, pointer: string): Json {
  if (pointer === '') return data;
  let cur: Json = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function schemaAt(schema: SchemaNode, segments: readonly string[]): SchemaNode | undefined {
  let cur: unknown = schema;
  for (const raw of segments) {
    if (raw === '#' || raw === '') continue;
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return isObject(cur) ? cur : undefined;
}

/** A short description of a JSON value for messages: `the string "NaN"`, `an array`, `2.5`. */
export function describe(v: Json): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  return 'an object';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The candidate closest to `word` by edit distance, if close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  // A clipped name ("tempo" for "tempo_factor") is a likely slip too.
  if (w.length >= 4) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w));
    if (prefixed.length === 1) return prefixed[0];
  }
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length]!;
}
