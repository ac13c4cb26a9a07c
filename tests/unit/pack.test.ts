/**
 * The binary capsule pack: a round trip keeps every field (metadata exact, deltas within FP16,
 * `source` dropped), re-packing is byte-identical, and every truncated, flipped or crafted pack gives
 * a CapsuleError naming the file and byte offset — never a RangeError or a silent bad value.
 */
import { getFloat16, hfround } from '@petamoriken/float16';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32, createByteReader, fromHalfBits, toHalfBits } from '../../engine/capsules/byte-io.ts';
import { CapsuleError } from '../../engine/capsules/capsule-error.ts';
import { loadFolder } from '../../engine/capsules/load-folder.ts';
import { loadPack, packRegistry } from '../../engine/capsules/load-pack.ts';
import { PACK_HEADER_SIZE, packCapsules, unpackCapsules } from '../../engine/capsules/pack.ts';
import type { Unpacked } from '../../engine/capsules/pack.ts';
import { createRegistry } from '../../engine/capsules/registry.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';

const FILE = 'lib.capk';
/** A pack made by the writer before light, camera and environment kinds were appended. */
const OLD_PACK_BASE64 =
  'Q0FQSwEAAAC4AAAAJUMDARwAAABJAAAAnwAAAAQAAAAGAFZDXzAwMQsAcGl0Y2hfc2hpZnQPAHBpdGNoX3NlbWl0b25lcwEAcAEAAAAAAAAABQAFAAAAAAABAAAAAAAAAAAAAAAAAAAAAABZQAAAAAAAADRAAAAAAAAATkAAAAAAAAA0QAIABQACAAAAAEAEAQIAAAD//wAAAAAASQDFAQAAAAMAAAAAAQAAAAAAAAAAAAAAAADgPw==';

/** A fresh valid capsule; tests add the tracks they need. */
function validCapsule(id = 'HK_001', tracks?: Capsule['tracks']): Capsule {
  return {
    format_version: 1,
    id,
    domain: 'HK',
    subtype: 'finger_cluster',
    description: 'Index closes a little — ünïcödé kept.',
    trigger: { relative_to: 'speech_onset', offset_ms: -210.125, probability: 0.92 },
    duration_ms: 120.5,
    envelope: { attack_ms: 30.25, hold_ms: 60, release_ms: 30.25, easing: 'cubic_out' },
    tracks: tracks ?? [{ kind: 'joint', target: 'rightIndexProximal', value: [0, 0, 18.3] }],
    priority: 8,
    blend_mode: 'additive',
    variation: { timing: 0.15, intensity: 0.2 },
  };
}

type AnyTrack = Capsule['tracks'][number];
const track = (t: Record<string, unknown>): AnyTrack => t as unknown as AnyTrack;

