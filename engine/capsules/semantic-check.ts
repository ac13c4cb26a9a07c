/**
 * Rules the JSON Schema cannot express, checked per document after the schema. Each check reads only
 * fields the schema found well-formed (`bad(path)` says where it did not), so one mistake gives one
 * message rather than a schema error plus a confused follow-up.
 */
import type { PlainError } from './ajv-messages.ts';
import { joinPath } from './capsule-error.ts';
import { allowedPrefixes, idPrefix, prefixMatchesDomain } from './id-prefix.ts';
import { CAMERA_PARAMS, ENVIRONMENT_PARAMS, LIGHT_PARAMS } from '../rig/channels.ts';
import type { Domain } from './schema-types.ts';

/** Tolerance on attack + hold + release == duration. */
export const ENVELOPE_TOLERANCE_MS = 1e-6;

const DOMAIN_SET = new Set<string>(['HK', 'FMM', 'BK', 'TC', 'TR', 'VC', 'LD', 'CS', 'ER']);
const ID_RE = /^[A-Z]{2,4}_\d{3,5}$/;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

interface SchemaFindings {
  /** False when the schema found nothing: every check may run (the common, fast case). */
  readonly any: boolean;
  /** True when a schema error sits at `path` or at one of its ancestors: its value cannot be trusted. */
  bad(path: string): boolean;
  /** True when a schema error sits strictly below `path`. */
  below(path: string): boolean;
}

const CLEAN: SchemaFindings = { any: false, bad: () => false, below: () => false };

function findings(errors: readonly PlainError[]): SchemaFindings {
  if (errors.length === 0) return CLEAN;
  const paths = [...new Set(errors.map((e) => e.path))];
  const within = (inner: string, outer: string): boolean =>
    outer === '' || (inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '['));
  return {
    any: true,
    bad: (path) => paths.some((p) => p === path || within(path, p)),
    below: (path) => paths.some((p) => p !== path && within(p, path)),
  };
}

/**
 * Capsule rules beyond the schema: id prefix, envelope sum, easing none, abort phase, one source per
 * track, key order, light/camera/environment values inside their parameter's range. `schemaErrors` are the schema's findings for the same document. Paths are only
 * built when something is wrong, so a clean capsule costs a few comparisons.
 */
