/* Generated from capsules/*.schema.json by `npm run gen:types`. Do not edit. */

/**
 * Hand kinematics, facial micro-muscle, body kinetics, temporal congruence, temporal rhythm, voice, lighting dynamics, camera semantics, environmental response.
 */
export type Domain = 'HK' | 'FMM' | 'BK' | 'TC' | 'TR' | 'VC' | 'LD' | 'CS' | 'ER';
/**
 * VRM 1.0 humanoid bone.
 */
export type Bone =
  | 'hips'
  | 'spine'
  | 'chest'
  | 'upperChest'
  | 'neck'
  | 'head'
  | 'leftEye'
  | 'rightEye'
  | 'jaw'
  | 'leftUpperLeg'
  | 'leftLowerLeg'
  | 'leftFoot'
  | 'leftToes'
  | 'rightUpperLeg'
  | 'rightLowerLeg'
  | 'rightFoot'
  | 'rightToes'
  | 'leftShoulder'
  | 'leftUpperArm'
  | 'leftLowerArm'
  | 'leftHand'
  | 'rightShoulder'
  | 'rightUpperArm'
  | 'rightLowerArm'
  | 'rightHand'
  | 'leftThumbMetacarpal'
  | 'leftThumbProximal'
  | 'leftThumbDistal'
  | 'leftIndexProximal'
  | 'leftIndexIntermediate'
  | 'leftIndexDistal'
  | 'leftMiddleProximal'
  | 'leftMiddleIntermediate'
  | 'leftMiddleDistal'
  | 'leftRingProximal'
  | 'leftRingIntermediate'
  | 'leftRingDistal'
  | 'leftLittleProximal'
  | 'leftLittleIntermediate'
  | 'leftLittleDistal'
  | 'rightThumbMetacarpal'
  | 'rightThumbProximal'
  | 'rightThumbDistal'
  | 'rightIndexProximal'
  | 'rightIndexIntermediate'
  | 'rightIndexDistal'
  | 'rightMiddleProximal'
  | 'rightMiddleIntermediate'
  | 'rightMiddleDistal'
  | 'rightRingProximal'
  | 'rightRingIntermediate'
  | 'rightRingDistal'
  | 'rightLittleProximal'
  | 'rightLittleIntermediate'
  | 'rightLittleDistal';
/**
 * VRM preset, ARKit-52 name, or custom:<name>.
 */
export type Expression =
  | (
      | 'happy'
      | 'angry'
      | 'sad'
      | 'relaxed'
      | 'surprised'
      | 'aa'
      | 'ih'
      | 'ou'
      | 'ee'
      | 'oh'
      | 'blink'
      | 'blinkLeft'
      | 'blinkRight'
      | 'lookUp'
      | 'lookDown'
      | 'lookLeft'
      | 'lookRight'
      | 'neutral'
      | 'eyeBlinkLeft'
      | 'eyeLookDownLeft'
      | 'eyeLookInLeft'
      | 'eyeLookOutLeft'
      | 'eyeLookUpLeft'
      | 'eyeSquintLeft'
      | 'eyeWideLeft'
      | 'eyeBlinkRight'
      | 'eyeLookDownRight'
      | 'eyeLookInRight'
      | 'eyeLookOutRight'
      | 'eyeLookUpRight'
      | 'eyeSquintRight'
      | 'eyeWideRight'
      | 'jawForward'
      | 'jawLeft'
      | 'jawRight'
      | 'jawOpen'
      | 'mouthClose'
      | 'mouthFunnel'
      | 'mouthPucker'
      | 'mouthLeft'
      | 'mouthRight'
      | 'mouthSmileLeft'
      | 'mouthSmileRight'
      | 'mouthFrownLeft'
      | 'mouthFrownRight'
      | 'mouthDimpleLeft'
      | 'mouthDimpleRight'
      | 'mouthStretchLeft'
      | 'mouthStretchRight'
      | 'mouthRollLower'
      | 'mouthRollUpper'
      | 'mouthShrugLower'
      | 'mouthShrugUpper'
      | 'mouthPressLeft'
      | 'mouthPressRight'
      | 'mouthLowerDownLeft'
      | 'mouthLowerDownRight'
      | 'mouthUpperUpLeft'
      | 'mouthUpperUpRight'
      | 'browDownLeft'
      | 'browDownRight'
      | 'browInnerUp'
      | 'browOuterUpLeft'
      | 'browOuterUpRight'
      | 'cheekPuff'
      | 'cheekSquintLeft'
      | 'cheekSquintRight'
      | 'noseSneerLeft'
      | 'noseSneerRight'
      | 'tongueOut'
    )
  | string;
