/**
 * `capsule inspect <id> [--lib capsules]`: a readable summary of one capsule (or profile) as the
 * registry holds it — defaults filled, references resolved — so an author sees what will play.
 */
import type { Command } from 'commander';
import { suggest } from '../../engine/capsules/ajv-messages.ts';
import type { CompiledCapsule } from '../../engine/capsules/compiled.ts';
import type { CapsuleRegistry } from '../../engine/capsules/registry.ts';
import type { Capsule, Profile } from '../../engine/capsules/schema-types.ts';
import { loadPath } from './validate.ts';
import type { Output } from './validate.ts';

/** Options of `inspect`. */
export interface InspectOptions {
  readonly lib: string;
}

/** Adds `inspect`. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('print a summary of one capsule or profile')
    .argument('<id>', 'capsule id (e.g. HK_031) or profile id')
    .option('--lib <path>', 'library folder or .capk pack', 'capsules')
    .action((id: string, opts: InspectOptions) => {
      process.exitCode = runInspect(id, opts);
    });
}

const DOMAIN_NAMES: Record<Capsule['domain'], string> = {
  HK: 'hand kinematics',
  FMM: 'facial micro-muscle',
  BK: 'body kinetics',
  TC: 'temporal congruence',
  TR: 'temporal rhythm',
  VC: 'voice',
  LD: 'lighting dynamics',
  CS: 'camera semantics',
  ER: 'environmental response',
};

/** Runs the command; returns the exit code (0 found, 1 unknown or invalid id). */
export function runInspect(id: string, opts: InspectOptions, out: Output = console): number {
  const load = loadPath(opts.lib);
  const registry = load.registry;
  const compiled = registry.get(id);
  const profile = registry.profile(id);
  if (compiled) out.log(describeCapsule(compiled, registry.fileOf(id) ?? '?').join('\n'));
  if (profile) {
    if (compiled) out.log('');
    out.log(describeProfile(profile, registry).join('\n'));
  }
  if (compiled || profile) {
    const others = new Set(load.errors.map((e) => e.file)).size;
    if (others > 0)
      out.error(`note: ${others} file(s) in ${opts.lib} have errors; run \`capsule validate ${opts.lib}\``);
    return 0;
  }
  const own = load.errors.filter((e) => e.id === id);
  if (own.length > 0) {
    out.error(`inspect: ${id} is not loaded because it is invalid:`);
    for (const e of own) out.error(`  ${e.format()}`);
    return 1;
  }
  const unreadable = load.errors.filter((e) => e.file === opts.lib);
  for (const e of unreadable) out.error(e.format());
  const guess = suggest(id, [...registry.ids(), ...registry.profileIds()]);
  out.error(
    `inspect: no capsule or profile "${id}" in ${opts.lib} (${plural(registry.size, 'capsule')}, ${plural(registry.profileIds().length, 'profile')})${guess ? `; did you mean ${guess}?` : ''}`,
  );
  return 1;
}

/** Summary lines of a compiled capsule. */
export function describeCapsule(c: CompiledCapsule, file: string): string[] {
  const j = c.json;
  const lines = [`${j.id} — ${DOMAIN_NAMES[j.domain]} (${j.domain}), ${j.subtype}`];
  const row = (label: string, text: string): void => {
    lines.push(`  ${label.padEnd(12)} ${text}`);
  };
  row('file', file);
  if (j.description) row('description', j.description);
  row(
    'trigger',
    `${j.trigger.relative_to} ${signed(j.trigger.offset_ms)} ms, probability ${fmt(j.trigger.probability ?? 1)}`,
  );
  const e = j.envelope;
  row(
    'duration',
    `${fmt(j.duration_ms)} ms = attack ${fmt(e.attack_ms)} + hold ${fmt(e.hold_ms)} + release ${fmt(e.release_ms)}, easing ${e.easing}`,
  );
  row('blend', `${j.blend_mode}, priority ${j.priority}`);
  row(
    'variation',
    `timing ±${pct(j.variation?.timing ?? 0.15)}, intensity ±${pct(j.variation?.intensity ?? 0.15)} (seeded)`,
  );
  if (j.abort)
    row(
      'abort',
      `probability ${fmt(j.abort.probability)} at phase ${fmt(j.abort.at)}, ${j.abort.retract === false ? 'fades out' : 'retracts'}`,
    );
  row('tracks', String(j.tracks.length));
  for (const t of j.tracks) lines.push(`    ${describeTrack(t)}`);
  if (j.tracks.some((t) => t.kind === 'capsule'))
    row('flattened', `${c.tracks.length} tracks after references`);
  return lines;
}

