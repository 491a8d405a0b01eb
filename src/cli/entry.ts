import { TOOL_VERSION } from '../version.js';

/**
 * What bin/dockdoc.js runs. `--version` is asked on every fleet host and in every CI log: it is answered here, before
 * commander and the program are loaded; everything else goes to the program.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  const { main } = await import('./main.js');
  await main(argv);
}
