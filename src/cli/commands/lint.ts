import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ALL_RULES } from '../../../rules/index.js';
import { engineVersionFor, exitCodeFor } from '../../engine/run.js';
import type { InputProblem, ReservedRange } from '../../engine/types.js';
import { readHostFile } from '../../gather/hostFile.js';
import { BaselineError, createBaseline, parseBaseline, renderBaseline, type Baseline } from '../../lint/baseline.js';
import { renderCompactText } from '../../lint/compact-text.js';
import { ComposeInputError, gatherComposeProjects } from '../../lint/gather.js';
import type { Jobs } from '../../lint/read-threads.js';
import { lintRules } from '../../lint/rules.js';
import { runLint } from '../../lint/run.js';
import { lintSnapshot } from '../../lint/snapshot.js';
import { tryPrefix } from '../../net/prefix.js';
import { renderGithubAnnotations } from '../../report/github.js';
import { renderHtmlReport, reportExtras } from '../../report/html/report-page.js';
import { renderJson } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderSarif } from '../../report/sarif.js';
import { writeFileAtomically } from '../../files/atomicWrite.js';
import { FileRefusedError, readRegularFile } from '../../files/readRegular.js';
import { isUnavailable } from '../../snapshot/fact.js';
import { loadSnapshotOrBundle } from '../../bundle/load.js';
import { isInputProblem } from '../../snapshot/io.js';
import type { HostFile, Snapshot } from '../../snapshot/schema.js';
import { describeError } from '../../text/errors.js';
import { counted } from '../../text/plural.js';
import { packageFilePath, readPackageFile, TOOL_VERSION } from '../../version.js';
import { UsageError } from '../exit.js';
import { requireReadableFile } from '../namedPaths.js';
import { emit } from '../output.js';
import { addReportFlags, analysisFrom, type ReportFlagValues } from '../reportFlags.js';

