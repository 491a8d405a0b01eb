import { Option, type Command } from 'commander';
import { ALL_RULES } from '../../../rules/index.js';
import { engineVersionBasis } from '../../engine/run.js';
import { gatherSnapshot } from '../../gather/snapshot.js';
import { formatPrefix } from '../../net/prefix.js';
import { poolsView, predictNext } from '../../pools/model.js';
import { renderPoolsJson, renderPoolsText, type PoolsReport } from '../../pools/render.js';
import { isUnavailable } from '../../snapshot/fact.js';
import { isInputProblem, loadSnapshot } from '../../snapshot/io.js';
import { UsageError } from '../exit.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';
import { requireReadableFile } from '../namedPaths.js';
import { emit } from '../output.js';
import { analysisFrom, type ReportFlagValues } from '../reportFlags.js';

type PoolsFlags = GatherFlagValues &
  Pick<ReportFlagValues, 'config' | 'engineVersion'> & { snapshot?: string; next: string; format: 'text' | 'json'; output?: string };

export function registerPools(program: Command): void {
  const command = program
    .command('pools')
    .description("show Docker's address pools: what is used, what the host blocks, and the subnets the next networks get");
  addGatherFlags(command);
  command
    .option('--snapshot <file>', 'read a snapshot written by `dockdoc snapshot` instead of this host')
    .option('--next <n>', 'how many upcoming `docker network create` subnets to predict', '5')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
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
  const { run } = analysisFrom({ ...flags, format: 'text' }, ALL_RULES);
  if (flags.snapshot) requireReadableFile('--snapshot', flags.snapshot);
  let snapshot;
  if (flags.snapshot) {
    const loaded = await loadSnapshot(flags.snapshot);
    if (isInputProblem(loaded)) throw new UsageError(`${flags.snapshot}: ${loaded.message}`);
    snapshot = loaded;
  } else {
    snapshot = await gatherSnapshot(gatherOptionsFrom(flags));
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
  await emit(flags.format === 'json' ? renderPoolsJson(report) : renderPoolsText(report, count), flags.output);
}
