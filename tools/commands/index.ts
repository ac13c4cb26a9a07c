/** Every `capsule` sub-command, in the order `capsule --help` lists them. */
import type { Command } from 'commander';

/** Adds one sub-command (with its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
