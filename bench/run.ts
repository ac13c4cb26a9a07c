/**
 * `npm run bench`: measures the engine and the library loaders and writes bench/REPORT.md.
 * Wall-clock figures depend on the machine; compare the ratios, which the report puts side by side.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { measureAdapters } from './adapters.bench.ts';
import { measureRelight } from './relight.bench.ts';
import { measureScheduler } from './scheduler.bench.ts';
import { measureVoice } from './voice.bench.ts';
import { measureUpdate } from './engine-update.bench.ts';
import { measureLoad } from './library-load.bench.ts';
import { machine } from './stats.ts';
import { fuzzSection } from './fuzz.bench.ts';
import { soakSection } from './soak.bench.ts';
import { wireReport } from './wire.bench.ts';
import { stateReport } from './state.bench.ts';
import { bridgeReport } from './bridge.bench.ts';
import { lightingReport, measureLighting } from './lighting.bench.ts';
import { relightRenderReport } from './relight-render.bench.ts';
import { stretchedRegistry } from './long-capsules.ts';

const AVATAR = 'assets/default-avatar.vrm';

/** The whole library with every capsule stretched to 10 s, so 16 stay active while measured. */
const { registry, ids: all } = stretchedRegistry(() => true);
const ids = all.filter((id) => id.startsWith('HK_'));
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};

say('# Benchmark report');
say('');
say(`- machine: ${machine()}`);
say('- command: `npm run bench` (bench/run.ts)');
say(`- date: ${new Date().toISOString().slice(0, 10)}`);
say(
  '- all figures are medians of repeated runs on one core (the engine is single-threaded); wall-clock, so compare ratios across machines',
);
say('');
say('## Engine update (schedule + evaluate + resolve + quaternions)');
say('');
say(
  'Each avatar plays 16 seed-library hand capsules (keyframed, constant and 10–18 Hz noise tracks) for the whole measurement; 120 frames at 60 fps after 30 warm-up frames, 7 runs. Baseline, side by side: the same avatars with no capsule playing.',
);
say('');
say(
  '| avatars | capsules each | ms per frame | µs per avatar-frame | baseline µs per avatar-frame (0 capsules) | ratio | goal |',
);
say('|---:|---:|---:|---:|---:|---:|---|');
for (const n of [1, 100, 1000]) {
  const r = measureUpdate(registry, ids, n, 16, 7, 120);
  const b = measureUpdate(registry, ids, n, 0, 7, 120);
  const goal = n === 1000 ? `< 16.7 ms per frame: ${r.frameMs < 16.7 ? 'met' : 'NOT met'}` : '';
  say(
    `| ${n} | 16 | ${r.frameMs.toFixed(3)} | ${r.perAvatarUs.toFixed(2)} | ${b.perAvatarUs.toFixed(2)} | ${(r.perAvatarUs / b.perAvatarUs).toFixed(2)}× | ${goal} |`,
  );
  if (r.activeInstances < n * 16)
    throw new Error(`only ${r.activeInstances} of ${n * 16} instances were active`);
}
say('');
say('## Loading and validating 10,000 capsules');
say('');
const load = measureLoad('capsules', 10_000, 9);
say(
  "10,000 capsules (the project's library, renumbered from 10000 with each capsule's own domain prefix; keyframes and provenance included), 9 interleaved runs in one process (warm), plus 5 first loads in fresh processes (cold: JIT cold, validators compiled on the way). Baseline, side by side: read + `JSON.parse` of the same files, no validation.",
);
say('');
say('| load | median ms | vs baseline | goal |');
say('|---|---:|---:|---|');
const goal = (ms: number) => `< 250 ms: ${ms < 250 ? 'met' : 'NOT met'}`;
const ratio = (ms: number) => `${(ms / load.parseOnlyMs).toFixed(2)}×`;
say(
  `| baseline: read + JSON.parse only (${(load.folderBytes / 1e6).toFixed(1)} MB) | ${load.parseOnlyMs.toFixed(1)} | 1.00× | |`,
);
say(
  `| folder, warm: read + parse + schema + semantic checks + compile | ${load.folderMs.toFixed(1)} | ${ratio(load.folderMs)} | ${goal(load.folderMs)} |`,
);
say(
  `| folder, cold (fresh process) | ${load.coldFolderMs.toFixed(1)} | ${ratio(load.coldFolderMs)} | ${goal(load.coldFolderMs)} |`,
);
say(
  `| compiled pack (${(load.packBytes / 1e6).toFixed(2)} MB, FP16 deltas), warm: decode + validate + compile | ${load.packMs.toFixed(1)} | ${ratio(load.packMs)} | ${goal(load.packMs)} |`,
);
say(
  `| compiled pack, cold (fresh process) | ${load.coldPackMs.toFixed(1)} | ${ratio(load.coldPackMs)} | ${goal(load.coldPackMs)} |`,
);
say('');
{
  const sch = measureScheduler();
  say('## Lead-lag scheduler');
  say('');
  say(
    `Per utterance: plan (profile of 16 entries, ${sch.occurrences} capsule occurrences incl. per-word anchors) + the xstate machine run to completion on engine time. ${sch.utterances} utterances × 9 runs. Baseline, side by side: planning alone.`,
  );
  say('');
  say('| per utterance | µs | vs plan alone |');
  say('|---|---:|---:|');
  say(`| baseline: plan alone | ${sch.planUs.toFixed(1)} | 1.00× |`);
  say(
    `| plan + machine run | ${sch.perUtteranceUs.toFixed(1)} | ${(sch.perUtteranceUs / sch.planUs).toFixed(2)}× |`,
  );
  say('');
}

