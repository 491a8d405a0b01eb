import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { registerCheck } from './commands/check.js';
import { registerHook } from './commands/hook.js';
import { registerLint } from './commands/lint.js';
import { registerPools } from './commands/pools.js';
import { registerRules } from './commands/rules.js';
import { registerSnapshot } from './commands/snapshot.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exit.js';
import { registerRepair } from '../repair/command.js';

export function buildProgram(): Command {
  const program = new Command('dockdoc')
    .description('Docker host networking doctor: daemon.json, address pools, compose subnets and firewall drift')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerCheck(program);
  registerSnapshot(program);
  registerRules(program);
  registerPools(program);
  registerHook(program);
  registerLint(program);
  registerRepair(program);
  return program;
}

/** Runs the CLI; usage and tool errors exit 2 with one line on stderr, never a stack trace unless DOCKDOC_DEBUG is set. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.commands.forEach((command) => command.exitOverride());
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return;
    }
    process.stderr.write(`dockdoc: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof UsageError) && process.env['DOCKDOC_DEBUG']) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = EXIT_USAGE;
  }
}
