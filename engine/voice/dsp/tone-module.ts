/** The Tone.js module type, for code that receives the lazily loaded module (see tone-loader.ts). */
import type * as Tone from 'tone';

/** The shape of `import('tone')`. */
export type ToneModule = typeof Tone;
