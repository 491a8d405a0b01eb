import type { Command } from 'commander';
import { addGatherFlags, gatherOptionsFrom, type GatherFlagValues } from '../cli/gatherFlags.js';
import { UsageError } from '../cli/exit.js';
import { millisecondsFlag } from '../cli/duration.js';

type RepairFlags = GatherFlagValues & {
  yes?: boolean;
  dryRun?: boolean;
  dockerdPidfile?: string;
  dockerdStart?: string;
  dockerdLog?: string;
  stopTimeout: string;
  startTimeout: string;
  settleTimeout: string;
};


/**
 * `dockdoc repair`: a command of its own rather than `check --fix`, because it restarts a daemon and every container
 * with it; `check` stays read-only. It prints the plan and acts only with --yes (docs/firewall.md).
 */
export function registerRepair(program: Command): void {
  const command = program
    .command('repair')
    .description("rebuild Docker's firewall rules by restarting dockerd: prints the plan, acts only with --yes");
  addGatherFlags(command);
  command
    .option('--yes', 'carry the plan out (restart dockerd, then check until the rules are back)')
    .option('--dry-run', 'print the plan and the exact commands, change nothing (even with --yes)')
    .option('--dockerd-pidfile <file>', 'restart the dockerd whose --pidfile this is, instead of systemctl restart docker')
    .option('--dockerd-start <command>', 'with --dockerd-pidfile: the command line that starts dockerd again (default: its current command line)')
    .option('--dockerd-log <file>', 'with --dockerd-pidfile: where the restarted dockerd writes its output', '/dev/null')
    .option('--stop-timeout <ms>', 'how long dockerd may take to stop', '120000')
    .option('--start-timeout <ms>', 'how long the restarted dockerd may take to answer', '60000')
    .option('--settle-timeout <ms>', "how long to wait for the restarted containers' rules", '30000')
    .action(async (flags: RepairFlags) => {
      if (flags.dockerdStart !== undefined && flags.dockerdPidfile === undefined) throw new UsageError('--dockerd-start needs --dockerd-pidfile');
      // Loaded here, not at start-up: every other command would pay for the repair machinery otherwise.
      const { runRepair } = await import('./run.js');
      const outcome = await runRepair({
        gather: gatherOptionsFrom(flags),
        restart: {
          root: flags.root,
          ...(flags.dockerdPidfile !== undefined ? { pidfile: flags.dockerdPidfile } : {}),
          ...(flags.dockerdStart !== undefined ? { start: flags.dockerdStart } : {}),
          ...(flags.dockerdLog !== undefined ? { log: flags.dockerdLog } : {}),
        },
        apply: Boolean(flags.yes),
        dryRun: Boolean(flags.dryRun),
        limits: { stopTimeoutMs: millisecondsFlag('--stop-timeout', flags.stopTimeout), startTimeoutMs: millisecondsFlag('--start-timeout', flags.startTimeout) },
        settleTimeoutMs: millisecondsFlag('--settle-timeout', flags.settleTimeout),
      });
      process.stdout.write(outcome.text);
      if (outcome.error !== null) process.stderr.write(`dockdoc: ${outcome.error}\n`);
      process.exitCode = outcome.exitCode;
    });
}
