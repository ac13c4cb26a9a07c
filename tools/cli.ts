/**
 * `capsule` — the project's one command line. Each sub-command lives in tools/commands/ and registers
 * itself here; commands return an exit code rather than calling process.exit, so tests can run them.
 */
import { Command } from 'commander';
import { COMMANDS } from './commands/index.ts';

const program = new Command('capsule')
  .description('Capsule Avatar Runtime: validate, compile, inspect and perform capsules.')
  .showHelpAfterError()
  .exitOverride();

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = (err as { exitCode?: number }).exitCode;
  process.exitCode = typeof code === 'number' ? code : 1;
  if (typeof code !== 'number') console.error(err instanceof Error ? err.message : String(err));
}
