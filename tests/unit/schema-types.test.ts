import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchemaTypes } from '../../tools/schema-types.ts';
import { HUMAN_BONE_NAMES } from '../../engine/rig/bones.ts';
import { STANDARD_EXPRESSIONS } from '../../engine/rig/expressions.ts';
import { CAMERA_PARAMS, ENVIRONMENT_PARAMS, LIGHT_PARAMS, VOICE_PARAMS } from '../../engine/rig/channels.ts';
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

  it('the schema names every voice, light, camera and environment parameter the channel layout has', () => {
    const names = (t: readonly { name: string }[]) => t.map((p) => p.name);
    expect(schema.$defs.voiceParam.enum).toEqual(names(VOICE_PARAMS));
    expect(schema.$defs.lightParam.enum).toEqual(names(LIGHT_PARAMS));
    expect(schema.$defs.cameraParam.enum).toEqual(names(CAMERA_PARAMS));
    expect(schema.$defs.environmentParam.enum).toEqual(names(ENVIRONMENT_PARAMS));
    // each kind's value range can hold an override to any point of its parameters' ranges
    for (const [def, params] of [
      ['LightTrack', LIGHT_PARAMS],
      ['CameraTrack', CAMERA_PARAMS],
      ['EnvironmentTrack', ENVIRONMENT_PARAMS],
    ] as const) {
      const v = schema.$defs[def].properties.value;
      for (const p of params) {
        expect(v.minimum, `${def} ${p.name}`).toBeLessThanOrEqual(Math.min(p.min, p.min - p.neutral));
        expect(v.maximum, `${def} ${p.name}`).toBeGreaterThanOrEqual(Math.max(p.max, p.max - p.neutral));
      }
    }
  });
});
