/**
 * Flexion ranges of the curling joints, read from the rig's limits table so a "curl by N % of the
 * range" can never leave it. The left-side entries are the unmirrored base table.
 */
import { HUMAN_BONES } from '../../engine/rig/bones.ts';
import type { JointLimits } from '../../engine/rig/bones.ts';
import type { Finger } from './anatomy.ts';

function limitsOf(name: string): JointLimits {
  const spec = HUMAN_BONES.find((b) => b.name === name);
  if (!spec) throw new Error(`seed: no bone ${name} in the rig`);
  return spec.limits;
}

/**
 * Full flexion per curling joint, degrees: fingers MCP, PIP, DIP (left side curls with −z);
 * thumb MCP, IP (left side flexes with +y).
 */
export function flexionRange(f: Finger): number[] {
  if (f === 'Thumb') return [limitsOf('leftThumbProximal').y[1], limitsOf('leftThumbDistal').y[1]];
  return ['Proximal', 'Intermediate', 'Distal'].map((s) => -limitsOf(`left${f}${s}`).z[0]);
}
