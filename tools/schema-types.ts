/**
 * Generates engine/capsules/schema-types.ts from the JSON Schemas, so the TypeScript types can never
 * drift from what the validator accepts. `npm run gen:types` writes it; a test checks it is current.
 */
import { compile } from 'json-schema-to-typescript';
import { readFile } from 'node:fs/promises';

/** The generated TypeScript source for the capsule and profile schemas. */
export async function generateSchemaTypes(root: string): Promise<string> {
  const banner = '/* Generated from capsules/*.schema.json by `npm run gen:types`. Do not edit. */';
  const parts: string[] = [banner];
  for (const file of ['capsule.schema.json', 'profile.schema.json', 'script.schema.json']) {
    const schema = JSON.parse(await readFile(`${root}/capsules/${file}`, 'utf8'));
    const ts = await compile(schema, schema.title, {
      bannerComment: '',
      additionalProperties: false,
      style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
      strictIndexSignatures: true,
      ignoreMinAndMaxItems: true,
    });
    parts.push(ts.trim());
  }
  return parts.join('\n\n') + '\n';
}
