/** Every `capsule` sub-command, in the order `capsule --help` lists them. */
import type { Command } from 'commander';
import { registerValidate } from './validate.ts';
import { registerInspect } from './inspect.ts';
import { registerPack } from './pack.ts';
import { registerCompileSeed } from './compile-seed.ts';
import { registerPerform } from './perform.ts';
import { registerBuildLibrary } from '../library/command.ts';
import { registerForgeAvatar } from './forge-avatar.ts';
import { registerForgeEnvironments } from './forge-environments.ts';
import { registerProjectSh } from './project-sh.ts';
import { registerPacket } from './packet.ts';

/** Adds one sub-command (with its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerCompileSeed,
  registerValidate,
  registerInspect,
  registerPack,
  registerPerform,
  registerBuildLibrary,
  registerForgeAvatar,
  registerForgeEnvironments,
  registerProjectSh,
  registerPacket,
];
