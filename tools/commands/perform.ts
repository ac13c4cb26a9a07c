/**
 * `capsule perform <script> --seed N --fps F --out DIR [--voice espeak|silence]`: renders a script
 * headlessly to DIR/track.jsonl (one line per frame), DIR/state.jsonl (the avatar-state log) and
 * DIR/timeline.svg (which capsules fired when); a script with `say` events also gets DIR/voice.wav (every line through the voice DSP, at
 * its planned audio time).
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { jsonlSink } from '../../engine/state/jsonl-sink.ts';
import { basename, join, resolve } from 'node:path';
import { isSayEvent, parseScript } from '../../engine/script/script.ts';
import { encodeWav } from '../../engine/voice/wav.ts';
import { loadLibrary } from '../library.ts';
import { performScript } from '../perform/perform-script.ts';
import type { SpokenLine } from '../perform/perform-script.ts';
import { timelineSvg } from '../perform/timeline-svg.ts';
import type { SpeechSpan, TimelineMarker } from '../perform/timeline-svg.ts';
import { trackLine } from '../perform/track-line.ts';
import { chooseVoice, isVoiceChoice, VOICE_CHOICES } from '../perform/voice-choice.ts';
import type { VoiceChoice } from '../perform/voice-choice.ts';
import { mixVoices } from '../perform/voice-mix.ts';

const integer = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}, got "${v}"`);
  return n;
};

const voiceName = (v: string): VoiceChoice => {
  if (!isVoiceChoice(v)) throw new Error(`--voice must be one of ${VOICE_CHOICES.join(', ')}, got "${v}"`);
  return v;
};

const ms = (t: number): string => `${t.toFixed(1)} ms`;

/** Options of the command. */
interface PerformCliOptions {
  seed: number;
  fps: number;
  out?: string;
  lib: string;
  voice?: VoiceChoice;
}

/** The speech onsets and audio spans of the spoken lines, for the timeline. */
function speechOf(lines: readonly SpokenLine[], labels: Map<number, string>) {
  const markers: TimelineMarker[] = [];
  const spans: SpeechSpan[] = [];
  for (const line of lines) {
    const lanes = line.lanes;
    if (!lanes) continue;
    const label = labels.get(line.event) ?? `“${line.text}”`;
    markers.push({ avatar: line.avatar, atMs: lanes.voiceAt, label });
    const audio = lanes.items.find((i) => i.lane === 'voice' && i.kind === 'audio');
    if (audio)
      spans.push({
        avatar: line.avatar,
        start: audio.start,
        end: audio.end,
        label: `${label} (${audio.label})`,
        cut: audio.status === 'cancelled',
      });
  }
  return { markers, spans };
}

/** How far the earliest leading capsule of a lane starts before speech onset, or null. */
function leadOf(line: SpokenLine, lane: 'hand' | 'face'): number | null {
  const l = line.lanes!;
  let first = Infinity;
  for (const i of l.items)
    if (i.lane === lane && i.kind === 'capsule' && i.status !== 'skipped' && i.start < l.speechOnsetAt)
      first = Math.min(first, i.start);
  return first === Infinity ? null : l.speechOnsetAt - first;
}

/** One line of the summary: when the line was given, how the hands and face led, when it is heard. */
function describeLine(line: SpokenLine): string {
  const head = `${line.avatar} at ${ms(line.atMs)}: “${line.text}”`;
  const l = line.lanes;
  if (!l) return `${head}: cut before its voice came back`;
  const hands = leadOf(line, 'hand');
  const face = leadOf(line, 'face');
  const leads = [
    hands === null ? 'no leading hands' : `hands lead by ${ms(hands)}`,
    face === null ? 'no leading face' : `face by ${ms(face)}`,
  ].join(', ');
  const cut = l.cancelledAt === null ? '' : `, cut at ${ms(l.cancelledAt)}`;
  return `${head}: speech onset ${ms(l.speechOnsetAt)}, audio from ${ms(l.audioAt)} (${l.voice}${cut}); ${leads}`;
}

