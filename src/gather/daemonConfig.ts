import { dockerdCommandLine } from '../daemon/unitFlags.js';
import { available, type Fact } from '../snapshot/fact.js';
import type { DaemonConfigFact, SystemdUnitsFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';
import { redactDaemonJson, redactHostFile } from './redact.js';

export const DEFAULT_DAEMON_CONFIG = '/etc/docker/daemon.json';

/** daemon.json as dockerd reads it, without its secrets (redact.ts): the --config-file from docker.service wins over the default path. */
export async function gatherDaemonConfig(
  root: string,
  explicitPath: string | undefined,
  units: Fact<SystemdUnitsFact>,
  io: HostIo = LIVE_HOST_IO,
): Promise<Fact<DaemonConfigFact>> {
  if (explicitPath) return redactHostFile(await io.readFile(explicitPath, explicitPath, 'daemonJson'), redactDaemonJson);
  const unitFacts = available(units);
  const fromUnit = unitFacts && dockerdCommandLine(unitFacts)?.flags.filter((f) => f.name === 'config-file').at(-1)?.value;
  const path = fromUnit ?? DEFAULT_DAEMON_CONFIG;
  return redactHostFile(await io.readFile(hostPath(root, path), path, 'daemonJson'), redactDaemonJson);
}
