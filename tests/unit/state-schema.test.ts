import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import stateSchema from '../../engine/state/avatar-state.schema.json' with { type: 'json' };
import rulesSchema from '../../engine/feedback/feedback-rules.schema.json' with { type: 'json' };
import { avatarStateErrors } from '../../engine/state/validate-state.ts';
import { VISEMES } from '../../engine/voice/lipsync/visemes.ts';
import { generateStateTypes, STATE_TYPE_FILES } from './state-schema-gen.ts';

const valid = {
  format_version: 1,
  avatar: 'ada',
  mood: 'warm',
  intensity: 0.4,
  expression: 'happy',
  motion: 'gesture:HK_031',
  current_phrase: 'Hello.',
  is_speaking: true,
  viseme_timeline: [{ time: 100, duration: 60, viseme: 'aa' }],
  timestamp: 90,
  mode: 'live',
  LOCAL_OWNER: true,
};

describe('avatar-state and feedback-rules schemas', () => {
  it('the generated TS types are current (UPDATE_STATE_TYPES=1 rewrites them)', async () => {
    for (const [out, schema] of Object.entries(STATE_TYPE_FILES)) {
      const generated = await generateStateTypes(schema);
      if (process.env['UPDATE_STATE_TYPES'] === '1') writeFileSync(out, generated);
      expect(readFileSync(out, 'utf8'), out).toBe(generated);
    }
  });

  it('both schemas are valid draft-07 for the project ajv', () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(stateSchema)).toBe(true);
    expect(ajv.validateSchema(rulesSchema)).toBe(true);
  });

  it('the viseme enum is the lip-sync viseme set', () => {
    expect(stateSchema.properties.viseme_timeline.items.properties.viseme.enum).toEqual([...VISEMES]);
  });

  it('accepts a full state and names the JSON path of each problem', () => {
    expect(avatarStateErrors(valid)).toEqual([]);
    expect(avatarStateErrors({ ...valid, intensity: 1.2 })).toEqual(['$.intensity must be <= 1']);
    expect(avatarStateErrors({ ...valid, intensity: Number.NaN })).toHaveLength(1);
    expect(avatarStateErrors({ ...valid, motion: { hips: [0, 1, 0] } })[0]).toMatch(
      /^\$\.motion must be string/,
    );
    expect(avatarStateErrors({ ...valid, motion: 'leftHand.x=3' })[0]).toMatch(/^\$\.motion must match/);
    expect(
      avatarStateErrors({ ...valid, viseme_timeline: [{ time: 1, duration: 2, viseme: 'zz' }] })[0],
    ).toMatch(/^\$\.viseme_timeline\[0\]\.viseme must be equal to one of the allowed values/);
    expect(avatarStateErrors({ ...valid, joints: [] })).toEqual([
      '$ must NOT have additional properties (joints)',
    ]);
    const { LOCAL_OWNER: _omit, ...noOwner } = valid;
    expect(avatarStateErrors(noOwner)).toEqual(["$ must have required property 'LOCAL_OWNER'"]);
  });
});
