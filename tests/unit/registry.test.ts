/**
 * The capsule registry and its validation: every malformed capsule or profile gives one message
 * naming the file, the id and the JSON path in words an author understands; the valid rest still
 * loads; defaults are filled; revocation flips a flag the evaluator reads; slots are stable.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapsuleError, pointerToPath } from '../../engine/capsules/capsule-error.ts';
import { findJsonSyntaxError, parseJsonText } from '../../engine/capsules/json-text.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { createRegistry } from '../../engine/capsules/registry.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { CUSTOM_EXPRESSION_CAPACITY } from '../../engine/rig/channels.ts';
import schema from '../../capsules/capsule.schema.json' with { type: 'json' };

/** Track kinds as the schema lists them (messages name every allowed kind). */
const KINDS = (schema.properties.tracks.items.oneOf as { $ref: string }[])
  .map((b) => {
    const def = (schema.$defs as unknown as Record<string, { properties: { kind: { const: string } } }>)[
      b.$ref.split('/').pop()!
    ];
    return def!.properties.kind.const;
  })
  .join(', ');

/** A fresh, valid capsule (no defaults filled) that each case breaks in one place. */
function validCapsule(id = 'HK_001'): Capsule {
  return {
    format_version: 1,
    id,
    domain: 'HK',
    subtype: 'finger_cluster',
    description: 'Index and middle close slightly.',
    trigger: { relative_to: 'speech_onset', offset_ms: -210 },
    duration_ms: 120,
    envelope: { attack_ms: 30, hold_ms: 60, release_ms: 30, easing: 'cubic_out' },
    tracks: [
      {
        kind: 'joint',
        target: 'rightIndexProximal',
        keys: [
          { t: 0, value: [0, 0, 0] },
          { t: 0.5, value: [0, 0, 12] },
          { t: 1, value: [0, 0, 0] },
        ],
      },
      { kind: 'expression', target: 'blink', value: 0.2 },
    ],
    priority: 5,
    blend_mode: 'additive',
  };
}

function validProfile(id = 'calm'): Profile {
  return { format_version: 1, id, capsules: [{ id: 'HK_001', weight: 0.8 }] };
}

/** The capsule as a loose JSON object, for breaking it in ways its type forbids. */
type Loose = Record<string, unknown> & {
  trigger: Record<string, unknown>;
  envelope: Record<string, unknown>;
};
type LooseTrack = Record<string, unknown>;
function broken(edit: (c: Loose, tracks: LooseTrack[]) => void, id = 'HK_001'): unknown {
  const c = validCapsule(id) as unknown as Loose;
  edit(c, c['tracks'] as LooseTrack[]);
  return c;
}

const F = 'lib/HK/bad.capsule.json';

interface Case {
  readonly name: string;
  readonly json: () => unknown;
  /** Exactly the formatted errors expected. */
  readonly errors: readonly string[];
}

const TOP_LEVEL_REQUIRED = [
  'format_version',
  'id',
  'domain',
  'subtype',
  'trigger',
  'duration_ms',
  'envelope',
  'tracks',
  'priority',
  'blend_mode',
] as const;