export function semanticCheckCapsule(json: unknown, schemaErrors: readonly PlainError[]): PlainError[] {
  const out: PlainError[] = [];
  if (!isObj(json)) return out;
  const f = findings(schemaErrors);
  const bad = f.bad;
  const { id, domain, duration_ms: duration, envelope, abort, tracks, blend_mode: blend } = json;

  if (typeof id === 'string' && ID_RE.test(id) && typeof domain === 'string' && DOMAIN_SET.has(domain)) {
    if (!prefixMatchesDomain(id, domain as Domain) && !bad('id') && !bad('domain')) {
      const ok = allowedPrefixes(domain as Domain);
      out.push({
        path: 'id',
        message: `id prefix "${idPrefix(id)}" does not match domain ${domain} (ids of domain ${domain} start with ${ok.map((p) => `${p}_`).join(' or ')})`,
      });
    }
  }

  if (isObj(envelope) && !bad('envelope')) {
    const { attack_ms: a, hold_ms: h, release_ms: r, easing } = envelope;
    if (num(duration) && num(a) && num(h) && num(r)) {
      const sum = a + h + r;
      if (
        Math.abs(sum - duration) > ENVELOPE_TOLERANCE_MS &&
        !(f.any && ['duration_ms', 'envelope.attack_ms', 'envelope.hold_ms', 'envelope.release_ms'].some(bad))
      )
        out.push({
          path: 'envelope',
          message: `attack_ms + hold_ms + release_ms = ${a} + ${h} + ${r} = ${sum} ms, but duration_ms is ${duration} ms; they must be equal`,
        });
    }
    if (easing === 'none' && num(a) && num(r) && (a !== 0 || r !== 0) && !bad('envelope.easing'))
      out.push({
        path: 'envelope.easing',
        message: `easing "none" means no ramps, so attack_ms and release_ms must be 0 (got ${a} and ${r})`,
      });
  }

  if (isObj(abort) && num(abort['at']) && (abort['at'] <= 0 || abort['at'] >= 1) && !bad('abort.at'))
    out.push({
      path: 'abort.at',
      message: `must be strictly between 0 and 1 (a phase inside the motion), got ${abort['at']}`,
    });

  if (Array.isArray(tracks) && !bad('tracks'))
    for (let i = 0; i < tracks.length; i++) {
      checkTrack(tracks[i], i, f, out);
      if (typeof blend === 'string' && !bad('blend_mode')) checkParamRange(tracks[i], i, blend, f, out);
    }
  return out;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function keyTimePath(i: number, j: number): string {
  return `tracks[${i}].keys[${j}].t`;
}

function checkTrack(track: unknown, i: number, f: SchemaFindings, out: PlainError[]): void {
  if (!isObj(track)) return;
  const kind = track['kind'];
  // Every kind but `capsule` takes value/keys/noise; unknown kinds are the schema's error.
  if (typeof kind !== 'string' || kind === 'capsule') return;
  const path = f.any ? joinPath('tracks', i) : '';
  if (f.any && f.bad(path)) return;
  const hasValue = track['value'] !== undefined;
  const hasKeys = track['keys'] !== undefined;
  const hasNoise = track['noise'] !== undefined;
  const count = Number(hasValue) + Number(hasKeys) + Number(hasNoise);
  // A track with none but a schema error below it most likely has the source misspelt ("valu").
  if (count > 1 || (count === 0 && !(f.any && f.below(path)))) {
    const found = [hasValue ? 'value' : '', hasKeys ? 'keys' : '', hasNoise ? 'noise' : ''].filter((x) => x);
    out.push({
      path: joinPath('tracks', i),
      message:
        count === 0
          ? `${article(kind)} track needs one of value, keys or noise (found none)`
          : `${article(kind)} track takes exactly one of value, keys or noise (found ${found.join(' and ')})`,
    });
  }
  checkNoiseWidth(track, kind, i, f, out);
  const keys = track['keys'];
  if (!Array.isArray(keys) || (f.any && f.bad(`${joinPath('tracks', i)}.keys`))) return;
  let prev = Number.NaN; // NaN: no trusted previous key
  for (let j = 0; j < keys.length; j++) {
    const key: unknown = keys[j];
    const t = isObj(key) ? key['t'] : undefined;
    if (!num(t) || (f.any && f.bad(keyTimePath(i, j)))) {
      prev = Number.NaN;
      continue;
    }
    if (j === 0 && t < 0)
      out.push({ path: keyTimePath(i, j), message: `the first key must be at t ≥ 0, got ${t}` });
    if (j === keys.length - 1 && t > 1)
      out.push({ path: keyTimePath(i, j), message: `the last key must be at t ≤ 1, got ${t}` });
    if (!Number.isNaN(prev) && !(t > prev))
      out.push({
        path: keyTimePath(i, j),
        message: `key times must strictly increase: t ${t} follows t ${prev} at keys[${j - 1}]`,
      });
    prev = t;
  }
}

/** Axes per track kind: a per-axis noise amplitude must give exactly this many numbers. */
const AXES: Record<string, number> = {
  joint: 3,
  hips: 3,
  gaze: 2,
  expression: 1,
  voice: 1,
  light: 1,
  camera: 1,
  environment: 1,
};

function checkNoiseWidth(track: Obj, kind: string, i: number, f: SchemaFindings, out: PlainError[]): void {
  const noise = track['noise'];
  const amplitude = isObj(noise) ? noise['amplitude'] : undefined;
  const path = `${joinPath('tracks', i)}.noise.amplitude`;
  if (!Array.isArray(amplitude) || (f.any && f.bad(path))) return;
  const axes = AXES[kind];
  if (axes === undefined || amplitude.length === axes) return;
  out.push({
    path,
    message:
      axes === 1
        ? `${article(kind)} track's noise amplitude is one number, got a list of ${amplitude.length}`
        : `${article(kind)} track's noise amplitude takes one number or ${axes} (one per axis), got ${amplitude.length}`,
  });
}

/** A parameter's range and neutral value (a row of LIGHT_PARAMS, CAMERA_PARAMS or ENVIRONMENT_PARAMS). */
interface ParamRange {
  readonly name: string;
  readonly neutral: number;
  readonly min: number;
  readonly max: number;
}

/** Parameter rows per track kind whose values the registry bounds (the schema's ranges are per kind). */
const PARAM_RANGES: Readonly<Record<string, ReadonlyMap<string, ParamRange>>> = {
  light: new Map(LIGHT_PARAMS.map((p) => [p.name, p])),
  camera: new Map(CAMERA_PARAMS.map((p) => [p.name, p])),
  environment: new Map(ENVIRONMENT_PARAMS.map((p) => [p.name, p])),
};
/** Largest factor a multiply capsule may apply to a parameter. */
export const MAX_PARAM_FACTOR = 4;
const RANGE_EPS = 1e-9;

/**
 * Light, camera and environment values must be plausible on their own: an additive delta from the
 * neutral value, an override's target, or a multiply factor (0..{@link MAX_PARAM_FACTOR}, and inside
 * the range when applied to a non-zero neutral) must land inside the parameter's clamp, and a noise
 * amplitude may not exceed the farthest the parameter can move from neutral. The resolver would clamp
 * anyway; a value beyond that is an authoring slip (kelvin typed as a delta, metres as centimetres).
 */
function checkParamRange(
  track: unknown,
  i: number,
  blend: string,
  f: SchemaFindings,
  out: PlainError[],
): void {
  if (!isObj(track)) return;
  const kind = track['kind'];
  const table = typeof kind === 'string' ? PARAM_RANGES[kind] : undefined;
  const target = track['target'];
  if (!table || typeof target !== 'string') return;
  const p = table.get(target);
  const base = joinPath('tracks', i);
  if (!p || (f.any && f.bad(base))) return;
  const check = (v: unknown, path: string): void => {
    if (!num(v) || (f.any && f.bad(path))) return;
    const problem = valueProblem(p, blend, v);
    if (problem) out.push({ path, message: `${kind} ${target}: ${problem}` });
  };
  check(track['value'], `${base}.value`);
  const keys = track['keys'];
  if (Array.isArray(keys))
    keys.forEach((k: unknown, j) => {
      if (isObj(k)) check(k['value'], `${base}.keys[${j}].value`);
    });
  const noise = track['noise'];
  const amplitude = isObj(noise) ? noise['amplitude'] : undefined;
  const reach = Math.max(p.max - p.neutral, p.neutral - p.min);
  if (num(amplitude) && amplitude > reach + RANGE_EPS && !(f.any && f.bad(`${base}.noise.amplitude`)))
    out.push({
      path: `${base}.noise.amplitude`,
      message: `${kind} ${target}: noise amplitude ${amplitude} is wider than the parameter can move (at most ${reach} from neutral ${p.neutral} within ${p.min}..${p.max})`,
    });
}

function valueProblem(p: ParamRange, blend: string, v: number): string | undefined {
  const range = `${p.min}..${p.max}`;
  if (blend === 'override') {
    if (v < p.min - RANGE_EPS || v > p.max + RANGE_EPS)
      return `override target ${v} is outside the parameter's range ${range}`;
    return undefined;
  }
  if (blend === 'multiply') {
    if (v < 0 || v > MAX_PARAM_FACTOR)
      return `factor ${v} is outside 0..${MAX_PARAM_FACTOR} (a multiply capsule's values are factors; 1 = unchanged)`;
    const r = p.neutral * v;
    if (p.neutral !== 0 && (r < p.min - RANGE_EPS || r > p.max + RANGE_EPS))
      return `factor ${v} takes neutral ${p.neutral} to ${r}, outside the parameter's range ${range}`;
    return undefined;
  }
  const r = p.neutral + v;
  if (r < p.min - RANGE_EPS || r > p.max + RANGE_EPS)
    return `delta ${v} from neutral ${p.neutral} gives ${r}, outside the parameter's range ${range} (additive values are changes from neutral)`;
  return undefined;
}

/** Profile rules beyond the schema: each capsule listed once. (Existence is the registry's check.) */
export function semanticCheckProfile(json: unknown, schemaErrors: readonly PlainError[]): PlainError[] {
  const out: PlainError[] = [];
  const bad = findings(schemaErrors).bad;
  if (!isObj(json) || !Array.isArray(json['capsules']) || bad('capsules')) return out;
  const first = new Map<string, number>();
  json['capsules'].forEach((entry, i) => {
    const path = joinPath(joinPath('capsules', i), 'id');
    if (!isObj(entry) || typeof entry['id'] !== 'string' || bad(path)) return;
    const at = first.get(entry['id']);
    if (at === undefined) first.set(entry['id'], i);
    else
      out.push({
        path,
        message: `capsule "${entry['id']}" is listed twice (first at capsules[${at}]); give each capsule one entry`,
      });
  });
  return out;
}