/**
 * A voice parameter the DSP chain reads.
 */
export type VoiceParam =
  | 'pitch_semitones'
  | 'formant_semitones'
  | 'rate'
  | 'vibrato_depth_semitones'
  | 'vibrato_rate_hz'
  | 'breathiness'
  | 'tension'
  | 'intensity_db';
/**
 * A light parameter the SH relighting reads (LIGHT_PARAMS in engine/rig/channels.ts).
 */
export type LightParam =
  'exposure_ev' | 'temperature_k' | 'contrast' | 'softness' | 'key_yaw_deg' | 'key_pitch_deg';
/**
 * A camera-rig parameter (CAMERA_PARAMS in engine/rig/channels.ts).
 */
export type CameraParam =
  | 'dolly_m'
  | 'orbit_yaw_deg'
  | 'orbit_pitch_deg'
  | 'roll_deg'
  | 'shift_x_m'
  | 'shift_y_m'
  | 'focal_mm'
  | 'shake';
/**
 * An environment parameter (ENVIRONMENT_PARAMS in engine/rig/channels.ts).
 */
export type EnvironmentParam = 'wind_strength' | 'wind_yaw_deg' | 'gustiness' | 'motion_delay_ms';

/**
 * One ID-addressed, emotion-agnostic unit of motion: joint, expression, voice, light, camera and environment deltas under an envelope. See docs/capsule-format.md.
 */
export interface Capsule {
  /**
   * Capsule format version.
   */
  format_version: 1;
  /**
   * Domain-style prefix and number, e.g. HK_031. Never reused for another motion.
   */
  id: string;
  domain: Domain;
  /**
   * What kind of motion within the domain, e.g. finger_cluster.
   */
  subtype: string;
  /**
   * One line a capsule author reads in the editor.
   */
  description?: string;
  trigger: {
    /**
     * The anchor the onset is measured from.
     */
    relative_to:
      | 'speech_onset'
      | 'scene_start'
      | 'previous_capsule'
      | 'word_boundary'
      | 'stressed_syllable'
      | 'phrase_end';
    /**
     * Onset relative to the anchor; negative leads it.
     */
    offset_ms: number;
    /**
     * Chance the capsule fires when scheduled (seeded draw).
     */
    probability?: number;
  };
  /**
   * Total length: attack + hold + release.
   */
  duration_ms: number;
  envelope: {
    attack_ms: number;
    hold_ms: number;
    release_ms: number;
    /**
     * Curve of the attack and release ramps; none = flat 1 (attack and release must be 0).
     */
    easing:
      'linear' | 'quad_in' | 'quad_out' | 'quad_in_out' | 'cubic_in' | 'cubic_out' | 'cubic_in_out' | 'none';
  };
  /**
   * @minItems 1
   * @maxItems 512
   */
  tracks: (
    | JointTrack
    | ExpressionTrack
    | HipsTrack
    | GazeTrack
    | VoiceTrack
    | LightTrack
    | CameraTrack
    | EnvironmentTrack
    | CapsuleTrack
  )[];
  /**
   * Override order: higher wins.
   */
  priority: number;
  blend_mode: 'additive' | 'multiply' | 'override';
  variation?: {
    /**
     * Seeded ± fraction on onset offset and duration.
     */
    timing?: number;
    /**
     * Seeded ± fraction on amplitude.
     */
    intensity?: number;
  };
  /**
   * The motion may stop part-way: at phase at, it retracts along its own path or fades out.
   */
  abort?: {
    probability: number;
    /**
     * Phase at which the motion stops.
     */
    at: number;
    retract?: boolean;
  };
  /**
   * Provenance (e.g. the seed library's original parameters); not read by the runtime.
   */
  source?: {
    [k: string]: unknown | undefined;
  };
}
/**
 * Rotates one humanoid bone. Give exactly one of value (constant), keys (keyframed) or noise (seeded tremor); the registry checks this.
 */
