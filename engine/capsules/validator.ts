/**
 * Schema validation of capsule and profile JSON with ajv. The validators are compiled once per
 * process (compiling costs tens of milliseconds; validating a capsule costs microseconds), and ajv's
 * `useDefaults` fills the schema defaults in place — the runtime relies on them being present.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import capsuleSchema from '../../capsules/capsule.schema.json' with { type: 'json' };
import profileSchema from '../../capsules/profile.schema.json' with { type: 'json' };
import { translateAjvErrors } from './ajv-messages.ts';
import type { PlainError } from './ajv-messages.ts';

interface Validators {
  readonly capsule: ValidateFunction;
  readonly profile: ValidateFunction;
}

let fast: Validators | undefined;
let verbose: Validators | undefined;

function build(withSchemaInErrors: boolean): Validators {
  // validateSchema off: the schemas are the project's own files, checked by tests; skipping the
  // meta-schema halves start-up. strictNumbers rejects NaN and ±Infinity (1e999 parses to Infinity).
  // The fast twin stops at the first error (most documents are valid, and a valid one is fully
  // walked, so defaults are still filled); the verbose twin collects every error for the messages.
  const ajv = new Ajv({
    allErrors: withSchemaInErrors,
    useDefaults: true,
    discriminator: true,
    strictNumbers: true,
    validateSchema: false,
    verbose: withSchemaInErrors,
  });
  return { capsule: ajv.compile(capsuleSchema), profile: ajv.compile(profileSchema) };
}

// Valid documents take the fast path. A failing one is validated again by a verbose twin (compiled on
// first need) whose errors carry their schema node: limits and allowed values for the messages.
function check(kind: 'capsule' | 'profile', json: unknown, root: object): PlainError[] {
  fast ??= build(false);
  if (fast[kind](json)) return [];
  verbose ??= build(true);
  const v = verbose[kind];
  v(json);
  return translateAjvErrors(v.errors ?? [], json, root as Record<string, unknown>, kind);
}

/**
 * Validates a parsed capsule against capsules/capsule.schema.json, filling defaults in place.
 * Returns one plain error per mistake (empty when valid).
 */
export function schemaCheckCapsule(json: unknown): PlainError[] {
  return check('capsule', json, capsuleSchema);
}

/** Validates a parsed profile against capsules/profile.schema.json, filling defaults in place. */
export function schemaCheckProfile(json: unknown): PlainError[] {
  return check('profile', json, profileSchema);
}

/** Compiles the validators now rather than on first use (for benchmarks and servers). */
export function warmValidators(): void {
  fast ??= build(false);
}
