import { Option, type Command } from 'commander';
import { engineVersionBasis } from '../../engine/run.js';
import { gatherAddressFacts } from '../../gather/addressFacts.js';
import { poolsHostListings } from '../../gather/hostListings.js';
import { formatPrefix } from '../../net/prefix.js';
import { poolsView, predictNext } from '../../pools/model.js';
import { renderPoolsJson, renderPoolsText, type PoolsReport } from '../../pools/render.js';
import { isUnavailable } from '../../snapshot/fact.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { TOOL_VERSION } from '../../version.js';
import { UsageError } from '../exit.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';
import { requireReadableFile } from '../namedPaths.js';
import { emit } from '../output.js';
import { analysisFrom, type ReportFlagValues } from '../reportFlags.js';

type PoolsFlags = GatherFlagValues &
  Pick<ReportFlagValues, 'config' | 'engineVersion'> & { snapshot?: string; next: string; format: 'text' | 'json' | 'svg' | 'html'; output?: string; compose?: string[] };

export function registerPools(program: Command): void {
  const command = program
    .command('pools')
    .description("show Docker's address pools: what is used, what the host blocks, and the subnets the next networks get");
  addGatherFlags(command);
  command
    .option('--snapshot <file>', 'read a snapshot written by `dockdoc snapshot` (or a gather-script bundle) instead of this host')
    .option('--next <n>', 'how many upcoming `docker network create` subnets to predict', '5')
    .addOption(new Option('--format <format>', 'output format: svg and html draw the address space').choices(['text', 'json', 'svg', 'html']).default('text'))
    .option('--compose <path>', 'compose file or directory whose subnets to draw in the picture (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('-o, --output <file>', 'write the output to a file')
    .option('--config <file>', 'configuration file (reserved ranges, engine version)')
    .option('--engine-version <version>', "engine version to reason about when there is no live engine (default: the installed dockerd's, else the newest known)")
    .action(async (flags: PoolsFlags) => {
      await pools(flags);
    });
}

async function pools(flags: PoolsFlags): Promise<void> {
  const count = Number(flags.next);
  if (!Number.isInteger(count) || count < 0 || count > 10_000) throw new UsageError(`--next must be a whole number from 0 to 10000, not "${flags.next}"`);
  // Only the settings are read (engine version, reserved ranges): the pools run no rule, so none is loaded.
  const { run } = await analysisFrom({ ...flags, format: 'text' }, []);
  if (flags.snapshot) requireReadableFile('--snapshot', flags.snapshot);
  let snapshot: Snapshot;
  if (flags.snapshot) {
    // Loaded only here: the snapshot validator and the bundle reader are most of the code a live run would not use.
    const [{ loadSnapshotOrBundle }, { isInputProblem }] = await Promise.all([import('../../bundle/load.js'), import('../../snapshot/io.js')]);
    const loaded = await loadSnapshotOrBundle(flags.snapshot);
    if (isInputProblem(loaded)) throw new UsageError(`${flags.snapshot}: ${loaded.message}`);
    snapshot = loaded;
  } else {
    // The pools need no firewall listing: only the address facts are gathered (no iptables-save, no nft), and in text
    // or JSON only the IPv4 routes dockerd's host check reads.
    snapshot = await gatherAddressFacts(gatherOptionsFrom(flags), {
      installedEngine: run.settings.engineVersion === null,
      reason: 'not read by `dockdoc pools`, which looks only at address space',
      listings: poolsHostListings(flags.format),
    });
  }
  const basis = engineVersionBasis(snapshot, run.settings);
  const view = poolsView(snapshot, basis.version, run.settings.reserved);
  const next = predictNext(view, count, false);
  let nextIfContinuing = null;
  if (view.behaviour.allocator === 'round-robin') {
    const continuing = predictNext(view, count, true);
    const same = continuing.subnets.map(formatPrefix).join() === next.subnets.map(formatPrefix).join();
    nextIfContinuing = same ? null : continuing;
  }
  const engine = snapshot.facts.engine;
  const report: PoolsReport = { view, next, nextIfContinuing, engine: { unreachable: isUnavailable(engine) ? engine.unavailable : null, basis } };
  if (flags.format === 'svg' || flags.format === 'html') {
    // The picture's code (layout, markup, the compose reader) is loaded only for a picture.
    const [{ buildAddressMap }, { renderStandaloneMapSvg }, { renderPoolsHtml }] = await Promise.all([
      import('../../report/map/model.js'),
      import('../../report/map/svg.js'),
      import('../../report/html/pools-page.js'),
    ]);
    const withCompose = flags.compose ? await addComposeProjects(snapshot, flags.compose) : snapshot;
    const map = buildAddressMap({ snapshot: withCompose, view, next, reserved: run.settings.reserved });
    await emit(flags.format === 'svg' ? renderStandaloneMapSvg(map) : renderPoolsHtml(report, map, `dockdoc ${TOOL_VERSION}, ${new Date().toISOString()}`), flags.output);
    return;
  }
  await emit(flags.format === 'json' ? renderPoolsJson(report) : renderPoolsText(report, count), flags.output);
}

/** The compose projects at these paths, as `dockdoc lint` reads them, added to the snapshot for the picture. */
async function addComposeProjects(snapshot: Snapshot, paths: string[]): Promise<Snapshot> {
  const { ComposeInputError, gatherComposeProjects } = await import('../../lint/gather.js');
  try {
    const gathered = await gatherComposeProjects({ cwd: process.cwd(), environment: process.env, files: [], projectName: null, projectDirectory: null, envFile: null, paths, profiles: [] });
    for (const problem of gathered.problems) process.stderr.write(`dockdoc: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`);
    return { ...snapshot, facts: { ...snapshot.facts, compose: { projects: gathered.projects } } };
  } catch (error) {
    if (error instanceof ComposeInputError) throw new UsageError(error.message);
    throw error;
  }
}
