/** Feedback rules on emotion input and the gesture/persona plug-in registry (docs/state.md). */
export { createFeedback, FeedbackRuleError } from './feedback.ts';
export type { Feedback, FeedbackLogEntry, FeedbackOptions } from './feedback.ts';
export { builtinActions } from './actions.ts';
export type { FeedbackAction, FeedbackActionContext, FeedbackFiring } from './actions.ts';
export { feedbackRuleErrors } from './validate-rules.ts';
export type { FeedbackRule, FeedbackRules } from './schema-types.ts';
export { checkBehaviourPlugin, createBehaviourRegistry, PluginDefinitionError } from './plugin-registry.ts';
export type { BehaviourCall, BehaviourRegistry } from './plugin-registry.ts';
export { defineGesture, definePersona } from './define-behaviour.ts';
export type { GestureStep } from './define-behaviour.ts';
export type {
  BehaviourContext,
  BehaviourKind,
  BehaviourLogEntry,
  BehaviourPlugin,
  ExecuteContext,
  PlannedAction,
} from './plugin-types.ts';
