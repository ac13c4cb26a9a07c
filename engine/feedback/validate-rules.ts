/**
 * Schema validation of feedback rules (feedback-rules.schema.json) with the project's ajv, filling
 * defaults (direction, hysteresis, cooldown_ms) in place. Errors name the source and the JSON path.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import schema from './feedback-rules.schema.json' with { type: 'json' };

let validate: ValidateFunction | undefined;

/** One `rules[2].threshold must be <= 1`-style message per problem; empty when valid. */
export function feedbackRuleErrors(json: unknown): string[] {
  validate ??= new Ajv({ allErrors: true, useDefaults: true, strictNumbers: true }).compile(schema);
  if (validate(json)) return [];
  return (validate.errors ?? []).map((e) => {
    const path = e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String(e.params['additionalProperty'])})`
        : e.keyword === 'enum'
          ? ` (${(e.params['allowedValues'] as unknown[]).join(', ')})`
          : '';
    return `rules${path} ${e.message ?? 'is invalid'}${extra}`;
  });
}