const CASES: Case[] = [
  {
    name: 'bad id pattern',
    json: () => broken((c) => (c['id'] = 'hk_1')),
    errors: [
      `${F}: hk_1: id: bad capsule id "hk_1" (expected 2–4 capital letters, "_", then 3–5 digits, e.g. HK_031)`,
    ],
  },
  {
    name: 'unknown domain',
    json: () => broken((c) => (c['domain'] = 'HX')),
    errors: [
      `${F}: HK_001: domain: unknown domain "HX" (expected one of HK, FMM, BK, TC, TR, VC, LD, CS, ER; did you mean "HK"?)`,
    ],
  },
  {
    name: 'id prefix does not match the domain',
    json: () => broken((c) => (c['domain'] = 'FMM')),
    errors: [
      `${F}: HK_001: id: id prefix "HK" does not match domain FMM (ids of domain FMM start with FMM_)`,
    ],
  },
  {
    name: 'unknown bone',
    json: () => broken((_, t) => (t[0]!['target'] = 'leftHnd')),
    errors: [
      `${F}: HK_001: tracks[0].target: unknown bone "leftHnd" (expected a VRM 1.0 humanoid bone name; did you mean "leftHand"?)`,
    ],
  },
  {
    name: 'unknown expression',
    json: () => broken((_, t) => (t[1]!['target'] = 'blnk')),
    errors: [
      `${F}: HK_001: tracks[1].target: unknown expression "blnk" (expected a VRM preset, an ARKit-52 blendshape name or custom:<name>; did you mean "blink"?)`,
    ],
  },
  {
    name: 'bad custom expression',
    json: () => broken((_, t) => (t[1]!['target'] = 'custom:half smile')),
    errors: [
      `${F}: HK_001: tracks[1].target: bad custom expression name "custom:half smile" (expected custom: followed by 1–64 letters, digits, "_", "." or "-")`,
    ],
  },
  ...TOP_LEVEL_REQUIRED.map((field): Case => ({
    name: `missing required field ${field}`,
    json: () => broken((c) => delete c[field]),
    errors: [`${F}: ${field === 'id' ? '?' : 'HK_001'}: ${field}: missing required field "${field}"`],
  })),
  {
    name: 'missing required nested field',
    json: () => broken((c) => delete c.envelope['easing']),
    errors: [`${F}: HK_001: envelope.easing: missing required field "easing"`],
  },
  {
    name: 'wrong type: duration as a string',
    json: () => broken((c) => (c['duration_ms'] = '120')),
    errors: [`${F}: HK_001: duration_ms: must be a finite number, got the string "120"`],
  },
  {
    name: 'wrong type: tracks as an object',
    json: () => broken((c) => (c['tracks'] = { kind: 'joint' })),
    errors: [`${F}: HK_001: tracks: must be an array, got an object`],
  },
  {
    name: 'NaN-like string',
    json: () => broken((c) => (c.trigger['offset_ms'] = 'NaN')),
    errors: [`${F}: HK_001: trigger.offset_ms: must be a finite number, got the string "NaN"`],
  },
  {
    name: 'Infinity (1e999 in the file)',
    json: () => broken((c) => (c['duration_ms'] = JSON.parse('1e999') as number)),
    errors: [`${F}: HK_001: duration_ms: must be a finite number, got Infinity`],
  },
  {
    name: 'probability > 1',
    json: () => broken((c) => (c.trigger['probability'] = 1.5)),
    errors: [`${F}: HK_001: trigger.probability: must be between 0 and 1, got 1.5`],
  },
  {
    name: 'negative duration',
    json: () => broken((c) => (c['duration_ms'] = -5)),
    errors: [`${F}: HK_001: duration_ms: must be between 1 and 600000 ms, got -5`],
  },
  {
    name: 'envelope sum mismatch',
    json: () => broken((c) => (c.envelope['release_ms'] = 40)),
    errors: [
      `${F}: HK_001: envelope: attack_ms + hold_ms + release_ms = 30 + 60 + 40 = 130 ms, but duration_ms is 120 ms; they must be equal`,
    ],
  },
  {
    name: 'easing none with an attack',
    json: () => broken((c) => (c.envelope['easing'] = 'none')),
    errors: [
      `${F}: HK_001: envelope.easing: easing "none" means no ramps, so attack_ms and release_ms must be 0 (got 30 and 30)`,
    ],
  },
  {
    name: 'unknown easing',
    json: () => broken((c) => (c.envelope['easing'] = 'cubic')),
    errors: [
      `${F}: HK_001: envelope.easing: unknown easing "cubic" (expected one of linear, quad_in, quad_out, quad_in_out, cubic_in, cubic_out, cubic_in_out, none)`,
    ],
  },
  {
    name: 'unknown trigger anchor',
    json: () => broken((c) => (c.trigger['relative_to'] = 'speech_onst')),
    errors: [
      `${F}: HK_001: trigger.relative_to: unknown trigger anchor "speech_onst" (expected one of speech_onset, scene_start, previous_capsule, word_boundary, stressed_syllable, phrase_end; did you mean "speech_onset"?)`,
    ],
  },
  {
    name: 'keys not increasing',
    json: () => broken((_, t) => ((t[0]!['keys'] as { t: number }[])[2]!.t = 0.5)),
    errors: [
      `${F}: HK_001: tracks[0].keys[2].t: key times must strictly increase: t 0.5 follows t 0.5 at keys[1]`,
    ],
  },
  {
    name: 'key t out of range',
    json: () => broken((_, t) => ((t[0]!['keys'] as { t: number }[])[2]!.t = 1.2)),
    errors: [`${F}: HK_001: tracks[0].keys[2].t: must be between 0 and 1, got 1.2`],
  },
  {
    name: 'too few keys',
    json: () => broken((_, t) => (t[0]!['keys'] = [{ t: 0, value: [0, 0, 0] }])),
    errors: [`${F}: HK_001: tracks[0].keys: must have at least 2 items, got 1`],
  },
  {
    name: 'joint value with two numbers',
    json: () => broken((_, t) => (t[0] = { kind: 'joint', target: 'head', value: [1, 2] })),
    errors: [`${F}: HK_001: tracks[0].value: must have exactly 3 numbers, got 2`],
  },
  {
    name: 'joint value beyond ±180°',
    json: () => broken((_, t) => (t[0] = { kind: 'joint', target: 'head', value: [0, 200, 0] })),
    errors: [`${F}: HK_001: tracks[0].value[1]: must be between -180 and 180, got 200`],
  },
  {
    name: 'track with value and keys',
    json: () => broken((_, t) => (t[0]!['value'] = [0, 0, 5])),
    errors: [
      `${F}: HK_001: tracks[0]: a joint track takes exactly one of value, keys or noise (found value and keys)`,
    ],
  },
  {
    name: 'track with none of value, keys, noise',
    json: () => broken((_, t) => delete t[1]!['value']),
    errors: [`${F}: HK_001: tracks[1]: an expression track needs one of value, keys or noise (found none)`],
  },
  {
    name: 'misspelt source gives one message',
    json: () => broken((_, t) => (t[1] = { kind: 'expression', target: 'blink', valu: 0.2 })),
    errors: [`${F}: HK_001: tracks[1].valu: unknown property "valu" (did you mean "value"?)`],
  },
  {
    name: 'noise frequency 0',
    json: () => broken((_, t) => (t[1] = { kind: 'hips', noise: { amplitude: 0.01, frequency_hz: 0 } })),
    errors: [`${F}: HK_001: tracks[1].noise.frequency_hz: must be between 0.05 and 60, got 0`],
  },
  {
    name: 'gaze noise amplitude with three axes',
    json: () => broken((_, t) => (t[1] = { kind: 'gaze', noise: { amplitude: [1, 2, 3], frequency_hz: 2 } })),
    errors: [
      `${F}: HK_001: tracks[1].noise.amplitude: a gaze track's noise amplitude takes one number or 2 (one per axis), got 3`,
    ],
  },
  {
    name: 'expression noise amplitude given per axis',
    json: () =>
      broken(
        (_, t) =>
          (t[1] = { kind: 'expression', target: 'blink', noise: { amplitude: [0.1, 0.2], frequency_hz: 2 } }),
      ),
    errors: [
      `${F}: HK_001: tracks[1].noise.amplitude: an expression track's noise amplitude is one number, got a list of 2`,
    ],
  },
  {
    name: 'noise amplitude of the wrong shape',
    json: () => broken((_, t) => (t[1] = { kind: 'hips', noise: { amplitude: 'big', frequency_hz: 12 } })),
    errors: [
      `${F}: HK_001: tracks[1].noise.amplitude: must be a number from 0 to 180, or an array of such numbers (one per axis), got the string "big"`,
    ],
  },
  {
    name: 'unknown track kind',
    json: () => broken((_, t) => (t[1] = { kind: 'jiont', target: 'head', value: [0, 0, 1] })),
    errors: [
      `${F}: HK_001: tracks[1]: unknown track kind "jiont" (expected one of ${KINDS}; did you mean "joint"?)`,
    ],
  },
  {
    name: 'track without kind',
    json: () => broken((_, t) => (t[1] = { target: 'head', value: [0, 0, 1] })),
    errors: [`${F}: HK_001: tracks[1]: track has no "kind" (expected one of ${KINDS})`],
  },
  {
    name: 'hips track with a target',
    json: () => broken((_, t) => (t[1] = { kind: 'hips', target: 'hips', value: [0, 0.01, 0] })),
    errors: [
      `${F}: HK_001: tracks[1].target: unknown property "target" (allowed: kind, value, keys, interpolation, noise)`,
    ],
  },
  {
    name: 'priority 11',
    json: () => broken((c) => (c['priority'] = 11)),
    errors: [`${F}: HK_001: priority: must be between 0 and 10, got 11`],
  },
  {
    name: 'priority 2.5',
    json: () => broken((c) => (c['priority'] = 2.5)),
    errors: [`${F}: HK_001: priority: must be a whole number, got 2.5`],
  },
  {
    name: 'blend mode typo',
    json: () => broken((c) => (c['blend_mode'] = 'additiv')),
    errors: [
      `${F}: HK_001: blend_mode: unknown blend mode "additiv" (expected one of additive, multiply, override; did you mean "additive"?)`,
    ],
  },
  {
    name: 'unknown property (typo)',
    json: () => broken((c) => (c['durration_ms'] = 120)),
    errors: [`${F}: HK_001: durration_ms: unknown property "durration_ms" (did you mean "duration_ms"?)`],
  },
  {
    name: 'format_version 2',
    json: () => broken((c) => (c['format_version'] = 2)),
    errors: [`${F}: HK_001: format_version: must be 1 (the only format version this runtime reads), got 2`],
  },
  {
    name: 'bad subtype',
    json: () => broken((c) => (c['subtype'] = 'Finger Cluster')),
    errors: [
      `${F}: HK_001: subtype: bad subtype "Finger Cluster" (expected lower_snake_case: a lowercase letter, then lowercase letters, digits or "_", at most 48 characters)`,
    ],
  },
  {
    name: 'description too long',
    json: () => broken((c) => (c['description'] = 'x'.repeat(201))),
    errors: [`${F}: HK_001: description: must be at most 200 characters long, got 201`],
  },
  {
    name: 'abort.at 1.5',
    json: () => broken((c) => (c['abort'] = { probability: 0.3, at: 1.5 })),
    errors: [`${F}: HK_001: abort.at: must be between 0 and 1, got 1.5`],
  },
  {
    name: 'abort.at 1 (not inside the motion)',
    json: () => broken((c) => (c['abort'] = { probability: 0.3, at: 1 })),
    errors: [`${F}: HK_001: abort.at: must be strictly between 0 and 1 (a phase inside the motion), got 1`],
  },
  {
    name: 'reference to a missing capsule',
    json: () => broken((_, t) => t.push({ kind: 'capsule', target: 'HK_404', weight: 0.5 })),
    errors: [`${F}: HK_001: tracks[2].target: references capsule "HK_404", which is not in the library`],
  },
  {
    name: 'reference to itself',
    json: () => broken((_, t) => t.push({ kind: 'capsule', target: 'HK_001', weight: 0.5 })),
    errors: [`${F}: HK_001: tracks[2].target: reference cycle: HK_001 → HK_001`],
  },
  {
    name: 'reference weight 2',
    json: () => broken((_, t) => t.push({ kind: 'capsule', target: 'HK_001', weight: 2 })),
    errors: [`${F}: HK_001: tracks[2].weight: must be between 0 and 1, got 2`],
  },
  {
    name: 'unknown light parameter',
    json: () => broken((_, t) => (t[1] = { kind: 'light', target: 'temperature', value: -800 })),
    errors: [
      `${F}: HK_001: tracks[1].target: unknown light parameter "temperature" (expected one of exposure_ev, temperature_k, contrast, softness, key_yaw_deg, key_pitch_deg; did you mean "temperature_k"?)`,
    ],
  },
  {
    name: 'light delta beyond the parameter range',
    json: () => broken((_, t) => (t[1] = { kind: 'light', target: 'temperature_k', value: 6000 })),
    errors: [
      `${F}: HK_001: tracks[1].value: light temperature_k: delta 6000 from neutral 6500 gives 12500, outside the parameter's range 1800..12000 (additive values are changes from neutral)`,
    ],
  },
  {
    name: 'light key beyond the parameter range',
    json: () =>
      broken(
        (_, t) =>
          (t[1] = {
            kind: 'light',
            target: 'exposure_ev',
            keys: [
              { t: 0, value: 0 },
              { t: 0.5, value: 4 },
              { t: 1, value: 0 },
            ],
          }),
      ),
    errors: [
      `${F}: HK_001: tracks[1].keys[1].value: light exposure_ev: delta 4 from neutral 0 gives 4, outside the parameter's range -3..3 (additive values are changes from neutral)`,
    ],
  },
  {
    name: 'camera value beyond the schema range',
    json: () => broken((_, t) => (t[1] = { kind: 'camera', target: 'dolly_m', value: 120 })),
    errors: [`${F}: HK_001: tracks[1].value: must be between -90 and 90, got 120`],
  },
  {
    name: 'camera override target beyond the parameter range',
    json: () =>
      broken((c, t) => {
        c['blend_mode'] = 'override';
        t[1] = { kind: 'camera', target: 'orbit_yaw_deg', value: 60 };
      }),
    errors: [
      `${F}: HK_001: tracks[1].value: camera orbit_yaw_deg: override target 60 is outside the parameter's range -45..45`,
    ],
  },
  {
    name: 'environment multiply factor beyond 0..4',
    json: () =>
      broken((c, t) => {
        c['blend_mode'] = 'multiply';
        t[1] = { kind: 'environment', target: 'wind_strength', value: 5 };
      }),
    errors: [
      `${F}: HK_001: tracks[1].value: environment wind_strength: factor 5 is outside 0..4 (a multiply capsule's values are factors; 1 = unchanged)`,
    ],
  },
  {
    name: 'light track with both value and keys',
    json: () =>
      broken(
        (_, t) =>
          (t[1] = {
            kind: 'light',
            target: 'contrast',
            value: 0.2,
            keys: [
              { t: 0, value: 0 },
              { t: 1, value: 0.2 },
            ],
          }),
      ),
    errors: [
      `${F}: HK_001: tracks[1]: a light track takes exactly one of value, keys or noise (found value and keys)`,
    ],
  },
  {
    name: 'environment noise wider than the parameter can move',
    json: () =>
      broken(
        (_, t) =>
          (t[1] = {
            kind: 'environment',
            target: 'wind_strength',
            noise: { amplitude: 2, frequency_hz: 1 },
          }),
      ),
    errors: [
      `${F}: HK_001: tracks[1].noise.amplitude: environment wind_strength: noise amplitude 2 is wider than the parameter can move (at most 1 from neutral 0 within 0..1)`,
    ],
  },
  {
    name: 'camera noise amplitude given per axis',
    json: () =>
      broken(
        (_, t) =>
          (t[1] = { kind: 'camera', target: 'roll_deg', noise: { amplitude: [0.1, 0.2], frequency_hz: 1 } }),
      ),
    errors: [
      `${F}: HK_001: tracks[1].noise.amplitude: a camera track's noise amplitude is one number, got a list of 2`,
    ],
  },
  {
    name: 'non-object top level',
    json: () => [validCapsule()],
    errors: [`${F}: ?: a capsule file must hold one JSON object, got an array`],
  },
  {
    name: 'null top level',
    json: () => null,
    errors: [`${F}: ?: a capsule file must hold one JSON object, got null`],
  },
];

