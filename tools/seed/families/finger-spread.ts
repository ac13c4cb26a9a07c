/**
 * finger_spread: the chosen digits fan out from their common centre. `spread_factor` scales every
 * tip's distance from that centre (0.2 = 20 % wider); each digit turns on its spread axis by
 * arc / digit length. HK records name no fingers and mean the whole hand.
 */
import { digitLength, fingerName, FINGERS, TIP_POSITION_MM } from '../anatomy.ts';
import type { Finger } from '../anatomy.ts';
import { envelopeFor, SPREAD_SPLIT } from '../envelope-split.ts';
import type { Family } from '../family.ts';
import { digitBone, digitSpread } from '../hand-side.ts';
import { constTrack, moves } from '../tracks.ts';
import { arcDeg } from '../units.ts';

/** finger_spread compiler. */
export const fingerSpread: Family = {
  subtype: 'finger_spread',
  compile(p) {
    let fingers: Finger[] = p.has('fingers') ? p.fingers('fingers') : [...FINGERS];
    const factor = p.number('spread_factor', 0, 1);
    const durationMs = p.integer('duration_ms', 20, 10000);
    const easing = p.easing();
    if (!p.ok) return null;
    const notes: string[] = [];
    if (fingers.length === 1) {
      notes.push(
        `spreads one finger (${fingerName(fingers[0]!)}), which has nothing to spread from; ` +
          'compiled as the whole-hand spread (the reading of the same record without a finger list)',
      );
      fingers = [...FINGERS];
    }
    const centre = fingers.reduce((s, f) => s + TIP_POSITION_MM[f], 0) / fingers.length;
    const tracks = fingers
      .map((f) => {
        const towardUlnarMm = (TIP_POSITION_MM[f] - centre) * factor;
        return constTrack(digitBone(f, 0), digitSpread(f, arcDeg(towardUlnarMm, digitLength(f))));
      })
      .filter(moves);
    const which = fingers.length === 5 ? 'all five digits' : fingers.map(fingerName).join(', ');
    return {
      description: `Right hand spreads ${which} ${Math.round(factor * 100)}% wider at the tips, then relaxes.`,
      durationMs,
      envelope: envelopeFor(SPREAD_SPLIT, durationMs, easing),
      tracks,
      notes,
    };
  },
};
