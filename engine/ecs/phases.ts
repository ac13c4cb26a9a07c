/**
 * The frame's phases, in the one order systems run. Order is declared here, never implied by imports.
 * `solve` is where IK and look-at solvers go between blending and writing to a renderer.
 */
export const PHASES = ['input', 'schedule', 'evaluate', 'resolve', 'solve', 'apply', 'emit'] as const;

/** One named phase of the frame. */
export type Phase = (typeof PHASES)[number];
