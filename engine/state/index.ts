/**
 * Avatar state emission (docs/state.md): the state plugin, its sinks, the emotion-input hub and the
 * safe-embodiment follower. The file sink is Node only: import it from `./file-sink.ts`.
 */
export { statePlugin, STATE_DEFAULTS } from './plugin.ts';
export { AVATAR_STATE } from './state-types.ts';
export type { AvatarStateResource, StateMode, StatePluginOptions } from './state-types.ts';
export type { AvatarState } from './schema-types.ts';
export { callbackSink, socketSink } from './sinks.ts';
export type { StateSink, StateSocket } from './sinks.ts';
export {
  checkEmotionInput,
  EMOTION_INPUT,
  EmotionInputError,
  emotionInputHub,
  emotionStrength,
  emotionValue,
  moodOfEmotion,
} from './emotion-input.ts';
export type { EmotionInput, EmotionInputHub, TimedEmotion } from './emotion-input.ts';
export { avatarStateErrors, isAvatarState } from './validate-state.ts';
export { createStateFollower, FOLLOWER_DEFAULTS } from './follower.ts';
export type { FollowerTarget, StateFollower, StateFollowerOptions } from './follower.ts';
export { runtimeFollowerTarget } from './runtime-target.ts';
export { emotionInputFromRecord, emotionRecordSink } from './emotion-from-wire.ts';
export type { EmotionRecordLike } from './emotion-from-wire.ts';