describe('malformed capsules: one exact message each', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name', ({ json, errors }) => {
    const registry = createRegistry();
    const got = registry.add([{ file: F, json: json() }]);
    expect(got.map((e) => e.format())).toEqual(errors);
    expect(got.every((e) => e instanceof CapsuleError && e.file === F)).toBe(true);
    expect(registry.size).toBe(0);
  });
});

describe('errors across files', () => {
  it('a reference cycle names the cycle on every member', () => {
    const a = broken((_, t) => t.push({ kind: 'capsule', target: 'HK_002', weight: 1 }), 'HK_001');
    const b = broken((_, t) => t.push({ kind: 'capsule', target: 'HK_003', weight: 1 }), 'HK_002');
    const c = broken((_, t) => t.push({ kind: 'capsule', target: 'HK_001', weight: 1 }), 'HK_003');
    const d = broken((_, t) => (t[0] = { kind: 'capsule', target: 'HK_002', weight: 1 }), 'HK_004');
    const errs = createRegistry().add([
      { file: 'a.capsule.json', json: a },
      { file: 'b.capsule.json', json: b },
      { file: 'c.capsule.json', json: c },
      { file: 'd.capsule.json', json: d },
    ]);
    expect(errs.map(String)).toEqual([
      'a.capsule.json: HK_001: tracks[2].target: reference cycle: HK_001 → HK_002 → HK_003 → HK_001',
      'b.capsule.json: HK_002: tracks[2].target: reference cycle: HK_002 → HK_003 → HK_001 → HK_002',
      'c.capsule.json: HK_003: tracks[2].target: reference cycle: HK_003 → HK_001 → HK_002 → HK_003',
      'd.capsule.json: HK_004: tracks[0].target: references capsule "HK_002", which was rejected (see its own errors)',
    ]);
  });

  it('a reference to an invalid capsule rejects the referrer too, naming the reference', () => {
    const bad = broken((c) => (c['priority'] = 99), 'HK_002');
    const referrer = broken((_, t) => t.push({ kind: 'capsule', target: 'HK_002', weight: 0.5 }), 'HK_001');
    const registry = createRegistry();
    const errs = registry.add([
      { file: 'a.capsule.json', json: referrer },
      { file: 'b.capsule.json', json: bad },
      { file: 'c.capsule.json', json: validCapsule('HK_003') },
    ]);
    expect(errs.map(String)).toEqual([
      'a.capsule.json: HK_001: tracks[2].target: references capsule "HK_002", which was rejected (see its own errors)',
      'b.capsule.json: HK_002: priority: must be between 0 and 10, got 99',
    ]);
    expect(registry.ids()).toEqual(['HK_003']);
  });

  it('references resolve across files in any order and across loads', () => {
    const registry = createRegistry();
    const referrer = broken((_, t) =>
      t.push({ kind: 'capsule', target: 'HK_002', weight: 0.5, offset_ms: 40 }),
    );
    expect(
      registry.add([
        { file: 'a.capsule.json', json: referrer },
        { file: 'b.capsule.json', json: validCapsule('HK_002') },
      ]),
    ).toEqual([]);
    // Flattened: 2 own tracks + the 2 tracks of HK_002.
    expect(registry.get('HK_001')!.tracks).toHaveLength(4);
    expect(registry.get('HK_001')!.tracks[2]!.offsetMs).toBe(40);
    const later = broken((_, t) => (t[0] = { kind: 'capsule', target: 'HK_001', weight: 1 }), 'HK_003');
    expect(registry.addCapsule(later, 'c.capsule.json')).toEqual([]);
    expect(registry.get('HK_003')!.tracks).toHaveLength(5);
  });

  it('references nested deeper than 16 are rejected', () => {
    const items = Array.from({ length: 19 }, (_, i) => {
      const id = `HK_${String(i + 100)}`;
      const next = `HK_${String(i + 101)}`;
      return {
        file: `${id}.capsule.json`,
        json:
          i === 18
            ? validCapsule(id)
            : broken((_, t) => (t[0] = { kind: 'capsule', target: next, weight: 1 }), id),
      };
    });
    const registry = createRegistry();
    const errs = registry.add(items).map(String);
    expect(errs[0]).toBe(
      'HK_100.capsule.json: HK_100: tracks[0].target: references capsule "HK_101", which was rejected (see its own errors)',
    );
    expect(errs[1]).toBe('HK_101.capsule.json: HK_101: tracks: references nest 17 levels deep (at most 16)');
    expect(errs).toHaveLength(2);
    expect(registry.size).toBe(17);
  });

  it('a duplicate id names both files and keeps the first', () => {
    const registry = createRegistry();
    const errs = registry.add([
      { file: 'lib/HK/one.capsule.json', json: validCapsule() },
      { file: 'lib/HK/two.capsule.json', json: validCapsule() },
    ]);
    expect(errs.map(String)).toEqual([
      'lib/HK/two.capsule.json: HK_001: id: duplicate id "HK_001": already defined in lib/HK/one.capsule.json; this copy is skipped',
    ]);
    expect(registry.fileOf('HK_001')).toBe('lib/HK/one.capsule.json');
    // Also against an earlier load.
    expect(registry.addCapsule(validCapsule(), 'lib/HK/three.capsule.json').map(String)).toEqual([
      'lib/HK/three.capsule.json: HK_001: id: duplicate id "HK_001": already defined in lib/HK/one.capsule.json; this copy is skipped',
    ]);
  });

  it('custom expression slots running out is an error, not a crash', () => {
    const registry = createRegistry();
    const items = Array.from({ length: CUSTOM_EXPRESSION_CAPACITY + 1 }, (_, i) => ({
      file: `c${i}.capsule.json`,
      json: broken(
        (_, t) => (t[1] = { kind: 'expression', target: `custom:shape${i}`, value: 0.5 }),
        `FMM_${100 + i}`,
      ),
    }));
    for (const it of items) (it.json as Loose)['domain'] = 'FMM';
    const errs = registry.add(items).map(String);
    expect(errs).toEqual([
      `c64.capsule.json: FMM_164: tracks[1].target: no free custom expression slot for "custom:shape64": all 64 are taken by capsules loaded earlier`,
    ]);
    expect(registry.size).toBe(CUSTOM_EXPRESSION_CAPACITY);
    // A capsule reusing an interned name still fits.
    const reuse = broken((c, t) => {
      c['domain'] = 'FMM';
      t[1] = { kind: 'expression', target: 'custom:shape3', value: 0.5 };
    }, 'FMM_999');
    expect(registry.addCapsule(reuse, 'r.capsule.json')).toEqual([]);
  });
});

