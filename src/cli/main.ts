import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS, commandModule } from './commandModules.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exit.js';

/** The program with the named command, or with every command when the name is none of them (help, a typo). */
export async function buildProgram(commandName: string | undefined): Promise<Command> {
  const program = new Command('dockdoc')
    .description('Docker host networking doctor: daemon.json, address pools, compose subnets and firewall drift')
    .version(TOOL_VERSION)
    .showHelpAfterError();
  const named = commandModule(commandName);
  const modules = named ? [named] : Object.values(COMMANDS);
  for (const load of modules) (await load())(program);
  exitOverrideEverywhere(program);
  return program;
}

/** Commander exits by itself on usage errors; dockdoc decides the status (2) instead, for nested commands too. */
function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  command.commands.forEach(exitOverrideEverywhere);
}

/** Runs the CLI; usage and tool errors exit 2 with one line on stderr, never a stack trace unless DOCKDOC_DEBUG is set. */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv[2]);
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