export interface JointTrack {
  kind: 'joint';
  target: Bone;
  /**
   * Rotation-vector delta in degrees, normalized local frame (x, y, z).
   *
   * @minItems 3
   * @maxItems 3
   */
  value?: number[];
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Rotation-vector delta in degrees, normalized local frame (x, y, z).
     *
     * @minItems 3
     * @maxItems 3
     */
    value: number[];
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Band-limited seeded noise around the centre frequency (micro-tremor).
 */
export interface Noise {
  /**
   * Peak amplitude in the track's unit (degrees, weight, metres, kelvin, milliseconds…): one number for every axis, or one per axis (3 for joint and hips, 2 for gaze).
   */
  amplitude: number | number[];
  /**
   * Centre frequency.
   */
  frequency_hz: number;
}
/**
 * Moves one expression weight. Give exactly one of value (constant), keys (keyframed) or noise (seeded tremor); the registry checks this.
 */
export interface ExpressionTrack {
  kind: 'expression';
  target: Expression;
  /**
   * Expression weight delta.
   */
  value?: number;
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Expression weight delta.
     */
    value: number;
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Moves the hips (whole body) in metres. Give exactly one of value (constant), keys (keyframed) or noise (seeded tremor); the registry checks this.
 */
export interface HipsTrack {
  kind: 'hips';
  /**
   * Hips translation delta in metres (x, y, z).
   *
   * @minItems 3
   * @maxItems 3
   */
  value?: number[];
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Hips translation delta in metres (x, y, z).
     *
     * @minItems 3
     * @maxItems 3
     */
    value: number[];
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Turns the gaze (VRM lookAt yaw and pitch, in degrees; + yaw looks to the avatar's left, + pitch looks up). Adapters apply it through the avatar's own lookAt (eye bones or lookAt expressions). Give exactly one of value (constant), keys (keyframed) or noise (seeded tremor); the registry checks this.
 */
export interface GazeTrack {
  kind: 'gaze';
  /**
   * Gaze delta in degrees (yaw, pitch).
   *
   * @minItems 2
   * @maxItems 2
   */
  value?: number[];
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Gaze delta in degrees (yaw, pitch).
     *
     * @minItems 2
     * @maxItems 2
     */
    value: number[];
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Moves one voice parameter (VC capsules): pitch and formant in semitones, rate as a factor, vibrato depth in semitones and rate in Hz, breathiness and tension 0..1, intensity in dB. The voice DSP reads the resolved values. Give exactly one of value (constant), keys (keyframed) or noise (seeded tremor); the registry checks this.
 */
export interface VoiceTrack {
  kind: 'voice';
  target: VoiceParam;
  /**
   * Voice parameter delta in the parameter's unit (or a factor for multiply capsules).
   */
  value?: number;
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Voice parameter delta in the parameter's unit (or a factor for multiply capsules).
     */
    value: number;
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Moves one light parameter (LD capsules), a transform on the avatar's SH environment: exposure in EV stops, colour temperature in kelvin (neutral 6500), contrast −1..1, softness 0..1 (extra SH windowing), key-light yaw and pitch in degrees (rotation of the environment). Give exactly one of value (constant), keys (keyframed) or noise (seeded wander); the registry checks this and that the value stays plausibly inside the parameter's range.
 */
export interface LightTrack {
  kind: 'light';
  target: LightParam;
  /**
   * Light parameter delta in the parameter's unit (kelvin deltas up to several thousand), a factor for multiply capsules, or the target value for override capsules.
   */
  value?: number;
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Light parameter delta in the parameter's unit (kelvin deltas up to several thousand), a factor for multiply capsules, or the target value for override capsules.
     */
    value: number;
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Moves one camera-rig offset (CS capsules) from the host's framing: dolly in metres (+ pushes in), orbit yaw/pitch and roll in degrees, shift in metres, focal length change in millimetres, shake 0..1. Only a camera that opts in reads them. Give exactly one of value (constant), keys (keyframed) or noise (seeded wander); the registry checks this and that the value stays plausibly inside the parameter's range.
 */
export interface CameraTrack {
  kind: 'camera';
  target: CameraParam;
  /**
   * Camera parameter delta in the parameter's unit, a factor for multiply capsules, or the target value for override capsules.
   */
  value?: number;
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Camera parameter delta in the parameter's unit, a factor for multiply capsules, or the target value for override capsules.
     */
    value: number;
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Moves one environment parameter (ER capsules): wind strength 0..1 and heading in degrees, gustiness 0..1, ambient motion delay in milliseconds. Give exactly one of value (constant), keys (keyframed) or noise (seeded wander); the registry checks this and that the value stays plausibly inside the parameter's range.
 */
export interface EnvironmentTrack {
  kind: 'environment';
  target: EnvironmentParam;
  /**
   * Environment parameter delta in the parameter's unit, a factor for multiply capsules, or the target value for override capsules.
   */
  value?: number;
  /**
   * Keyframes at phase t (0 = capsule start, 1 = capsule end), strictly increasing t.
   *
   * @minItems 2
   * @maxItems 256
   */
  keys?: {
    /**
     * Phase of the capsule, 0..1.
     */
    t: number;
    /**
     * Environment parameter delta in the parameter's unit, a factor for multiply capsules, or the target value for override capsules.
     */
    value: number;
  }[];
  /**
   * Between keyframes: straight, held, or smoothstep.
   */
  interpolation?: 'linear' | 'step' | 'smooth';
  noise?: Noise;
}
/**
 * Plays another capsule inside this one, scaled by weight (combined capsules).
 */
export interface CapsuleTrack {
  kind: 'capsule';
  /**
   * Id of the capsule this one plays inside itself.
   */
  target: string;
  /**
   * Scale of the referenced capsule.
   */
  weight: number;
  /**
   * Delay from this capsule's start.
   */
  offset_ms?: number;
}

/**
 * A wiring map: which capsules play together, how strongly, under which global modifiers.
 */
export interface Profile {
  format_version: 1;
  /**
   * e.g. quiet_reflective, ANX_DENIAL.
   */
  id: string;
  description?: string;
  /**
   * @minItems 1
   * @maxItems 1024
   */
  capsules: {
    id: string;
    weight: number;
  }[];
  modifiers?: {
    /**
     * Speeds every capsule up (>1) or down (<1): durations and lead/lag offsets divide by it.
     */
    tempo_factor?: number;
    /**
     * Scales every capsule's seeded variation.
     */
    noise_jitter?: number;
  };
}

/**
 * A timed list of commands for one or more avatars: what `capsule perform` plays headlessly and the viewer loops.
 */
export interface PerformanceScript {
  format_version: 1;
  description?: string;
  /**
   * Length of the performance.
   */
  duration_ms: number;
  /**
   * Names of the avatars the events address.
   *
   * @minItems 1
   * @maxItems 10000
   */
  avatars: string[];
  /**
   * @maxItems 100000
   */
  events: {
    /**
     * When the command is given.
     */
    at_ms: number;
    avatar: string;
    /**
     * Schedule every capsule of this profile by its trigger. On a say event: the profile the line is performed with (its capsules led by the hands, then the face).
     */
    profile?: string;
    /**
     * Schedule one capsule by its own trigger (anchor + offset, probability).
     */
    trigger?: string;
    /**
     * Play one capsule with its onset exactly at at_ms.
     */
    capsule?: string;
    /**
     * Fade out a capsule (or * for all) from at_ms.
     */
    cancel?: string;
    /**
     * Speak this line: the avatar's voice source synthesizes it; the hands lead, then the face, then the voice, with the lips on the audio (`capsule perform` writes voice.wav). May carry profile, voice, audio_first and lead_lag.
     */
    say?: string;
    /**
     * Say only: the provider's voice id (eSpeak: en-us, en, de, en-us+f3, …). Default: the provider's.
     */
    voice?: string;
    /**
     * Say only: start the audio at at_ms; leading hands and face compress into its leading silence instead of delaying it.
     */
    audio_first?: boolean;
    /**
     * Say only: overrides of the lead windows, ms (docs/lead-lag.md).
     */
    lead_lag?: {
      /**
       * The earliest leading hand capsule starts exactly this long before speech onset.
       */
      hands_ms?: number;
      /**
       * The earliest leading face capsule starts exactly this long before speech onset.
       */
      face_ms?: number;
      /**
       * The voice is heard this long after speech onset (negative: before).
       */
      voice_ms?: number;
    };
    weight?: number;
    fade_ms?: number;
    speech_onset_ms?: number;
    phrase_end_ms?: number;
    /**
     * Text shown on the timeline (e.g. the line spoken; a say event shows its text by default).
     */
    label?: string;
  }[];
}