/** Capsules covering every track kind, source, interpolation and optional field. */
function handWritten(): { capsules: Capsule[]; profiles: Profile[] } {
  const keys3 = [
    { t: 0, value: [0, 0, 0] },
    { t: 0.333333, value: [1.5, -2.25, 17.9] },
    { t: 1, value: [0, 0, 0] },
  ];
  const capsules: Capsule[] = [
    validCapsule('HK_001', [
      track({ kind: 'joint', target: 'rightIndexProximal', value: [0.1, -33.3, 179.9] }),
      track({ kind: 'joint', target: 'rightIndexIntermediate', keys: keys3, interpolation: 'linear' }),
      track({ kind: 'joint', target: 'rightMiddleProximal', keys: keys3, interpolation: 'step' }),
      track({ kind: 'joint', target: 'rightRingProximal', keys: keys3, interpolation: 'smooth' }),
      track({ kind: 'joint', target: 'rightHand', keys: keys3 }),
      track({ kind: 'joint', target: 'rightLittleProximal', noise: { amplitude: 0.35, frequency_hz: 12 } }),
      track({ kind: 'joint', target: 'head', noise: { amplitude: [0.2, 0.1, 0], frequency_hz: 0.05 } }),
    ]),
    {
      ...validCapsule('FMM_002', [
        track({ kind: 'expression', target: 'blink', value: 0.8 }),
        track({
          kind: 'expression',
          target: 'mouthSmileLeft',
          keys: [
            { t: 0, value: -1 },
            { t: 1, value: 0.123 },
          ],
        }),
        track({ kind: 'expression', target: 'custom:smirk.v2', noise: { amplitude: 0.05, frequency_hz: 3 } }),
      ]),
      domain: 'FMM',
      blend_mode: 'multiply',
      abort: { probability: 0.3, at: 0.45, retract: false },
    },
    {
      ...validCapsule('BK_003', [
        track({ kind: 'hips', value: [0, 0.01, -0.002] }),
        track({
          kind: 'hips',
          keys: [
            { t: 0, value: [0, 0, 0] },
            { t: 0.5, value: [0, -0.02, 0] },
            { t: 1, value: [0, 0, 0] },
          ],
        }),
        track({ kind: 'hips', noise: { amplitude: [0.001, 0.002, 0.003], frequency_hz: 1.5 } }),
      ]),
      domain: 'BK',
      blend_mode: 'override',
      priority: 10,
      abort: { probability: 1, at: 0.5 },
    },
    {
      // Optional fields absent, references, key times too close for u16 phases.
      format_version: 1,
      id: 'HF_004',
      domain: 'HK',
      subtype: 'combined',
      trigger: { relative_to: 'previous_capsule', offset_ms: 0 },
      duration_ms: 1000,
      envelope: { attack_ms: 0, hold_ms: 1000, release_ms: 0, easing: 'none' },
      tracks: [
        track({ kind: 'capsule', target: 'HK_001', weight: 0.5 }),
        track({ kind: 'capsule', target: 'BK_003', weight: 1, offset_ms: 40.5 }),
        track({
          kind: 'joint',
          target: 'leftThumbDistal',
          keys: [
            { t: 0, value: [0, 0, 0] },
            { t: 0.5, value: [0, 0, 1] },
            { t: 0.500001, value: [0, 0, 2] },
            { t: 1, value: [0, 0, 0] },
          ],
        }),
      ],
      priority: 0,
      blend_mode: 'additive',
      variation: {},
      source: { seed: 'HF_004', params: { fingers: ['thumb'] } },
    },
    {
      ...validCapsule('CS_005', [track({ kind: 'expression', target: 'jawOpen', value: 0.1 })]),
      domain: 'CS',
      trigger: { relative_to: 'phrase_end', offset_ms: 10000 },
      variation: { timing: 0 },
      envelope: { attack_ms: 60.5, hold_ms: 0, release_ms: 60, easing: 'quad_in_out' },
    },
  ];
  const profiles: Profile[] = [
    {
      format_version: 1,
      id: 'quiet_reflective',
      description: 'slow and small',
      capsules: [
        { id: 'HK_001', weight: 0.25 },
        { id: 'HF_004', weight: 1 },
      ],
      modifiers: { tempo_factor: 0.8, noise_jitter: 1.25 },
    },
    { format_version: 1, id: 'ANX_DENIAL', capsules: [{ id: 'FMM_002', weight: 0.7 }] },
    { format_version: 1, id: 'bare', capsules: [{ id: 'BK_003', weight: 0 }], modifiers: {} },
  ];
  return { capsules, profiles };
}

/** What a round trip should give: `source` dropped, deltas FP16-rounded, u16 phases where they fit. */
function expected(capsules: readonly Capsule[]): Capsule[] {
  return capsules.map((c) => {
    const copy = structuredClone(c) as Capsule & { source?: unknown };
    delete copy.source;
    copy.tracks = copy.tracks.map((t0) => {
      if (t0.kind === 'capsule') return t0;
      const t = t0 as {
        value?: number | number[];
        keys?: { t: number; value: number | number[] }[];
        noise?: { amplitude: number | number[] };
      };
      const h = (v: number | number[]): number | number[] =>
        typeof v === 'number' ? hfround(v) : v.map(hfround);
      if (t.value !== undefined) t.value = h(t.value);
      if (t.noise) t.noise.amplitude = h(t.noise.amplitude);
      if (t.keys) {
        const q = t.keys.map((k) => Math.round(k.t * 65535));
        const fits = q.every((v, i) => i === 0 || v > q[i - 1]!);
        t.keys = t.keys.map((k, i) => ({ t: fits ? q[i]! / 65535 : k.t, value: h(k.value) }));
      }
      return t0;
    });
    return copy;
  });
}

