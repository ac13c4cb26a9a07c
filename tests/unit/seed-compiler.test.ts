/**
 * The seed hand library compiler: the committed capsules/HK and capsules/HF are exactly what it
 * makes, every capsule is schema-valid and inside the rig's joint limits, and each subtype moves
 * the hand the way its seed parameters say.
 */
import { Ajv } from 'ajv';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Capsule, CapsuleTrack, JointTrack } from '../../engine/capsules/schema-types.ts';
import { HUMAN_BONES } from '../../engine/rig/bones.ts';
import { digitLength, TIP_POSITION_MM } from '../../tools/seed/anatomy.ts';
import type { Finger } from '../../tools/seed/anatomy.ts';
import { compileSeedLibrary, SEED_FILES } from '../../tools/seed/compile.ts';
import { runCompileSeed } from '../../tools/commands/compile-seed.ts';
import schema from '../../capsules/capsule.schema.json' with { type: 'json' };

type Params = Record<string, unknown>;
interface SeedRecord {
  capsule_id: string;
  subtype: string;
  params: Params;
  trigger: { offset_ms: number; probability: number };
  priority: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const hk = readJson(`capsules/source/${SEED_FILES.HK}`) as SeedRecord[];
const hf = readJson(`capsules/source/${SEED_FILES.HF}`) as SeedRecord[];
const seeds = [...hk, ...hf];
const library = compileSeedLibrary(hk, hf);
const capsules = new Map<string, Capsule>(
  [...library.files.values()].map((text) => {
    const c = JSON.parse(text) as Capsule;
    return [c.id, c];
  }),
);
const compiled = (id: string): Capsule => {
  const c = capsules.get(id);
  if (!c) throw new Error(`no compiled capsule ${id}`);
  return c;
};
const ofSubtype = (subtype: string): SeedRecord[] => seeds.filter((s) => s.subtype === subtype);
const joint = (c: Capsule, bone: string): JointTrack => {
  const t = c.tracks.find((x): x is JointTrack => x.kind === 'joint' && x.target === bone);
  if (!t) throw new Error(`${c.id} has no track on ${bone}`);
  return t;
};
const FINGER: Record<string, Finger> = {
  thumb: 'Thumb',
  index: 'Index',
  middle: 'Middle',
  ring: 'Ring',
  little: 'Little',
  pinky: 'Little',
};
const ORDER: Finger[] = ['Thumb', 'Index', 'Middle', 'Ring', 'Little'];
const RAD = Math.PI / 180;

describe('committed library', () => {
  it('is byte-identical to a fresh compile of capsules/source, with no extra files', () => {
    for (const folder of ['HK', 'HF']) {
      const onDisk = readdirSync(join(ROOT, 'capsules', folder)).sort();
      const made = [...library.files.keys()]
        .filter((k) => k.startsWith(`${folder}/`))
        .map((k) => k.slice(folder.length + 1))
        .sort();
      expect(onDisk).toEqual(made);
      for (const name of made)
        expect(readFileSync(join(ROOT, 'capsules', folder, name), 'utf8'), name).toBe(
          library.files.get(`${folder}/${name}`),
        );
    }
  });

  it('has 71 HK and 78 HF capsules under their original ids, HK_031 among them', () => {
    const ids = [...library.files.keys()];
    expect(ids.filter((k) => k.startsWith('HK/HK_'))).toHaveLength(71);
    expect(ids.filter((k) => k.startsWith('HF/HF_'))).toHaveLength(78);
    for (const s of seeds) expect(compiled(s.capsule_id).id).toBe(s.capsule_id);
    const c = compiled('HK_031');
    expect(c.subtype).toBe('tap_rhythm');
    expect(c.source?.['params']).toEqual(hk.find((s) => s.capsule_id === 'HK_031')!.params);
  });

  it('is deterministic and warns only about the one-finger spread', () => {
    expect(compileSeedLibrary(hk, hf)).toEqual(library);
    expect(library.warnings).toHaveLength(1);
    expect(library.warnings[0]).toMatch(/HF_016.*one finger/);
  });
});

describe('every compiled capsule', () => {
  const validate = new Ajv({ allErrors: true, useDefaults: true, discriminator: true }).compile(schema);

  it('validates against capsules/capsule.schema.json', () => {
    for (const c of capsules.values()) {
      const ok = validate(structuredClone(c));
      expect(ok ? [] : validate.errors, c.id).toEqual([]);
    }
  });

  it('keeps the seed trigger and priority, domain HK, one-line description and provenance', () => {
    for (const s of seeds) {
      const c = compiled(s.capsule_id);
      expect(c.domain).toBe('HK');
      expect(c.trigger).toEqual(s.trigger);
      expect(c.priority).toBe(s.priority);
      expect(c.description).toMatch(/^[^\n]{10,200}$/);
      expect(c.source?.['params']).toEqual(s.params);
    }
  });

  it('has attack + hold + release == duration_ms, and easing none only as a gate', () => {
    for (const c of capsules.values()) {
      const e = c.envelope;
      expect(e.attack_ms + e.hold_ms + e.release_ms, c.id).toBe(c.duration_ms);
      if (e.easing === 'none') expect([e.attack_ms, e.release_ms], c.id).toEqual([0, 0]);
    }
  });

  it('gives each joint track exactly one of value, keys or noise, keys strictly increasing over 0..1', () => {
    for (const c of capsules.values()) {
      for (const t of c.tracks) {
        if (t.kind === 'capsule') continue;
        const present = (['value', 'keys', 'noise'] as const).filter((k) => t[k] !== undefined);
        expect(present, `${c.id} ${JSON.stringify(t).slice(0, 60)}`).toHaveLength(1);
        if (!t.keys) continue;
        expect(t.keys[0]!.t).toBe(0);
        expect(t.keys.at(-1)!.t).toBe(1);
        for (let i = 1; i < t.keys.length; i++) expect(t.keys[i]!.t, c.id).toBeGreaterThan(t.keys[i - 1]!.t);
      }
    }
  });

  it('keeps every joint value — constants, every key, ± noise amplitude — inside its bone limits', () => {
    const limits = new Map(HUMAN_BONES.map((b) => [b.name as string, [b.limits.x, b.limits.y, b.limits.z]]));
    let checked = 0;
    for (const c of capsules.values()) {
      for (const t of c.tracks) {
        if (t.kind !== 'joint') continue;
        expect(t.target.startsWith('right'), `${c.id} drives the right hand`).toBe(true);
        const lim = limits.get(t.target)!;
        const vectors: number[][] = [];
        if (t.value) vectors.push(t.value);
        t.keys?.forEach((k) => vectors.push(k.value));
        const amp = t.noise?.amplitude;
        if (amp !== undefined) {
          const a = typeof amp === 'number' ? [amp, amp, amp] : amp;
          vectors.push(
            a,
            a.map((x) => -x),
          );
        }
        for (const v of vectors)
          v.forEach((x, axis) => {
            const [lo, hi] = lim[axis]!;
            expect(x, `${c.id} ${t.target} ${'xyz'[axis]}`).toBeGreaterThanOrEqual(lo);
            expect(x, `${c.id} ${t.target} ${'xyz'[axis]}`).toBeLessThanOrEqual(hi);
            checked++;
          });
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('per subtype', () => {
  /** Right-hand flexion of a digit's bone: fingers curl with +z, the thumb with −y (mirrored). */
  const flexion = (f: Finger, v: number[]): number => (f === 'Thumb' ? -v[1]! : v[2]!);
  const spreadBone = (f: Finger): string => `right${f}${f === 'Thumb' ? 'Metacarpal' : 'Proximal'}`;

  it('finger_cluster draws the two digits toward each other by the seed fraction and bends both', () => {
    for (const s of ofSubtype('finger_cluster')) {
      const c = compiled(s.capsule_id);
      const [a, b] = (s.params['fingers'] as string[])
        .map((n) => FINGER[n]!)
        .sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y));
      // Right hand: −y moves a digit toward the little finger, +y toward the thumb.
      const ya = joint(c, spreadBone(a!)).value![1]!;
      const yb = joint(c, spreadBone(b!)).value![1]!;
      expect(ya, `${c.id} ${a} moves toward ${b}`).toBeLessThan(0);
      expect(yb, `${c.id} ${b} moves toward ${a}`).toBeGreaterThan(0);
      const closedMm = -ya * RAD * digitLength(a!) + yb * RAD * digitLength(b!);
      const gap = TIP_POSITION_MM[b!] - TIP_POSITION_MM[a!];
      expect(closedMm / gap, c.id).toBeCloseTo(-(s.params['distance_change'] as number), 3);
      for (const f of [a!, b!]) {
        const bone = `right${f}${f === 'Thumb' ? 'Distal' : 'Intermediate'}`;
        expect(flexion(f, joint(c, bone).value!), `${c.id} ${f} bends`).toBeGreaterThan(5);
      }
    }
  });

  it('finger_spread fans the digits out, widening the hand by spread_factor', () => {
    for (const s of ofSubtype('finger_spread')) {
      const c = compiled(s.capsule_id);
      const moved = ORDER.flatMap((f) => {
        const t = c.tracks.find((x): x is JointTrack => x.kind === 'joint' && x.target === spreadBone(f));
        return t ? [{ f, v: t.value! }] : [];
      });
      expect(moved.length, c.id).toBe(c.tracks.length);
      const radial = moved[0]!;
      const ulnar = moved.at(-1)!;
      // Right hand: +y turns a digit toward the thumb side, −y toward the little finger.
      expect(radial.v[1], `${c.id} radial digit moves toward the thumb side`).toBeGreaterThan(0);
      expect(ulnar.v[1], `${c.id} ulnar digit moves toward the little side`).toBeLessThan(0);
      for (const m of moved) expect([m.v[0], m.v[2]]).toEqual([0, 0]);
      const widenedMm = (radial.v[1]! * digitLength(radial.f) - ulnar.v[1]! * digitLength(ulnar.f)) * RAD;
      const span = TIP_POSITION_MM[ulnar.f] - TIP_POSITION_MM[radial.f];
      expect(widenedMm / span, c.id).toBeCloseTo(s.params['spread_factor'] as number, 3);
    }
  });

  it('thumb_index_press closes thumb and index more for a smaller target at the same pressure', () => {
    const press = ofSubtype('thumb_index_press').map((s) => ({
      target: s.params['distance_target'] as number,
      pressure: s.params['pressure_curve'] as string,
      flex: joint(compiled(s.capsule_id), 'rightIndexIntermediate').value![2]!,
      thumb: -joint(compiled(s.capsule_id), 'rightThumbDistal').value![1]!,
    }));
    for (const p of press) expect(Math.min(p.flex, p.thumb)).toBeGreaterThan(3);
    for (const p of press)
      for (const q of press)
        if (p.pressure === q.pressure && p.target < q.target)
          expect(p.flex, `${p.target} vs ${q.target}`).toBeGreaterThan(q.flex);
  });

  it('tap_rhythm has exactly tap_count flexion peaks and lasts (count − 1) × interval + tap', () => {
    for (const s of ofSubtype('tap_rhythm')) {
      const c = compiled(s.capsule_id);
      const f = FINGER[s.params['finger'] as string]!;
      const keys = joint(c, `right${f}Proximal`).keys!;
      const v = keys.map((k) => flexion(f, k.value));
      let peaks = 0;
      for (let i = 1; i < v.length - 1; i++) if (v[i]! > v[i - 1]! && v[i]! > v[i + 1]!) peaks++;
      const n = s.params['tap_count'] as number;
      expect(peaks, c.id).toBe(n);
      expect(Math.min(...v) + 0, `${c.id} never extends`).toBe(0);
      const interval = n > 1 ? (s.params['interval_ms'] as number) : 0;
      expect(c.duration_ms, c.id).toBe((n - 1) * interval + (s.params['duration_ms'] as number));
    }
  });

  it('finger_wave peaks travel across the digits in the order listed', () => {
    for (const s of ofSubtype('finger_wave')) {
      const c = compiled(s.capsule_id);
      const peakTimes = (s.params['affected_fingers'] as string[]).map((n) => {
        const f = FINGER[n]!;
        const keys = joint(c, `right${f}Proximal`).keys!;
        let best = keys[0]!;
        for (const k of keys) if (flexion(f, k.value) > flexion(f, best.value)) best = k;
        expect(flexion(f, best.value), `${c.id} ${f} bends`).toBeGreaterThan(2);
        return best.t;
      });
      for (let i = 1; i < peakTimes.length; i++)
        expect(peakTimes[i], c.id).toBeGreaterThan(peakTimes[i - 1]!);
    }
  });

  it('palm_orientation ends at the seed angle on the mapped wrist axis (yaw → −z, pitch → −y, roll → +x)', () => {
    const map: Record<string, [number, number]> = { yaw: [2, -1], pitch: [1, -1], roll: [0, 1] };
    for (const s of ofSubtype('palm_orientation')) {
      const v = joint(compiled(s.capsule_id), 'rightHand').value!;
      const [axis, sign] = map[s.params['axis'] as string]!;
      expect(v[axis], s.capsule_id).toBe(sign * (s.params['angle_deg_end'] as number));
      v.forEach((x, i) => i !== axis && expect(x).toBe(0));
    }
  });

  it('hand_roll turns forearm and wrist together by the seed roll (+ = pronation)', () => {
    for (const s of ofSubtype('hand_roll')) {
      const c = compiled(s.capsule_id);
      const total = joint(c, 'rightLowerArm').value![0]! + joint(c, 'rightHand').value![0]!;
      expect(total, c.id).toBeCloseTo(s.params['roll_deg_end'] as number, 2);
    }
  });

  it('abort_arc always aborts at abort_percent, retracting as the seed says, along the stated direction', () => {
    for (const s of ofSubtype('abort_arc')) {
      const c = compiled(s.capsule_id);
      expect(c.abort, c.id).toEqual({
        probability: 1,
        at: s.params['abort_percent'],
        retract: s.params['retract'],
      });
      const dir = s.params['direction'] as string;
      const elbow = c.tracks.find((t): t is JointTrack => t.kind === 'joint' && t.target === 'rightLowerArm');
      const wrist = c.tracks.find((t): t is JointTrack => t.kind === 'joint' && t.target === 'rightHand');
      const end = (t: JointTrack | undefined, axis: number): number => t?.keys!.at(-1)!.value[axis] ?? 0;
      const start = (t: JointTrack | undefined, axis: number): number => t?.keys![0]!.value[axis] ?? 0;
      const goesUp = /up/.test(dir) && !/up->/.test(dir);
      const goesDown = /down/.test(dir) && !/down->/.test(dir);
      // Image right is the avatar's left: medial for the right hand, i.e. wrist flexion (+z).
      const goesRight = /right$/.test(dir);
      const goesLeft = /left$/.test(dir);
      if (goesUp) expect(end(elbow, 1), c.id).toBeGreaterThan(start(elbow, 1));
      if (goesDown) expect(end(elbow, 1), c.id).toBeLessThan(start(elbow, 1));
      if (goesRight) expect(end(wrist, 2), c.id).toBeGreaterThan(0);
      if (goesLeft) expect(end(wrist, 2), c.id).toBeLessThan(0);
      if (!goesLeft && !goesRight) expect(wrist, c.id).toBeUndefined();
      for (const t of [elbow, wrist])
        if (t)
          expect(
            t.keys!.some((k) => k.t === c.abort!.at),
            c.id,
          ).toBe(true);
    }
  });

  it('micro_noise runs at the seed frequency with the seed rotation at the wrist', () => {
    for (const s of ofSubtype('micro_noise')) {
      const c = compiled(s.capsule_id);
      for (const t of c.tracks as JointTrack[])
        expect(t.noise!.frequency_hz, c.id).toBe(s.params['frequency_hz']);
      const r = s.params['max_rotation_deg'];
      expect(joint(c, 'rightHand').noise!.amplitude).toEqual([r, r, r]);
      expect(c.envelope).toEqual({ attack_ms: 0, hold_ms: c.duration_ms, release_ms: 0, easing: 'none' });
    }
  });

  it('combined references existing capsules with the seed weights and lasts as long as its longest part', () => {
    const combos = ofSubtype('combined');
    expect(combos).toHaveLength(10);
    for (const s of combos) {
      const c = compiled(s.capsule_id);
      const parts = s.params['components'] as { cid: string; weight: number }[];
      expect(c.tracks).toEqual(
        parts.map((p) => ({ kind: 'capsule', target: p.cid, weight: p.weight, offset_ms: 0 })),
      );
      const durations = (c.tracks as CapsuleTrack[]).map(
        (t) => (t.offset_ms ?? 0) + compiled(t.target).duration_ms,
      );
      expect(c.duration_ms, c.id).toBe(Math.max(...durations));
      expect(c.envelope).toEqual({ attack_ms: 0, hold_ms: c.duration_ms, release_ms: 0, easing: 'none' });
    }
  });
});

describe('source faults', () => {
  it('marks HF copies of HK records as duplicates, noting trigger differences', () => {
    const dups = [...capsules.values()].filter((c) => c.source?.['duplicate_of'] !== undefined);
    expect(dups).toHaveLength(56);
    expect(dups.filter((c) => c.source?.['duplicate_differs'] === undefined)).toHaveLength(53);
    expect(compiled('HF_031').source?.['duplicate_of']).toBe('HK_031');
    expect(compiled('HF_008').source?.['duplicate_differs']).toEqual(['trigger.probability']);
    expect(compiled('HF_001').source?.['duplicate_of']).toBeUndefined();
  });

  it('reads "pinky" and "little" as the same VRM Little finger', () => {
    const pinky = compiled('HK_002');
    const little = compiled('HK_010');
    expect(pinky.tracks.some((t) => t.kind === 'joint' && t.target === 'rightLittleProximal')).toBe(true);
    expect(little.tracks.some((t) => t.kind === 'joint' && t.target === 'rightLittleProximal')).toBe(true);
  });

  it('warns about malformed records and leaves them out instead of copying them', () => {
    const good = hk[0]!;
    const bad = [
      { ...good, capsule_id: 'HK_901', params: { ...good.params, fingers: ['index', 'toe'] } },
      { ...good, capsule_id: 'HK_902', params: { ...good.params, easing: 'bouncy' } },
      { ...good, capsule_id: 'HK_903', subtype: 'juggle' },
      { ...good, capsule_id: 'HK_904', trigger: { relative_to: 'speech_onset', offset_ms: 'soon' } },
      { ...good, capsule_id: 'HK_001' },
      'not a record',
    ];
    const combo = { ...hf.find((s) => s.subtype === 'combined')!, capsule_id: 'HF_905' };
    combo.params = { components: [{ cid: 'HF_999', weight: 0.5 }] };
    const lib = compileSeedLibrary([...hk, ...bad], [...hf, combo]);
    expect(lib.files.size).toBe(149);
    const text = lib.warnings.join('\n');
    for (const needle of [
      'HK_901: params.fingers[1]',
      'HK_902: params.easing',
      'HK_903: unknown subtype',
      'HK_904: trigger.offset_ms',
      'HK_001: id already used',
      'record 76: is not a JSON object',
      'HF_905: params.components[0].cid "HF_999"',
    ])
      expect(text).toContain(needle);
  });
});

describe('capsule compile-seed', () => {
  const quiet = {
    lines: [] as string[],
    log(m: string) {
      this.lines.push(m);
    },
    error(m: string) {
      this.lines.push(m);
    },
  };

  it('writes both folders, removes stale capsule files and reports counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    try {
      writeFileSync(join(dir, SEED_FILES.HK), JSON.stringify(hk));
      writeFileSync(join(dir, SEED_FILES.HF), JSON.stringify(hf));
      const out = join(dir, 'lib');
      expect(runCompileSeed({ source: dir, out }, quiet)).toBe(0);
      writeFileSync(join(out, 'HK', 'HK_999.capsule.json'), '{}');
      quiet.lines = [];
      expect(runCompileSeed({ source: dir, out }, quiet)).toBe(0);
      expect(quiet.lines.at(-1)).toMatch(/71 HK and 78 HF.*removed 1 stale/);
      expect(readdirSync(join(out, 'HK'))).toHaveLength(71);
      expect(readFileSync(join(out, 'HK', 'HK_031.capsule.json'), 'utf8')).toBe(
        library.files.get('HK/HK_031.capsule.json'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a message naming the file on malformed source JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    try {
      writeFileSync(join(dir, SEED_FILES.HK), JSON.stringify(hk));
      writeFileSync(join(dir, SEED_FILES.HF), '[{"capsule_id": ');
      quiet.lines = [];
      expect(runCompileSeed({ source: dir, out: join(dir, 'lib') }, quiet)).toBe(1);
      expect(quiet.lines.join('\n')).toContain(join(dir, SEED_FILES.HF));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
