/**
 * docs/library.md, generated from the built capsules, the profile definitions and the idle's defaults,
 * so the tables never drift from the files.
 */
import type { Capsule } from '../../engine/capsules/schema-types.ts';
import { IDLE_DEFAULTS } from '../../engine/idle/options.ts';
import { LIBRARY_DOMAINS } from './define.ts';
import type { LibraryDomain } from './define.ts';
import type { ProfileDef } from './profiles.ts';

const DOMAIN_TITLES: Record<LibraryDomain, [title: string, intro: string]> = {
  FMM: [
    'FMM — facial micro-muscle',
    'Blinks, brows, lips, jaw, lids, nose, cheeks and gaze steps on ARKit-52 channels (blinks on the VRM `blink` presets every VRM has). Deltas are mostly 0.1–0.6; capsules stack and the resolver clamps the sum to 0..1. No capsule moves `tongueOut`: the library is tongue-free. Blink keys close in about a third of the blink and reopen over the rest (closing is 40–47 % faster than opening; Sforza et al. 2008).',
  ],
  BK: [
    'BK — body kinetics',
    'Breathing, posture, shoulders, head tilt/turn, nods and shakes, weight shift, lean, neck retraction, and the idle’s loops. Rotation vectors in degrees in the VRM normalized frame (`engine/rig/bones.ts`): spine, neck and head bend forward with +x, turn to the avatar’s left with +y and tilt toward its left shoulder with −z; a left shoulder lifts with +z and draws forward with −y (the right mirrors). Head motion is shared by neck and head; trunk flexion is shared down the spine and partly undone at the neck so the face stays level. Every value is inside the joint limits (the build checks constants, keys and ± noise amplitudes).',
  ],
  TC: [
    'TC — temporal congruence',
    'How channels line up in time. One right-hand beat placed from 300 ms before speech to 150 ms after it, aborted gestures (retracting or fading), left-after-right onsets, the breath and lip part before speech, a hold after the phrase, late brows, and cascades that play other capsules at set offsets (`kind: "capsule"` tracks).',
  ],
  TR: [
    'TR — temporal rhythm',
    'Small motions locked to prosody: beats of head, hand, finger, brows, shoulders and trunk on stressed syllables (`relative_to: "stressed_syllable"`), blinks at phrase ends, head bobs at word boundaries. Each starts early enough that its peak lands on the anchor (the apex of a beat gesture aligns with the stressed syllable; Leonard & Cummins 2011).',
  ],
  VC: [
    'VC — voice',
    '`kind: "voice"` tracks on the `VOICE_PARAMS` of `engine/rig/channels.ts`. Semitone, dB and 0..1 parameters are additive; rate and vibrato rate are factors (`multiply`), so they scale whatever else plays. Each capsule alone stays inside its parameter’s range (pitch ±6 st, formant ±4 st, rate 0.8–1.3, vibrato depth 0–1 st and rate 3–9 Hz, breathiness and tension 0–1, intensity −12..+6 dB); the resolver clamps sums.',
  ],
  LD: [
    'LD — lighting dynamics',
    '`kind: "light"` tracks on the `LIGHT_PARAMS` of `engine/rig/channels.ts`: transforms the SH relighting applies to the avatar’s environment. `exposure_ev` in stops (−3..3), `temperature_k` in kelvin around the environment as captured (neutral 6500; **lower is warmer**, higher cooler; 1800..12000), `contrast` of the directional bands against the ambient term (−1 flat … +1 doubled), `softness` as extra SH windowing (0..1, softer shadows), and `key_yaw_deg`/`key_pitch_deg` rotating the whole environment (key-direction drift). Additive deltas from neutral; `contrast_damp` is a factor (`multiply`) and `light_settle` a low-priority `override` back to neutral. Long ambient shapes (breathing, drifts, softness, key drift) start at `scene_start` and last 8–40 s; pulses and the line-long shapes profiles use start at `speech_onset`, `stressed_syllable` or `phrase_end`. Breathing and pulses are keyframed from 0 to 0 under a flat gate so the envelope does not blunt them twice.',
  ],
  CS: [
    'CS — camera semantics',
    '`kind: "camera"` tracks on the `CAMERA_PARAMS` of `engine/rig/channels.ts`: offsets of a camera rig from the host’s framing — `dolly_m` (+ pushes in; −2..1.5 m), `orbit_yaw_deg`/`orbit_pitch_deg` around the avatar (±45°/±30°), `roll_deg` (±15°), `shift_x_m`/`shift_y_m` (±0.3 m), `focal_mm` change (−20..60 mm) and a `shake` level 0..1. Only a camera that opts in reads them (the viewer’s rig; an embedder’s if it asks); the others ignore them. Handheld jitter is seeded band-limited `noise` on shift, roll and orbit — deterministic per seed. `settle` comes as a low-priority override back to the host’s framing and as a multiply that damps jitter after a phrase.',
  ],
  ER: [
    'ER — environmental response',
    '`kind: "environment"` tracks on the `ENVIRONMENT_PARAMS` of `engine/rig/channels.ts`: `wind_strength` 0..1 and `wind_yaw_deg` (±180°: 0 a headwind, + blowing from the avatar’s left), `gustiness` 0..1, and `motion_delay_ms` (0..500 ms: how far secondary motion — hair, cloth, spring bones — lags the body). The environment is not tied to speech, so these start at `scene_start` and last tens of seconds; gusts fire with a probability. `wind_lull` is a factor (`multiply`) on whatever wind is blowing.',
  ],
};

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function trigger(c: Capsule): string {
  const off = c.trigger.offset_ms;
  const p = c.trigger.probability;
  return `${c.trigger.relative_to} ${off >= 0 ? '+' : '−'}${Math.abs(off)}${p !== undefined && p < 1 ? ` (p ${p})` : ''}`;
}

