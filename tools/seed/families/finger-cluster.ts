/**
 * finger_cluster: two named digits draw their tips together and curl. `distance_change` is the
 * relative change of the tip-to-tip distance (−0.18 = 18 % closer), which the pair shares equally
 * as spread-axis rotation (arc / digit length); the same fraction of each joint's flexion range is
 * the curl that makes it read as "closing" (the brief's "close 18 %").
 */
import type { Finger } from '../anatomy.ts';
import { digitLength, fingerName as name, TIP_POSITION_MM } from '../anatomy.ts';
import { CLUSTER_SPLIT, envelopeFor } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { digitBone, digitSpread, fingerJoint, thumbJoint } from '../hand-side.ts';
import type { Vec3 } from '../hand-side.ts';
import { flexionRange } from '../ranges.ts';
import { constTrack, deg } from '../tracks.ts';
import { arcDeg } from '../units.ts';

/** finger_cluster compiler. */
export const fingerCluster: Family = {
  subtype: 'finger_cluster',
  compile(p) {
    const pair = p.fingers('fingers', 2, 2);
    const change = p.number('distance_change', -0.9, 0.9);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const [a, b] = [...pair].sort((x, y) => TIP_POSITION_MM[x] - TIP_POSITION_MM[y]) as [Finger, Finger];
    const gapMm = TIP_POSITION_MM[b] - TIP_POSITION_MM[a];
    const eachMm = (-change * gapMm) / 2;
    const curl = Math.max(0, -change);
    const notes = change > 0 ? [`distance_change ${change} > 0 parts the pair; compiled without a curl`] : [];
    const spreadA = arcDeg(eachMm, digitLength(a));
    const tracks = [
      ...digitTracks(a, digitSpread(a, spreadA), curl),
      ...digitTracks(b, digitSpread(b, -arcDeg(eachMm, digitLength(b))), curl),
    ];
    const pct = Math.round(Math.abs(change) * 100);
    return {
      description:
        `Right ${name(a)} and ${name(b)} tips draw ${pct}% ${change <= 0 ? 'closer' : 'apart'} ` +
        `(${name(a)} ${deg(Math.abs(spreadA))} toward ${name(b)}) and curl ${Math.round(curl * 100)}% of range.`,
      durationMs,
      envelope: envelopeFor(CLUSTER_SPLIT, durationMs, easing),
      tracks,
      notes,
    };
  },
};

/** Spread on the base joint plus a curl of `curl` × each joint's flexion range. */
function digitTracks(f: Finger, spread: Vec3, curl: number) {
  const range = flexionRange(f);
  if (f === 'Thumb') {
    return [
      constTrack(digitBone(f, 0), spread),
      constTrack(digitBone(f, 1), thumbJoint(curl * range[0]!)),
      constTrack(digitBone(f, 2), thumbJoint(curl * range[1]!)),
    ];
  }
  const mcp = fingerJoint(curl * range[0]!);
  return [
    constTrack(digitBone(f, 0), [spread[0], spread[1], mcp[2]]),
    constTrack(digitBone(f, 1), fingerJoint(curl * range[1]!)),
    constTrack(digitBone(f, 2), fingerJoint(curl * range[2]!)),
  ];
}
