import { Option, type Command } from 'commander';
import { locateConfig } from '../config/locate.js';
import { DEFAULT_CONFIG, type DockdocConfig } from '../config/schema.js';
import { engineVersionValue, ENGINE_VERSION_FORMS, type Checked } from '../config/values.js';
import type { IgnoreEntry, RunOptions } from '../engine/run.js';
import { SEVERITIES, type Rule, type Severity } from '../engine/types.js';
import { UsageError } from './exit.js';
import { requireReadableFile } from './namedPaths.js';

/** Flags shared by every command that runs rules and reports findings (check, lint, hook). */
export function addReportFlags(command: Command, formats: string[]): Command {
  return command
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: config failOn, else error)').choices([...SEVERITIES]))
    .option('--fail-on-skipped', 'exit 1 when any check could not run (a fact could not be gathered): a partial check is not an all-clear')
    .option('--ignore <ids>', 'comma-separated rule IDs to leave out', (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--config <file>', 'configuration file (default: .dockdoc.yml here or in a parent, else /etc/dockdoc/.dockdoc.yml)')
    .option('--engine-version <version>', `engine version to reason about when there is no live engine: ${ENGINE_VERSION_FORMS} (default: the installed dockerd's, else the newest known)`)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-v, --verbose', 'show skipped checks and evidence');
}

export interface ReportFlagValues {
  format: string;
  failOn?: Severity;
  failOnSkipped?: boolean;
  ignore?: string[];
  config?: string;
  engineVersion?: string;
  output?: string;
  verbose?: boolean;
}

export interface Analysis {
  config: DockdocConfig;
  failOn: Severity;
  /** --fail-on-skipped, else the configuration's failOnSkipped. */
  failOnSkipped: boolean;
  run: RunOptions;
}

export async function analysisFrom(flags: ReportFlagValues, rules: readonly Rule[]): Promise<Analysis> {
  if (flags.config !== undefined) requireReadableFile('--config', flags.config);
  const config = await configAt(locateConfig(flags.config, process.cwd()));
  // Any catalogue ID may be ignored, also one this command does not run (a shared .dockdoc.yml lists both). The
  // catalogue is loaded only to check IDs: `dockdoc pools` runs no rule and takes no --ignore.
  const cliIgnores: IgnoreEntry[] = [];
  if (flags.ignore?.length) {
    const { ruleIdValue } = await import('../config/ruleId.js');
    for (const text of flags.ignore) cliIgnores.push({ rule: checked('--ignore', ruleIdValue(text)) });
  }
  const engineVersion = flags.engineVersion === undefined ? config.engineVersion : checked('--engine-version', engineVersionValue(flags.engineVersion));
  return {
    config,
    failOn: flags.failOn ?? config.failOn,
    failOnSkipped: flags.failOnSkipped ?? config.failOnSkipped,
    run: {
      rules,
      settings: {
        engineVersion,
        reserved: config.reserved,
        thresholds: config.thresholds,
      },
      ignore: [...config.ignore, ...cliIgnores],
      severityOverrides: config.severity,
    },
  };
}

/** The configuration in this file, or the defaults; the yaml reader is loaded only when there is a file to read. */
async function configAt(file: string | null): Promise<DockdocConfig> {
  if (file === null) return DEFAULT_CONFIG;
  const { ConfigError, loadConfig } = await import('../config/load.js');
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The value, or exit 2 naming the flag and the problem (the same words .dockdoc.yml gets). */
export function checked<T>(flag: string, result: Checked<T>): T {
  if ('problem' in result) throw new UsageError(`${flag}: ${result.problem}`);
  return result.value;
}
