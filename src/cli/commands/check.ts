import type { Command } from 'commander';
import { HOST_CHECK_RULES } from '../../../rules/index.js';
import { engineVersionBasis, engineVersionFor, exitCodeFor, runRules, type Report } from '../../engine/run.js';
import { reportOnLoaded } from '../../engine/snapshotReport.js';
import type { RuleSettings } from '../../engine/types.js';
import { dockerRulesExpected } from '../../iptables/docker/analysis.js';
import { poolsView } from '../../pools/model.js';
import { available } from '../../snapshot/fact.js';
import { loadSnapshotOrBundle } from '../../bundle/load.js';
import { isInputProblem } from '../../snapshot/io.js';
import type { Snapshot } from '../../snapshot/schema.js';
import { TOOL_VERSION } from '../../version.js';
import { EXIT_USAGE } from '../exit.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';
import { requireReadableFile } from '../namedPaths.js';
import { emit, useColor } from '../output.js';
import { addReportFlags, analysisFrom, type ReportFlagValues } from '../reportFlags.js';

type CheckFlags = GatherFlagValues & ReportFlagValues & { snapshot?: string };

export function registerCheck(program: Command): void {
  const command = program
    .command('check')
    .description('gather facts from this host (or read a snapshot) and report what is wrong, why, and the fix');
  addGatherFlags(command);
  addReportFlags(command, ['text', 'json', 'prometheus', 'journald', 'html']);
  command.option('--snapshot <file>', 'analyse a snapshot written by `dockdoc snapshot`, or a bundle the `dockdoc gather-script` script wrote, instead of this host').action(async (flags: CheckFlags) => {
    process.exitCode = await check(flags);
  });
}

async function check(flags: CheckFlags): Promise<number> {
  const analysis = await analysisFrom(flags, HOST_CHECK_RULES);
  if (flags.snapshot) requireReadableFile('--snapshot', flags.snapshot);
  let report: Report;
  let heading: string;
  let inputRead = true;
  let snapshot: Snapshot | null = null;
  if (flags.snapshot) {
    const loaded = await loadSnapshotOrBundle(flags.snapshot);
    ({ report, read: inputRead } = reportOnLoaded(loaded, flags.snapshot, analysis.run));
    if (isInputProblem(loaded)) {
      heading = `dockdoc ${TOOL_VERSION}: snapshot ${flags.snapshot}`;
    } else {
      snapshot = loaded;
      heading = headingFor(loaded, `snapshot ${flags.snapshot}`, analysis.run.settings);
    }
  } else {
    // The gatherers, for a live run only (src/cli/entry.ts has started loading them alongside this module).
    const { gatherSnapshot } = await import('../../gather/snapshot.js');
    snapshot = await gatherSnapshot(gatherOptionsFrom(flags), (early) => workOutAhead(early, analysis.run.settings), 'what-the-checks-read');
    report = runRules(snapshot, analysis.run);
    heading = headingFor(snapshot, 'this host', analysis.run.settings);
  }
  const text = await render(flags, { report, heading, inputRead, snapshot, settings: analysis.run.settings });
  await emit(text, flags.output);
  // Nothing was checked: not a pass (0) and not findings about the host (1), whatever --fail-on says.
  return inputRead ? exitCodeFor(report, analysis.failOn, analysis.failOnSkipped) : EXIT_USAGE;
}

/** The report in the asked format; each reporter is a chunk of its own, loaded only for its format. */
async function render(
  flags: CheckFlags,
  { report, heading, inputRead, snapshot, settings }: { report: Report; heading: string; inputRead: boolean; snapshot: Snapshot | null; settings: RuleSettings },
): Promise<string> {
  switch (flags.format) {
    case 'json':
      return (await import('../../report/json.js')).renderJson(report);
    case 'prometheus': {
      const { renderPrometheus } = await import('../../report/prometheus.js');
      return renderPrometheus(report, { rules: HOST_CHECK_RULES, success: inputRead, finishedAt: new Date() });
    }
    case 'journald':
      return (await import('../../report/journald.js')).renderJournald(report, { context: 'check' });
    case 'html': {
      const { renderHtmlReport, reportExtras } = await import('../../report/html/report-page.js');
      const extras = snapshot ? reportExtras(snapshot, engineVersionFor(snapshot, settings), settings.reserved, report.findings) : { map: null, firewall: [] };
      return renderHtmlReport(report, { heading, generatedAt: new Date(), rules: HOST_CHECK_RULES, ...extras });
    }
    default: {
      const { renderNothingChecked, renderText } = await import('../../report/text.js');
      return inputRead
        ? renderText(report, { color: useColor(process.stdout, Boolean(flags.output)), verbose: Boolean(flags.verbose), heading, rules: HOST_CHECK_RULES })
        : renderNothingChecked(report, { color: useColor(process.stdout, Boolean(flags.output)), verbose: Boolean(flags.verbose), heading });
    }
  }
}

/**
 * What the rules share and no live rule decides, worked out while iptables-save, the slowest gatherer, still runs:
 * Docker's expected firewall rules and the address pools' model (both memoised per snapshot).
 */
function workOutAhead(snapshot: Snapshot, settings: RuleSettings): void {
  const engineVersion = engineVersionFor(snapshot, settings);
  dockerRulesExpected(snapshot, engineVersion);
  poolsView(snapshot, engineVersion, settings.reserved);
}

function headingFor(snapshot: Snapshot, source: string, settings: RuleSettings): string {
  const engine = available(snapshot.facts.engine);
  const basis = engineVersionBasis(snapshot, settings);
  const engineText = engine ? `Docker ${engine.version}` : `no Docker engine reached; assuming ${basis.version} (${basis.detail})`;
  return `dockdoc ${TOOL_VERSION}: ${source} (${snapshot.host.hostname}, ${engineText}, taken ${snapshot.takenAt})`;
}
