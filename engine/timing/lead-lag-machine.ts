/**
 * The lead-lag machine: one actor per utterance, idle → handLead → face → voice → sustain →
 * release → idle. It does not start anything itself — capsule onsets, lips and audio are planned
 * ahead and realised sub-frame exactly by their own systems — it tracks the phase for UIs and for
 * barge-in. Its named delays come from the plan; when the actor's clock can tell the time, each
 * delay is measured to the phase's planned time rather than from when the previous timer fired, so
 * frame-late timers never accumulate drift.
 */
import { assign, setup } from 'xstate';
import type { PhaseTimes } from './plan-types.ts';

/** What the actor is created with. */
export interface LeadLagInput {
  /** Engine ms each phase is entered (from the plan). */
  readonly phases: PhaseTimes;
  /** The time of the actor's clock; without it delays are the nominal phase lengths. */
  readonly now?: () => number;
}

/** The actor's context. */
export interface LeadLagContext {
  readonly phases: PhaseTimes;
  readonly now: (() => number) | null;
  readonly cancelled: boolean;
}

/** Events: START when the plan is made, CANCEL on barge-in, ENDS when the real capsule ends are known. */
export type LeadLagEvent =
  { type: 'START' } | { type: 'CANCEL'; atMs: number; fadeMs: number } | { type: 'ENDS'; endAt: number };

/** The machine's phases in order. */
export const LEAD_LAG_PHASES = ['idle', 'handLead', 'face', 'voice', 'sustain', 'release'] as const;

/** One phase of the machine. */
export type LeadLagPhase = (typeof LEAD_LAG_PHASES)[number];

type Ctx = { context: LeadLagContext };

/** Ms until the phase `to` begins; nominally the planned gap since `from`. */
function until(ctx: LeadLagContext, to: keyof PhaseTimes, from: keyof PhaseTimes): number {
  const p = ctx.phases;
  return Math.max(0, ctx.now ? p[to] - ctx.now() : p[to] - p[from]);
}

/** The lead-lag machine (xstate v5). Run it with an injected `clock`; it never reads wall time. */
export const leadLagMachine = setup({
  types: {
    context: {} as LeadLagContext,
    input: {} as LeadLagInput,
    events: {} as LeadLagEvent,
  },
  delays: {
    /** The hands move alone: plan start → the first face onset. */
    handLead: ({ context }: Ctx) => until(context, 'face', 'handLead'),
    /** The face leads the voice: first face onset → speech heard. */
    faceLead: ({ context }: Ctx) => until(context, 'voice', 'face'),
    /** The first word. */
    voice: ({ context }: Ctx) => until(context, 'sustain', 'voice'),
    /** The rest of the speech. */
    sustain: ({ context }: Ctx) => until(context, 'release', 'sustain'),
    /** Capsule tails after the speech, or a barge-in fade. */
    release: ({ context }: Ctx) => until(context, 'end', 'release'),
  },
  actions: {
    cancel: assign(({ context, event }) => {
      if (event.type !== 'CANCEL') return {};
      const end = Math.min(context.phases.end, event.atMs + event.fadeMs);
      return {
        cancelled: true,
        phases: { ...context.phases, release: Math.min(context.phases.release, event.atMs), end },
      };
    }),
    settleEnd: assign(({ context, event }) => {
      if (event.type !== 'ENDS' || context.cancelled) return {};
      return { phases: { ...context.phases, end: Math.max(context.phases.release, event.endAt) } };
    }),
  },
}).createMachine({
  id: 'leadLag',
  initial: 'idle',
  context: ({ input }) => ({ phases: input.phases, now: input.now ?? null, cancelled: false }),
  states: {
    idle: { on: { START: 'handLead' } },
    handLead: {
      after: { handLead: 'face' },
      on: { CANCEL: { target: 'release', actions: 'cancel' }, ENDS: { actions: 'settleEnd' } },
    },
    face: {
      after: { faceLead: 'voice' },
      on: { CANCEL: { target: 'release', actions: 'cancel' }, ENDS: { actions: 'settleEnd' } },
    },
    voice: {
      after: { voice: 'sustain' },
      on: { CANCEL: { target: 'release', actions: 'cancel' }, ENDS: { actions: 'settleEnd' } },
    },
    sustain: {
      after: { sustain: 'release' },
      on: { CANCEL: { target: 'release', actions: 'cancel' }, ENDS: { actions: 'settleEnd' } },
    },
    release: {
      after: { release: 'idle' },
      on: {
        CANCEL: { target: 'release', reenter: true, actions: 'cancel' },
        ENDS: { target: 'release', reenter: true, actions: 'settleEnd' },
      },
    },
  },
});
