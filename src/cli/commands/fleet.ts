import type { Command } from 'commander';
import { HOST_CHECK_RULES } from '../../../rules/index.js';
import { exitCodeFor } from '../../engine/run.js';
import { HOST_FILE_EXTENSIONS, readFleetDirectory } from '../../fleet/hosts.js';
import { fleetReport } from '../../fleet/summary.js';
import { renderFleetJson } from '../../report/fleet-json.js';
import { renderFleetText } from '../../report/fleet-text.js';
import { counted } from '../../text/plural.js';
import { TOOL_VERSION } from '../../version.js';
import { EXIT_FINDINGS, EXIT_USAGE, UsageError } from '../exit.js';
import { requireDirectory } from '../namedPaths.js';
import { emit, useColor } from '../output.js';
import { addReportFlags, analysisFrom, type ReportFlagValues } from '../reportFlags.js';

export function registerFleet(program: Command): void {
  const command = program
    .command('fleet')
    .description(`check every host snapshot or bundle (${HOST_FILE_EXTENSIONS.map((e) => `*${e}`).join(', ')}) in a directory: one line per host, then what many hosts share`)
    .argument('<dir>', 'directory of host files, one per host, named after the host (web-1.json)');
  addReportFlags(command, ['text', 'json']);
  command.action(async (dir: string, flags: ReportFlagValues) => {
    process.exitCode = await fleet(dir, flags);
  });
}

async function fleet(dir: string, flags: ReportFlagValues): Promise<number> {
  const analysis = await analysisFrom(flags, HOST_CHECK_RULES);
  requireDirectory('fleet', dir);
  const { hosts: hostFiles, ignored } = await readFleetDirectory(dir);
  if (hostFiles.length === 0) {
    throw new UsageError(`fleet ${dir}: no host files in it (${HOST_FILE_EXTENSIONS.map((e) => `*${e}`).join(', ')}; write them with \`dockdoc snapshot -o HOST.json\`)`);
  }
  const report = fleetReport(hostFiles, analysis.run);
  const text =
    flags.format === 'json'
      ? renderFleetJson(report, { directory: dir, ignored })
      : renderFleetText(report, {
          color: useColor(process.stdout, Boolean(flags.output)),
          verbose: Boolean(flags.verbose),
          heading: `dockdoc ${TOOL_VERSION}: fleet of ${counted(report.hosts.length, 'host')} in ${dir}`,
          ruleCount: HOST_CHECK_RULES.length,
          ignored,
        });
  await emit(text, flags.output);
  // As `check --snapshot`: nothing checked is neither a pass nor findings (2); a host that could not be read is never a pass.
  if (report.hosts.every((host) => !host.read)) return EXIT_USAGE;
  if (report.hosts.some((host) => !host.read)) return EXIT_FINDINGS;
  return Math.max(...report.hosts.map((host) => exitCodeFor(host.report, analysis.failOn, analysis.failOnSkipped)));
}