describe('profiles', () => {
  const load = (profiles: unknown[]): string[] => {
    const registry = createRegistry();
    return registry
      .add([
        { file: 'HK_001.capsule.json', json: validCapsule() },
        ...profiles.map((json, i) => ({ file: `p${i}.profile.json`, json })),
      ])
      .map(String);
  };

  it('a profile naming an unknown capsule', () => {
    const p = validProfile();
    p.capsules.push({ id: 'HK_404', weight: 1 });
    expect(load([p])).toEqual([
      'p0.profile.json: calm: capsules[1].id: unknown capsule "HK_404" (not in the library)',
    ]);
  });

  it('a profile weight of 2', () => {
    const p = validProfile();
    p.capsules[0]!.weight = 2;
    expect(load([p])).toEqual(['p0.profile.json: calm: capsules[0].weight: must be between 0 and 1, got 2']);
  });

  it('a capsule listed twice in a profile', () => {
    const p = validProfile();
    p.capsules.push({ id: 'HK_001', weight: 0.1 });
    expect(load([p])).toEqual([
      'p0.profile.json: calm: capsules[1].id: capsule "HK_001" is listed twice (first at capsules[0]); give each capsule one entry',
    ]);
  });

  it('a duplicate profile id names both files', () => {
    expect(load([validProfile(), validProfile()])).toEqual([
      'p1.profile.json: calm: id: duplicate profile id "calm": already defined in p0.profile.json; this copy is skipped',
    ]);
  });

  it('an unknown modifier and a bad tempo', () => {
    const p = { ...validProfile(), modifiers: { tempo: 2, tempo_factor: 9 } };
    expect(load([p])).toEqual([
      'p0.profile.json: calm: modifiers.tempo: unknown property "tempo" (did you mean "tempo_factor"?)',
      'p0.profile.json: calm: modifiers.tempo_factor: must be between 0.25 and 4, got 9',
    ]);
  });

  it('fills profile modifier defaults', () => {
    const registry = createRegistry();
    registry.add([
      { file: 'a.capsule.json', json: validCapsule() },
      { file: 'p.profile.json', json: validProfile() },
    ]);
    expect(registry.profile('calm')!.modifiers).toEqual({ tempo_factor: 1, noise_jitter: 1 });
    expect(registry.profileFileOf('calm')).toBe('p.profile.json');
  });
});