{
  const v = await measureVoice();
  say('## Voice');
  say('');
  say(
    `Offline render of one ${(v.audioMs / 1000).toFixed(1)} s line (${v.source === 'espeak' ? 'eSpeak NG' : 'synthetic syllables'}) through the whole Tone.js chain with every VC parameter moving (node-web-audio-api), median of 7. Baseline, side by side: real time (the audio's own length).`,
  );
  say('');
  say('| measure | value | goal |');
  say('|---|---:|---|');
  say(`| render time | ${v.renderMs.toFixed(0)} ms for ${v.audioMs.toFixed(0)} ms of audio | |`);
  say(
    `| speed vs real time | ${v.realtimeFactor.toFixed(1)}× | ≥ 20×: ${v.realtimeFactor >= 20 ? 'met' : 'NOT met'} |`,
  );
  if (v.avMedianErrorMs !== undefined)
    say(
      `| visemes vs heard audio onsets (Chromium, Tone offline render), median | ${v.avMedianErrorMs.toFixed(1)} ms | ≤ 20 ms: ${v.avMedianErrorMs <= 20 ? 'met' : 'NOT met'} |`,
    );
  else say('| visemes vs heard audio onsets | not measured (no /usr/bin/chromium) | ≤ 20 ms |');
  say('');
}

if (existsSync(AVATAR)) {
  const a = await measureAdapters(AVATAR, registry, ids);
  const engineThree = a.engineUs + a.threeApplyUs;
  say('## Renderer adapters (default avatar, Node, no rendering)');
  say('');
  say(
    `One avatar, 16 active capsules, ${AVATAR}. Baseline, side by side: three-vrm's own \`vrm.update()\` on the same avatar (spring bones, look-at, expressions, constraints), as the brief names it. Medians of 7 runs × 600 frames.`,
  );
  say('');
  say('| per avatar-frame | µs | vs vrm.update() |');
  say('|---|---:|---:|');
  say(`| baseline: three-vrm \`vrm.update()\` alone | ${a.vrmUpdateUs.toFixed(2)} | 1.00× |`);
  say(
    `| engine: schedule + evaluate + resolve | ${a.engineUs.toFixed(2)} | ${(a.engineUs / a.vrmUpdateUs).toFixed(2)}× |`,
  );
  say(
    `| three adapter write (applyPose) | ${a.threeApplyUs.toFixed(2)} | ${(a.threeApplyUs / a.vrmUpdateUs).toFixed(2)}× |`,
  );
  say(
    `| engine + three adapter write (goal: below vrm.update(): ${engineThree < a.vrmUpdateUs ? 'met' : 'NOT met'}) | ${engineThree.toFixed(2)} | ${(engineThree / a.vrmUpdateUs).toFixed(2)}× |`,
  );
  say(
    `| Babylon adapter applyPose + update | ${a.babylonApplyUs.toFixed(2)} | ${(a.babylonApplyUs / a.vrmUpdateUs).toFixed(2)}× |`,
  );
  say(
    `| engine + Babylon adapter | ${(a.engineUs + a.babylonApplyUs).toFixed(2)} | ${((a.engineUs + a.babylonApplyUs) / a.vrmUpdateUs).toFixed(2)}× |`,
  );
  say('');
  say('| load of the default avatar (median of 5) | ms |');
  say('|---|---:|');
  say(
    `| three.js (GLTFLoader + three-vrm, Node DOM shim, no texture decode) | ${a.threeLoadMs.toFixed(1)} |`,
  );
  say(`| Babylon.js (glTF loader + project VRM extension, NullEngine) | ${a.babylonLoadMs.toFixed(1)} |`);
  say('');
} else say(`(adapter figures skipped: ${AVATAR} not found — run \`npx capsule forge-avatar\`)`);
for (const line of wireReport()) say(line);
for (const line of stateReport(registry, ids)) say(line);
for (const line of await bridgeReport()) say(line);
for (const line of lightingReport(measureLighting())) say(line);
for (const line of await relightRenderReport()) say(line);
if (existsSync(AVATAR)) {
  const r = await measureRelight(AVATAR);
  say('## Relighting writes and camera rig (default avatar, Node, no rendering)');
  say('');
  say('| per avatar-frame | µs |');
  say('|---|---:|');
  say(`| engine update with lightingPlugin, no capsules | ${r.lightingSystemUs.toFixed(2)} |`);
  say(`| three.js relight uniforms write (ambient SH + key) | ${r.threeWriteUs.toFixed(3)} |`);
  say(`| Babylon relight state write | ${r.babylonWriteUs.toFixed(3)} |`);
  say(`| camera rig pose (dolly, roll, shake) | ${r.cameraRigUs.toFixed(3)} |`);
  say('');
}
for (const line of await fuzzSection()) say(line);
for (const line of soakSection((s) => console.error(s))) say(line);
writeFileSync('bench/REPORT.md', lines.join('\n') + '\n');
console.log('\nwrote bench/REPORT.md');