function domainTable(capsules: readonly Capsule[]): string {
  const rows = capsules.map(
    (c) =>
      `| ${c.id} | ${c.subtype} | ${trigger(c)} | ${c.duration_ms} | ${c.blend_mode === 'additive' ? '' : c.blend_mode} | ${cell(c.description ?? '')} |`,
  );
  return [
    '| id | subtype | trigger (ms) | ms | blend | description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function profileSection(p: ProfileDef, byId: Map<string, Capsule>): string {
  const groups = new Map<string, string[]>();
  for (const [id, w] of p.capsules) {
    const domain = byId.get(id)?.domain ?? (id.startsWith('HF') || id.startsWith('HK') ? 'HK' : '?');
    const list = groups.get(domain) ?? [];
    list.push(`${id} ×${w}`);
    groups.set(domain, list);
  }
  const order = ['HK', ...LIBRARY_DOMAINS];
  const lines = order.filter((d) => groups.has(d)).map((d) => `- **${d}**: ${groups.get(d)!.join(', ')}`);
  return [
    `### ${p.id}`,
    '',
    `${p.description} Tempo ×${p.tempo}, jitter ×${p.jitter}, ${p.capsules.length} capsules.`,
    '',
    p.rationale,
    '',
    ...lines,
  ].join('\n');
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

function idleSection(): string {
  const d = IDLE_DEFAULTS;
  const total = d.blinks.reduce((a, b) => a + b.share, 0);
  const blinkMix = d.blinks.map((b) => `${b.id} ${pct(b.share / total)}`).join(', ');
  const sigma = Math.sqrt(Math.log(1 + d.blinkCv ** 2));
  const median = d.blinkMeanMs / Math.sqrt(1 + d.blinkCv ** 2);
  return `## The idle (\`engine/idle/\`)

\`idlePlugin(options?)\` (install after \`capsulePlugin\`) adds the system \`idle-schedule\` in phase
\`schedule\`, before \`capsule-schedule\`, and the resource \`idle\` (\`IdleControl\`: \`touch(avatar,
atMs?)\`, \`lastActivity(avatar)\`, \`isQuiet(avatar, atMs?)\`). BASELINE_RESTING runs beneath every
avatar from the first frame it appears in. Every idle capsule but one is additive, so anything else
plays over it; the one override, the re-centre, has priority 0, below every other override.

**Planning.** Each avatar has five event streams — breathing, tremor, blinks, saccades, re-centre.
An event's time, variant and target are drawn from \`(world seed, avatar ordinal, stream, event
index)\` with \`substream\`/\`unitHash\`; the next event's time is the previous one's plus a drawn
interval. The system issues every event due by the frame's time, earliest first, as a command with
the event's exact \`atMs\` and a \`seedKey\` from the same keys. Frames only decide *when the command is
queued*, never what plays or when, so the same seed gives the same idle at any frame rate (tested at
30, 60 and 144 fps), and different seeds differ.

| stream | capsules | timing |
| --- | --- | --- |
| breathing | ${d.breathing} (32.3 s, 8 cycles of 3.7–4.4 s) | re-issued every duration − release, so consecutive copies overlap by one whole cycle and crossfade in phase (quad in-out ramps sum to 1); breathing never stops, and a loop cancelled by someone else restarts as its fade ends |
| micro-tremor | ${d.tremor} (20 s: head ±0.15° at 11 Hz, wrists ±0.3° at 12–13 Hz) | re-issued the same way |
| blinks | ${blinkMix} | log-normal intervals, mean ${d.blinkMeanMs} ms, CV ${d.blinkCv} (σ = ${sigma.toFixed(3)}, median ≈ ${Math.round(median)} ms), clamped to ${d.blinkMinMs}–${d.blinkMaxMs} ms; doubles come from the double-blink capsule |
| saccades | ${d.saccadeSteps.left}/${d.saccadeSteps.right}/${d.saccadeSteps.up}/${d.saccadeSteps.down}: ${d.saccadeStepDeg}° steps scaled by weight | fixations log-normal, mean ${d.saccadeMeanMs} ms, CV ${d.saccadeCv}, clamped to ${d.saccadeMinMs}–${d.saccadeMaxMs} ms; each saccade fades the previous fixation out and the new one in over ${d.saccadeMs} ms |
| re-centre | ${d.recentre} (override, priority 0: neck, head, gaze → 0; 0.5 s in, 1.2 s held, 0.7 s out) | once, ${d.recentreAfterMs} ms after the last activity |

**Saccade targets** are absolute offsets from centre, so gaze never drifts: distance from centre is
exponential (truncated), direction uniform, the vertical part scaled by ${d.saccadePitchScale}. While events
happen the mean distance is ${d.saccadeActiveMeanDeg}° (at most ${d.saccadeActiveMaxDeg}°); once the avatar is quiet
the targets stay around centre, mean ${d.saccadeQuietMeanDeg}° (at most ${d.saccadeQuietMaxDeg}°).

**Activity and re-centre.** Activity is any command in the runtime's queue or any timeline record that
is not the idle's own (the idle knows the sequence numbers of the commands it issued), at the
command's time or the record's planned onset, plus \`touch(avatar, atMs)\` from the host (speech start,
user input, a packet). ${d.recentreAfterMs / 1000} s after the last activity the idle plays the re-centre: a
low-priority override that eases neck, head and gaze back to centre, which also pulls home anything
still holding them off-centre, then hands back to the idle's own small saccades. Activity that arrives
while it plays fades it out over ${d.recentreCancelMs} ms; an avatar that has never been active has nothing to
re-centre. A cancel of everything on an avatar (what \`dispose\` queues before removing it) makes the
idle start nothing new on that avatar in that frame, so no idle instance outlives its avatar; if the
avatar stays, the breathing loop restarts as the cancel's fade ends and the other streams go on.

### Where the numbers come from

- **Blink rate.** Bentivoglio et al. (1997), 150 healthy adults: mean 17 blinks/min at rest, 26 in
  conversation, 4.5 reading; the distributions are best fitted by a log-normal. A mean interval of
  ${(d.blinkMeanMs / 1000).toFixed(1)} s is ≈ ${Math.round(60000 / d.blinkMeanMs)} blinks/min, between rest and conversation. Doughty (2001)
  gives 95 % ranges of 8–21 blinks/min in primary gaze and 10.5–32.5 in conversation.
- **Blink intervals are irregular and right-skewed** (Nomura et al. 2018 model the common positively
  skewed inter-blink distributions), so intervals are log-normal with CV ${d.blinkCv}, not periodic.
- **Blink shape.** Closing is 40–47 % faster than opening, and many spontaneous blinks are incomplete
  (Sforza et al. 2008); hence 138 ms of opening after 64 ms of closing in FMM_001, and a share of half
  blinks. An endogenous blink closes in about 100 ms and covers the eye for at most about 300 ms
  (Stern, Walrath & Goldstein 1984).
- **Saccades.** Fixations in free viewing last about 200–400 ms on average with a long tail (Rayner
  1998); a speaker or listener in conversation holds gaze far longer, and conversational gaze models
  draw gaze-shift intervals and magnitudes from fitted distributions dominated by small amplitudes
  (Lee, Badler & Badler 2002, “Eyes Alive”). The idle uses 0.5–3 s fixations and mostly small targets.
  A saccade's duration grows about 2–3 ms per degree over a ~20–30 ms base (the main sequence; Bahill,
  Clark & Stark 1975), so a 40 ms crossfade covers the idle's 1–12° jumps.
- **Breathing.** Adults at rest breathe about 12–20 times a minute (the usual clinical normal range),
  breathing out for longer than in; the loop's 3.7–4.4 s cycles (≈ 15/min) inhale over 40 % of each cycle.
- **Micro-tremor.** Physiological tremor of the hands lies at about 8–12 Hz (Elble & Koller 1990);
  the tremor noise's three partials (0.73, 1 and 1.37 × centre) put the idle's 11–13 Hz centres
  across about 8–18 Hz.

References: Bentivoglio AR et al., *Mov Disord* 12(6):1028–34, 1997 · Doughty MJ, *Optom Vis Sci*
78(10):712–25, 2001 · Nomura R et al., *PLoS ONE* 13(10):e0206528, 2018 · Sforza C et al., *Ophthalmic
Physiol Opt* 28(4):345–53, 2008 · Stern JA, Walrath LC, Goldstein R, *Psychophysiology* 21(1):22–33,
1984 · Rayner K, *Psychol Bull* 124(3):372–422, 1998 · Lee SP, Badler JB, Badler NI, *ACM TOG* 21(3):637–44,
2002 · Bahill AT, Clark MR, Stark L, *Math Biosci* 24:191–204, 1975 · Elble RJ, Koller WC, *Tremor*, Johns
Hopkins University Press, 1990 · Leonard T, Cummins F, *Lang Cogn Process* 26(10):1457–71, 2011.
`;
}

/** The whole page. */
export function libraryDoc(capsules: readonly Capsule[], profiles: readonly ProfileDef[]): string {
  const byId = new Map(capsules.map((c) => [c.id, c]));
  const counts = LIBRARY_DOMAINS.map((d) => `${d} ${capsules.filter((c) => c.domain === d).length}`).join(
    ', ',
  );
  const domains = LIBRARY_DOMAINS.map((d) => {
    const [title, intro] = DOMAIN_TITLES[d];
    return `## ${title}\n\n${intro}\n\n${domainTable(capsules.filter((c) => c.domain === d))}\n`;
  }).join('\n');
  const profileRows = profiles.map((p) => {
    const n = (prefix: string[]) => p.capsules.filter(([id]) => prefix.some((x) => id.startsWith(x))).length;
    return `| ${p.id} | ${p.tempo} | ${p.jitter} | ${n(['HK', 'HF'])} | ${n(['FMM'])} | ${n(['BK'])} | ${n(['TC'])} | ${n(['TR'])} | ${n(['VC'])} | ${n(['LD'])} | ${n(['CS'])} | ${n(['ER'])} |`;
  });
  return `<!-- Generated by \`node bin/capsule.js build-library\` from tools/library/; do not edit by hand. -->

# The capsule library beyond the hands

The hand library (HK, HF) is compiled from seed data (see [seed-compilation.md](seed-compilation.md)).
Every other domain is authored in \`tools/library/\` as compact TypeScript definitions and built into
\`capsules/<DOMAIN>/<ID>.capsule.json\`, the profiles below and this page:

\`\`\`sh
node bin/capsule.js build-library          # writes the files; --check only compares
node bin/capsule.js validate capsules
\`\`\`

\`tests/unit/library-build.test.ts\` checks that the committed files equal a fresh build. Edit the
definitions, not the JSON. Counts: ${counts}.

Capsules are **emotion-agnostic**: ids, subtypes and descriptions say what moves, never what it means
(a test rejects emotion words). Meaning comes from profiles: many capsules firing together with
human lead-lag timing — hands 100–300 ms before speech, face 0–50 ms before, voice at onset. Light,
camera and environment (LD, CS, ER) are capsule domains on the same timeline; a few profiles touch
light and camera, none the environment (wind belongs to the scene, not to a state).

${domains}
## Profiles

A profile is a wiring map (\`capsules/profiles/<id>.profile.json\`): capsule ids with weights, a
\`tempo_factor\` (durations and lead/lag offsets divide by it) and a \`noise_jitter\` (scales every
capsule's seeded variation). Played with \`playProfile(avatar, id, anchors)\`, each capsule fires by its
own trigger against the anchors given (\`speech_onset\`, \`phrase_end\`, \`stressed_syllable\`,
\`word_boundary\`). Every speaking profile leads with the hands: its hand capsules trigger 100–300 ms
before speech onset (or are continuous micro-tremor). \`hands_explaining\` and \`hands_restless\` are the
hand-only profiles of the seed library.

| profile | tempo | jitter | HK/HF | FMM | BK | TC | TR | VC | LD | CS | ER |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${profileRows.join('\n')}

${profiles.map((p) => profileSection(p, byId)).join('\n\n')}

${idleSection()}`;
}