describe('loading', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tempLibrary = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'capsule-registry-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  it('valid capsules still load next to invalid ones', () => {
    const dir = tempLibrary({
      'HK/HK_001.capsule.json': JSON.stringify(validCapsule('HK_001')),
      'HK/HK_002.capsule.json': JSON.stringify(broken((c) => (c['priority'] = 11), 'HK_002')),
      'HK/HK_003.capsule.json': '{ "id": "HK_003", }',
      'HK/HK_004.capsule.json': JSON.stringify(validCapsule('HK_004'), null, 2),
      'profiles/calm.profile.json': JSON.stringify(validProfile()),
      'source/ignored.capsule.json': 'not json',
      'scripts/ignored.capsule.json': 'not json',
      'capsule.schema.json': '{}',
      'notes.json': 'not json',
    });
    const { registry, errors, counts, files } = loadFolder(dir);
    expect(registry.ids()).toEqual(['HK_001', 'HK_004']);
    expect(counts).toEqual({ capsules: 2, profiles: 1, files: 5 });
    expect(files.every((f) => !f.includes('source') && !f.includes('scripts'))).toBe(true);
    expect(errors.map(String)).toEqual([
      `${join(dir, 'HK/HK_002.capsule.json')}: HK_002: priority: must be between 0 and 10, got 11`,
      `${join(dir, 'HK/HK_003.capsule.json')}: ?: invalid JSON at line 1, column 19: expected double-quoted property name`,
    ]);
  });

  it('a missing folder is an error, not a throw', () => {
    const { errors, counts } = loadFolder('/nonexistent/capsules');
    expect(counts.capsules).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.format()).toMatch(/^\/nonexistent\/capsules: \?: cannot read folder: ENOENT/);
  });
});

