/** Feedback rules on emotion input and the gesture/persona plug-in registry (docs/state.md). */
export { createFeedback, FeedbackRuleError } from './feedback.ts';
export type { Feedback, FeedbackLogEntry, FeedbackOptions } from './feedback.ts';
export { builtinActions } from './actions.ts';
export type { FeedbackAction, FeedbackActionContext, FeedbackFiring } from './actions.ts';
export { feedbackRuleErrors } from './validate-rules.ts';
export type { FeedbackRule, FeedbackRules } from './schema-types.ts';
