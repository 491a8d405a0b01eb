import { Option, type Command } from 'commander';
import { DEFAULT_GATHER_TIMEOUT_MS, TIMEOUT_RANGE_MS, type GatherOptions } from '../gather/options.js';
import { timeoutValue } from '../config/values.js';
import { parseDockerHost } from '../gather/dockerHost.js';
import { UsageError } from './exit.js';
import { requireDirectory, requireReadableFile } from './namedPaths.js';

/** Flags shared by every command that gathers host facts (check, snapshot, pools, hook). */
export function addGatherFlags(command: Command): Command {
  return command
    .option('--root <dir>', 'prefix for every host path (/etc, /proc, /run, systemd units)', '/')
    .option('--daemon-config <file>', 'daemon.json to read (default: --config-file of docker.service, else /etc/docker/daemon.json)')
    .option('--resolv-conf <file>', 'resolv.conf to read instead of /etc/resolv.conf')
    .option('--saved-rules <file...>', 'saved iptables rules files (a name ending in 6 or .v6 is IPv6)')
    .option('--docker-host <url>', 'engine address, unix:///path or tcp://host[:port] (default: DOCKER_HOST, else unix:///var/run/docker.sock; ssh:// and npipe:// are not supported)')
    .addOption(
      new Option('--timeout <ms>', `upper bound for each fact gatherer, in milliseconds (${TIMEOUT_RANGE_MS.min}-${TIMEOUT_RANGE_MS.max})`).default(String(DEFAULT_GATHER_TIMEOUT_MS)),
    );
}

export interface GatherFlagValues {
  root: string;
  daemonConfig?: string;
  resolvConf?: string;
  savedRules?: string[];
  dockerHost?: string;
  timeout: string;
}

/** Checks every gather flag (named files exist, the engine address and the time bound are valid) before anything runs. */
export function gatherOptionsFrom(flags: GatherFlagValues): GatherOptions {
  const timeout = timeoutValue(flags.timeout);
  if ('problem' in timeout) throw new UsageError(`--timeout ${timeout.problem}`);
  const timeoutMs = timeout.value;
  requireDirectory('--root', flags.root);
  if (flags.daemonConfig) requireReadableFile('--daemon-config', flags.daemonConfig);
  if (flags.resolvConf) requireReadableFile('--resolv-conf', flags.resolvConf);
  for (const file of flags.savedRules ?? []) requireReadableFile('--saved-rules', file);
  if (flags.dockerHost !== undefined) {
    const target = parseDockerHost(flags.dockerHost);
    if ('problem' in target) throw new UsageError(`--docker-host ${target.problem}`);
  }
  return {
    root: flags.root,
    timeoutMs,
    ...(flags.daemonConfig ? { daemonConfigPath: flags.daemonConfig } : {}),
    ...(flags.resolvConf ? { resolvConfPath: flags.resolvConf } : {}),
    ...(flags.dockerHost ? { dockerHost: flags.dockerHost } : {}),
    ...(flags.savedRules
      ? { savedRulesPaths: flags.savedRules.map((path) => ({ path, family: /(6|\.v6)$/.test(path) ? (6 as const) : (4 as const) })) }
      : {}),
  };
}
