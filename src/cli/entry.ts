import { poolsHostListings, type HostListings } from '../gather/hostListings.js';
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
  const work = earlyWorkFor(argv);
  // The commands that read this host start its commands now, and everything else loads meanwhile: `check` and
  // `snapshot` the iptables saves (the slowest), they and `pools` the `ip` listings of routes and addresses.
  const early = work.saves || work.ipListings ? await import('../gather/earlyStart.js') : null;
  // `check` reads the rules too: it parses each table while the next is printed (`snapshot` only records the text).
  if (work.saves) early?.startEarlySaves({ parse: argv[2] === 'check' });
  if (work.ipListings) early?.startEarlyIpListings(work.ipListings);
  // Those reading a saved snapshot or bundle start reading its file instead (16 MB on a Kubernetes-sized host).
  const earlyInput = work.savedFile === null ? null : await import('../bundle/inputFile.js');
  // The program's chunks load synchronously (CommonJS, scripts/build.mjs), and each step of the read before the bytes
  // themselves (stat, open, fstat) waits for this thread: those go first, so the bytes are read beside the loading. A
  // slow file system holds the start up for EARLY_READ_WAIT_MS at most.
  if (work.savedFile !== null && earlyInput) await atMost(earlyInput.startEarlyInputRead(work.savedFile), EARLY_READ_WAIT_MS);
  // Those that read large inputs keep V8's young generation small: on a Kubernetes-sized ruleset or a thousand compose
  // projects, its growth costs more in page faults than it saves (src/cli/youngGeneration.ts). Only a saving: a chunk
  // that cannot be loaded leaves the young generation as node sets it.
  if (LARGE_INPUT_COMMANDS.has(argv[2] ?? '')) (await import('./youngGeneration.js').catch(() => null))?.keepYoungGenerationSmall();
  // The command's own code loads alongside commander and the program, not after them, and so do the gatherers of a
  // live run, which `check` loads only when it gathers (a failure to load either is for main to report, as it loads
  // the same modules).
  const [{ main }] = await Promise.all([
    import('./main.js'),
    commandModule(argv[2])?.().catch(() => undefined),
    work.saves ? import('../gather/snapshot.js').catch(() => undefined) : undefined,
  ]);
  await main(argv);
  (early ?? earlyInput)?.stopUnclaimedEarlyWork();
  // The command has done its work and written its output: the process ends here instead of waiting for node to tear
  // down its heap and handles, which costs more the more a run held (issue 12, docs/performance.md "Ending the run").
  await outputWritten();
  process.exit();
}

/** How long the start waits for an early read to get to its bytes (a stat and an open take well under 1 ms). */
const EARLY_READ_WAIT_MS = 50;

/** Resolves when `promise` settles, or after `ms`, whichever comes first. */
async function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
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

/** The commands that read rulesets, snapshots or compose projects, whose size has no bound but the input caps. */
const LARGE_INPUT_COMMANDS = new Set(['check', 'snapshot', 'lint', 'fleet', 'hook', 'repair']);

/** The flag naming the snapshot or bundle a command reads instead of this host. */
const SAVED_INPUT_FLAG: Record<string, string> = { check: '--snapshot', pools: '--snapshot', snapshot: '--from' };

/** What to start before the program loads: the live gatherers' slow commands, or the read of the file given instead. */
export function earlyWorkFor(argv: string[]): { saves: boolean; ipListings: HostListings | null; savedFile: string | null } {
  const none = { saves: false, ipListings: null, savedFile: null };
  const flags = argv.slice(3);
  if (flags.some((f) => f === '-h' || f === '--help')) return none;
  const flag = Object.hasOwn(SAVED_INPUT_FLAG, argv[2] ?? '') ? SAVED_INPUT_FLAG[argv[2]!]! : null;
  if (flag === null) return none;
  // --snapshot and --from read a saved snapshot or a bundle, not this host.
  if (flags.some((f) => f === flag || f.startsWith(`${flag}=`))) return { ...none, savedFile: savedFileOf(flags, flag) };
  // A guess, as the file's name is: a listing the run reads but did not start early is run by its gatherer.
  if (argv[2] === 'pools') return { saves: false, ipListings: poolsHostListings(valuesOf(flags, '--format').at(-1)), savedFile: null };
  return { saves: true, ipListings: 'routes-and-addresses', savedFile: null };
}

/** The values given to `FLAG X` or `FLAG=X`, in order (commander keeps the last). */
function valuesOf(flags: string[], flag: string): (string | undefined)[] {
  return flags.flatMap((f, i) => (f === flag ? [flags[i + 1]] : f.startsWith(`${flag}=`) ? [f.slice(flag.length + 1)] : []));
}

/**
 * The file `--snapshot FILE` or `--snapshot=FILE` names, as commander reads it (a required value: the next word,
 * whatever it starts with). Only a guess for an early start: the loader takes the early read only when commander gave
 * it the same path. Anything unusual (the flag twice, a `--`, an empty name) starts nothing.
 */
function savedFileOf(flags: string[], flag: string): string | null {
  if (flags.includes('--')) return null;
  const given = valuesOf(flags, flag);
  return given.length === 1 && given[0] ? given[0] : null;
}
