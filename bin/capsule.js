#!/usr/bin/env node
// The `capsule` CLI. Sources are TypeScript; tsx's loader runs them without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../tools/cli.ts');
