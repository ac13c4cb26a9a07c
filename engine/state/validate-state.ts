/**
 * Validation of AvatarState JSON against avatar-state.schema.json (ajv, compiled once on first use),
 * for tests, the follower and consumers that receive states from elsewhere.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import schema from './avatar-state.schema.json' with { type: 'json' };
import type { AvatarState } from './schema-types.ts';

let validate: ValidateFunction | undefined;

/** One message per problem, each naming the JSON path (`$.viseme_timeline[0].viseme`); empty when valid. */
export function avatarStateErrors(json: unknown): string[] {
  validate ??= new Ajv({ allErrors: true, strictNumbers: true }).compile(schema);
  if (validate(json)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : '';
    return `$${path} ${e.message ?? 'is invalid'}${extra}`;
  });
}

/** True when `json` is a valid AvatarState. */
export function isAvatarState(json: unknown): json is AvatarState {
  return avatarStateErrors(json).length === 0;
}
