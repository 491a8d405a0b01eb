import { BUSYBOX_PATH, commandPath } from './availability.js';
import { outputOrThrow, type CommandResult } from './command.js';

/**
 * Which iptables-services behaviour to reproduce:
 * - el7: RHEL/CentOS 7 on the legacy backend, where /proc/net/ip_tables_names lists every table in use, so stop()
 *   resets policies and flushes and deletes the chains of all of them before start() restores the saved file.
 * - el8: RHEL 8/9 on the nf_tables backend, where that file is empty, so stop() does nothing and only the restore runs.
 */
export type IptablesServiceFlavour = 'el7' | 'el8';

/** Built-in chains whose policy stop() resets to ACCEPT, per table, as iptables.init's set_policy lists them. */
const BUILTIN_CHAINS: Record<string, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  filter: ['INPUT', 'OUTPUT', 'FORWARD'],
  nat: ['PREROUTING', 'POSTROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'POSTROUTING', 'INPUT', 'OUTPUT', 'FORWARD'],
};

export interface IptablesServiceRestartReport {
  /** Tables stop() worked on (empty for el8 on nf_tables). */
  tables: string[];
  /** Each iptables command stop() ran, in order. Like the init script, a failing command does not stop the rest. */
  stopCommands: { args: string[]; result: CommandResult }[];
  /** iptables-restore of the saved rules: what start() does. */
  restore: CommandResult;
}

/** What the simulation needs from a DockerdHandle: a way to run commands in its namespace. */
export interface RunsInNetns {
  inNetns(command: string, args: readonly string[], options?: { input?: string }): Promise<CommandResult>;
}

async function tablesToStop(target: RunsInNetns, flavour: IptablesServiceFlavour): Promise<string[]> {
  if (flavour === 'el7') {
    // On a legacy host /proc/net/ip_tables_names lists every table in use: the live ruleset's tables.
    const saved = outputOrThrow(await target.inNetns(commandPath('iptables-save'), []), 'iptables-save');
    return saved
      .split('\n')
      .filter((line) => line.startsWith('*'))
      .map((line) => line.slice(1));
  }
  // What the real script reads; with the nf_tables backend the kernel lists nothing here.
  const names = await target.inNetns(BUSYBOX_PATH, ['cat', '/proc/net/ip_tables_names']);
  return names.stdout.split(/\s+/).filter(Boolean);
}

/**
 * Simulates `systemctl restart iptables` of iptables-services inside the namespace of `target`
 * (iptables.init restart = stop(): set_policy ACCEPT, then -F, -X, -Z per table; start(): iptables-restore of
 * /etc/sysconfig/iptables, whose text is `savedRulesText`).
 */
export async function simulateIptablesServiceRestart(
  target: RunsInNetns,
  flavour: IptablesServiceFlavour,
  savedRulesText: string,
): Promise<IptablesServiceRestartReport> {
  const iptables = commandPath('iptables');
  const tables = await tablesToStop(target, flavour);
  const stopArgs = [
    ...tables.flatMap((table) => (BUILTIN_CHAINS[table] ?? []).map((chain) => ['-t', table, '-P', chain, 'ACCEPT'])),
    ...tables.flatMap((table) => [['-t', table, '-F'], ['-t', table, '-X'], ['-t', table, '-Z']]),
  ];
  const stopCommands: IptablesServiceRestartReport['stopCommands'] = [];
  for (const args of stopArgs) stopCommands.push({ args, result: await target.inNetns(iptables, args) });
  const restore = await target.inNetns(commandPath('iptables-restore'), [], { input: savedRulesText });
  return { tables, stopCommands, restore };
}