/** Units and axis names per sourced track kind (kinds not listed print bare numbers). */
const TRACK_UNITS: Record<string, { unit: string; axes: readonly string[] }> = {
  joint: { unit: '°', axes: ['x ', 'y ', 'z '] },
  hips: { unit: ' m', axes: ['x ', 'y ', 'z '] },
  gaze: { unit: '°', axes: ['yaw ', 'pitch '] },
  expression: { unit: '', axes: [''] },
};

interface LooseTrack {
  kind: string;
  target?: string;
  value?: number | number[];
  keys?: { t: number; value: number | number[] }[];
  interpolation?: string;
  noise?: { amplitude: number | number[]; frequency_hz: number };
}

function describeTrack(track: Capsule['tracks'][number]): string {
  if (track.kind === 'capsule')
    return `${'capsule'.padEnd(11)} ${track.target.padEnd(24)} weight ${fmt(track.weight)}, offset ${fmt(track.offset_ms ?? 0)} ms`;
  const t = track as LooseTrack;
  const { unit, axes } = TRACK_UNITS[t.kind] ?? { unit: '', axes: [''] };
  const head = `${t.kind.padEnd(11)} ${(t.target ?? '').padEnd(24)}`;
  if (t.value !== undefined) return `${head} value ${vector(t.value, unit)}`;
  if (t.keys !== undefined) {
    const keys = t.keys;
    const ranges = axes.map((axis, a) => {
      const vs = keys.map((k) => (typeof k.value === 'number' ? k.value : (k.value[a] ?? 0)));
      return `${axis}${fmt(Math.min(...vs))}…${fmt(Math.max(...vs))}${unit}`;
    });
    return `${head} keys ×${keys.length} (${t.interpolation ?? 'linear'})  ${ranges.join('  ')}`;
  }
  if (t.noise !== undefined)
    return `${head} noise ±${vector(t.noise.amplitude, unit)} around ${fmt(t.noise.frequency_hz)} Hz`;
  return head;
}

/** Summary lines of a profile. */
export function describeProfile(p: Profile, registry: CapsuleRegistry): string[] {
  const lines = [`${p.id} — profile`];
  lines.push(`  ${'file'.padEnd(12)} ${registry.profileFileOf(p.id) ?? '?'}`);
  if (p.description) lines.push(`  ${'description'.padEnd(12)} ${p.description}`);
  lines.push(
    `  ${'modifiers'.padEnd(12)} tempo ×${fmt(p.modifiers?.tempo_factor ?? 1)}, jitter ×${fmt(p.modifiers?.noise_jitter ?? 1)}`,
  );
  lines.push(`  ${'capsules'.padEnd(12)} ${p.capsules.length}`);
  for (const e of p.capsules) {
    const c = registry.get(e.id)?.json;
    const what = c
      ? `${c.domain} ${c.subtype}, ${c.trigger.relative_to} ${signed(c.trigger.offset_ms)} ms`
      : '';
    lines.push(`    ${e.id.padEnd(10)} weight ${fmt(e.weight).padEnd(6)} ${what}`);
  }
  return lines;
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function signed(n: number): string {
  return n > 0 ? `+${fmt(n)}` : fmt(n);
}

function pct(f: number): string {
  return `${fmt(f * 100)} %`;
}

function vector(v: number | number[], unit: string): string {
  return typeof v === 'number' ? `${fmt(v)}${unit}` : `(${v.map(fmt).join(', ')})${unit}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
