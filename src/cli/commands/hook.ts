import { realpathSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ALL_RULES } from '../../../rules/index.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { DEFAULT_FIX_BOUND_MS, DEFAULT_HOOK_BOUND_MS } from '../../hook/budget.js';
import { HookError } from '../../hook/errors.js';
import { DEFAULT_FIX_COOLDOWN_MS } from '../../hook/repair.js';
import { applyInstall, applyRemove, planInstall, planRemove, type InstallRequest } from '../../hook/install.js';
import { contextOf, runHook, type HookTrigger } from '../../hook/run.js';
import { HOOK_TARGETS, type FirewallUnit } from '../../hook/targets.js';
import { journalLine, PRIORITY } from '../../report/journald.js';
import { UsageError } from '../exit.js';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../gatherFlags.js';
import { requireReadableFile } from '../namedPaths.js';
import { emit } from '../output.js';
import { analysisFrom } from '../reportFlags.js';
import { millisecondsFlag } from '../duration.js';
import { STANDALONE } from '../../version.js';

export function registerHook(program: Command): void {
  const hook = program
    .command('hook')
    .description('run dockdoc whenever a firewall service starts or reloads: systemd drop-ins, and the hook mode they run');
  registerInstall(hook);
  registerRemove(hook);
  registerRun(hook);
  // main() makes top-level commands throw instead of exiting; usage errors in these must exit 2 as well.
  hook.commands.forEach((command) => command.exitOverride());
}

interface InstallFlags {
  root: string;
  /** Commander has checked them against the choices. */
  unit?: FirewallUnit[];
  restartDocker?: boolean;
  fix?: boolean;
  strict?: boolean;
  bound?: string;
  dockerHost?: string;
  command?: string;
  dryRun?: boolean;
  yes?: boolean;
}

/**
 * install and remove change the host's systemd configuration, so, like `repair`, they print their plan and act only
 * with --yes; --dry-run wins over --yes. Without --yes the exit status is 1, so that a provisioning script written for
 * the old behaviour fails loudly instead of silently installing nothing.
 */
function writes(flags: { dryRun?: boolean; yes?: boolean }): boolean {
  return Boolean(flags.yes) && !flags.dryRun;
}

function notWritten(flags: { dryRun?: boolean }, command: string): string[] {
  if (flags.dryRun) return [];
  process.exitCode = 1;
  return [`Nothing was changed. Run \`dockdoc hook ${command} --yes\` (with the same flags) to do it.`];
}

