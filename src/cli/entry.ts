import { TOOL_VERSION } from '../version.js';
import { commandModule } from './commandModules.js';
import { liveGathering } from './liveGathering.js';

/**
 * What bin/dockdoc.js runs for every command but `pools` (which runs src/cli/poolsEntry.ts, one flat file in the npm
 * build). `--version` is asked on every fleet host and in every CI log: it is answered here, before commander and the
 * program are loaded; everything else goes to the program.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  // The commands that read this host start its commands now, and everything else loads meanwhile.
  const live = liveGathering(argv);
  const early = live.saves || live.ipListings ? await import('../gather/earlyStart.js') : null;
  if (live.saves) early?.startEarlySaves();
  if (live.ipListings) early?.startEarlyIpListings();
  // The command's own code loads alongside commander and the program, not after them (a failure to load it is for
  // main to report, as it loads the same module).
  const [{ main }] = await Promise.all([import('./main.js'), commandModule(argv[2])?.().catch(() => undefined)]);
  await main(argv);
  early?.stopUnclaimedEarlyWork();
}
