import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exit.js';

/** What a command's module gives the program: it adds its command (and options) to it. */
export type Register = (program: Command) => void;

/**
 * Builds the program with the given commands and runs it: usage and tool errors exit 2 with one line on stderr, never
 * a stack trace unless DOCKDOC_DEBUG is set. The commands come from the caller, so that the flat `pools` build
 * (src/cli/poolsEntry.ts) holds that command alone and not the loaders of every other one (src/cli/main.ts).
 */
export async function runProgram(argv: string[], loadCommands: () => Promise<Register[]>): Promise<void> {
  try {
    const program = await programWith(await loadCommands());
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

function programWith(commands: Register[]): Command {
  const program = new Command('dockdoc')
    .description('Docker host networking doctor: daemon.json, address pools, compose subnets and firewall drift')
    .version(TOOL_VERSION)
    .showHelpAfterError();
  for (const register of commands) register(program);
  exitOverrideEverywhere(program);
  return program;
}

/** Commander exits by itself on usage errors; dockdoc decides the status (2) instead, for nested commands too. */
function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  command.commands.forEach(exitOverrideEverywhere);
}
