/**
 * Generates engine/state/schema-types.ts and engine/feedback/schema-types.ts from their JSON Schemas
 * (json-schema-to-typescript, the same settings as the capsule types). `state-schema.test.ts` checks
 * the committed files; run it with UPDATE_STATE_TYPES=1 to rewrite them.
 */
import { compile } from 'json-schema-to-typescript';
import { readFile } from 'node:fs/promises';

/** Generated files: output path → schema path. */
export const STATE_TYPE_FILES: Readonly<Record<string, string>> = {
  'engine/state/schema-types.ts': 'engine/state/avatar-state.schema.json',
  'engine/feedback/schema-types.ts': 'engine/feedback/feedback-rules.schema.json',
};

/** The TypeScript source generated from `schemaPath`. */
export async function generateStateTypes(schemaPath: string): Promise<string> {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  const ts = await compile(schema, schema.title, {
    bannerComment: '',
    additionalProperties: false,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
    strictIndexSignatures: true,
    ignoreMinAndMaxItems: true,
  });
  return `/* Generated from ${schemaPath} (UPDATE_STATE_TYPES=1 npx vitest run tests/unit/state-schema.test.ts). Do not edit. */\n\n${ts.trim()}\n`;
}