/** Numbers in deltas stay within FP16 precision of the original. */
function expectWithinHalf(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), path).toBeLessThanOrEqual(Math.abs(b) * 2 ** -11 + 2 ** -24 + 1e-12);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((x, i) => expectWithinHalf(x, b[i], `${path}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    expect(ka, path).toEqual(Object.keys(b).sort());
    for (const k of ka)
      expectWithinHalf((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** Recomputes the checksum so a crafted change reaches the decoder's own checks. */
function refreshCrc(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(12, crc32(bytes, 16), true);
  return bytes;
}

function header(bytes: Uint8Array): { length: number; strings: number; capsules: number; profiles: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return {
    length: v.getUint32(8, true),
    strings: v.getUint32(16, true),
    capsules: v.getUint32(20, true),
    profiles: v.getUint32(24, true),
  };
}

function expectPackError(bytes: Uint8Array, pattern: RegExp, offset?: number): CapsuleError {
  const err = catchError(() => unpackCapsules(bytes, FILE));
  expect(err).toBeInstanceOf(CapsuleError);
  const e = err as CapsuleError;
  expect(e.file).toBe(FILE);
  expect(typeof e.offset).toBe('number');
  expect(e.path).toBe(`byte ${e.offset}`);
  expect(e.format()).toContain(`${FILE}: `);
  expect(e.format()).toContain(`byte ${e.offset}`);
  expect(e.message).toMatch(pattern);
  if (offset !== undefined) expect(e.offset).toBe(offset);
  return e;
}

describe('FP16 conversion', () => {
  it('decodes every half-float bit pattern like the float16 polyfill', () => {
    const view = new DataView(new ArrayBuffer(2));
    for (let h = 0; h < 0x10000; h++) {
      view.setUint16(0, h, true);
      const want = getFloat16(view, 0, true);
      const got = fromHalfBits(h);
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(Object.is(got, want), `0x${h.toString(16)}`).toBe(true);
    }
  });

  it('rounds to nearest even, including exact ties and subnormals', () => {
    const view = new DataView(new ArrayBuffer(2));
    const values = [
      0,
      -0,
      1,
      -1,
      180,
      -180,
      179.9,
      0.1,
      1 / 3,
      65504,
      65519.99,
      65520,
      2 ** -24,
      2 ** -25,
      3 * 2 ** -26,
      1e-9,
    ];
    for (let h = 0x0400; h < 0x7bff; h += 37) values.push((fromHalfBits(h) + fromHalfBits(h + 1)) / 2);
    for (const v of values) expect(fromHalfBits(toHalfBits(v)), String(v)).toBe(hfround(v));
    void view;
  });
});

describe('round trip', () => {
  it('keeps metadata exact and deltas within FP16, drops source', () => {
    const { capsules, profiles } = handWritten();
    const bytes = packCapsules(capsules, profiles);
    const back = unpackCapsules(bytes, FILE);
    expect(back.capsules).toEqual(expected(capsules));
    expect(back.profiles).toEqual(profiles);
    const noSource = capsules.map((c) => {
      const { source: _source, ...rest } = c;
      return rest;
    });
    expectWithinHalf(back.capsules, noSource);
  });

  it('packs two-axis tracks (gaze: yaw, pitch) and short noise vectors', () => {
    const c = validCapsule('FMM_010', [
      track({ kind: 'gaze', value: [12.5, -3] }),
      track({
        kind: 'gaze',
        keys: [
          { t: 0, value: [0, 0] },
          { t: 1, value: [-20, 7.25] },
        ],
        interpolation: 'smooth',
      }),
      track({ kind: 'gaze', noise: { amplitude: [0.5, 0.25], frequency_hz: 4 } }),
    ]);
    const bytes = packCapsules([c]);
    const back = unpackCapsules(bytes, FILE);
    expect(back.capsules).toEqual(expected([c]));
    expect(packCapsules(back.capsules)).toEqual(bytes);
  });

  it('packs light, camera and environment tracks (kinds 6–8) and loads them onto their channels', () => {
    const ld = validCapsule('LD_001', [
      track({ kind: 'light', target: 'temperature_k', value: -1800 }),
      track({
        kind: 'light',
        target: 'exposure_ev',
        keys: [
          { t: 0, value: 0 },
          { t: 0.5, value: 0.2 },
          { t: 1, value: 0 },
        ],
        interpolation: 'smooth',
      }),
      track({ kind: 'light', target: 'key_yaw_deg', noise: { amplitude: 4, frequency_hz: 0.05 } }),
    ]);
    const cs = {
      ...validCapsule('CS_001', [
        track({ kind: 'camera', target: 'dolly_m', value: 0 }),
        track({ kind: 'camera', target: 'focal_mm', value: 12.5 }),
        track({ kind: 'camera', target: 'shift_x_m', noise: { amplitude: 0.004, frequency_hz: 0.8 } }),
      ]),
      blend_mode: 'override' as const,
    };
    const er = {
      ...validCapsule('ER_001', [
        track({
          kind: 'environment',
          target: 'wind_strength',
          keys: [
            { t: 0, value: 1 },
            { t: 1, value: 0.2 },
          ],
        }),
      ]),
      blend_mode: 'multiply' as const,
    };
    const capsules = [
      { ...ld, domain: 'LD' as const },
      { ...cs, domain: 'CS' as const },
      { ...er, domain: 'ER' as const },
    ];
    const bytes = packCapsules(capsules);
    const back = unpackCapsules(bytes, FILE);
    expect(back.capsules).toEqual(expected(capsules));
    expect(packCapsules(back.capsules)).toEqual(bytes);
    // Kelvin deltas survive FP16 exactly at these magnitudes.
    expect((back.capsules[0]!.tracks[0] as { value: number }).value).toBe(-1800);

    const { registry, errors } = loadPack(bytes, FILE);
    expect(errors.map(String)).toEqual([]);
    const layout = registry.layout;
    const channels = (id: string) => registry.get(id)!.tracks.map((t) => t.channel);
    expect(channels('LD_001')).toEqual([
      layout.light('temperature_k'),
      layout.light('exposure_ev'),
      layout.light('key_yaw_deg'),
    ]);
    expect(channels('CS_001')).toEqual([
      layout.camera('dolly_m'),
      layout.camera('focal_mm'),
      layout.camera('shift_x_m'),
    ]);
    expect(channels('ER_001')).toEqual([layout.environment('wind_strength')]);
    expect(channels('LD_001').every((c) => c >= 0)).toBe(true);
  });

  it('reads a version-1 pack written before kinds 6–8 existed, and writes the same bytes for it', () => {
    // Written by the pack writer as it was before light, camera and environment tracks (commit f847eff).
    const old = Uint8Array.from(Buffer.from(OLD_PACK_BASE64, 'base64'));
    expect(new DataView(old.buffer).getUint16(4, true)).toBe(1);
    const back = unpackCapsules(old, FILE);
    expect(back.capsules.map((c) => c.id)).toEqual(['VC_001']);
    expect(back.capsules[0]!.tracks).toEqual([
      { kind: 'voice', target: 'pitch_semitones', value: 2 },
      {
        kind: 'gaze',
        keys: [
          { t: 0, value: [0, 0] },
          { t: 1, value: [10, -5] },
        ],
      },
    ]);
    expect(packCapsules(back.capsules, back.profiles)).toEqual(old);
  });

  it('re-packing is byte-identical, and packing is deterministic', () => {
    const { capsules, profiles } = handWritten();
    const bytes = packCapsules(capsules, profiles);
    expect(packCapsules(capsules, profiles)).toEqual(bytes);
    const back = unpackCapsules(bytes, FILE);
    expect(packCapsules(back.capsules, back.profiles)).toEqual(bytes);
  });

  it('stores tracks sparsely: only the channels a capsule touches', () => {
    const one = packCapsules([validCapsule('HK_001')]).length;
    const two = packCapsules([validCapsule('HK_001'), validCapsule('HK_002')]).length;
    // A one-track capsule costs about a hundred bytes, not a full channel vector.
    expect(two - one).toBeLessThan(120);
  });

  it('gives a registry through loadPack equal to the JSON registry (up to FP16)', () => {
    const { capsules, profiles } = handWritten();
    const json = createRegistry();
    expect(
      json.add([
        ...capsules.map((c) => ({ file: `${c.id}.capsule.json`, json: structuredClone(c) })),
        ...profiles.map((p) => ({ file: `${p.id}.profile.json`, json: structuredClone(p) })),
      ]),
    ).toEqual([]);
    const bytes = packRegistry(json);
    const { registry, errors, counts } = loadPack(bytes, FILE);
    expect(errors).toEqual([]);
    expect(counts).toEqual({ capsules: capsules.length, profiles: profiles.length, files: 1 });
    expect(registry.ids()).toEqual(json.ids());
    expect(registry.profileIds()).toEqual(json.profileIds());
    for (const id of json.ids()) {
      const a = registry.get(id)!;
      const b = json.get(id)!;
      expect(a.tracks.map((t) => t.channel)).toEqual(b.tracks.map((t) => t.channel));
      expect(a.durationMs).toBe(b.durationMs);
      expect(a.priority).toBe(b.priority);
      expect(registry.fileOf(id)).toBe(FILE);
    }
    expect(packRegistry(registry)).toEqual(bytes);
  });

  it.runIf(existsSync('capsules/HK'))('round-trips the whole library', () => {
    const lib = loadFolder('capsules');
    expect(lib.errors.map(String)).toEqual([]);
    const capsules = lib.registry.ids().map((id) => lib.registry.get(id)!.json);
    const profiles = lib.registry.profileIds().map((id) => lib.registry.profile(id)!);
    const bytes = packRegistry(lib.registry);
    const back: Unpacked = unpackCapsules(bytes, FILE);
    expect(back.capsules).toEqual(expected(capsules));
    expect(back.profiles).toEqual(profiles);
    expect(packCapsules(back.capsules, back.profiles)).toEqual(bytes);
    const fromPack = loadPack(bytes, FILE);
    expect(fromPack.errors.map(String)).toEqual([]);
    expect(fromPack.registry.ids()).toEqual(lib.registry.ids());
  });
});

describe('corrupt packs give a CapsuleError with file and offset', () => {
  const { capsules, profiles } = handWritten();
  const good = packCapsules(capsules, profiles);
  const h = header(good);

  it('the header describes the sections', () => {
    expect(h.length).toBe(good.length);
    expect(h.strings).toBe(PACK_HEADER_SIZE);
    expect(h.capsules).toBeGreaterThan(h.strings);
    expect(h.profiles).toBeGreaterThan(h.capsules);
  });

  const boundaries = (): [string, number][] => [
    ['empty', 0],
    ['inside the magic', 2],
    ['after the magic', 4],
    ['after the version', 6],
    ['after the length', 12],
    ['after the checksum', 16],
    ['inside the section offsets', 20],
    ['at the string table', h.strings],
    ['inside the string table', h.strings + 7],
    ['at the capsule section', h.capsules],
    ['inside the first capsule', h.capsules + 9],
    ['at the profile section', h.profiles],
    ['inside the profiles', h.profiles + 5],
    ['one byte short', good.length - 1],
  ];

  it.each(boundaries())('truncated %s', (_name, at) => {
    const cut = good.slice(0, at);
    const e = expectPackError(cut, /truncated/);
    expect(e.offset).toBe(at);
  });

  it.each(boundaries())('truncated %s, with the header length patched to match', (_name, at) => {
    if (at < PACK_HEADER_SIZE) return;
    const cut = good.slice(0, at);
    new DataView(cut.buffer).setUint32(8, at, true);
    refreshCrc(cut);
    expectPackError(cut, /truncated|should start at byte|out of range|unexpected bytes/);
  });

  it('every single truncation is an error', () => {
    for (let n = 0; n < good.length; n++) expectPackError(good.slice(0, n), /truncated/, n);
  });

  it.each([
    ['a string', () => h.strings + 6],
    ['a capsule', () => h.capsules + 12],
    ['a track value', () => h.profiles - 3],
    ['a profile', () => h.profiles + 6],
    ['the last byte', () => good.length - 1],
    ['a section offset', () => 21],
  ])('flipped byte in %s → checksum error', (_name, at) => {
    const bad = good.slice();
    bad[at()]! ^= 0x5a;
    expectPackError(bad, /checksum mismatch: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}/, 12);
  });

  it('every single flipped byte is an error', () => {
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0xff;
      expectPackError(bad, /./);
    }
  });

  it('bad magic', () => {
    const bad = good.slice();
    bad.set([0x50, 0x4b, 0x03, 0x04], 0); // a zip file
    expectPackError(bad, /not a capsule pack: the file does not start with "CAPK"/, 0);
  });

  it('bad version', () => {
    const bad = good.slice();
    bad[4] = 2;
    expectPackError(bad, /unsupported pack version 2 \(this runtime reads version 1\)/, 4);
  });

  it('unknown header flags', () => {
    const bad = good.slice();
    bad[6] = 1;
    expectPackError(bad, /unknown header flags/, 6);
  });

  it('trailing bytes after the pack', () => {
    const bad = new Uint8Array(good.length + 3);
    bad.set(good);
    expectPackError(bad, /unexpected bytes after the pack's end/, good.length);
  });

  describe('crafted packs with a valid checksum', () => {
    const firstCapsule = h.capsules + 4;
    const craft = (edit: (v: DataView, b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      edit(new DataView(b.buffer), b);
      return refreshCrc(b);
    };

    it('string index out of range', () => {
      const e = expectPackError(
        craft((v) => v.setUint32(firstCapsule, 9999, true)),
        /capsule id: string index 9999 is out of range/,
        firstCapsule,
      );
      expect(e.id).toBe('?');
    });

    it('domain code out of range names the capsule', () => {
      const e = expectPackError(
        craft((_, b) => (b[firstCapsule + 4] = 42)),
        /domain code 42 is out of range/,
        firstCapsule + 4,
      );
      expect(e.id).toBe('HK_001');
      expect(e.format()).toBe(
        `${FILE}: HK_001: byte ${firstCapsule + 4}: domain code 42 is out of range (0..8)`,
      );
    });

    it('a track kind code past environment (8) is out of range', () => {
      // A one-track light capsule: its track record (kind, flags, u32 target, f16 value) sits right
      // before the profile section (u32 count 0), at the end of the pack.
      const lightPack = packCapsules([
        {
          ...validCapsule('LD_001', [track({ kind: 'light', target: 'softness', value: 0.3 })]),
          domain: 'LD',
        },
      ]);
      const at = lightPack.length - 4 - 2 - 4 - 1 - 1; // profile count, f16 value, target, flags, kind
      expect(lightPack[at]).toBe(6);
      const b = lightPack.slice();
      b[at] = 9;
      const e = expectPackError(refreshCrc(b), /kind code 9 is out of range \(0\.\.8\)/, at);
      expect(e.id).toBe('LD_001');
    });

    it('reserved byte set', () => {
      expectPackError(
        craft((_, b) => (b[firstCapsule + 9] = 1)),
        /reserved byte is not 0/,
        firstCapsule + 9,
      );
    });

    it('unknown capsule flags', () => {
      expectPackError(
        craft((v) => v.setUint16(firstCapsule + 10, 0x100, true)),
        /unknown capsule flags/,
        firstCapsule + 10,
      );
    });

    it('string count that cannot fit', () => {
      expectPackError(
        craft((v) => v.setUint32(h.strings, 0xffffffff, true)),
        /string count 4294967295 cannot fit/,
      );
    });

    it('string length past the end', () => {
      expectPackError(
        craft((v) => v.setUint16(h.strings + 4, 0xffff, true)),
        /truncated: string 0 needs 65535 bytes/,
      );
    });

    it('invalid UTF-8 in a string', () => {
      expectPackError(
        craft((_, b) => (b[h.strings + 6] = 0xff)),
        /string 0 is not valid UTF-8/,
        h.strings + 6,
      );
    });

    it('a section offset that does not match', () => {
      expectPackError(
        craft((v) => v.setUint32(20, h.capsules + 1, true)),
        /capsule section should start at byte/,
      );
    });

    it('a NaN where a number belongs', () => {
      // duration_ms is the second f64 after id, codes, flags, subtype and description (all present).
      const at = firstCapsule + 4 + 6 + 2 + 4 + 4 + 8 + 8;
      const e = expectPackError(
        craft((v) => v.setFloat64(at, Number.NaN, true)),
        /duration_ms is not a finite number/,
        at,
      );
      expect(e.id).toBe('HK_001');
    });

    it('a capsule count larger than the pack', () => {
      expectPackError(
        craft((v) => v.setUint32(h.capsules, capsules.length + 1, true)),
        /the capsule section ends after 5 capsules, but its count says 6/,
        h.profiles,
      );
    });

    it('random corruption never escapes as anything but a CapsuleError', () => {
      let seed = 12345;
      const rand = (): number => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed / 2 ** 32;
      };
      let decoded = 0;
      for (let trial = 0; trial < 3000; trial++) {
        const b = good.slice();
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < n; k++) b[16 + Math.floor(rand() * (b.length - 16))] = Math.floor(rand() * 256);
        refreshCrc(b);
        const err = catchError(() => unpackCapsules(b, FILE));
        if (err === undefined) decoded++;
        else expect(err).toBeInstanceOf(CapsuleError);
      }
      // Some changes land in values and still decode; the registry then validates them.
      expect(decoded).toBeGreaterThan(0);
    });
  });

  it('loadPack reports a corrupt pack and loads nothing', () => {
    const bad = good.slice(0, 40);
    const { registry, errors, counts } = loadPack(bad, FILE);
    expect(registry.size).toBe(0);
    expect(counts.capsules).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CapsuleError);
    expect(errors[0]!.format()).toMatch(
      /^lib\.capk: \?: byte 40: pack is truncated: the header says \d+ bytes, but the pack ends at byte 40$/,
    );
  });

  it('loadPack validates what it decodes', () => {
    const c = validCapsule('HK_001');
    c.priority = 10;
    const b = packCapsules([c]);
    // Raise priority to 11 in place (id u32, domain, blend, then priority).
    const at = header(b).capsules + 4 + 4 + 2;
    expect(b[at]).toBe(10);
    b[at] = 11;
    refreshCrc(b);
    const { errors } = loadPack(b, FILE);
    expect(errors.map(String)).toEqual([`${FILE}: HK_001: priority: must be between 0 and 10, got 11`]);
  });
});

describe('byte reader', () => {
  it('reads within bounds and fails past the end with the offset', () => {
    const r = createByteReader(new Uint8Array([1, 2, 3]), 'x.bin');
    expect(r.u16('a')).toBe(0x0201);
    const e = catchError(() => r.u32('count')) as CapsuleError;
    expect(e).toBeInstanceOf(CapsuleError);
    expect(e.format()).toBe(
      'x.bin: ?: byte 2: pack is truncated: count needs 4 bytes at byte 2, but the pack ends at byte 3',
    );
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
