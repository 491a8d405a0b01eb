import { dockerdCommandLine } from '../daemon/unitFlags.js';
import { available, type Fact } from '../snapshot/fact.js';
import type { DaemonConfigFact, SystemdUnitsFact } from '../snapshot/schema.js';
import { readHostFile } from './hostFile.js';
import { hostPath } from './hostPath.js';

export const DEFAULT_DAEMON_CONFIG = '/etc/docker/daemon.json';

/** daemon.json as dockerd reads it: the --config-file from docker.service wins over the default path. */
export async function gatherDaemonConfig(
  root: string,
  explicitPath: string | undefined,
  units: Fact<SystemdUnitsFact>,
): Promise<Fact<DaemonConfigFact>> {
  if (explicitPath) return readHostFile(explicitPath, explicitPath, 'daemonJson');
  const unitFacts = available(units);
  const fromUnit = unitFacts && dockerdCommandLine(unitFacts)?.flags.filter((f) => f.name === 'config-file').at(-1)?.value;
  const path = fromUnit ?? DEFAULT_DAEMON_CONFIG;
  return readHostFile(hostPath(root, path), path, 'daemonJson');
}
