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
  // `check` and `snapshot` read the live rules: the slowest command starts now, and everything else loads meanwhile.
  const early = gathersLiveRules(argv) ? await import('../gather/saves.js') : null;
  // `check` reads them too: it parses each table while the next is printed (`snapshot` only records the text).
  early?.startEarlySaves({ parse: argv[2] === 'check' });
  const { main } = await import('./main.js');
  await main(argv);
  early?.stopUnclaimedEarlySaves();
}

function gathersLiveRules(argv: string[]): boolean {
  const flags = argv.slice(3);
  if (flags.some((f) => f === '-h' || f === '--help')) return false;
  // --snapshot and --from read a saved snapshot or a bundle, not this host.
  const readsSaved = (flag: string): boolean => flags.some((f) => f === flag || f.startsWith(`${flag}=`));
  if (argv[2] === 'snapshot') return !readsSaved('--from');
  return argv[2] === 'check' && !readsSaved('--snapshot');
}