function registerInstall(hook: Command): void {
  hook
    .command('install')
    .description('write systemd drop-ins so that each firewall service runs `dockdoc hook run` after it starts or reloads')
    .option('--root <dir>', 'prefix for the systemd directories (write under DIR instead of /)', '/')
    .addOption(new Option('--unit <unit...>', 'firewall services to hook (default: every one installed)').choices(HOOK_TARGETS.map((t) => t.unit)))
    .option('--restart-docker', 'instead of a hook, bind docker.service to the firewall services (PartOf=, After=): systemd restarts dockerd with them')
    .option('--fix', 'let the hook repair what it finds unattended (hook run --fix --yes), at most once per cooldown')
    .option('--strict', 'let the hook fail the firewall unit when it finds an error (default: never)')
    .option('--bound <ms>', `time bound of each hook run (default ${DEFAULT_HOOK_BOUND_MS})`)
    .option('--docker-host <url>', 'engine address for the hook runs (default: DOCKER_HOST, else /var/run/docker.sock)')
    .option('--command <path>', 'dockdoc executable systemd runs (default: this Node binary and this dockdoc script)')
    .option('--yes', 'write the drop-ins (without it, print them and write nothing)')
    .option('--dry-run', 'print the drop-ins without writing them (even with --yes)')
    .action(async (flags: InstallFlags) => {
      if (flags.restartDocker && (flags.fix || flags.strict || flags.bound || flags.dockerHost || flags.command)) {
        throw new UsageError('--restart-docker writes no hook: --fix, --strict, --bound, --docker-host and --command do not apply');
      }
      const request: InstallRequest = {
        root: flags.root,
        units: flags.unit ?? null,
        mode: flags.restartDocker ? 'restart-docker' : 'hook',
        dropIn: {
          command: dockdocCommand(flags.command),
          fix: Boolean(flags.fix),
          strict: Boolean(flags.strict),
          boundMs: flags.bound === undefined ? null : millisecondsFlag('--bound', flags.bound),
          dockerHost: flags.dockerHost ?? null,
        },
      };
      const files = await hookErrorsAsUsage(() => planInstall(request));
      const write = writes(flags);
      if (write) await applyInstall(files);
      const lines: string[] = [];
      for (const file of files) {
        const verb = file.status === 'unchanged' ? 'unchanged' : !write ? 'would write' : file.status === 'new' ? 'wrote' : 'updated';
        lines.push(`${verb} ${file.path}: ${file.purpose}`, ...file.text.trimEnd().split('\n').map((line) => `    ${line}`));
      }
      const changes = files.some((f) => f.status !== 'unchanged');
      if (write && changes) lines.push(reloadAdvice(flags.root));
      if (!write && changes) lines.push(...notWritten(flags, 'install'));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function registerRemove(hook: Command): void {
  hook
    .command('remove')
    .description('delete every drop-in `dockdoc hook install` wrote (and the directories it created)')
    .option('--root <dir>', 'prefix for the systemd directories', '/')
    .option('--yes', 'remove them (without it, print what would be removed and remove nothing)')
    .option('--dry-run', 'print what would be removed without removing it (even with --yes)')
    .action(async (flags: { root: string; dryRun?: boolean; yes?: boolean }) => {
      const removals = await planRemove(flags.root);
      if (removals.length === 0) {
        process.stdout.write('no dockdoc drop-ins found\n');
        return;
      }
      const write = writes(flags);
      if (write) await applyRemove(removals);
      const verb = write ? 'removed' : 'would remove';
      const lines = removals.flatMap((r) => [...r.files.map((f) => `${verb} ${f}`), ...(r.directory ? [`${verb} ${r.directory}/`] : [])]);
      lines.push(...(write ? [reloadAdvice(flags.root)] : notWritten(flags, 'remove')));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

type RunFlags = GatherFlagValues & {
  unit?: string;
  event?: 'start' | 'reload';
  bound?: string;
  settle: string;
  failOn?: Severity;
  failOnSkipped?: boolean;
  snapshot?: string;
  ignore?: string[];
  config?: string;
  engineVersion?: string;
  output?: string;
  fix?: boolean;
  yes?: boolean;
  fixCooldown: string;
  dockerdPidfile?: string;
  dockerdStart?: string;
  dockerdLog?: string;
};

function registerRun(hook: Command): void {
  const command = hook
    .command('run')
    .description('hook mode: check the host within a time bound and print one journal line per finding (<3> error, <4> warning, <6> note)');
  addGatherFlags(command);
  command
    .option('--unit <unit>', 'the firewall service that ran the hook (named in the journal)')
    .addOption(new Option('--event <event>', 'what the service did').choices(['start', 'reload']))
    .option('--bound <ms>', `upper bound for the whole run, in milliseconds; a hung engine or command cannot hold the unit longer (default ${DEFAULT_HOOK_BOUND_MS}, with --fix ${DEFAULT_FIX_BOUND_MS})`)
    .option('--settle <ms>', 'wait this long before checking (firewalld rebuilds rules asynchronously)', '0')
    .addOption(new Option('--fail-on <severity>', 'exit 1, failing the firewall unit, when a finding is at or above this (default: never fail it)').choices([...SEVERITIES]))
    .option('--fail-on-skipped', 'exit 1, failing the firewall unit, when any check could not run (a fact could not be gathered)')
    .option('--snapshot <file>', 'check a snapshot written by `dockdoc snapshot` instead of this host')
    .option('--ignore <ids>', 'comma-separated rule IDs to leave out', (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--config <file>', 'configuration file (default: .dockdoc.yml here or in a parent, else /etc/dockdoc/.dockdoc.yml)')
    .option('--engine-version <version>', 'engine version to reason about when there is no live engine')
    .option('-o, --output <file>', 'write the journal lines to a file instead of stdout')
    .option('--fix', 'repair what a dockerd restart rebuilds, as `dockdoc repair --yes` does (needs --yes: hook mode never asks)')
    .option('--yes', 'confirm --fix')
    .option('--fix-cooldown <seconds>', 'restart-loop guard: at most one unattended repair per this many seconds, host-wide', String(DEFAULT_FIX_COOLDOWN_MS / 1000))
    .option('--dockerd-pidfile <file>', 'with --fix: restart the dockerd whose --pidfile this is, instead of systemctl restart docker')
    .option('--dockerd-start <command>', 'with --dockerd-pidfile: the command line that starts dockerd again (default: its current command line)')
    .option('--dockerd-log <file>', 'with --dockerd-pidfile: where the restarted dockerd writes its output')
    .action(async (flags: RunFlags) => {
      if (flags.fix && !flags.yes) throw new UsageError('hook mode is unattended and never asks: --fix needs --yes');
      if (flags.fix && flags.snapshot) throw new UsageError('--fix repairs this host: it cannot be used with --snapshot');
      if (flags.snapshot) requireReadableFile('--snapshot', flags.snapshot);
      if (!flags.fix && (flags.yes || flags.dockerdPidfile || flags.dockerdStart || flags.dockerdLog)) {
        throw new UsageError('--yes, --dockerd-pidfile, --dockerd-start and --dockerd-log only apply with --fix');
      }
      const boundMs = flags.bound === undefined ? (flags.fix ? DEFAULT_FIX_BOUND_MS : DEFAULT_HOOK_BOUND_MS) : millisecondsFlag('--bound', flags.bound);
      const trigger: HookTrigger = { unit: flags.unit ?? null, event: flags.event ?? null };
      // Every gatherer ends its own work at its deadline (sockets destroyed, command groups killed, no blocking
      // reads), so the run ends inside the bound by itself. This backstop is for anything that still holds the event
      // loop: it says so in the journal and exits 0, so a late hook never fails the firewall unit. It cannot end a
      // thread stuck in the kernel (a hung network mount): process.exit() waits for libuv's threads.
      let finished = false;
      const backstop = setTimeout(() => {
        if (!finished) process.stdout.write(`${journalLine(PRIORITY.warning, `dockdoc ${contextOf(trigger)}: stopped after its ${boundMs} ms bound`)}\n`);
        process.exit(finished ? process.exitCode : 0);
      }, boundMs);
      backstop.unref();
      const analysis = await analysisFrom({ ...flags, format: 'journald' }, ALL_RULES);
      const result = await hookErrorsAsUsage(() =>
        runHook({
          trigger,
          boundMs,
          settleMs: millisecondsFlag('--settle', flags.settle, true),
          gather: gatherOptionsFrom(flags),
          snapshotPath: flags.snapshot ?? null,
          run: analysis.run,
          failOn: flags.failOn ?? null,
          failOnSkipped: analysis.failOnSkipped,
          repair: flags.fix
            ? {
                restart: {
                  root: flags.root,
                  ...(flags.dockerdPidfile !== undefined ? { pidfile: flags.dockerdPidfile } : {}),
                  ...(flags.dockerdStart !== undefined ? { start: flags.dockerdStart } : {}),
                  ...(flags.dockerdLog !== undefined ? { log: flags.dockerdLog } : {}),
                },
                cooldownMs: seconds('--fix-cooldown', flags.fixCooldown) * 1000,
              }
            : null,
        }),
      );
      await emit(result.text, flags.output);
      finished = true;
      process.exitCode = result.exitCode;
    });
}

/**
 * systemd needs absolute paths: this Node binary and the real path of this script (the standalone executable alone),
 * unless --command names one.
 */
function dockdocCommand(explicit: string | undefined): string[] {
  if (explicit !== undefined) {
    if (!path.isAbsolute(explicit)) throw new UsageError(`--command must be an absolute path, not "${explicit}"`);
    return [explicit];
  }
  return STANDALONE ? [process.execPath] : [process.execPath, realpathSync(process.argv[1]!)];
}


function seconds(flag: string, value: string): number {
  const s = Number(value);
  if (!Number.isInteger(s) || s < 0) throw new UsageError(`${flag} must be a whole number of seconds, not "${value}"`);
  return s;
}

function reloadAdvice(root: string): string {
  return root === '/' ? 'Run `systemctl daemon-reload` to apply.' : `Run \`systemctl daemon-reload\` on the system under ${root} to apply.`;
}

async function hookErrorsAsUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HookError) throw new UsageError(error.message);
    throw error;
  }
}