/** Adds `perform`. */
export function registerPerform(program: Command): void {
  program
    .command('perform')
    .description(
      'perform a script headlessly: write track.jsonl, state.jsonl and timeline.svg (and voice.wav when it says something)',
    )
    .argument('<script>', 'a *.script.json file')
    .option('--seed <n>', 'random seed (same seed, same frames)', integer('seed', 0, 2 ** 32 - 1), 1)
    .option('--fps <f>', 'frames per second of the track', integer('fps', 1, 1000), 60)
    .option('--out <dir>', 'output folder (default: out/<script name>)')
    .option('--lib <dir>', 'capsule library folder', 'capsules')
    .option(
      '--voice <name>',
      `voice of say events: ${VOICE_CHOICES.join(' or ')} (default: espeak when its optional package loads, else silence)`,
      voiceName,
    )
    .action(async (scriptPath: string, opts: PerformCliOptions) => {
      const script = parseScript(readFileSync(scriptPath, 'utf8'), scriptPath);
      const registry = loadLibrary(opts.lib);
      if (!registry) return;
      const out = resolve(
        opts.out ?? join('out', basename(scriptPath).replace(/\.script\.json$|\.json$/, '')),
      );
      const spoken = script.events.some(isSayEvent);
      const voice = spoken ? await chooseVoice(opts.voice, (m) => console.error(m)) : undefined;
      mkdirSync(out, { recursive: true });
      const track = createWriteStream(join(out, 'track.jsonl'));
      const stateLog = jsonlSink(join(out, 'state.jsonl'));
      const bar = new SingleBar(
        { format: 'perform [{bar}] {percentage}% | frame {value}/{total}', stream: process.stderr },
        Presets.shades_classic,
      );
      const started = performance.now();
      const result = await performScript({
        script,
        registry,
        seed: opts.seed,
        fps: opts.fps,
        ...(voice ? { voice } : {}),
        stateSinks: [stateLog],
        onFrame: (t, avatars, frame, total) => {
          if (frame === 0 && total > 300) bar.start(total, 0);
          track.write(trackLine(t, avatars, registry.layout) + '\n');
          if (total > 300 && (frame % 30 === 0 || frame === total - 1)) bar.update(frame + 1);
        },
      });
      bar.stop();
      const performedIn = performance.now() - started;
      await new Promise<void>((done, fail) => track.end((err?: Error | null) => (err ? fail(err) : done())));
      const labels = new Map<number, string>();
      script.events.forEach((e, i) => {
        if (e.label !== undefined) labels.set(i, e.label);
      });
      const speech = speechOf(result.lines, labels);
      const markers = script.events
        .filter((e) => e.speech_onset_ms !== undefined)
        .map((e) => ({ avatar: e.avatar, atMs: e.speech_onset_ms!, label: e.label ?? 'speech onset' }))
        .concat(speech.markers);
      writeFileSync(
        join(out, 'timeline.svg'),
        timelineSvg(result.runtime.timeline, script.duration_ms, markers, speech.spans),
      );
      const tl = result.runtime.timeline;
      const count = (o: string) => tl.filter((r) => r.outcome === o).length;
      for (const e of result.events)
        console.error(`event at ${e.time.toFixed(1)} ms: ${e.kind}: ${e.message}`);
      for (const e of result.voiceEvents)
        console.error(`voice at ${e.time.toFixed(1)} ms: ${e.kind}: ${e.message}`);
      console.log(
        `performed ${scriptPath}: ${result.frames} frames at ${opts.fps} fps, seed ${opts.seed}; ` +
          `${tl.length} capsules scheduled (${count('played')} played, ${count('aborted')} aborted, ${count('skipped')} skipped, ${count('cancelled')} cancelled)`,
      );
      console.log(`wrote ${join(out, 'track.jsonl')}`);
      console.log(`wrote ${join(out, 'timeline.svg')}`);
      console.log(`wrote ${stateLog.path} (${stateLog.lines} avatar states)`);
      if (!spoken) return;
      for (const line of result.lines) console.log(`  ${describeLine(line)}`);
      const renderStarted = performance.now();
      const mix = await mixVoices(result.lines, result.recorder, {
        durationMs: script.duration_ms,
        seed: opts.seed,
      });
      const wavPath = join(out, 'voice.wav');
      writeFileSync(wavPath, encodeWav(mix.samples, mix.sampleRate));
      if (mix.gain !== 1)
        console.error(
          `perform: overlapping voices summed past full scale; the mix is scaled by ${mix.gain.toFixed(3)}`,
        );
      if (mix.overrunMs > 0)
        console.error(
          `perform: speech runs ${mix.overrunMs.toFixed(0)} ms past duration_ms; voice.wav is that much longer than the track`,
        );
      console.log(
        `wrote ${wavPath} (${voice!.id}, ${mix.lines.length} of ${result.lines.length} lines with audio, ` +
          `${(mix.samples.length / mix.sampleRate).toFixed(3)} s mono 16-bit at ${mix.sampleRate} Hz; ` +
          `performed in ${performedIn.toFixed(0)} ms, voices rendered in ${(performance.now() - renderStarted).toFixed(0)} ms)`,
      );
    });
}
