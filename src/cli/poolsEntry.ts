import { startEarlyIpListings, stopUnclaimedEarlyWork } from '../gather/earlyStart.js';
import { registerPools } from './commands/pools.js';
import { liveGathering } from './liveGathering.js';
import { runProgram } from './program.js';

/**
 * `dockdoc pools` as bin/dockdoc.js runs it: the npm build makes this one flat file (dist/pools.js, scripts/build.mjs)
 * holding the command, commander and everything the command may load later, because node's ES-module loader pays for
 * every module it resolves and links, and the split build's path for `pools` is dozens of small chunks. The program
 * is the one src/cli/main.ts builds for the command word `pools`, so help, errors and exit codes are the same.
 */
export async function run(argv: string[]): Promise<void> {
  const live = liveGathering(argv);
  if (live.ipListings) startEarlyIpListings();
  await runProgram(argv, async () => [registerPools]);
  if (live.ipListings) stopUnclaimedEarlyWork();
}
