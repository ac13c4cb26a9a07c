import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchemaTypes } from '../../tools/schema-types.ts';
import { HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import { STANDARD_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import schema from '../../capsules/capsule.schema.json' with { type: 'json' };

describe('schema and types stay in step', () => {
  it('engine/capsules/schema-types.ts is exactly what the schemas generate (run `npm run gen:types`)', async () => {
    const committed = readFileSync('engine/capsules/schema-types.ts', 'utf8');
    expect(committed).toBe(await generateSchemaTypes('.'));
  });

  it('the schema names every VRM 1.0 bone and every standard expression the rig model knows', () => {
    expect(schema.$defs.bone.enum).toEqual([...HUMAN_BONE_NAMES]);
    expect(schema.$defs.expression.anyOf[0]!.enum).toEqual([...STANDARD_EXPRESSIONS]);
  });
});
