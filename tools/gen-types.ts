/** Entry point for `npm run gen:types`: rewrites engine/capsules/schema-types.ts from the schemas. */
import { writeFile } from 'node:fs/promises';
import { generateSchemaTypes } from './schema-types.ts';

await writeFile('engine/capsules/schema-types.ts', await generateSchemaTypes('.'));
console.log('wrote engine/capsules/schema-types.ts');
