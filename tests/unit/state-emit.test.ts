import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capsulePlugin } from '../../engine/capsules/plugin.ts';
import { CAPSULE_RUNTIME } from '../../engine/capsules/runtime.ts';
import type { CapsuleRuntime } from '../../engine/capsules/runtime.ts';
import { createSimulatedClock } from '../../engine/ecs/clock.ts';
import { createEngine } from '../../engine/ecs/engine.ts';
import { createAvatar, LEAD_LAG, leadLagPlugin } from '../../engine/avatar/index.ts';
import type { LeadLagResource } from '../../engine/avatar/index.ts';
import {
  AVATAR_STATE,
  avatarStateErrors,
  callbackSink,
  emotionInputHub,
  EmotionInputError,
  socketSink,
  statePlugin,
} from '../../engine/state/index.ts';
import type { AvatarState, AvatarStateResource, StatePluginOptions } from '../../engine/state/index.ts';
import { fileSink } from '../../engine/state/file-sink.ts';
import { jsonlSink } from '../../engine/state/jsonl-sink.ts';
import { capsule, testRegistry } from '../helpers/capsules.ts';

const LIB = [
  capsule({ id: 'HK_201', duration_ms: 400 }),
  capsule({
    id: 'FMM_201',
    domain: 'FMM',
    duration_ms: 1000,
    envelope: { attack_ms: 400, hold_ms: 200, release_ms: 400, easing: 'linear' },
    tracks: [{ kind: 'expression', target: 'happy', value: 0.8 }],
  }),
  capsule({
    id: 'BK_201',
    domain: 'BK',
    subtype: 'nod',
    duration_ms: 300,
    tracks: [{ kind: 'joint', target: 'head', value: [8, 0, 0] }],
  }),
  capsule({
    id: 'BK_202',
    domain: 'BK',
    subtype: 'breathing',
    duration_ms: 3000,
    tracks: [{ kind: 'joint', target: 'chest', value: [1, 0, 0] }],
  }),
];
const PROFILE = { format_version: 1 as const, id: 'warm', capsules: [{ id: 'FMM_201', weight: 1 }] };

function setup(options: Partial<StatePluginOptions> = {}) {
  const clock = createSimulatedClock();
  const states: AvatarState[] = [];
  const jsons: string[] = [];
  const engine = createEngine({
    clock,
    seed: 3,
    plugins: [
      capsulePlugin(testRegistry(LIB, [PROFILE])),
      leadLagPlugin(),
      statePlugin({ sinks: [callbackSink((s, j) => (states.push(s), jsons.push(j)))], ...options }),
    ],
  });
  const runtime = engine.resource<CapsuleRuntime>(CAPSULE_RUNTIME);
  const state = engine.resource<AvatarStateResource>(AVATAR_STATE);
  let t = 0;
  const run = async (toMs: number, step = 1000 / 60) => {
    for (; t <= toMs + 1e-9; t += step) {
      clock.set(t);
      engine.update();
      await Promise.resolve();
    }
  };
  return { clock, engine, runtime, state, states, jsons, run };
}

