import { COMMANDS, commandModule } from './commandModules.js';
import { runProgram } from './program.js';

/** Runs the CLI with the named command, or with every command when the name is none of them (help, a typo). */
export async function main(argv: string[]): Promise<void> {
  const named = commandModule(argv[2]);
  const modules = named ? [named] : Object.values(COMMANDS);
  await runProgram(argv, async () => {
    const registers = [];
    for (const load of modules) registers.push(await load());
    return registers;
  });
}
