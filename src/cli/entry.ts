import { TOOL_VERSION } from '../version.js';
import { commandModule } from './commandModules.js';

/**
 * What bin/dockdoc.js runs. `--version` is asked on every fleet host and in every CI log: it is answered here, before
 * commander and the program are loaded; everything else goes to the program.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  // The commands that read this host start its commands now, and everything else loads meanwhile: `check` and
  // `snapshot` the iptables saves (the slowest), they and `pools` the `ip` listings of routes and addresses.
  const live = liveGathering(argv);
  const early = live.saves || live.ipListings ? await import('../gather/earlyStart.js') : null;
  // `check` reads the rules too: it parses each table while the next is printed (`snapshot` only records the text).
  if (live.saves) early?.startEarlySaves({ parse: argv[2] === 'check' });
  if (live.ipListings) early?.startEarlyIpListings();
  // The command's own code loads alongside commander and the program, not after them (a failure to load it is for
  // main to report, as it loads the same module).
  const [{ main }] = await Promise.all([import('./main.js'), commandModule(argv[2])?.().catch(() => undefined)]);
  await main(argv);
  early?.stopUnclaimedEarlyWork();
  // The command has done its work and written its output: the process ends here instead of waiting for node to tear
  // down its heap and handles, which costs more the more a run held (issue 12, docs/performance.md "Ending the run").
  await outputWritten();
  process.exit();
}

/**
 * Resolves once stdout and stderr hold nothing unwritten (on Linux their writes are synchronous, so at once), or can
 * take nothing more (a reader that went away: `dockdoc check | head -1`).
 */
async function outputWritten(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0 || stream.destroyed) continue;
    await new Promise((resolve) => {
      stream.once('drain', resolve);
      stream.once('error', resolve);
      stream.once('close', resolve);
    });
  }
}

function liveGathering(argv: string[]): { saves: boolean; ipListings: boolean } {
  const none = { saves: false, ipListings: false };
  const flags = argv.slice(3);
  if (flags.some((f) => f === '-h' || f === '--help')) return none;
  // --snapshot and --from read a saved snapshot or a bundle, not this host.
  const readsSaved = (flag: string): boolean => flags.some((f) => f === flag || f.startsWith(`${flag}=`));
  if (argv[2] === 'snapshot') return readsSaved('--from') ? none : { saves: true, ipListings: true };
  if (argv[2] === 'check') return readsSaved('--snapshot') ? none : { saves: true, ipListings: true };
  if (argv[2] === 'pools') return readsSaved('--snapshot') ? none : { saves: false, ipListings: true };
  return none;
}