describe('JSON syntax errors name line and column', () => {
  const cases: [string, string, string][] = [
    ['{\n  "id": "HK_001",\n  "priority": 5,\n}', 'line 4, column 1', 'expected double-quoted property name'],
    ['{\n  "id": NaN\n}', 'line 2, column 9', "unexpected token 'N'"],
    ['{\n  "a": 1\n  "b": 2\n}', 'line 3, column 3', "expected ',' or '}' after property value"],
    ['{"a": [1, 2', 'line 1, column 12', 'the file ends before the JSON value is complete'],
    ['', 'line 1, column 1', 'the file ends before the JSON value is complete'],
    ["{'a': 1}", 'line 1, column 2', "expected property name or '}'"],
    ['{"a": 1} x', 'line 1, column 10', 'unexpected non-whitespace character after JSON'],
    ['{"a": "x\ny"}', 'line 1, column 9', 'bad control character in string literal'],
    ['{"a": tru}', 'line 1, column 7', "unexpected token 't'"],
    ['{"a": -}', 'line 1, column 8', 'no number after minus sign'],
  ];
  it.each(cases)('%j → %s', (text, where, reason) => {
    const r = parseJsonText(text, 'f.capsule.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.format()).toBe(`f.capsule.json: ?: invalid JSON at ${where}: ${reason}`);
  });

  it('the scanner agrees with V8 where V8 gives a position', () => {
    for (const text of [
      '{"a":1,}',
      '[1 2]',
      '{"a":1}}',
      '{"a" 1}',
      '[1,]',
      '{"a":-}',
      '{"a":01}',
      '{"a":"\\q"}',
    ]) {
      let v8 = -1;
      try {
        JSON.parse(text);
      } catch (err) {
        const m = /at position (\d+)/.exec(String(err));
        if (m) v8 = Number(m[1]);
      }
      if (v8 >= 0) expect([text, findJsonSyntaxError(text)]).toEqual([text, v8]);
    }
  });

  it('a leading byte-order mark is not an error', () => {
    expect(parseJsonText('\ufeff{"a":1}', 'f').ok).toBe(true);
  });
});

describe('registry behaviour', () => {
  it('fills schema defaults the runtime relies on', () => {
    const registry = createRegistry();
    const c = broken((c, t) => {
      c['abort'] = { probability: 0.2, at: 0.4 };
      t.push({ kind: 'capsule', target: 'HK_002', weight: 0.5 });
    });
    expect(
      registry.add([
        { file: 'a', json: c },
        { file: 'b', json: validCapsule('HK_002') },
      ]),
    ).toEqual([]);
    const json = registry.get('HK_001')!.json;
    expect(json.trigger.probability).toBe(1);
    expect(json.variation).toEqual({ timing: 0.15, intensity: 0.15 });
    expect(json.abort!.retract).toBe(true);
    expect((json.tracks[0] as { interpolation?: string }).interpolation).toBe('linear');
    expect((json.tracks[2] as { offset_ms?: number }).offset_ms).toBe(0);
  });

  it('revoke and restore flip the flag the evaluator reads; unknown ids are refused', () => {
    const registry = createRegistry();
    registry.add([
      { file: 'a', json: validCapsule('HK_001') },
      { file: 'b', json: validCapsule('HK_002') },
    ]);
    const slot = registry.slot('HK_002');
    expect(slot).toBe(1);
    expect(registry.isRevoked(slot)).toBe(false);
    expect(registry.revoke('HK_002')).toBe(true);
    expect(registry.isRevoked(slot)).toBe(true);
    expect(registry.revokedFlags[slot]).toBe(1);
    expect(registry.isRevoked(registry.slot('HK_001'))).toBe(false);
    expect(registry.restore('HK_002')).toBe(true);
    expect(registry.isRevoked(slot)).toBe(false);
    expect(registry.revokedFlags[slot]).toBe(0);
    expect(registry.revoke('HK_404')).toBe(false);
    expect(registry.restore('HK_404')).toBe(false);
  });

  it('slots are dense, stable and looked up through a Map', () => {
    const registry = createRegistry();
    const n = 3000;
    const items = Array.from({ length: n }, (_, i) => ({
      file: `f${i}`,
      json: validCapsule(`HK_${String(10000 + i)}`),
    }));
    expect(registry.add(items)).toEqual([]);
    registry.revoke('HK_10007');
    expect(registry.size).toBe(n);
    expect(registry.revokedFlags.length).toBeGreaterThanOrEqual(n);
    for (let i = 0; i < n; i += 97) {
      const id = `HK_${String(10000 + i)}`;
      expect(registry.slot(id)).toBe(i);
      expect(registry.at(i).id).toBe(id);
      expect(registry.get(id)).toBe(registry.at(i));
    }
    // Growing the registry keeps slots and flags.
    registry.addCapsule(validCapsule('HK_099'), 'late');
    expect(registry.slot('HK_099')).toBe(n);
    expect(registry.isRevoked(7)).toBe(true);
    expect(registry.slot('HK_404')).toBe(-1);
    expect(() => registry.at(n + 5)).toThrow(RangeError);
  });

  it('HF ids are an accepted alias for domain HK', () => {
    expect(createRegistry().add([{ file: 'a', json: validCapsule('HF_012') }])).toEqual([]);
  });

  it('formats whole-file errors without a path and converts JSON pointers', () => {
    expect(new CapsuleError({ file: 'a.json', message: 'boom' }).format()).toBe('a.json: ?: boom');
    expect(pointerToPath('/tracks/2/keys/0/t')).toBe('tracks[2].keys[0].t');
    expect(pointerToPath('/source/a b')).toBe('source["a b"]');
  });
});