type LintFlags = ReportFlagValues & {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string;
  profile?: string[];
  snapshot?: string;
  daemonConfig?: string;
  reserve?: string[];
  baseline?: string;
  writeBaseline?: string;
  ruleDocsUrl?: string;
  jobs: string;
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerLint(program: Command): void {
  const command = program
    .command('lint')
    .description('check compose files for subnet problems before `up` (no Docker needed): for CI, pre-commit and review')
    .argument('[paths...]', 'compose files (a project each) and directories (searched for compose.yaml, docker-compose.yml, ...); default: .');
  addReportFlags(command, ['text', 'json', 'sarif', 'github', 'junit', 'html']);
  command
    .option('-f, --file <file>', 'compose file; several -f merge into one project, as with docker compose', collect)
    .option('-p, --project-name <name>', 'project name of the -f project (or of the only project found)')
    .option('--project-directory <dir>', 'directory of the -f project (default: the first file\'s)')
    .option('--env-file <file>', '.env file of the -f project (default: .env in its directory)')
    .option('--profile <name>', 'activate a compose profile, as docker compose --profile (default: COMPOSE_PROFILES); repeatable', collect)
    .option('--snapshot <file>', 'host snapshot (`dockdoc snapshot -o host.json` on the server) or gather-script bundle: live networks, routes, nameservers')
    .option('--daemon-config <file>', "the server's daemon.json: its pools and bip")
    .option('--reserve <cidr>', 'an address range the subnets must avoid (VPN, office LAN, cloud VPC); repeatable', collect)
    .option('--baseline <file>', 'report only findings that are not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings as a baseline file and exit 0')
    .option('--rule-docs-url <url>', 'base URL of the rule pages for SARIF help links (default: the installed docs/rules, as file://)')
    .option('--jobs <n>', 'threads to read and parse compose files with; auto: one per CPU from 2,000 projects on', 'auto')
    .action(async (paths: string[], flags: LintFlags) => {
      process.exitCode = await lint(paths, flags);
    });
}

async function lint(paths: string[], flags: LintFlags): Promise<number> {
  const rules = lintRules(ALL_RULES);
  const analysis = await analysisFrom(flags, rules);
  if (flags.snapshot) requireReadableFile('--snapshot', flags.snapshot);
  if (flags.daemonConfig) requireReadableFile('--daemon-config', flags.daemonConfig);
  const reserved: ReservedRange[] = (flags.reserve ?? []).map((cidr) => {
    if (!tryPrefix(cidr)) throw new UsageError(`--reserve: "${cidr}" is not a CIDR such as 10.8.0.0/16`);
    return { cidr, name: '--reserve' };
  });
  const jobs = jobsFrom(flags.jobs);
  const run = { ...analysis.run, settings: { ...analysis.run.settings, reserved: [...analysis.run.settings.reserved, ...reserved] } };
  const cwd = process.cwd();

  let gathered;
  try {
    gathered = await gatherComposeProjects({
      cwd,
      environment: process.env,
      files: flags.file ?? [],
      projectName: flags.projectName ?? null,
      projectDirectory: flags.projectDirectory ?? null,
      envFile: flags.envFile ?? null,
      profiles: flags.profile ?? [],
      paths,
      jobs,
    });
  } catch (error) {
    if (error instanceof ComposeInputError) throw new UsageError(error.message);
    throw error;
  }
  const problems: InputProblem[] = [...gathered.problems];
  const host = flags.snapshot ? await readSnapshot(flags.snapshot, problems) : null;
  const daemonConfig = flags.daemonConfig ? await readDaemonConfig(flags.daemonConfig, problems) : null;
  const baseline = flags.baseline ? await readBaseline(flags.baseline) : null;

  const snapshot = lintSnapshot({ compose: { projects: gathered.projects }, host, daemonConfig });
  const result = runLint(snapshot, run, problems, baseline);

  if (flags.writeBaseline) {
    const all = [...result.report.findings, ...result.baselined];
    await writeFileAtomically(flags.writeBaseline, renderBaseline(createBaseline(all)));
    process.stderr.write(`dockdoc: wrote ${counted(all.length, 'finding')} to ${flags.writeBaseline}\n`);
    return 0;
  }

  const files = gathered.projects.flatMap((project) => project.files.map((file) => file.path));
  let text: string;
  switch (flags.format) {
    case 'json':
      text = renderJson(result.report);
      break;
    case 'sarif':
      text = renderSarif(result.report, {
        toolVersion: TOOL_VERSION,
        rules,
        helpUri: (id) => (flags.ruleDocsUrl ? `${flags.ruleDocsUrl.replace(/\/+$/, '')}/${id}.md` : rulePageUri(id)),
        helpMarkdown: (id) => readPackageFile(rulePage(id)),
        sourceRoot: cwd,
      });
      break;
    case 'github':
      text = renderGithubAnnotations(result.report);
      break;
    case 'junit':
      text = renderJunit(result.report, { files, failOn: analysis.failOn });
      break;
    case 'html': {
      const extras = reportExtras(snapshot, engineVersionFor(snapshot, run.settings), run.settings.reserved, result.report.findings);
      const hostText = host ? `host snapshot ${flags.snapshot} (${host.host.hostname})` : 'no host snapshot';
      const heading = `dockdoc ${TOOL_VERSION} lint: ${files.length} compose file(s) in ${gathered.projects.length} project(s), ${hostText}`;
      text = renderHtmlReport(result.report, { heading, generatedAt: new Date(), rules, ...extras });
      break;
    }
    default:
      text = renderCompactText(result.report, { verbose: Boolean(flags.verbose), suppressed: result.suppressed.length, baselined: result.baselined.length });
  }
  await emit(text, flags.output);
  return exitCodeFor(result.report, analysis.failOn, analysis.failOnSkipped);
}

/** `--jobs`: `auto`, or a whole number of threads (1: none besides this one). */
function jobsFrom(value: string): Jobs {
  if (value === 'auto') return 'auto';
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_JOBS) throw new UsageError(`--jobs must be auto or a whole number from 1 to ${MAX_JOBS}, not "${value}"`);
  return threads;
}

/** More threads than this only add start-up cost: no machine dockdoc lints on parses faster with them. */
const MAX_JOBS = 64;

function rulePage(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The page as a file: URI where dockdoc's files lie on disk; the standalone executable has only embedded copies (--rule-docs-url links them). */
function rulePageUri(id: string): string | null {
  const file = packageFilePath(rulePage(id));
  return file === null ? null : pathToFileURL(file).href;
}

/** A snapshot that cannot be read is a DD001 finding, and the lint goes on without host facts. */
async function readSnapshot(file: string, problems: InputProblem[]): Promise<Snapshot | null> {
  const loaded = await loadSnapshotOrBundle(file);
  if (!isInputProblem(loaded)) return loaded;
  problems.push(loaded);
  return null;
}

async function readDaemonConfig(file: string, problems: InputProblem[]): Promise<HostFile | null> {
  const read = await readHostFile(file, file, 'daemonJson');
  if (isUnavailable(read)) {
    problems.push({ file, message: read.unavailable });
    return null;
  }
  if (!read.present) {
    problems.push({ file, message: 'daemon.json not found' });
    return null;
  }
  return read;
}

/** A baseline lists one fingerprint per finding; 16 MiB is hundreds of thousands of them. */
const BASELINE_MAX_BYTES = 16 * 1024 * 1024;

async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readRegularFile(file, { maxBytes: BASELINE_MAX_BYTES });
  } catch (error) {
    throw new UsageError(`--baseline ${file}: ${error instanceof FileRefusedError ? error.reason : describeError(error)}`);
  }
  try {
    return parseBaseline(file, text);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
