import { available, type Fact } from '../snapshot/fact.js';
import type { DaemonConfigFact, IngressSandboxFact, SystemdUnitsFact } from '../snapshot/schema.js';
import { parseDaemonConfig } from './config.js';
import { dockerdCommandLine } from './unitFlags.js';

/** dockerd's exec-root when neither flag nor daemon.json sets it (`moby@v20.10.24:cmd/dockerd/config_common_unix.go#L38`). */
export const DEFAULT_EXEC_ROOT = '/var/run/docker';

export interface ExecRoot {
  path: string;
  source: IngressSandboxFact['execRootSource'];
}

/**
 * Where dockerd keeps its runtime state (its network namespaces under `netns/`): `--exec-root` on docker.service's
 * command line, else `exec-root` in daemon.json, else the default. dockerd refuses to start when both set it, so their
 * order does not matter on a running host.
 */
export function dockerdExecRoot(units: Fact<SystemdUnitsFact> | undefined, daemonConfig: Fact<DaemonConfigFact> | undefined): ExecRoot {
  const unitFacts = available(units);
  const fromUnit = unitFacts && dockerdCommandLine(unitFacts)?.flags.filter((f) => f.name === 'exec-root').at(-1)?.value;
  if (fromUnit) return { path: fromUnit, source: 'unit' };
  const file = available(daemonConfig);
  if (file?.present && file.text !== undefined) {
    const model = parseDaemonConfig(file.path, file.text);
    const value = model.state === 'parsed' ? model.values['exec-root'] : undefined;
    if (typeof value === 'string' && value !== '') return { path: value, source: 'daemon.json' };
  }
  return { path: DEFAULT_EXEC_ROOT, source: 'default' };
}

/** The routing mesh's namespace: libnetwork names the ingress sandbox `ingress_sbox` and keys it under `<exec-root>/netns` (controller.go, osl.GenerateKey). */
export function ingressSandboxPath(execRoot: string): string {
  return `${execRoot.replace(/\/+$/, '')}/netns/ingress_sbox`;
}
