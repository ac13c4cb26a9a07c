/**
 * Domain authority: the last tie-break between overrides of equal priority and equal start. Which
 * domain knows a channel best depends on the channel: the face belongs to facial micro-muscle (FMM),
 * the hands to hand kinematics (HK), the rest of the body to body kinetics (BK), light to lighting
 * dynamics (LD), the camera to camera semantics (CS), the environment to environmental response (ER).
 */
import { HUMAN_BONE_NAMES } from '../rig/bones.ts';
import {
  CHANNEL_COUNT,
  EXPRESSION_BASE,
  GAZE_CHANNEL,
  HIPS_OFFSET_CHANNEL,
  VOICE_CHANNEL,
  LIGHT_CHANNEL,
  CAMERA_CHANNEL,
  ENVIRONMENT_CHANNEL,
} from '../rig/channels.ts';
import { DOMAINS } from './compiled.ts';
import type { Domain } from './schema-types.ts';

/** Channel groups with their domains from lowest to highest authority. */
export const AUTHORITY_TABLE: Record<
  'face' | 'hands' | 'body' | 'voice' | 'light' | 'camera' | 'environment',
  readonly Domain[]
> = {
  face: ['LD', 'CS', 'ER', 'HK', 'BK', 'TR', 'TC', 'VC', 'FMM'],
  hands: ['LD', 'CS', 'ER', 'VC', 'FMM', 'BK', 'TR', 'TC', 'HK'],
  body: ['LD', 'CS', 'ER', 'VC', 'FMM', 'HK', 'TR', 'TC', 'BK'],
  voice: ['LD', 'CS', 'ER', 'HK', 'BK', 'FMM', 'TR', 'TC', 'VC'],
  light: ['HK', 'BK', 'FMM', 'VC', 'TR', 'TC', 'CS', 'ER', 'LD'],
  camera: ['HK', 'BK', 'FMM', 'VC', 'TR', 'TC', 'LD', 'ER', 'CS'],
  environment: ['HK', 'BK', 'FMM', 'VC', 'TR', 'TC', 'LD', 'CS', 'ER'],
};

const GROUPS = ['face', 'hands', 'body', 'voice', 'light', 'camera', 'environment'] as const;

/** Group code of each channel: face (gaze, expressions, eyes, jaw), hands (hand and finger bones), body, voice, light, camera, environment. */
const CHANNEL_GROUP = new Uint8Array(CHANNEL_COUNT);
for (let c = 0; c < CHANNEL_COUNT; c++) {
  let group = 2;
  if (c >= VOICE_CHANNEL && c < LIGHT_CHANNEL) group = 3;
  else if (c >= LIGHT_CHANNEL && c < CAMERA_CHANNEL) group = 4;
  else if (c >= CAMERA_CHANNEL && c < ENVIRONMENT_CHANNEL) group = 5;
  else if (c >= ENVIRONMENT_CHANNEL && c < EXPRESSION_BASE) group = 6;
  else if (c >= GAZE_CHANNEL) group = 0;
  else if (c < HIPS_OFFSET_CHANNEL) {
    const bone = HUMAN_BONE_NAMES[Math.floor(c / 3)]!;
    if (/Eye$|^jaw$/.test(bone)) group = 0;
    else if (/Hand$|Thumb|Index|Middle|Ring|Little/.test(bone)) group = 1;
  }
  CHANNEL_GROUP[c] = group;
}

/** rank[group × domains + domain]: higher wins. */
const RANK = new Uint8Array(GROUPS.length * DOMAINS.length);
GROUPS.forEach((g, gi) =>
  AUTHORITY_TABLE[g].forEach((d, rank) => (RANK[gi * DOMAINS.length + DOMAINS.indexOf(d)] = rank)),
);

/** Authority of a domain (code) over a channel; higher wins a tie. */
export function authority(domain: number, channel: number): number {
  return RANK[CHANNEL_GROUP[channel]! * DOMAINS.length + domain]!;
}