describe('statePlugin', () => {
  it('emits schema-valid states with injected time, mode and LOCAL_OWNER; idle avatar is neutral and idle', async () => {
    const s = setup({ mode: 'replay', localOwner: false });
    const ada = s.runtime.addAvatar('ada');
    await s.run(0);
    expect(s.states).toHaveLength(1);
    const first = s.states[0]!;
    expect(avatarStateErrors(first)).toEqual([]);
    expect(first).toMatchObject({
      avatar: 'ada',
      expression: 'neutral',
      motion: 'idle',
      is_speaking: false,
      current_phrase: null,
      viseme_timeline: [],
      timestamp: 0,
      mode: 'replay',
      LOCAL_OWNER: false,
      mood: null,
      intensity: 0,
    });
    expect(s.jsons[0]).toBe(JSON.stringify(first));
    expect(s.state.latest(ada)).toBe(first);
  });

  it('an unchanged state is re-sent only by the heartbeat', async () => {
    const s = setup({ heartbeatMs: 500 });
    s.runtime.addAvatar('ada');
    await s.run(2000, 10);
    expect(s.states.map((x) => x.timestamp)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('throttles to maxHz while the face changes, and reports the dominant expression and intensity', async () => {
    const s = setup({ maxHz: 10, heartbeatMs: 0, intensityEpsilon: 0 });
    const ada = s.runtime.addAvatar('ada');
    s.runtime.play(ada, 'FMM_201', { atMs: 100 });
    await s.run(1200);
    const times = s.states.map((x) => x.timestamp);
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100 - 1e-6);
    expect(s.states.length).toBeGreaterThanOrEqual(8);
    const peak = s.states.find((x) => x.timestamp >= 550 && x.timestamp <= 650)!;
    expect(peak.expression).toBe('happy');
    expect(peak.intensity).toBeCloseTo(0.8, 2);
    for (const st of s.states) {
      expect(st.intensity).toBeGreaterThanOrEqual(0);
      expect(st.intensity).toBeLessThanOrEqual(1);
      expect(avatarStateErrors(st)).toEqual([]);
    }
    expect(s.states.at(-1)!.expression).toBe('neutral');
  });

  it('labels motion symbolically: gestures outrank body motion; idle subtypes stay idle', async () => {
    const s = setup({ heartbeatMs: 0 });
    const ada = s.runtime.addAvatar('ada');
    s.runtime.play(ada, 'BK_202', { atMs: 0 });
    s.runtime.play(ada, 'BK_201', { atMs: 150 });
    s.runtime.play(ada, 'HK_201', { atMs: 400 });
    await s.run(1200);
    const at = (ms: number) => s.states.filter((x) => x.timestamp <= ms).at(-1)!.motion;
    expect(at(140)).toBe('idle');
    expect(at(390)).toBe('nod');
    expect(at(600)).toBe('gesture:HK_201');
    expect(at(1200)).toBe('idle');
  });

  it('speaking: emits at once when the voice starts and stops, with the line and its upcoming visemes', async () => {
    const s = setup({ maxHz: 2, heartbeatMs: 0 });
    const ava = createAvatar(s.engine, { name: 'ava' });
    const handle = ava.perform({ text: 'Hello there, friend.' });
    await s.run(4000);
    await handle.done;
    const lanes = s.engine.resource<LeadLagResource>(LEAD_LAG).utterances[0]!;
    const audio = lanes.items.find((i) => i.kind === 'audio')!;
    const on = s.states.find((x) => x.is_speaking)!;
    // The first frame at or after the audio's start, not the next throttle slot.
    expect(on.timestamp).toBeGreaterThanOrEqual(audio.start);
    expect(on.timestamp - audio.start).toBeLessThan(1000 / 60 + 1e-6);
    expect(on.current_phrase).toBe('Hello there, friend.');
    expect(on.viseme_timeline.length).toBeGreaterThan(3);
    const vt = on.viseme_timeline;
    for (let i = 1; i < vt.length; i++) expect(vt[i]!.time).toBeGreaterThanOrEqual(vt[i - 1]!.time);
    expect(vt[0]!.time + vt[0]!.duration).toBeGreaterThan(on.timestamp);
    const off = s.states.find((x) => x.timestamp > on.timestamp && !x.is_speaking)!;
    expect(off.timestamp).toBeGreaterThanOrEqual(audio.end);
    expect(off.timestamp - audio.end).toBeLessThan(1000 / 60 + 1e-6);
    expect(off.current_phrase).toBeNull();
    expect(off.viseme_timeline).toEqual([]);
    for (const st of s.states) expect(avatarStateErrors(st)).toEqual([]);
  });

  it('mood comes from the last emotion input, else the noted profile; mood is a label only', async () => {
    const s = setup({ heartbeatMs: 0 });
    const ada = s.runtime.addAvatar('ada');
    s.state.setProfile(ada, 'warm');
    await s.run(0);
    expect(s.states.at(-1)!.mood).toBe('warm');
    emotionInputHub(s.engine).push(ada, { valence: -0.6, arousal: -0.4 });
    await s.run(200);
    expect(s.states.at(-1)!.mood).toBe('sad');
    expect(s.states.at(-1)!.intensity).toBeCloseTo(0.6, 5);
    expect(s.states.at(-1)!.expression).toBe('neutral');
    emotionInputHub(s.engine).push(ada, { emotions: { joy: 0.9, anger: 0.1 } });
    await s.run(400);
    expect(s.states.at(-1)!.mood).toBe('joy');
    expect(() => emotionInputHub(s.engine).push(ada, { valence: 2 }, 'packet 7')).toThrow(EmotionInputError);
    expect(() => emotionInputHub(s.engine).push(ada, { valence: NaN }, 'packet 8')).toThrow(
      /packet 8: valence/,
    );
    expect(emotionInputHub(s.engine).latest(ada)!.input).toEqual({ emotions: { joy: 0.9, anger: 0.1 } });
  });

  it("a spoken line's profile becomes the mood without setProfile, and stays after the line", async () => {
    const s = setup({ heartbeatMs: 0 });
    const ava = createAvatar(s.engine, { name: 'ava' });
    await s.run(0);
    expect(s.states.at(-1)!.mood).toBeNull();
    ava.perform({ text: 'Hello there.', profile: 'warm' });
    await s.run(400);
    expect(s.states.at(-1)!.is_speaking).toBe(true);
    expect(s.states.at(-1)!.mood).toBe('warm');
    await s.run(6000);
    expect(s.states.at(-1)!.is_speaking).toBe(false);
    expect(s.states.at(-1)!.mood).toBe('warm');
  });

  it('a failing sink is logged and the other sinks still get every state', async () => {
    const sent: string[] = [];
    const errors: string[] = [];
    const s = setup({
      heartbeatMs: 100,
      onError: (m) => errors.push(m),
      sinks: [
        {
          name: 'broken',
          write: () => {
            throw new Error('disk full');
          },
        },
        socketSink({ send: (j) => sent.push(j) }),
      ],
    });
    s.runtime.addAvatar('ada');
    await s.run(300, 10);
    expect(sent).toHaveLength(4);
    expect(JSON.parse(sent[3]!).timestamp).toBeCloseTo(300, 6);
    expect(errors[0]).toBe('state sink broken: disk full');
    expect(s.state.errors).toHaveLength(4);
  });

  it('emits only the chosen avatars, stops with a removed avatar, and keeps long lines schema-valid', async () => {
    const s = setup({ heartbeatMs: 100 });
    const a = s.runtime.addAvatar('a');
    const b = createAvatar(s.engine, { name: 'b'.repeat(200) });
    b.perform({ text: 'word '.repeat(1000) });
    await s.run(1000, 10);
    const names = new Set(s.states.map((x) => x.avatar));
    expect(names).toEqual(new Set(['a', 'b'.repeat(128)]));
    const long = s.states.find((x) => x.is_speaking)!;
    expect(long.current_phrase).toHaveLength(4096);
    expect(avatarStateErrors(long)).toEqual([]);
    s.runtime.removeAvatar(a);
    const count = s.states.length;
    await s.run(1500, 10);
    expect(s.states.slice(count).every((x) => x.avatar !== 'a')).toBe(true);
    expect(() => s.state.setProfile(b.entity, 'not a label')).toThrow(TypeError);
  });

  it("a new avatar under a removed one's recycled entity id inherits none of its mood or emotion", async () => {
    const s = setup({ heartbeatMs: 0 });
    const old = s.runtime.addAvatar('old');
    s.state.setProfile(old, 'warm');
    emotionInputHub(s.engine).push(old, { valence: -0.6, arousal: -0.4 });
    await s.run(100);
    expect(s.states.at(-1)!.mood).toBe('sad');
    s.runtime.removeAvatar(old);
    const fresh = s.runtime.addAvatar('fresh');
    expect(fresh).toBe(old); // bitecs recycles the id: the case under test
    await s.run(300);
    const last = s.states.filter((x) => x.avatar === 'fresh').at(-1)!;
    expect(last.mood).toBeNull();
    expect(last.intensity).toBe(0);
    emotionInputHub(s.engine).push(fresh, { emotions: { joy: 0.9 } });
    await s.run(500);
    expect(s.states.at(-1)!.mood).toBe('joy');
  });

  it('the avatars option restricts emission', async () => {
    const s = setup({ heartbeatMs: 100, avatars: [2] });
    s.runtime.addAvatar('x');
    s.runtime.addAvatar('y');
    s.runtime.addAvatar('z');
    await s.run(300, 10);
    // Entity ids are deterministic; 2 is one of the three.
    expect(new Set(s.states.map((x) => x.avatar))).toEqual(new Set([s.runtime.avatars.name[2]]));
    expect(s.states).toHaveLength(4);
  });

  it('request() emits at the next frame whatever the throttle', async () => {
    const s = setup({ heartbeatMs: 0 });
    const ada = s.runtime.addAvatar('ada');
    await s.run(100);
    expect(s.states).toHaveLength(1);
    s.state.request(ada);
    await s.run(120);
    expect(s.states).toHaveLength(2);
    s.state.request();
    await s.run(140);
    expect(s.states).toHaveLength(3);
  });
});

describe('fileSink', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('writes the latest state atomically, throttled by engine time, and flushes the held-back one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const path = join(dir, 'sub', 'ada.state.json');
    const file = fileSink(path, { minIntervalMs: 250, trailingMs: 0 });
    const s = setup({ heartbeatMs: 100, sinks: [file] });
    s.runtime.addAvatar('ada');
    const seen: number[] = [];
    for (let ms = 0; ms <= 600; ms += 50) {
      await s.run(ms, 50);
      if (existsSync(path)) seen.push(JSON.parse(readFileSync(path, 'utf8')).timestamp);
    }
    // States at 0, 100, …, 600; writes at 0, 300, 600 (≥ 250 ms apart); 200 and 500 were held back and overtaken.
    expect(file.writes).toBe(3);
    expect([...new Set(seen)]).toEqual([0, 300, 600]);
    await s.run(700, 50);
    expect(JSON.parse(readFileSync(path, 'utf8')).timestamp).toBe(600);
    file.flush();
    const last = JSON.parse(readFileSync(path, 'utf8'));
    expect(last.timestamp).toBe(700);
    expect(avatarStateErrors(last)).toEqual([]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['ada.state.json']);
  });

  it('jsonlSink keeps every emitted state, one valid JSON line each, in order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-jsonl-'));
    const path = join(dir, 'log', 'states.jsonl');
    const log = jsonlSink(path);
    const s = setup({ heartbeatMs: 100, sinks: [log] });
    s.runtime.addAvatar('ada');
    await s.run(500, 50);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(log.lines);
    expect(lines.map((l) => JSON.parse(l).timestamp)).toEqual([0, 100, 200, 300, 400, 500]);
    for (const l of lines) expect(avatarStateErrors(JSON.parse(l))).toEqual([]);
    expect(jsonlSink(path).lines).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('a reader in another process never sees a half-written file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-atomic-'));
    const path = join(dir, 'big.state.json');
    const sink = fileSink(path, { minIntervalMs: 0, trailingMs: 0 });
    const big = (i: number): AvatarState => ({
      format_version: 1,
      avatar: 'ada',
      mood: null,
      intensity: 0,
      expression: 'neutral',
      motion: 'idle',
      current_phrase: 'x'.repeat(4096),
      is_speaking: true,
      viseme_timeline: Array.from({ length: 256 }, (_, k) => ({
        time: i + k,
        duration: 50,
        viseme: 'aa' as const,
      })),
      timestamp: i,
      mode: 'live',
      LOCAL_OWNER: true,
    });
    sink.write(big(0), JSON.stringify(big(0)));
    // The reader parses the file as fast as it can until told to stop, then reports.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');let ok=0,bad=0,stop=false;process.stdin.on('data',()=>stop=true);
         (function loop(){for(let i=0;i<50;i++){try{JSON.parse(fs.readFileSync(${JSON.stringify(path)},'utf8'));ok++}catch{bad++}}
         if(stop){process.stdout.write(JSON.stringify({ok,bad}));process.exit(0)}setImmediate(loop)})();
         process.stdout.write('ready\\n');`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    reader.stdout.setEncoding('utf8');
    await new Promise<void>((resolve) =>
      reader.stdout.on('data', (c: string) => {
        out += c;
        if (out.includes('ready\n')) resolve();
      }),
    );
    for (let i = 1; i <= 400; i++) sink.write(big(i), JSON.stringify(big(i)));
    const done = new Promise<void>((resolve) => reader.on('exit', () => resolve()));
    reader.stdin.write('stop\n');
    await done;
    const report = JSON.parse(out.slice(out.indexOf('ready\n') + 6)) as { ok: number; bad: number };
    expect(sink.writes).toBe(401);
    expect(report.ok).toBeGreaterThan(0);
    expect(report.bad).toBe(0);
  });
});
